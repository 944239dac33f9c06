#include "auth/jwks.h"

#include <gtest/gtest.h>

#include <string>

#include "auth/base64url.h"
#include "tests/testing/test_tokens.h"

namespace cartd::auth {
namespace {

using testing::MakeJwks;
using testing::SharedRsaKey;

std::string RsaJwk(std::string_view n_b64, std::string_view e_b64, std::string_view extra = "") {
  return R"({"kty":"RSA",)" + std::string(extra) + R"("n":")" + std::string(n_b64) + R"(","e":")" +
         std::string(e_b64) + R"("})";
}

void ExpectInvalid(std::string_view json, std::string_view fragment) {
  const StatusOr<Jwks> jwks = Jwks::Parse(json);
  ASSERT_EQ(jwks.status().code(), ErrorCode::kInvalidInput) << json;
  EXPECT_NE(jwks.status().message().find(fragment), std::string::npos) << jwks.status().message();
}

TEST(JwksTest, SelectsKeysByKid) {
  const auto& key0 = SharedRsaKey(0);
  const auto& key1 = SharedRsaKey(1);
  StatusOr<Jwks> jwks = Jwks::Parse(MakeJwks({key0.Jwk("k0"), key1.Jwk("k1")}));
  ASSERT_TRUE(jwks.ok()) << jwks.status().ToString();
  EXPECT_EQ(jwks->size(), 2u);

  const RsaPublicKey* selected0 = jwks->Select("k0");
  const RsaPublicKey* selected1 = jwks->Select("k1");
  ASSERT_NE(selected0, nullptr);
  ASSERT_NE(selected1, nullptr);
  EXPECT_EQ(selected0->bits(), 2048);
  EXPECT_TRUE(selected0->VerifyRs256("data", key0.SignRs256("data")));
  EXPECT_FALSE(selected0->VerifyRs256("data", key1.SignRs256("data")));
  EXPECT_TRUE(selected1->VerifyRs256("data", key1.SignRs256("data")));
  EXPECT_FALSE(selected1->VerifyRs256("other data", key1.SignRs256("data")));

  EXPECT_EQ(jwks->Select("k2"), nullptr);
  EXPECT_EQ(jwks->Select("K0"), nullptr);
  EXPECT_EQ(jwks->Select(std::nullopt), nullptr) << "no kid is ambiguous among two keys";
}

TEST(JwksTest, WithoutKidTheOnlyKeyIsSelected) {
  StatusOr<Jwks> jwks = Jwks::Parse(MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  ASSERT_TRUE(jwks.ok()) << jwks.status().ToString();
  EXPECT_EQ(jwks->Select(std::nullopt), jwks->Select("k0"));
  EXPECT_NE(jwks->Select(std::nullopt), nullptr);
}

TEST(JwksTest, SkipsKeysThatAreNotRsaSigningKeys) {
  const auto& key0 = SharedRsaKey(0);
  const std::string n = Base64UrlEncode(key0.Modulus());
  const std::string e = Base64UrlEncode(key0.Exponent());
  StatusOr<Jwks> jwks = Jwks::Parse(MakeJwks({
      R"({"kty":"EC","crv":"P-256","kid":"ec","x":"AA","y":"AA"})",
      RsaJwk(n, e, R"("kid":"enc","use":"enc",)"),
      RsaJwk(n, e, R"("kid":"rs512","alg":"RS512",)"),
      RsaJwk(n, e, R"("kid":"sig","use":"sig",)"),
  }));
  ASSERT_TRUE(jwks.ok()) << jwks.status().ToString();
  EXPECT_EQ(jwks->size(), 1u);
  EXPECT_NE(jwks->Select("sig"), nullptr);
  EXPECT_EQ(jwks->Select("enc"), nullptr);
  EXPECT_EQ(jwks->Select("rs512"), nullptr);
  EXPECT_EQ(jwks->Select("ec"), nullptr);
}

TEST(JwksTest, RefusesDocumentsThatAreNotAKeySet) {
  ExpectInvalid("", "not valid JSON");
  ExpectInvalid("{\"keys\":[", "not valid JSON");
  ExpectInvalid("[]", "\"keys\" array");
  ExpectInvalid(R"({"keys":{}})", "\"keys\" array");
  ExpectInvalid(R"({"keys":[1]})", "JWKS key 0 is not a JSON object");
  ExpectInvalid(R"({"keys":[]})", "no RSA signing key");
  ExpectInvalid(R"({"keys":[{"kty":"EC"}]})", "no RSA signing key");
}

TEST(JwksTest, RefusesMalformedRsaKeys) {
  const auto& key0 = SharedRsaKey(0);
  const std::string n = Base64UrlEncode(key0.Modulus());
  const std::string e = Base64UrlEncode(key0.Exponent());
  ExpectInvalid(MakeJwks({R"({"kty":"RSA","e":"AQAB"})"}), "\"n\" must be a base64url string");
  ExpectInvalid(MakeJwks({RsaJwk(n + "=", e)}), "\"n\" is not valid base64url");
  ExpectInvalid(MakeJwks({RsaJwk(n, "")}), "\"e\" is not valid base64url");
  ExpectInvalid(MakeJwks({R"({"kty":"RSA","kid":7,"n":"AQAB","e":"AQAB"})"}),
                "kty, use, alg and kid must be strings");
  ExpectInvalid(MakeJwks({key0.Jwk("same"), SharedRsaKey(1).Jwk("same")}),
                "kid \"same\" is used twice");
}

TEST(JwksTest, RefusesWeakRsaKeys) {
  const testing::TestRsaKey small(1024);
  ExpectInvalid(MakeJwks({small.Jwk("small")}), "1024 bits is shorter than the 2048 bits");
  // With e = 1 the padded digest is its own signature: anyone could forge tokens.
  ExpectInvalid(MakeJwks({RsaJwk(Base64UrlEncode(SharedRsaKey(0).Modulus()), "AQ")}),
                "do not form a valid RSA public key");
  // An even modulus cannot be a product of two odd primes.
  std::string even = SharedRsaKey(0).Modulus();
  even.back() = static_cast<char>(even.back() & ~1);
  ExpectInvalid(MakeJwks({RsaJwk(Base64UrlEncode(even), "AQAB")}),
                "do not form a valid RSA public key");
}

}  // namespace
}  // namespace cartd::auth
