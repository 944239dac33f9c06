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

namespace cartd {
namespace {

TEST(ParseIsoDurationTest, ReadsExactUnits) {
  using std::chrono::milliseconds;
  EXPECT_EQ(ParseIsoDuration("P7D"), milliseconds(7 * 86'400'000LL));
  EXPECT_EQ(ParseIsoDuration("P2W"), milliseconds(14 * 86'400'000LL));
  EXPECT_EQ(ParseIsoDuration("PT36H"), milliseconds(36 * 3'600'000LL));
  EXPECT_EQ(ParseIsoDuration("P1DT2H30M"), milliseconds(86'400'000LL + 9'000'000LL));
  EXPECT_EQ(ParseIsoDuration("PT0.5S"), milliseconds(500));
  EXPECT_EQ(ParseIsoDuration("PT1,25S"), milliseconds(1250));
  EXPECT_EQ(ParseIsoDuration("PT90S"), milliseconds(90'000));
}

TEST(ParseIsoDurationTest, RefusesCalendarUnitsAndMalformedText) {
  for (const char* text : {"", "P", "PT", "7D", "P1Y", "P1M", "P1DT", "PT1H2H", "PT2M1H", "P-1D",
                           "PT1.2345S", "PT1.5M", "P1D2W", "PT.5S", "P1H", "PT1D", "P1DT1HX"}) {
    EXPECT_EQ(ParseIsoDuration(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace cartd

namespace cartd {
namespace {

TEST(DurationSpellingsTest, EitherSpellingIsReadAndIsoSecondsAreWritten) {
  EXPECT_EQ(ParseIsoOrShortDuration("P7D"), std::chrono::milliseconds(7 * 86'400'000LL));
  EXPECT_EQ(ParseIsoOrShortDuration("7d"), std::chrono::milliseconds(7 * 86'400'000LL));
  EXPECT_EQ(ParseIsoOrShortDuration("P7d"), std::nullopt);
  EXPECT_EQ(ParseIsoOrShortDuration(""), std::nullopt);
  EXPECT_EQ(FormatIsoSeconds(std::chrono::milliseconds(604'800'000)), "PT604800S");
  EXPECT_EQ(FormatIsoSeconds(std::chrono::milliseconds(1500)), "PT1.5S");
  EXPECT_EQ(FormatIsoSeconds(std::chrono::milliseconds(5)), "PT0.005S");
  EXPECT_EQ(FormatIsoSeconds(std::chrono::milliseconds(0)), "PT0S");
}

}  // namespace
}  // namespace cartd
