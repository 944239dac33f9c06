#include "ops/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace cartd::ops {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Timestamp kStart = Timestamp(std::chrono::hours(24 * 365 * 50));

TEST(RateLimiterTest, ABurstIsAllowedThenRefusedWithRetryAfter) {
  RateLimiter limiter({.requests_per_second = 2, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("p", kStart).allowed) << i;
  const Admission refused = limiter.Admit("p", kStart);
  EXPECT_FALSE(refused.allowed);
  // One token takes half a second at 2/s; Retry-After is in whole seconds.
  EXPECT_EQ(refused.retry_after, seconds(1));
}

TEST(RateLimiterTest, TheBucketRefillsAtTheRate) {
  RateLimiter limiter({.requests_per_second = 2, .burst = 3});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("p", kStart).allowed);
  EXPECT_FALSE(limiter.Admit("p", kStart + milliseconds(499)).allowed);
  EXPECT_TRUE(limiter.Admit("p", kStart + milliseconds(500)).allowed);
  EXPECT_FALSE(limiter.Admit("p", kStart + milliseconds(500)).allowed);
  // Two seconds refill four tokens, but the bucket holds three.
  const Timestamp later = kStart + milliseconds(2500);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("p", later).allowed) << i;
  EXPECT_FALSE(limiter.Admit("p", later).allowed);
}

TEST(RateLimiterTest, RetryAfterRoundsUpToWholeSeconds) {
  RateLimiter limiter({.requests_per_second = 0.25, .burst = 1});
  ASSERT_TRUE(limiter.Admit("p", kStart).allowed);
  EXPECT_EQ(limiter.Admit("p", kStart).retry_after, seconds(4));
  EXPECT_EQ(limiter.Admit("p", kStart + milliseconds(1500)).retry_after, seconds(3));
  EXPECT_EQ(limiter.Admit("p", kStart + milliseconds(3999)).retry_after, seconds(1));
  EXPECT_TRUE(limiter.Admit("p", kStart + milliseconds(4000)).allowed);
}

TEST(RateLimiterTest, RefusedRequestsTakeNothing) {
  RateLimiter limiter({.requests_per_second = 1, .burst = 1});
  ASSERT_TRUE(limiter.Admit("p", kStart).allowed);
  for (int i = 0; i < 100; ++i) ASSERT_FALSE(limiter.Admit("p", kStart).allowed);
  EXPECT_TRUE(limiter.Admit("p", kStart + seconds(1)).allowed);
}

TEST(RateLimiterTest, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter({.requests_per_second = 1, .burst = 2});
  ASSERT_TRUE(limiter.Admit("a", kStart).allowed);
  ASSERT_TRUE(limiter.Admit("a", kStart).allowed);
  EXPECT_FALSE(limiter.Admit("a", kStart).allowed);
  EXPECT_TRUE(limiter.Admit("b", kStart).allowed);
  EXPECT_TRUE(limiter.Admit("b", kStart).allowed);
  EXPECT_FALSE(limiter.Admit("b", kStart).allowed);
}

TEST(RateLimiterTest, ZeroRateDisablesLimiting) {
  RateLimiter limiter({.requests_per_second = 0, .burst = 1});
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("p", kStart).allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiterTest, AClockSetBackRefillsNothing) {
  RateLimiter limiter({.requests_per_second = 1, .burst = 1});
  ASSERT_TRUE(limiter.Admit("p", kStart).allowed);
  EXPECT_FALSE(limiter.Admit("p", kStart - seconds(30)).allowed);
  EXPECT_FALSE(limiter.Admit("p", kStart + milliseconds(999)).allowed);
  EXPECT_TRUE(limiter.Admit("p", kStart + seconds(1)).allowed);
}

TEST(RateLimiterTest, IdleBucketsAreDropped) {
  RateLimiter limiter({.requests_per_second = 10, .burst = 10});
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(limiter.Admit("idle-" + std::to_string(i), kStart).allowed);
  }
  EXPECT_EQ(limiter.size(), 500u);
  // Within a refill period nothing is dropped.
  for (int i = 0; i < 500; ++i) {
    limiter.Admit("busy-" + std::to_string(i), kStart + milliseconds(900));
  }
  EXPECT_EQ(limiter.size(), 1000u);
  // Two seconds on, every idle bucket has refilled completely: each shard's next sweep (at most
  // one refill period, 1 s here, after the last) drops them, and only the new keys are held.
  const Timestamp later = kStart + seconds(3);
  for (int i = 0; i < 2000; ++i) limiter.Admit("later-" + std::to_string(i), later);
  EXPECT_EQ(limiter.size(), 2000u);
}

TEST(RateLimiterTest, ConcurrentAdmissionsNeverExceedTheBucket) {
  RateLimiter limiter({.requests_per_second = 1, .burst = 100});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (limiter.Admit("shared", kStart).allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace cartd::ops
