#include "common/duration.h"

#include <gtest/gtest.h>

namespace cartd {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, ParsesEachUnitAndCombinations) {
  EXPECT_EQ(ParseDuration("7d"), milliseconds(7LL * 86'400'000));
  EXPECT_EQ(ParseDuration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(ParseDuration("30m"), milliseconds(1'800'000));
  EXPECT_EQ(ParseDuration("90s"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("250ms"), milliseconds(250));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(ParseDuration("0s"), milliseconds(0));
}

TEST(DurationTest, RefusesWhatIsNotADuration) {
  EXPECT_EQ(ParseDuration(""), std::nullopt);
  EXPECT_EQ(ParseDuration("10"), std::nullopt);
  EXPECT_EQ(ParseDuration("h"), std::nullopt);
  EXPECT_EQ(ParseDuration("5w"), std::nullopt);
  EXPECT_EQ(ParseDuration("-5s"), std::nullopt);
  EXPECT_EQ(ParseDuration("1.5h"), std::nullopt);
  EXPECT_EQ(ParseDuration("99999999999999999999d"), std::nullopt);
  EXPECT_EQ(ParseDuration("999999999999999d"), std::nullopt);
}

TEST(DurationTest, FormatsTheShortestExactSpelling) {
  EXPECT_EQ(FormatDuration(milliseconds(7LL * 86'400'000)), "7d");
  EXPECT_EQ(FormatDuration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(250)), "250ms");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
}

}  // namespace
}  // namespace cartd
