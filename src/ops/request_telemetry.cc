#include "ops/request_telemetry.h"

#include <array>
#include <string>

namespace cartd::ops {
namespace {

// Status codes as label values without allocating per request.
class StatusNames {
 public:
  StatusNames() {
    for (int status = 0; status < 1000; ++status) names_[status] = std::to_string(status);
  }
  std::string_view operator()(int status) const {
    return status >= 0 && status < 1000 ? std::string_view(names_[status]) : "other";
  }

 private:
  std::array<std::string, 1000> names_;
};

std::string_view StatusName(int status) {
  static const StatusNames names;
  return names(status);
}

}  // namespace

RequestTelemetry::RequestTelemetry(Registry& registry, std::shared_ptr<EventLog> log)
    : log_(std::move(log)),
      access_log_(log_ && log_->options().access_log),
      requests_(registry.AddCounter("cartd_http_requests_total",
                                    "Requests answered, by route and HTTP status.",
                                    {"route", "status"})),
      latency_(registry.AddHistogram("cartd_http_request_duration_seconds",
                                     "Time from a complete request to its answer, by route.",
                                     {"route"}, LatencyBuckets())),
      in_flight_(registry.AddGauge("cartd_http_requests_in_flight", "Requests being handled now.")
                     .Get({})),
      replays_(registry.AddCounter("cartd_idempotent_replays_total",
                                   "Stored answers replayed for a repeated MS-RequestId, by route.",
                                   {"route"})),
      rate_limited_(registry
                        .AddCounter("cartd_rate_limited_requests_total",
                                    "Requests refused with 429 by the per-partner rate limit.")
                        .Get({})),
      auth_failures_(registry.AddCounter("cartd_auth_failures_total",
                                         "Requests refused with 401, by reason.", {"reason"})),
      rejected_(registry.AddCounter(
          "cartd_http_rejected_requests_total",
          "Requests refused by the transport before they were complete, by HTTP status.",
          {"status"})),
      write_conflicts_(registry.AddCounter(
          "cartd_cart_write_conflicts_total",
          "Optimistic cart writes retried because the cart changed after it was read.",
          {"operation"})) {
  // Both reasons are listed from the start, so that a rate over them is defined at zero.
  auth_failures_.Get({"missing_token"});
  auth_failures_.Get({"invalid_token"});
}

void RequestTelemetry::Started() { in_flight_.Add(1); }

void RequestTelemetry::Finished(const RequestRecord& record) {
  in_flight_.Add(-1);
  requests_.Get({record.route, StatusName(record.status)}).Increment();
  const double seconds = std::chrono::duration<double>(record.latency).count();
  latency_.Get({record.route}).Observe(seconds);
  if (record.replayed) replays_.Get({record.route}).Increment();
  if (record.rate_limited) rate_limited_.Increment();
  if (record.auth_error == ErrorCode::kMissingToken) {
    auth_failures_.Get({"missing_token"}).Increment();
  } else if (record.auth_error == ErrorCode::kInvalidToken) {
    auth_failures_.Get({"invalid_token"}).Increment();
  }

  if (!access_log_ || !log_->Enabled(LogLevel::kInfo)) return;
  LogLine line = log_->Line(LogLevel::kInfo, "request");
  line.Add("method", record.method)
      .Add("path", record.path)
      .Add("route", record.route)
      .AddInt("status", record.status)
      .AddDouble("latency_ms", static_cast<double>(record.latency.count() / 1000) / 1000.0)
      .AddInt("bytes_out", static_cast<std::int64_t>(record.bytes_out))
      .Add("partner_tenant", record.partner_tenant)
      .Add("request_id", record.request_id)
      .Add("correlation_id", record.correlation_id)
      .Add("remote", record.remote_address);
  if (record.replayed) line.AddBool("replayed", true);
  if (record.rate_limited) line.AddBool("rate_limited", true);
  if (record.auth_error != ErrorCode::kOk) line.Add("auth_failure", record.auth_failure);
  if (!record.internal_error.empty()) line.Add("error", record.internal_error);
  log_->Write(LogLevel::kInfo, std::move(line));
}

void RequestTelemetry::Rejected(int status, std::string_view reason) {
  rejected_.Get({StatusName(status)}).Increment();
  // Debug only: a flood of malformed requests must not flood the log.
  if (log_ && log_->Enabled(LogLevel::kDebug)) {
    LogLine line = log_->Line(LogLevel::kDebug, "request_rejected");
    line.AddInt("status", status).Add("reason", reason);
    log_->Write(LogLevel::kDebug, std::move(line));
  }
}

void RequestTelemetry::WriteConflict(std::string_view operation) {
  write_conflicts_.Get({operation}).Increment();
}

}  // namespace cartd::ops
