#include "ops/log_line.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <limits>
#include <string>

namespace cartd::ops {
namespace {

using std::chrono::milliseconds;

// 2026-11-20T10:00:00.123Z
std::chrono::system_clock::time_point SomeTime() {
  using namespace std::chrono;
  return sys_days{year{2026} / November / 20} + hours(10) + milliseconds(123);
}

TEST(LogLineTest, JsonLine) {
  LogLine line(LogFormat::kJson, SomeTime(), "info", "request");
  line.Add("method", "PUT")
      .AddInt("status", 201)
      .AddDouble("latency_ms", 1.25)
      .AddBool("tls", true);
  EXPECT_EQ(std::move(line).Finish(),
            R"({"time":"2026-11-20T10:00:00.123Z","level":"info","event":"request",)"
            R"("method":"PUT","status":201,"latency_ms":1.25,"tls":true})");
}

TEST(LogLineTest, TextLine) {
  LogLine line(LogFormat::kText, SomeTime(), "warn", "config_warning");
  line.Add("plain", "a/b").Add("spaced", "two words").Add("empty", "").AddInt("n", -3);
  EXPECT_EQ(std::move(line).Finish(),
            "2026-11-20T10:00:00.123Z warn config_warning plain=a/b spaced=\"two words\" "
            "empty=\"\" n=-3");
}

TEST(LogLineTest, HostileValuesCannotBreakTheJsonLine) {
  const std::string hostile = std::string("a\"b\\c\nd\re\tf\x01g\x7f") + "\xc3\xa9" + "\xff";
  LogLine line(LogFormat::kJson, SomeTime(), "info", "request");
  line.Add("path", hostile);
  const std::string text = std::move(line).Finish();
  EXPECT_EQ(text.find('\n'), std::string::npos);
  for (char c : text) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << text;
  boost::system::error_code error;
  const boost::json::value parsed = boost::json::parse(text, error);
  ASSERT_FALSE(error) << text;
  // Bytes outside ASCII come back as the code points of the same numbers.
  EXPECT_EQ(std::string(parsed.at("path").as_string()),
            std::string("a\"b\\c\nd\re\tf\x01g\x7f") + "\xc3\x83\xc2\xa9\xc3\xbf");
}

TEST(LogLineTest, HostileValuesAreQuotedInText) {
  LogLine line(LogFormat::kText, SomeTime(), "info", "request");
  line.Add("path", "/x\ninjected=1 \"q\"");
  EXPECT_EQ(std::move(line).Finish(),
            "2026-11-20T10:00:00.123Z info request path=\"/x\\ninjected=1 \\\"q\\\"\"");
}

TEST(LogLineTest, LongValuesAreCut) {
  const std::string value(LogLine::kMaxValueBytes + 10, 'x');
  LogLine line(LogFormat::kJson, SomeTime(), "info", "e");
  line.Add("v", value);
  const boost::json::value parsed = boost::json::parse(std::move(line).Finish());
  EXPECT_EQ(std::string(parsed.at("v").as_string()),
            std::string(LogLine::kMaxValueBytes, 'x') + "...");
}

TEST(LogLineTest, NonFiniteNumbersStayValidJson) {
  LogLine line(LogFormat::kJson, SomeTime(), "info", "e");
  line.AddDouble("v", std::numeric_limits<double>::infinity());
  const boost::json::value parsed = boost::json::parse(std::move(line).Finish());
  EXPECT_TRUE(parsed.at("v").is_null());
}

TEST(LogLineTest, TimeFormat) {
  EXPECT_EQ(FormatLogTime(SomeTime()), "2026-11-20T10:00:00.123Z");
  EXPECT_EQ(FormatLogTime(std::chrono::system_clock::time_point(milliseconds(7))),
            "1970-01-01T00:00:00.007Z");
}

}  // namespace
}  // namespace cartd::ops
