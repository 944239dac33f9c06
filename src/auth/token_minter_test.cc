#include "auth/token_minter.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/base64url.h"
#include "auth/token_verifier.h"

namespace cartd::auth {
namespace {

constexpr char kSecret[] = "minting-secret-of-32-bytes-long!";
constexpr char kTenant[] = "4f3c2e1d-0b9a-4876-9543-210fedcba987";
constexpr char kUser[] = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const Timestamp kNow = Timestamp(std::chrono::seconds(1717200000));

std::unique_ptr<TokenVerifier> Verifier(VerifierOptions options = {}) {
  auto verifier = TokenVerifier::Create(std::move(options), kSecret, "");
  EXPECT_TRUE(verifier.ok()) << verifier.status().ToString();
  return std::move(*verifier);
}

std::string PayloadOf(const std::string& token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  return Base64UrlDecode(token.substr(first + 1, second - first - 1)).value_or("<bad>");
}

TEST(MintHs256TokenTest, AppUserTokenRoundTrips) {
  MintOptions options;
  options.tenant = kTenant;
  options.user_object_id = kUser;
  options.app_id = "app-1";
  options.now = kNow + std::chrono::milliseconds(900);
  const std::string token = MintHs256Token(options, kSecret);

  EXPECT_EQ(token.substr(0, token.find('.')), Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})"));
  EXPECT_EQ(PayloadOf(token),
            R"({"aud":"https://api.partnercenter.microsoft.com","iat":1717200000,)"
            R"("nbf":1717200000,"exp":1717203600,"tid":"4f3c2e1d-0b9a-4876-9543-210fedcba987",)"
            R"("oid":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","scp":"user_impersonation",)"
            R"("appid":"app-1","azp":"app-1"})");

  const StatusOr<Principal> principal = Verifier()->Verify("Bearer " + token, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status().ToString();
  EXPECT_EQ(principal->partner_tenant, kTenant);
  EXPECT_EQ(principal->user_object_id, kUser);
  EXPECT_EQ(principal->app_id, "app-1");
  EXPECT_FALSE(principal->app_only);
}

TEST(MintHs256TokenTest, AppOnlyTokenRoundTrips) {
  MintOptions options;
  options.tenant = kTenant;
  options.app_id = "app-2";
  options.now = kNow;
  const std::string token = MintHs256Token(options, kSecret);
  EXPECT_EQ(PayloadOf(token).find("scp"), std::string::npos);
  EXPECT_EQ(PayloadOf(token).find("oid"), std::string::npos);

  const StatusOr<Principal> principal = Verifier()->Verify("Bearer " + token, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status().ToString();
  EXPECT_EQ(principal->partner_tenant, kTenant);
  EXPECT_EQ(principal->user_object_id, "");
  EXPECT_EQ(principal->app_id, "app-2");
  EXPECT_TRUE(principal->app_only);
}

TEST(MintHs256TokenTest, HonoursTtlAudienceAndIssuer) {
  MintOptions options;
  options.tenant = kTenant;
  options.user_object_id = kUser;
  options.audience = "api://cartd";
  options.issuer = "https://cartd.local/";
  options.ttl = std::chrono::seconds(60);
  options.now = kNow;
  const std::string token = "Bearer " + MintHs256Token(options, kSecret);

  VerifierOptions verifier_options;
  verifier_options.audience = "api://cartd";
  verifier_options.issuer = "https://cartd.local/";
  verifier_options.clock_skew = std::chrono::seconds(0);
  const auto verifier = Verifier(verifier_options);
  EXPECT_TRUE(verifier->Verify(token, kNow + std::chrono::seconds(60)).ok());
  EXPECT_EQ(verifier->Verify(token, kNow + std::chrono::seconds(61)).status().code(),
            ErrorCode::kInvalidToken);
  // The default audience does not accept it.
  EXPECT_EQ(Verifier()->Verify(token, kNow).status().code(), ErrorCode::kInvalidToken);
}

TEST(MintHs256TokenTest, TokenSignedWithAnotherSecretIsRefused) {
  MintOptions options;
  options.tenant = kTenant;
  options.user_object_id = kUser;
  options.now = kNow;
  const std::string token = MintHs256Token(options, "some-other-secret-of-32-bytes!!!");
  const StatusOr<Principal> principal = Verifier()->Verify("Bearer " + token, kNow);
  EXPECT_EQ(principal.status().code(), ErrorCode::kInvalidToken);
  EXPECT_EQ(principal.status().message(), "HS256 signature does not verify");
}

}  // namespace
}  // namespace cartd::auth
