#include "sdk/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace partnercenter::internal {

bool IsRetryableStatus(int http_status) { return http_status == 429 || http_status >= 500; }

bool IsRetryableFailure(TransportFailure failure) {
  switch (failure) {
    case TransportFailure::kConnect:
    case TransportFailure::kTimeout:
    case TransportFailure::kConnectionLost:
      return true;
    default:
      return false;
  }
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::int64_t seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // Anything beyond a day is as good as "not soon": cap it so that arithmetic cannot overflow.
    if (error == std::errc::result_out_of_range) return std::chrono::hours(24);
    if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(std::min<std::int64_t>(seconds, 24 * 3600));
  }
  const std::string text(value);
  const time_t when = curl_getdate(text.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  const auto delta = std::chrono::system_clock::from_time_t(when) - now;
  if (delta <= std::chrono::system_clock::duration::zero()) return std::chrono::seconds(0);
  return std::min<std::chrono::seconds>(std::chrono::ceil<std::chrono::seconds>(delta),
                                        std::chrono::hours(24));
}

std::chrono::milliseconds RetryPolicy::Ceiling(int retry) const {
  std::chrono::milliseconds ceiling = initial_backoff_;
  for (int i = 1; i < retry && ceiling < max_backoff_; ++i) ceiling *= 2;
  return std::min(ceiling, max_backoff_);
}

std::chrono::milliseconds RetryPolicy::Backoff(int retry, std::mt19937_64& random) const {
  const std::int64_t ceiling = Ceiling(retry).count();
  if (ceiling <= 0) return std::chrono::milliseconds(0);
  std::uniform_int_distribution<std::int64_t> pick(0, ceiling);
  return std::chrono::milliseconds(pick(random));
}

}  // namespace partnercenter::internal
