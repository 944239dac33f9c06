#include "auth/bearer.h"

#include <gtest/gtest.h>

namespace cartd::auth {
namespace {

TEST(ExtractBearerTokenTest, ReturnsTheToken) {
  const StatusOr<std::string_view> token = ExtractBearerToken("Bearer abc.def.ghi");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(*token, "abc.def.ghi");
}

TEST(ExtractBearerTokenTest, SchemeIsCaseInsensitiveAndBlanksAreTrimmed) {
  for (const std::string_view header :
       {"bearer abc", "BEARER abc", "BeArEr\tabc", "  Bearer   abc  ", "Bearer abc\t"}) {
    const StatusOr<std::string_view> token = ExtractBearerToken(header);
    ASSERT_TRUE(token.ok()) << header;
    EXPECT_EQ(*token, "abc") << header;
  }
}

TEST(ExtractBearerTokenTest, AbsentOrBlankHeaderIsMissingToken) {
  for (const std::string_view header : {"", " ", "\t \t"}) {
    const StatusOr<std::string_view> token = ExtractBearerToken(header);
    EXPECT_EQ(token.status().code(), ErrorCode::kMissingToken) << '"' << header << '"';
  }
}

TEST(ExtractBearerTokenTest, BearerWithoutTokenIsMissingToken) {
  for (const std::string_view header : {"Bearer", "Bearer ", "bearer \t "}) {
    const StatusOr<std::string_view> token = ExtractBearerToken(header);
    EXPECT_EQ(token.status().code(), ErrorCode::kMissingToken) << '"' << header << '"';
    EXPECT_EQ(token.status().message(), "Bearer token is blank");
  }
}

TEST(ExtractBearerTokenTest, OtherSchemesAreInvalidToken) {
  for (const std::string_view header : {"Basic x", "Bearerx abc", "Token abc", "abc.def.ghi"}) {
    const StatusOr<std::string_view> token = ExtractBearerToken(header);
    EXPECT_EQ(token.status().code(), ErrorCode::kInvalidToken) << header;
    EXPECT_EQ(token.status().message(), "Authorization scheme is not Bearer");
  }
}

}  // namespace
}  // namespace cartd::auth
