#include "wire/json_reader.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>

namespace partnercenter::wire {
namespace {

namespace json = boost::json;

// Built by appending: GCC 12 at -O3 misreports `"literal" + std::string` with -Wrestrict.
std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) {
    out.append(part);
  }
  return out;
}

// The description of the error ReadJson returns for `text`, after checking kind and code.
std::string ErrorOf(std::string_view text, const ParseOptions& options = {}) {
  Result<json::value> result = ReadJson(text, options);
  if (result.ok()) {
    ADD_FAILURE() << "parsed: " << text;
    return "";
  }
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidJson);
  EXPECT_EQ(result.error().code, 0);
  return result.error().description;
}

std::string Nested(char open, char close, int depth) {
  return std::string(static_cast<std::size_t>(depth), open) +
         std::string(static_cast<std::size_t>(depth), close);
}

std::string NestedObjects(int depth) {
  std::string text;
  for (int i = 1; i < depth; ++i) {
    text += R"({"a":)";
  }
  text += "{}";
  text += std::string(static_cast<std::size_t>(depth - 1), '}');
  return text;
}

TEST(ReadJsonTest, ReadsOneValueKeepingMemberOrder) {
  Result<json::value> result = ReadJson(R"( {"b":1,"a":[true,null,"x",-2,1.5]} )", {});
  ASSERT_TRUE(result.ok()) << result.error().description;
  const json::object& object = result->as_object();
  ASSERT_EQ(object.size(), 2u);
  EXPECT_EQ(object.begin()->key(), "b");
  EXPECT_EQ(std::next(object.begin())->key(), "a");
  EXPECT_EQ(result.value(), json::parse(R"({"b":1,"a":[true,null,"x",-2,1.5]})"));
}

TEST(ReadJsonTest, EmptyBody) {
  EXPECT_EQ(ErrorOf(""), "Invalid JSON: empty body at line 1, column 1");
  EXPECT_EQ(ErrorOf(" \r\n\t"), "Invalid JSON: empty body at line 2, column 2");
}

TEST(ReadJsonTest, SeedRequestBodyNamesLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n    {\n        \"Id\":1\n    }\n}"),
            "Invalid JSON: unexpected character '{' at line 2, column 5");
}

TEST(ReadJsonTest, SyntaxErrors) {
  EXPECT_EQ(ErrorOf("[1,]"), "Invalid JSON: unexpected character ']' at line 1, column 4");
  EXPECT_EQ(ErrorOf(R"({"a":1,})"), "Invalid JSON: unexpected character '}' at line 1, column 8");
  EXPECT_EQ(ErrorOf("{'a':1}"), "Invalid JSON: unexpected character ''' at line 1, column 2");
  EXPECT_EQ(ErrorOf("[1 2]"), "Invalid JSON: unexpected character '2' at line 1, column 4");
  EXPECT_EQ(ErrorOf("/* c */ {}"), "Invalid JSON: unexpected character '/' at line 1, column 1");
  EXPECT_EQ(ErrorOf("[NaN]"), "Invalid JSON: unexpected character 'N' at line 1, column 2");
  EXPECT_EQ(ErrorOf("{\r\n  x"), "Invalid JSON: unexpected character 'x' at line 2, column 3");
  EXPECT_EQ(ErrorOf("[\xC3\xA9]"),
            "Invalid JSON: unexpected character '\xC3\xA9' at line 1, column 2");
}

TEST(ReadJsonTest, TruncatedInput) {
  EXPECT_EQ(ErrorOf(R"({"a":)"), "Invalid JSON: unexpected end of input at line 1, column 6");
  EXPECT_EQ(ErrorOf("[\n"), "Invalid JSON: unexpected end of input at line 2, column 1");
  EXPECT_EQ(ErrorOf(R"("abc)"), "Invalid JSON: unexpected end of input at line 1, column 5");
  EXPECT_EQ(ErrorOf("tru"), "Invalid JSON: unexpected end of input at line 1, column 4");
}

TEST(ReadJsonTest, TrailingContent) {
  EXPECT_EQ(ErrorOf(R"({"a":1} x)"),
            "Invalid JSON: unexpected content after the JSON value at line 1, column 9");
  EXPECT_EQ(ErrorOf("{}{}"),
            "Invalid JSON: unexpected content after the JSON value at line 1, column 3");
  EXPECT_EQ(ErrorOf("{}\n,"),
            "Invalid JSON: unexpected content after the JSON value at line 2, column 1");
  EXPECT_EQ(ErrorOf(std::string_view("{}\0", 3)),
            "Invalid JSON: unexpected content after the JSON value at line 1, column 3");
  EXPECT_TRUE(ReadJson("{}\r\n\t \n", {}).ok());
}

TEST(ReadJsonTest, InvalidUtf8) {
  EXPECT_EQ(ErrorOf("\"\xFF\""), "Invalid JSON: invalid UTF-8 (byte 0xFF) at line 1, column 2");
  EXPECT_EQ(ErrorOf("\"ab\xC3\""), "Invalid JSON: invalid UTF-8 (byte 0xC3) at line 1, column 4");
  EXPECT_EQ(ErrorOf("\"\xC0\xAF\""), "Invalid JSON: invalid UTF-8 (byte 0xC0) at line 1, column 2");
  EXPECT_EQ(ErrorOf("\"\xED\xA0\x80\""),
            "Invalid JSON: invalid UTF-8 (byte 0xED) at line 1, column 2");
  EXPECT_EQ(ErrorOf("{\"k\xF5\":1}"),
            "Invalid JSON: invalid UTF-8 (byte 0xF5) at line 1, column 4");
  EXPECT_TRUE(ReadJson("\"\xE2\x82\xAC \xF0\x9F\x98\x80\"", {}).ok());
}

TEST(ReadJsonTest, ByteOrderMark) {
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF{}"),
            "Invalid JSON: unexpected byte order mark at line 1, column 1");
}

