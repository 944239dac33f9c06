#include "sdk/retry_policy.h"

#include <gtest/gtest.h>

namespace partnercenter::internal {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(IsRetryableStatusTest, RetriesServerErrorsAndThrottlingOnly) {
  for (int status : {429, 500, 502, 503, 504}) EXPECT_TRUE(IsRetryableStatus(status)) << status;
  for (int status : {200, 201, 400, 401, 403, 404, 409, 412, 413}) {
    EXPECT_FALSE(IsRetryableStatus(status)) << status;
  }
}

TEST(IsRetryableFailureTest, RetriesConnectionProblemsOnly) {
  EXPECT_TRUE(IsRetryableFailure(TransportFailure::kConnect));
  EXPECT_TRUE(IsRetryableFailure(TransportFailure::kTimeout));
  EXPECT_TRUE(IsRetryableFailure(TransportFailure::kConnectionLost));
  EXPECT_FALSE(IsRetryableFailure(TransportFailure::kTls));
  EXPECT_FALSE(IsRetryableFailure(TransportFailure::kResponseTooLarge));
  EXPECT_FALSE(IsRetryableFailure(TransportFailure::kOther));
}

TEST(ParseRetryAfterTest, ReadsDeltaSeconds) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(ParseRetryAfter("57", now), seconds(57));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), seconds(0));
  EXPECT_EQ(ParseRetryAfter("999999999999999999999999", now), seconds(24 * 3600));
}

TEST(ParseRetryAfterTest, ReadsHttpDatesRelativeToNow) {
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777 seconds after the epoch (RFC 9110's example).
  const auto date = std::chrono::system_clock::from_time_t(784111777);
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", date - seconds(30)), seconds(30));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", date + seconds(30)), seconds(0));
}

TEST(ParseRetryAfterTest, RefusesMalformedValues) {
  const auto now = std::chrono::system_clock::now();
  for (const char* bad : {"", "  ", "-1", "1.5", "soon", "12abc"}) {
    EXPECT_EQ(ParseRetryAfter(bad, now), std::nullopt) << bad;
  }
}

TEST(RetryPolicyTest, CeilingDoublesUpToTheCap) {
  const RetryPolicy policy(milliseconds(100), milliseconds(1000));
  EXPECT_EQ(policy.Ceiling(1), milliseconds(100));
  EXPECT_EQ(policy.Ceiling(2), milliseconds(200));
  EXPECT_EQ(policy.Ceiling(3), milliseconds(400));
  EXPECT_EQ(policy.Ceiling(4), milliseconds(800));
  EXPECT_EQ(policy.Ceiling(5), milliseconds(1000));
  EXPECT_EQ(policy.Ceiling(60), milliseconds(1000));
}

TEST(RetryPolicyTest, BackoffIsSpreadOverTheWholeRange) {
  const RetryPolicy policy(milliseconds(100), milliseconds(1000));
  std::mt19937_64 random(42);
  milliseconds low(1000), high(0);
  for (int i = 0; i < 2000; ++i) {
    const milliseconds wait = policy.Backoff(3, random);
    ASSERT_GE(wait, milliseconds(0));
    ASSERT_LE(wait, milliseconds(400));
    low = std::min(low, wait);
    high = std::max(high, wait);
  }
  // Full jitter: draws reach both ends of [0, 400], not only the neighbourhood of the ceiling.
  EXPECT_LE(low, milliseconds(20));
  EXPECT_GE(high, milliseconds(380));
}

TEST(RetryPolicyTest, ZeroBackoffNeverWaits) {
  const RetryPolicy policy(milliseconds(0), milliseconds(0));
  std::mt19937_64 random(1);
  EXPECT_EQ(policy.Backoff(1, random), milliseconds(0));
  EXPECT_EQ(policy.Backoff(10, random), milliseconds(0));
}

}  // namespace
}  // namespace partnercenter::internal
