// When a call is tried again and how long it waits first (contract §3.7): 5xx answers, 429
// (after its Retry-After), timeouts and lost connections are retried, with exponential backoff
// and full jitter; other 4xx answers never are.
//
// Thread-safety: the functions are reentrant; a RetryPolicy is immutable after construction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "sdk/http_transport.h"

namespace partnercenter::internal {

// True for the answers worth sending again: 5xx and 429.
bool IsRetryableStatus(int http_status);

// True for transport failures after which the same request may succeed: refused or unresolved
// connections, timeouts and connections lost mid-exchange. TLS failures, oversized answers and
// malformed URLs are not.
bool IsRetryableFailure(TransportFailure failure);

// Reads a Retry-After value: delta-seconds ("120") or an HTTP-date (RFC 9110 §10.2.3), the latter
// relative to `now`. nullopt when absent or malformed; a date in the past gives 0.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

class RetryPolicy {
 public:
  // REQUIRES: initial_backoff >= 0, max_backoff >= initial_backoff.
  RetryPolicy(std::chrono::milliseconds initial_backoff, std::chrono::milliseconds max_backoff)
      : initial_backoff_(initial_backoff), max_backoff_(max_backoff) {}

  // The longest wait before retry number `retry` (1 for the first retry): initial_backoff
  // doubled retry-1 times, capped at max_backoff.
  std::chrono::milliseconds Ceiling(int retry) const;

  // A wait drawn uniformly from [0, Ceiling(retry)] ("full jitter": clients that failed
  // together do not retry together).
  std::chrono::milliseconds Backoff(int retry, std::mt19937_64& random) const;

 private:
  std::chrono::milliseconds initial_backoff_;
  std::chrono::milliseconds max_backoff_;
};

}  // namespace partnercenter::internal