TEST(ReadJsonTest, ControlCharacterInString) {
  EXPECT_EQ(ErrorOf("\"a\x01\""),
            "Invalid JSON: unexpected control character 0x01 at line 1, column 3");
  EXPECT_EQ(ErrorOf("\"a\nb\""),
            "Invalid JSON: unexpected control character 0x0A at line 1, column 3");
}

TEST(ReadJsonTest, BadEscapes) {
  EXPECT_EQ(ErrorOf(R"("\x")"), "Invalid JSON: unexpected character 'x' at line 1, column 3");
  EXPECT_EQ(ErrorOf(R"("\u12G4")"), "Invalid JSON: invalid \\u escape at line 1, column 6");
  EXPECT_EQ(ErrorOf(R"("\uDC00")"),
            "Invalid JSON: invalid UTF-16 surrogate in \\u escape at line 1, column 8");
  EXPECT_EQ(ErrorOf(R"("\uD800x")"), "Invalid JSON: unexpected character 'x' at line 1, column 8");
  Result<json::value> pair = ReadJson(R"("\uD83D\uDE00")", {});
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->as_string(), "\xF0\x9F\x98\x80");
}

TEST(ReadJsonTest, DepthUpToTheLimitIsAccepted) {
  EXPECT_TRUE(ReadJson(Nested('[', ']', 32), {}).ok());
  EXPECT_TRUE(ReadJson(NestedObjects(32), {}).ok());
}

TEST(ReadJsonTest, DepthBeyondTheLimitIsRefused) {
  EXPECT_EQ(ErrorOf(Nested('[', ']', 33)),
            "Invalid JSON: nesting deeper than 32 levels at line 1, column 33");
  EXPECT_EQ(ErrorOf(NestedObjects(33)),
            "Invalid JSON: nesting deeper than 32 levels at line 1, column 161");
  EXPECT_EQ(ErrorOf(Nested('[', ']', 100000)),
            "Invalid JSON: nesting deeper than 32 levels at line 1, column 33");
}

TEST(ReadJsonTest, DepthLimitComesFromOptions) {
  ParseOptions options;
  options.max_depth = 2;
  EXPECT_TRUE(ReadJson(R"({"a":[]})", options).ok());
  EXPECT_EQ(ErrorOf(R"({"a":[{}]})", options),
            "Invalid JSON: nesting deeper than 2 levels at line 1, column 7");
}

TEST(ReadJsonTest, StringUpToTheLimitIsAccepted) {
  const std::string text = Concat({"\"", std::string(1024, 'x'), "\""});
  Result<json::value> result = ReadJson(text, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->as_string().size(), 1024u);
  const std::string key = Concat({"{\"", std::string(1024, 'k'), "\":1}"});
  EXPECT_TRUE(ReadJson(key, {}).ok());
}

TEST(ReadJsonTest, StringBeyondTheLimitIsRefused) {
  EXPECT_EQ(ErrorOf(Concat({"[\"", std::string(1025, 'x'), "\"]"})),
            "Invalid JSON: string longer than 1024 bytes at line 1, column 1028");
  EXPECT_EQ(ErrorOf(Concat({"{\"", std::string(1025, 'k'), "\":1}"})),
            "Invalid JSON: member name longer than 1024 bytes at line 1, column 1028");
}

