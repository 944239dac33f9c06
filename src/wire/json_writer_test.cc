#include "wire/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <string>

namespace partnercenter::wire {
namespace {

std::string Written(const std::function<void(JsonWriter&)>& write) {
  std::string out;
  JsonWriter writer(out);
  write(writer);
  return out;
}

std::string StringJson(std::string_view text) {
  return Written([&](JsonWriter& w) { w.String(text); });
}

std::string DoubleJson(double value) {
  return Written([&](JsonWriter& w) { w.Double(value); });
}

TEST(JsonWriterTest, PlacesCommasAndColons) {
  EXPECT_EQ(Written([](JsonWriter& w) {
              w.BeginObject();
              w.Key("a");
              w.BeginArray();
              w.Int(1);
              w.BeginObject();
              w.EndObject();
              w.BeginArray();
              w.EndArray();
              w.Null();
              w.EndArray();
              w.Key("b");
              w.Bool(false);
              w.Key("c");
              w.Bool(true);
              w.EscapedKey("d\"");
              w.Raw(R"({"x":[1]})");
              w.EndObject();
            }),
            R"({"a":[1,{},[],null],"b":false,"c":true,"d\"":{"x":[1]}})");
}

TEST(JsonWriterTest, EscapesQuoteBackslashAndControlCharacters) {
  EXPECT_EQ(StringJson(""), R"("")");
  EXPECT_EQ(StringJson("plain text"), R"("plain text")");
  EXPECT_EQ(StringJson("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(StringJson("a\nb\tc\rd\be\ff"), R"("a\u000ab\u0009c\u000dd\u0008e\u000cf")");
  EXPECT_EQ(StringJson(std::string_view("\0\x1f\x7f/", 4)), "\"\\u0000\\u001f\x7f/\"");
}

TEST(JsonWriterTest, AppendsEscapedTextWithoutQuotes) {
  std::string out = "<";
  JsonWriter::AppendEscaped(out, "a\"b\\c\nd\xC3\xA9\xFF");
  EXPECT_EQ(out, "<a\\\"b\\\\c\\u000ad\xC3\xA9\xEF\xBF\xBD");
}

TEST(JsonWriterTest, AsciiEscapingEscapesEveryByteOutsidePrintableAscii) {
  std::string out;
  JsonWriter::AppendEscaped(out,
                            std::string_view("q\"b\\n\nr\rt\tc\x01"
                                             "d\x7f\xC3\xA9\xFFz",
                                             18),
                            JsonWriter::Escaping::kAscii);
  EXPECT_EQ(out, R"(q\"b\\n\nr\rt\tc\u0001d\u007f\u00c3\u00a9\u00ffz)");
}

TEST(JsonWriterTest, PassesUtf8Through) {
  EXPECT_EQ(StringJson("\xE2\x82\xAC 5 \xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\xA8"),
            "\"\xE2\x82\xAC 5 \xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\xA8\"");
}

TEST(JsonWriterTest, ReplacesInvalidUtf8) {
  EXPECT_EQ(StringJson("a\xFF"
                       "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(StringJson("\xC3"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(StringJson("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(StringJson("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(JsonWriterTest, WritesIntegers) {
  EXPECT_EQ(Written([](JsonWriter& w) {
              w.BeginArray();
              w.Int(0);
              w.Int(-7);
              w.Int(std::numeric_limits<std::int64_t>::min());
              w.Int(std::numeric_limits<std::int64_t>::max());
              w.EndArray();
            }),
            "[0,-7,-9223372036854775808,9223372036854775807]");
}

TEST(JsonWriterTest, WritesShortestRoundTripDoubles) {
  EXPECT_EQ(DoubleJson(0.0), "0");
  EXPECT_EQ(DoubleJson(100.0), "100");
  EXPECT_EQ(DoubleJson(29.99), "29.99");
  EXPECT_EQ(DoubleJson(0.1), "0.1");
  EXPECT_EQ(DoubleJson(-1.5), "-1.5");
  EXPECT_EQ(DoubleJson(6e6), "6000000");
  EXPECT_EQ(DoubleJson(1e23), "99999999999999991611392");  // the double's exact value
  EXPECT_EQ(DoubleJson(1.25e-7), "0.000000125");
  EXPECT_EQ(DoubleJson(-2.5e15), "-2500000000000000");
}

TEST(JsonWriterTest, NeverWritesAnExponentEvenAtTheEndsOfTheRange) {
  for (double value : {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                       std::numeric_limits<double>::denorm_min(), 5e-324, 1e300, 1e-300}) {
    const std::string json = DoubleJson(value);
    EXPECT_EQ(json.find_first_of("eE+"), std::string::npos) << json;
    EXPECT_EQ(std::strtod(json.c_str(), nullptr), value) << json;
  }
  EXPECT_EQ(DoubleJson(1.7976931348623157e308).size(), 309u);
  EXPECT_EQ(DoubleJson(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(DoubleJson(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JsonWriterTest, WritesNegativeZeroAsADouble) {
  // "-0" would read back as the integer 0 (found by fuzz/json_codec).
  EXPECT_EQ(DoubleJson(-0.0), "-0.0");
  const boost::json::value read = boost::json::parse(DoubleJson(-0.0));
  ASSERT_TRUE(read.is_double());
  EXPECT_TRUE(std::signbit(read.get_double()));
}

TEST(JsonWriterTest, WritesTimestamps) {
  EXPECT_EQ(Written([](JsonWriter& w) { w.Timestamp(partnercenter::Timestamp{}); }),
            R"("1970-01-01T00:00:00.0000000Z")");
}

TEST(JsonWriterTest, WritesParsedValuesCompactly) {
  const boost::json::value value = boost::json::parse(
      R"({ "b" : [1, -2, 18446744073709551615, 2.5, true, null, "x\n"], "a" : {} })");
  EXPECT_EQ(Written([&](JsonWriter& w) { w.Value(value); }),
            R"({"b":[1,-2,18446744073709551615,2.5,true,null,"x\u000a"],"a":{}})");
}

}  // namespace
}  // namespace partnercenter::wire
