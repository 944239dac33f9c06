// RequestTelemetry: what cartd records about the requests it answers: the request metrics
// (counts by route and status, latency histograms by route, requests in flight, idempotent
// replays, rate-limited requests, token refusals, refused connections, optimistic-write retries)
// and the access log, one line per answered request.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "ops/event_log.h"
#include "ops/metrics.h"

namespace cartd::ops {

// One answered request, as the pipeline saw it. Views into the request and response; valid for
// the duration of the call only.
struct RequestRecord {
  std::string_view method{};
  std::string_view path{};   // without the query, which may carry anything
  std::string_view route{};  // the route's stable name, or "unmatched"
  std::string_view remote_address{};
  int status = 0;
  std::size_t bytes_out = 0;          // body bytes
  std::string_view partner_tenant{};  // "" when the request was not authenticated
  std::string_view request_id{};      // MS-RequestId as answered
  std::string_view correlation_id{};  // MS-CorrelationId as answered
  // When the token was refused: kMissingToken or kInvalidToken, and why (never the token).
  ErrorCode auth_error = ErrorCode::kOk;
  std::string_view auth_failure{};
  // Details of an internal failure, for the log only.
  std::string_view internal_error{};
  bool replayed = false;      // the stored answer of an idempotent request was replayed
  bool rate_limited = false;  // refused with 429 by the rate limiter
  std::chrono::nanoseconds latency{0};
};

// Thread-safe. Registers its metrics in `registry` (names in docs/operations.md), which must
// outlive it. `log` may be null (no access log).
class RequestTelemetry {
 public:
  RequestTelemetry(Registry& registry, std::shared_ptr<EventLog> log);

  // A request arrived (before routing); every call is followed by one Finished.
  void Started();
  void Finished(const RequestRecord& record);
  // The transport refused a request before it was complete (400, 413, 431).
  void Rejected(int status, std::string_view reason);
  // An optimistic write found the cart changed and was retried ("update", "checkout").
  void WriteConflict(std::string_view operation);

 private:
  std::shared_ptr<EventLog> log_;
  bool access_log_;
  Family<Counter>& requests_;
  Family<Histogram>& latency_;
  Gauge& in_flight_;
  Family<Counter>& replays_;
  Counter& rate_limited_;
  Family<Counter>& auth_failures_;
  Family<Counter>& rejected_;
  Family<Counter>& write_conflicts_;
};

}  // namespace cartd::ops
