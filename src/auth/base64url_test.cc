#include "auth/base64url.h"

#include <gtest/gtest.h>

#include <string>

namespace cartd::auth {
namespace {

using std::string_literals::operator""s;

TEST(Base64UrlTest, EncodesRfc4648Vectors) {
  // RFC 4648 §10 test vectors, without padding.
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64UrlTest, UsesTheUrlSafeAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"s), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf"s);
}

TEST(Base64UrlTest, DecodesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_EQ(Base64UrlDecode("Zg"), "f");
  EXPECT_EQ(Base64UrlDecode("Zm8"), "fo");
  EXPECT_EQ(Base64UrlDecode("Zm9v"), "foo");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmFy"), "foobar");
}

TEST(Base64UrlTest, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (std::size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string slice = bytes.substr(0, length);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(slice)), slice) << "length " << length;
  }
}

TEST(Base64UrlTest, RefusesPadding) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm8="), std::nullopt);
}

TEST(Base64UrlTest, RefusesCharactersOfTheStandardAlphabetAndOthers) {
  EXPECT_EQ(Base64UrlDecode("+/+/"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9v Zg"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9v.Zg"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm\0v"s), std::nullopt);
}

TEST(Base64UrlTest, RefusesADanglingCharacter) {
  EXPECT_EQ(Base64UrlDecode("Z"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9vY"), std::nullopt);
}

TEST(Base64UrlTest, RefusesNonZeroUnusedBits) {
  // "Zg" is canonical for "f"; "Zh" carries the same byte with a stray low bit set.
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9"), std::nullopt);
}

}  // namespace
}  // namespace cartd::auth
