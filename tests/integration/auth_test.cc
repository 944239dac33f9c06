// The token matrix over real HTTP (SPEC §5 "Identity"): what gets in, what gets 401 and with
// which code. Reasons go to the log only; the body always says the same.
#include <gtest/gtest.h>

#include <fstream>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"
#include "tests/testing/test_tokens.h"

namespace cartd::test {
namespace {

using auth::testing::MakeJwks;
using auth::testing::SharedRsaKey;
using auth::testing::SignHs256;
using auth::testing::SignRs256;

constexpr char kAudience[] = "https://api.partnercenter.microsoft.com";

std::int64_t Seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// A claims set around `now`; `extra` is spliced in (",\"k\":v").
std::string Claims(Timestamp now, const std::string& audience = kAudience,
                   std::int64_t exp_offset = 3600, const std::string& extra = "") {
  return R"({"tid":")" + std::string(demo::kPartnerTenant) + R"(","aud":")" + audience +
         R"(","oid":")" + demo::kUser + R"(","scp":"user_impersonation","iat":)" +
         std::to_string(Seconds(now)) + R"(,"exp":)" + std::to_string(Seconds(now) + exp_offset) +
         extra + "}";
}

class AuthTest : public CartdTest {
 protected:
  int Status(const std::string& token) {
    return Call("GET", CartPath(demo::kSeedCart), "", token).status;
  }
  int Code(const std::string& token) {
    const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", token);
    const auto fault = partnercenter::ParseApiFault(r.body);
    return fault.ok() ? fault->code : 0;
  }
  std::string Hs256(const std::string& claims) {
    return SignHs256(R"({"alg":"HS256","typ":"JWT"})", claims, node_->dev_signing_key());
  }
};

TEST_F(AuthTest, AValidDevTokenGetsIn) { EXPECT_EQ(Status(Token()), 200); }

TEST_F(AuthTest, NotAJwt) {
  EXPECT_EQ(Status("not-a-jwt"), 401);
  EXPECT_EQ(Code("not-a-jwt"), 900420);
  EXPECT_EQ(Code("a.b.c"), 900420);
  EXPECT_EQ(Code("!!!.###.$$$"), 900420);
}

TEST_F(AuthTest, OtherSchemesAreInvalid) {
  const HttpResult r =
      Call("GET", CartPath(demo::kSeedCart), "", "", {{"Authorization", "Basic dXNlcjpwYXNz"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(partnercenter::ParseApiFault(r.body)->code, 900420);
}

TEST_F(AuthTest, BadSignature) {
  const std::string token =
      SignHs256(R"({"alg":"HS256"})", Claims(clock_.Now()), "not the node's key");
  EXPECT_EQ(Status(token), 401);
  EXPECT_EQ(Code(token), 900420);
}

TEST_F(AuthTest, WrongAudience) {
  // The audience Partner Center stopped accepting in 2025.
  EXPECT_EQ(Code(Hs256(Claims(clock_.Now(), "https://graph.windows.net"))), 900420);
}

TEST_F(AuthTest, ExpiredBeyondTheSkew) {
  EXPECT_EQ(Status(Hs256(Claims(clock_.Now(), kAudience, -299))), 200);  // within 5 minutes
  EXPECT_EQ(Code(Hs256(Claims(clock_.Now(), kAudience, -301))), 900420);
}

TEST_F(AuthTest, NotYetValid) {
  const std::int64_t now = Seconds(clock_.Now());
  EXPECT_EQ(
      Code(Hs256(Claims(clock_.Now(), kAudience, 3600, ",\"nbf\":" + std::to_string(now + 301)))),
      900420);
  EXPECT_EQ(
      Status(Hs256(Claims(clock_.Now(), kAudience, 3600, ",\"nbf\":" + std::to_string(now + 299)))),
      200);
}

TEST_F(AuthTest, AlgNoneIsRefused) {
  // An unsigned token: header and claims, and an empty signature.
  const std::string unsigned_token =
      auth::testing::SigningInput(R"({"alg":"none","typ":"JWT"})", Claims(clock_.Now())) + ".";
  EXPECT_EQ(Code(unsigned_token), 900420);
}

TEST_F(AuthTest, TokensOverEightKibAreRefused) {
  const std::string padding = ",\"pad\":\"" + std::string(8 * 1024, 'x') + "\"";
  EXPECT_EQ(Code(Hs256(Claims(clock_.Now(), kAudience, 3600, padding))), 900420);
}

TEST_F(AuthTest, AppOnlyAndAppPlusUser) {
  const std::string body =
      R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
      R"("billingCycle":"monthly","termDuration":"P1M"}]})";
  const std::string app = "0f1e2d3c-4b5a-4697-8877-665544332211";
  const HttpResult app_only = Call("POST", CartsPath(), body, Token(demo::kPartnerTenant, "", app));
  ASSERT_EQ(app_only.status, 201) << app_only.body;
  EXPECT_EQ(partnercenter::ParseCart(app_only.body)->last_modified_user, app);
  const HttpResult app_user = Call("POST", CartsPath(), body, Token());
  ASSERT_EQ(app_user.status, 201);
  EXPECT_EQ(partnercenter::ParseCart(app_user.body)->last_modified_user, demo::kUser);
}

// A node that trusts RS256 keys from a JWKS file, and nothing else.
class JwksAuthTest : public AuthTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    const std::filesystem::path jwks = data_dir_ / "jwks.json";
    std::ofstream(jwks) << MakeJwks({SharedRsaKey(0).Jwk("key-1"), SharedRsaKey(1).Jwk("key-2")});
    options.jwks_file = jwks;
    return options;
  }
  std::string Rs256(const std::string& kid, int key_index, const std::string& claims) {
    return SignRs256(R"({"alg":"RS256","typ":"JWT","kid":")" + kid + "\"}", claims,
                     SharedRsaKey(key_index));
  }
};

TEST_F(JwksAuthTest, Rs256TokensFromTheJwksGetIn) {
  EXPECT_EQ(Status(Rs256("key-1", 0, Claims(clock_.Now()))), 200);
  EXPECT_EQ(Status(Rs256("key-2", 1, Claims(clock_.Now()))), 200);
}

TEST_F(JwksAuthTest, UnknownKid) {
  EXPECT_EQ(Code(Rs256("key-9", 0, Claims(clock_.Now()))), 900420);
}

TEST_F(JwksAuthTest, SignedByAnotherKeyThanTheKidSays) {
  EXPECT_EQ(Code(Rs256("key-1", 1, Claims(clock_.Now()))), 900420);
}

TEST_F(JwksAuthTest, AlgorithmConfusionIsRefused) {
  // HS256 "signed" with the RSA public key as the HMAC secret: a classic attack on verifiers that
  // let the token choose the algorithm.
  const std::string forged = SignHs256(R"({"alg":"HS256","kid":"key-1"})", Claims(clock_.Now()),
                                       SharedRsaKey(0).PublicKeyPem());
  EXPECT_EQ(Code(forged), 900420);
  EXPECT_TRUE(node_->dev_signing_key().empty()) << "no dev key with a JWKS";
}

}  // namespace
}  // namespace cartd::test
