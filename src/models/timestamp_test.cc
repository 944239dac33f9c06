#include <gtest/gtest.h>

#include <chrono>

#include "partnercenter/models.h"
#include "tests/testing/contract_samples.h"

namespace partnercenter {
namespace {

using namespace std::chrono_literals;
using test::SampleTime;

Timestamp At(int y, unsigned m, unsigned d, std::chrono::hours h = 0h,
             std::chrono::minutes min = 0min, std::chrono::seconds s = 0s, Ticks ticks = Ticks(0)) {
  return Timestamp(std::chrono::sys_days(std::chrono::year(y) / m / d)) + h + min + s + ticks;
}

TEST(FormatTimestampTest, WritesSevenFractionalDigitsAndZ) {
  EXPECT_EQ(FormatTimestamp(SampleTime()), "2021-08-18T17:29:52.3517492Z");
  EXPECT_EQ(FormatTimestamp(At(2019, 1, 16)), "2019-01-16T00:00:00.0000000Z");
  EXPECT_EQ(FormatTimestamp(At(2019, 12, 31, 23h, 59min, 59s, Ticks(9'999'999))),
            "2019-12-31T23:59:59.9999999Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{}), "1970-01-01T00:00:00.0000000Z");
}

TEST(FormatTimestampTest, WritesYearOneAndYearNineThousand) {
  EXPECT_EQ(FormatTimestamp(At(1, 1, 1)), "0001-01-01T00:00:00.0000000Z");
  EXPECT_EQ(FormatTimestamp(At(1, 1, 1) - Ticks(1)), "0000-12-31T23:59:59.9999999Z");
  EXPECT_EQ(FormatTimestamp(At(9999, 12, 31, 23h, 59min, 59s, Ticks(9'999'999))),
            "9999-12-31T23:59:59.9999999Z");
}

TEST(FormatTimestampTest, SurvivesTheExtremesOfTheRange) {
  // Outside what the wire can carry, but formatting must not overflow.
  EXPECT_EQ(FormatTimestamp(Timestamp::min()), "-27258-04-19T21:11:54.5224192Z");
  EXPECT_EQ(FormatTimestamp(Timestamp::max()), "31197-09-14T02:48:05.4775807Z");
}

TEST(ParseTimestampTest, ReadsPartnerCenterFormat) {
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.3517492Z"), SampleTime());
}

TEST(ParseTimestampTest, ReadsZeroToNineFractionDigits) {
  const Timestamp base = At(2021, 8, 18, 17h, 29min, 52s);
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52Z"), base);
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.3Z"), base + Ticks(3'000'000));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.35Z"), base + Ticks(3'500'000));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.351Z"), base + Ticks(3'510'000));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.3517Z"), base + Ticks(3'517'000));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.35174Z"), base + Ticks(3'517'400));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.351749Z"), base + Ticks(3'517'490));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.3517492Z"), base + Ticks(3'517'492));
  // Below 100 ns: truncated, not rounded.
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.35174929Z"), base + Ticks(3'517'492));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.351749299Z"), base + Ticks(3'517'492));
  EXPECT_EQ(ParseTimestamp("2021-08-18T17:29:52.35174929999999999999Z"), base + Ticks(3'517'492));
}

TEST(ParseTimestampTest, ReadsOffsetsAsUtc) {
  const Timestamp utc = At(2019, 1, 16, 0h, 48min, 44s, Ticks(7'600'000));
  EXPECT_EQ(ParseTimestamp("2019-01-16T00:48:44.76+00:00"), utc);
  EXPECT_EQ(ParseTimestamp("2019-01-16T02:18:44.76+01:30"), utc);
  EXPECT_EQ(ParseTimestamp("2019-01-15T19:48:44.76-05:00"), utc);
  EXPECT_EQ(ParseTimestamp("2019-01-16T00:00:00.00-23:59"), At(2019, 1, 16, 23h, 59min));
}

TEST(ParseTimestampTest, RefusesOffsetsThatLeaveTheFourDigitYears) {
  // What FormatTimestamp writes back must read again (found by fuzz/json_codec).
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59-01:00"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("0000-01-01T00:00:00+00:01"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59.9999999+00:00"),
            At(9999, 12, 31, 23h, 59min, 59s, Ticks(9'999'999)));
  EXPECT_EQ(ParseTimestamp("9999-12-31T23:59:59+01:00"), At(9999, 12, 31, 22h, 59min, 59s));
  EXPECT_EQ(ParseTimestamp("0000-01-01T00:00:00-00:01"), At(0, 1, 1, 0h, 1min));
}

TEST(ParseTimestampTest, ReadsNoZoneAsUtc) {
  EXPECT_EQ(ParseTimestamp("2018-03-15T17:15:02.3840528"),
            At(2018, 3, 15, 17h, 15min, 2s, Ticks(3'840'528)));
  EXPECT_EQ(ParseTimestamp("0001-01-01T00:00:00"), At(1, 1, 1));
}

TEST(ParseTimestampTest, ReadsSpaceSeparatorLowerCaseAndDateOnly) {
  EXPECT_EQ(ParseTimestamp("2022-02-19 10:00:00Z"), At(2022, 2, 19, 10h));
  EXPECT_EQ(ParseTimestamp("2022-02-19t10:00:00z"), At(2022, 2, 19, 10h));
  EXPECT_EQ(ParseTimestamp("2022-02-19"), At(2022, 2, 19));
}

TEST(ParseTimestampTest, ReadsLeapDays) {
  EXPECT_EQ(ParseTimestamp("2024-02-29T00:00:00Z"), At(2024, 2, 29));
  EXPECT_EQ(ParseTimestamp("2000-02-29T00:00:00Z"), At(2000, 2, 29));
  EXPECT_EQ(ParseTimestamp("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimestamp("1900-02-29T00:00:00Z"), std::nullopt);
}

TEST(ParseTimestampTest, RefusesWhatIsNotADateTime) {
  for (const char* text : {
           "",
           "2021",
           "2021-08",
           "21-08-18T17:29:52Z",
           "2021-8-18T17:29:52Z",
           "2021-13-01T00:00:00Z",
           "2021-00-01T00:00:00Z",
           "2021-04-31T00:00:00Z",
           "2021-08-18T24:00:00Z",
           "2021-08-18T23:60:00Z",
           "2021-08-18T23:59:60Z",
           "2021-08-18T17:29Z",
           "2021-08-18T17:29:52.Z",
           "2021-08-18T17:29:52ZZ",
           "2021-08-18T17:29:52+01",
           "2021-08-18T17:29:52+0100",
           "2021-08-18T17:29:52+24:00",
           "2021-08-18T17:29:52+01:60",
           "2021-08-18T17:29:52 ",
           "2021-08-18X17:29:52Z",
           " 2021-08-18T17:29:52Z",
           "2021-08-18T17:29:52.1234567Zjunk",
           "1629307792",
       }) {
    EXPECT_EQ(ParseTimestamp(text), std::nullopt) << text;
  }
}

TEST(TimestampTest, FormatThenParseIsIdentity) {
  for (const Timestamp t : {SampleTime(), At(1, 1, 1), At(9999, 12, 31, 23h, 59min, 59s),
                            SampleTime(-123'456'789'012), Timestamp{}}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t) << FormatTimestamp(t);
  }
}

}  // namespace
}  // namespace partnercenter