TEST(ReadJsonTest, StringLimitCountsUnescapedBytes) {
  std::string two_byte_chars;
  for (int i = 0; i < 512; ++i) {
    two_byte_chars += "\\u00e9";
  }
  EXPECT_TRUE(ReadJson(Concat({"\"", two_byte_chars, "\""}), {}).ok());
  ParseOptions options;
  options.max_string_bytes = 3;
  EXPECT_TRUE(ReadJson(R"(["\u00e9a"])", options).ok());
  EXPECT_EQ(ErrorOf(R"(["\u00e9\u00e9"])", options),
            "Invalid JSON: string longer than 3 bytes at line 1, column 15");
}

TEST(ReadJsonTest, DuplicateMembersAreRefused) {
  EXPECT_EQ(ErrorOf(R"({"quantity":1,"quantity":2})"),
            "Invalid JSON: duplicate member 'quantity' (names are compared ignoring case) at "
            "line 1, column 24");
  EXPECT_EQ(ErrorOf(R"({"Quantity":1,"quantity":2})"),
            "Invalid JSON: duplicate member 'quantity' (names are compared ignoring case) at "
            "line 1, column 24");
  EXPECT_EQ(ErrorOf(R"({"a":{"LineItems":[],"x":1,"LINEITEMS":[]}})"),
            "Invalid JSON: duplicate member 'LINEITEMS' (names are compared ignoring case) at "
            "line 1, column 38");
  EXPECT_EQ(ErrorOf(R"({"a":1,"\u0041":2})"),
            "Invalid JSON: duplicate member 'A' (names are compared ignoring case) at "
            "line 1, column 15");
}

// An object with members "k0", "k1", ... "k<count - 1>", then `last` (text of more members).
std::string ManyMembers(int count, std::string_view last = "") {
  std::string text = "{";
  for (int i = 0; i < count; ++i) {
    text += Concat({"\"k", std::to_string(i), "\":{\"k0\":", std::to_string(i), "},"});
  }
  text += last;
  if (text.back() == ',') {
    text.pop_back();
  }
  return text + "}";
}

TEST(ReadJsonTest, DuplicatesAreFoundInLargeObjects) {
  for (const int count : {15, 16, 17, 100, 5000}) {
    Result<json::value> distinct =
        ReadJson(ManyMembers(count, Concat({R"("K)", std::to_string(count), R"(":true)"})), {});
    ASSERT_TRUE(distinct.ok()) << count << ": " << distinct.error().description;
    EXPECT_EQ(distinct->as_object().size(), static_cast<std::size_t>(count) + 1);
    for (const int duplicate : {0, count / 2, count - 1}) {
      const std::string name = Concat({"K", std::to_string(duplicate)});
      const std::string text = ManyMembers(count, Concat({"\"", name, "\":true"}));
      EXPECT_EQ(ErrorOf(text), "Invalid JSON: duplicate member '" + name +
                                   "' (names are compared ignoring case) at line 1, column " +
                                   std::to_string(text.size() - 6))
          << count << " " << duplicate;
    }
  }
}

TEST(ReadJsonTest, SameNameInDifferentObjectsIsFine) {
  EXPECT_TRUE(ReadJson(R"([{"a":1},{"a":2}])", {}).ok());
  EXPECT_TRUE(ReadJson(R"({"a":{"a":{"A":1}},"b":{"a":2}})", {}).ok());
  EXPECT_TRUE(ReadJson(R"({"a":1,"ab":2,"b":3})", {}).ok());
}

TEST(ReadJsonTest, HugeNumbers) {
  EXPECT_EQ(ErrorOf("1e400"), "Invalid JSON: number out of range at line 1, column 6");
  EXPECT_EQ(ErrorOf(R"({"q":-1e400})"), "Invalid JSON: number out of range at line 1, column 12");
  EXPECT_EQ(ErrorOf("[1e99999999999999999999]"),
            "Invalid JSON: number out of range at line 1, column 13");

  // Finite, if imprecise: the codec decides whether such a number fits where it is used.
  Result<json::value> big = ReadJson("99999999999999999999999", {});
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->as_double(), 1e23);
  Result<json::value> max_unsigned = ReadJson("18446744073709551615", {});
  ASSERT_TRUE(max_unsigned.ok());
  EXPECT_EQ(max_unsigned->as_uint64(), 18446744073709551615u);
  Result<json::value> precise = ReadJson("123456789.12345679", {});
  ASSERT_TRUE(precise.ok());
  EXPECT_EQ(precise->as_double(), 123456789.12345679);
  Result<json::value> tiny = ReadJson("1e-400", {});
  ASSERT_TRUE(tiny.ok());
  EXPECT_EQ(tiny->as_double(), 0.0);
}

}  // namespace
}  // namespace partnercenter::wire
