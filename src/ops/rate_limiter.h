// RateLimiter: a token bucket per key (the partner tenant), as SPEC §7 asks: each key may make
// `burst` requests at once and `requests_per_second` on average after that.
//
// The bucket is kept in its exact integer form (the generic cell rate algorithm): per key, the
// time at which its bucket will be full again. A request is let through when that time is at
// most (burst - 1) emission intervals ahead of now, and pushes it one interval further.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace cartd::ops {

struct RateLimitOptions {
  // Average requests per second per key; 0 turns limiting off.
  double requests_per_second = 100;
  // Bucket size: requests a key may make back to back after being idle. At least 1 when
  // limiting is on.
  std::int64_t burst = 200;
};

struct Admission {
  bool allowed = true;
  // When refused: whole seconds until the key's bucket holds a request again (at least 1).
  std::chrono::seconds retry_after{0};
};

// Thread-safe. Keys are spread over independently locked shards, so concurrent requests of
// different partners rarely contend, and a lock is held only for a few arithmetic operations.
//
// Memory stays bounded by the partners active recently: a bucket that has refilled completely is
// indistinguishable from a new one and is dropped by a periodic sweep of its shard (at most once
// per refill period of a full bucket, and at least every minute).
class RateLimiter {
 public:
  // REQUIRES: requests_per_second >= 0; burst >= 1 when requests_per_second > 0.
  explicit RateLimiter(RateLimitOptions options);

  bool enabled() const { return options_.requests_per_second > 0; }

  // Takes one request from `key`'s bucket as of `now`. Always allowed when disabled. A clock set
  // back refills nothing.
  Admission Admit(std::string_view key, Timestamp now);

  // Buckets held now (for metrics and tests).
  std::size_t size() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  struct Shard {
    mutable std::mutex mutex;
    // Per key, when its bucket is full again (the theoretical arrival time of the next request).
    std::unordered_map<std::string, Timestamp, StringHash, std::equal_to<>> buckets;
    Timestamp last_sweep;
  };
  static constexpr std::size_t kShards = 16;

  // Drops the buckets of `shard` that are full as of `now`. Called with the shard's lock held.
  void Sweep(Shard& shard, Timestamp now);

  const RateLimitOptions options_;
  const Ticks interval_;  // between two requests at the average rate
  const Ticks
      tolerance_;  // how far ahead of now a bucket's full time may be: (burst - 1) intervals
  const Ticks sweep_period_;
  std::array<Shard, kShards> shards_;
};

}  // namespace cartd::ops
