#include "sdk/uri.h"

#include <gtest/gtest.h>

namespace partnercenter::internal {
namespace {

TEST(EncodePathSegmentTest, KeepsUnreservedCharacters) {
  EXPECT_EQ(EncodePathSegment("d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"),
            "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d");
  EXPECT_EQ(EncodePathSegment("AZaz09-._~"), "AZaz09-._~");
}

TEST(EncodePathSegmentTest, EncodesEverythingElse) {
  EXPECT_EQ(EncodePathSegment("../orders"), "..%2Forders");
  EXPECT_EQ(EncodePathSegment("a?b#c d"), "a%3Fb%23c%20d");
  EXPECT_EQ(EncodePathSegment("{x}%"), "%7Bx%7D%25");
  EXPECT_EQ(EncodePathSegment("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(EncodePathSegment(""), "");
}

TEST(NormalizeApiRootTest, AcceptsHttpAndHttpsUrlsAndDropsTrailingSlashes) {
  EXPECT_EQ(NormalizeApiRoot("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(NormalizeApiRoot("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
  EXPECT_EQ(NormalizeApiRoot("HTTPS://api.partnercenter.microsoft.com//"),
            "HTTPS://api.partnercenter.microsoft.com");
  EXPECT_EQ(NormalizeApiRoot("https://gateway.example/partner/"),
            "https://gateway.example/partner");
  EXPECT_EQ(NormalizeApiRoot("http://[::1]:8080/"), "http://[::1]:8080");
}

TEST(NormalizeApiRootTest, RefusesWhatIsNotAnHttpUrlWithAHost) {
  for (const char* bad :
       {"", "127.0.0.1:8080", "ftp://host", "http://", "http:///path", "http://:80", "http:host",
        "http://host/a b", "http://host?x=1", "http://host#f", "http://host\r\nX-Evil: 1"}) {
    EXPECT_EQ(NormalizeApiRoot(bad), std::nullopt) << bad;
  }
}

TEST(HasLineBreakTest, FindsCrLfAndNul) {
  EXPECT_FALSE(HasLineBreak("en-US"));
  EXPECT_TRUE(HasLineBreak("a\rb"));
  EXPECT_TRUE(HasLineBreak("a\nb"));
  EXPECT_TRUE(HasLineBreak(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace partnercenter::internal
