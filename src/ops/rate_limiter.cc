#include "ops/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace cartd::ops {
namespace {

Ticks Interval(const RateLimitOptions& options) {
  if (options.requests_per_second <= 0) return Ticks(0);
  const double ticks =
      std::round(static_cast<double>(Ticks::period::den) / options.requests_per_second);
  return Ticks(std::max<std::int64_t>(1, static_cast<std::int64_t>(ticks)));
}

}  // namespace

RateLimiter::RateLimiter(RateLimitOptions options)
    : options_(options),
      interval_(Interval(options)),
      tolerance_(interval_ * std::max<std::int64_t>(0, options.burst - 1)),
      // A bucket untouched for burst intervals is full, and full buckets are what a sweep drops.
      sweep_period_(std::clamp<Ticks>(interval_ * std::max<std::int64_t>(1, options.burst),
                                      std::chrono::seconds(1), std::chrono::minutes(1))) {}

Admission RateLimiter::Admit(std::string_view key, Timestamp now) {
  if (!enabled()) return Admission{};
  Shard& shard = shards_[StringHash()(key) % kShards];
  std::lock_guard lock(shard.mutex);
  if (now - shard.last_sweep >= sweep_period_) {
    Sweep(shard, now);
    shard.last_sweep = now;
  }
  auto it = shard.buckets.find(key);
  if (it == shard.buckets.end()) it = shard.buckets.emplace(std::string(key), now).first;
  const Timestamp full_at = std::max(it->second, now);
  const Ticks ahead = full_at - now;
  if (ahead <= tolerance_) {
    it->second = full_at + interval_;
    return Admission{};
  }
  // A refused request takes nothing, so the client may come back as soon as one is let through.
  const Ticks wait = ahead - tolerance_;
  const auto whole_seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return Admission{.allowed = false,
                   .retry_after = std::max(whole_seconds, std::chrono::seconds(1))};
}

void RateLimiter::Sweep(Shard& shard, Timestamp now) {
  std::erase_if(shard.buckets, [now](const auto& entry) { return entry.second <= now; });
}

std::size_t RateLimiter::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace cartd::ops
