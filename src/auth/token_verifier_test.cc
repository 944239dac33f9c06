#include "auth/token_verifier.h"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <thread>
#include <vector>

#include "auth/base64url.h"
#include "auth/hs256.h"
#include "tests/testing/test_tokens.h"

namespace cartd::auth {
namespace {

using testing::MakeJwks;
using testing::SharedRsaKey;
using testing::SignHs256;
using testing::SigningInput;
using testing::SignRs256;

constexpr char kSecret[] = "test-secret-of-thirty-two-bytes!";
constexpr char kTenant[] = "4f3c2e1d-0b9a-4876-9543-210fedcba987";
constexpr char kUser[] = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
constexpr char kHs256Header[] = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::int64_t kNow = 1717200000;  // 2024-06-01T00:00:00Z

Timestamp At(std::int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

std::string Rs256Header(std::string_view kid) {
  return R"({"alg":"RS256","typ":"JWT","kid":")" + std::string(kid) + R"("})";
}

// A valid App+User payload as of kNow.
boost::json::object UserClaims() {
  return boost::json::object{{"aud", "https://api.partnercenter.microsoft.com"},
                             {"iss", "https://sts.windows.net/issuer/"},
                             {"tid", kTenant},
                             {"oid", kUser},
                             {"scp", "user_impersonation"},
                             {"appid", "app-1"},
                             {"nbf", kNow - 60},
                             {"exp", kNow + 3600}};
}

// A valid App-only payload as of kNow.
boost::json::object AppClaims() {
  boost::json::object claims = UserClaims();
  claims.erase("oid");
  claims.erase("scp");
  return claims;
}

std::string Hs256(const boost::json::object& claims, std::string_view secret = kSecret) {
  return SignHs256(kHs256Header, boost::json::serialize(claims), secret);
}

std::string Rs256(const boost::json::object& claims, std::string_view kid = "k0",
                  int key_index = 0) {
  return SignRs256(Rs256Header(kid), boost::json::serialize(claims), SharedRsaKey(key_index));
}

std::string Bearer(std::string_view token) { return "Bearer " + std::string(token); }

std::unique_ptr<TokenVerifier> MakeVerifier(std::string secret, std::string jwks,
                                            VerifierOptions options = {}) {
  StatusOr<std::unique_ptr<TokenVerifier>> verifier =
      TokenVerifier::Create(std::move(options), std::move(secret), std::move(jwks));
  EXPECT_TRUE(verifier.ok()) << verifier.status().ToString();
  return verifier.ok() ? std::move(*verifier) : nullptr;
}

std::unique_ptr<TokenVerifier> Hs256Verifier(VerifierOptions options = {}) {
  return MakeVerifier(kSecret, "", std::move(options));
}

std::unique_ptr<TokenVerifier> Rs256Verifier() {
  return MakeVerifier("", MakeJwks({SharedRsaKey(0).Jwk("k0"), SharedRsaKey(1).Jwk("k1")}));
}

// Asserts the exact code and a fragment of the message, and that the message does not leak the
// token (none of its parts appears in it).
void ExpectRejected(const TokenVerifier& verifier, std::string_view authorization, ErrorCode code,
                    std::string_view fragment, Timestamp now = At(kNow)) {
  const StatusOr<Principal> principal = verifier.Verify(authorization, now);
  ASSERT_EQ(principal.status().code(), code)
      << "got " << principal.status().ToString() << " for " << authorization.substr(0, 200);
  const std::string message = principal.status().message();
  EXPECT_NE(message.find(fragment), std::string::npos) << message;
  std::string_view token = authorization;
  if (const std::size_t space = token.find(' '); space != std::string_view::npos) {
    token.remove_prefix(space + 1);
  }
  while (!token.empty()) {
    const std::size_t dot = token.find('.');
    const std::string_view part = token.substr(0, dot);
    if (part.size() >= 8) {
      EXPECT_EQ(message.find(part), std::string::npos) << message;
    }
    if (dot == std::string_view::npos) break;
    token.remove_prefix(dot + 1);
  }
}

void ExpectInvalid(const TokenVerifier& verifier, std::string_view authorization,
                   std::string_view fragment, Timestamp now = At(kNow)) {
  ExpectRejected(verifier, authorization, ErrorCode::kInvalidToken, fragment, now);
}

Principal ExpectAccepted(const TokenVerifier& verifier, std::string_view authorization,
                         Timestamp now = At(kNow)) {
  StatusOr<Principal> principal = verifier.Verify(authorization, now);
  EXPECT_TRUE(principal.ok()) << principal.status().ToString();
  return principal.ok() ? *principal : Principal{};
}

// --- Creation ---

TEST(TokenVerifierCreateTest, NeedsAtLeastOneKey) {
  const auto verifier = TokenVerifier::Create({}, "", "");
  EXPECT_EQ(verifier.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(verifier.status().message().find("no token verification key"), std::string::npos);
}

TEST(TokenVerifierCreateTest, RefusesABadJwks) {
  const auto verifier = TokenVerifier::Create({}, kSecret, R"({"keys":"none"})");
  EXPECT_EQ(verifier.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(verifier.status().message().find("\"keys\" array"), std::string::npos);
}

// --- The Authorization header ---

TEST(TokenVerifierTest, MissingOrBlankHeaderIsMissingToken) {
  const auto verifier = Hs256Verifier();
  ExpectRejected(*verifier, "", ErrorCode::kMissingToken, "missing or blank");
  ExpectRejected(*verifier, "  \t ", ErrorCode::kMissingToken, "missing or blank");
  ExpectRejected(*verifier, "Bearer ", ErrorCode::kMissingToken, "Bearer token is blank");
  ExpectRejected(*verifier, "Bearer", ErrorCode::kMissingToken, "Bearer token is blank");
}

TEST(TokenVerifierTest, AnotherSchemeIsInvalidToken) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier, "Basic x", "scheme is not Bearer");
  ExpectInvalid(*verifier, "Basic " + Hs256(UserClaims()), "scheme is not Bearer");
}

TEST(TokenVerifierTest, SchemeIsCaseInsensitive) {
  const auto verifier = Hs256Verifier();
  const Principal principal = ExpectAccepted(*verifier, "bEaReR  " + Hs256(UserClaims()));
  EXPECT_EQ(principal.partner_tenant, kTenant);
}

// --- Token structure ---

TEST(TokenVerifierTest, TokenMustHaveThreeParts) {
  const auto verifier = Hs256Verifier();
  const std::string token = Hs256(UserClaims());
  const std::string two_parts = token.substr(0, token.rfind('.'));
  ExpectInvalid(*verifier, Bearer("abc"), "three dot-separated parts");
  ExpectInvalid(*verifier, Bearer(two_parts), "three dot-separated parts");
  ExpectInvalid(*verifier, Bearer(token + ".extra"), "three dot-separated parts");
  ExpectInvalid(*verifier, Bearer(token + "."), "three dot-separated parts");
}

TEST(TokenVerifierTest, PartsMustBeUnpaddedBase64Url) {
  const auto verifier = Hs256Verifier();
  const std::string payload = boost::json::serialize(UserClaims());

  // Header: padded, and with the standard alphabet's '+'.
  ExpectInvalid(*verifier,
                Bearer(Base64UrlEncode(kHs256Header) + "=." + Base64UrlEncode(payload) + ".c2ln"),
                "JWS header is not valid base64url");
  ExpectInvalid(*verifier, Bearer("eyJ+." + Base64UrlEncode(payload) + ".c2ln"),
                "JWS header is not valid base64url");

  // Payload: correctly signed (the signature covers the encoded text), but not base64url.
  const std::string bad_payload_input = Base64UrlEncode(kHs256Header) + ".eyJ+";
  ExpectInvalid(
      *verifier,
      Bearer(bad_payload_input + "." + Base64UrlEncode(HmacSha256(kSecret, bad_payload_input))),
      "JWS payload is not valid base64url");

  // Signature: padding is refused, not tolerated.
  const std::string token = Hs256(UserClaims());
  ExpectInvalid(*verifier, Bearer(token + "="), "JWS signature is not valid base64url");
  ExpectInvalid(*verifier, Bearer(token.substr(0, token.rfind('.') + 1) + "!!!!"),
                "JWS signature is not valid base64url");
}

TEST(TokenVerifierTest, HeaderMustBeAJsonObject) {
  const auto verifier = Hs256Verifier();
  const std::string payload = boost::json::serialize(UserClaims());
  ExpectInvalid(*verifier, Bearer(SignHs256("not json", payload, kSecret)),
                "JWS header is not a JSON object");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"(["HS256"])", payload, kSecret)),
                "JWS header is not a JSON object");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"alg":"HS256")", payload, kSecret)),
                "JWS header is not a JSON object");
}

TEST(TokenVerifierTest, PayloadMustBeAJsonObject) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier, Bearer(SignHs256(kHs256Header, "not json", kSecret)),
                "JWS payload is not a JSON object");
  ExpectInvalid(*verifier, Bearer(SignHs256(kHs256Header, "[1,2]", kSecret)),
                "JWS payload is not a JSON object");
  ExpectInvalid(*verifier, Bearer(SignHs256(kHs256Header, R"({"tid":)", kSecret)),
                "JWS payload is not a JSON object");
}

// --- Algorithms ---

TEST(TokenVerifierTest, AlgNoneIsRefusedInAnyCase) {
  const auto verifier = MakeVerifier(kSecret, MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  const std::string payload = boost::json::serialize(UserClaims());
  for (const char* alg : {"none", "NONE", "None", "nOnE"}) {
    const std::string header = R"({"alg":")" + std::string(alg) + R"("})";
    ExpectInvalid(*verifier, Bearer(SigningInput(header, payload) + "."),
                  "alg \"none\" (unsigned token) is not accepted");
    ExpectInvalid(*verifier, Bearer(SignHs256(header, payload, kSecret)),
                  "alg \"none\" (unsigned token) is not accepted");
  }
}

TEST(TokenVerifierTest, OtherAlgorithmsAreRefused) {
  const auto verifier = MakeVerifier(kSecret, MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  const std::string payload = boost::json::serialize(UserClaims());
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"alg":"HS512"})", payload, kSecret)),
                "unsupported alg \"HS512\"");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"alg":"hs256"})", payload, kSecret)),
                "unsupported alg \"hs256\"");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"alg":"ES256"})", payload, kSecret)),
                "unsupported alg \"ES256\"");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"typ":"JWT"})", payload, kSecret)),
                "JWS header has no alg string");
  ExpectInvalid(*verifier, Bearer(SignHs256(R"({"alg":256})", payload, kSecret)),
                "JWS header has no alg string");
}

TEST(TokenVerifierTest, CriticalHeaderExtensionsAreRefused) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier,
                Bearer(SignHs256(R"({"alg":"HS256","crit":["exp"],"exp":1})",
                                 boost::json::serialize(UserClaims()), kSecret)),
                "crit");
}

// --- HS256 ---

TEST(TokenVerifierTest, Hs256ValidAppUserToken) {
  const auto verifier = Hs256Verifier();
  const Principal principal = ExpectAccepted(*verifier, Bearer(Hs256(UserClaims())));
  EXPECT_EQ(principal.partner_tenant, kTenant);
  EXPECT_EQ(principal.user_object_id, kUser);
  EXPECT_EQ(principal.app_id, "app-1");
  EXPECT_FALSE(principal.app_only);
  EXPECT_EQ(principal.Actor(), kUser);
}

TEST(TokenVerifierTest, Hs256WrongSecretIsRefused) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims(), "another-secret-of-32-bytes-long!")),
                "HS256 signature does not verify");
  // A truncated MAC (30 of 32 bytes, still valid base64url) is refused too.
  const std::string token = Hs256(UserClaims());
  ExpectInvalid(*verifier, Bearer(token.substr(0, token.size() - 3)),
                "HS256 signature does not verify");
}

TEST(TokenVerifierTest, Hs256TamperedPayloadIsRefused) {
  const auto verifier = Hs256Verifier();
  const std::string token = Hs256(UserClaims());
  boost::json::object other = UserClaims();
  other["tid"] = "00000000-0000-4000-8000-000000000000";
  const std::string tampered = Hs256(other);
  const std::string forged =
      tampered.substr(0, tampered.rfind('.')) + token.substr(token.rfind('.'));
  ExpectInvalid(*verifier, Bearer(forged), "HS256 signature does not verify");
}

TEST(TokenVerifierTest, Hs256IsRefusedWhenOnlyAJwksIsConfigured) {
  // Algorithm confusion: the attacker knows the RSA public key and uses it as an HMAC secret.
  const auto verifier = Rs256Verifier();
  const std::string pem = SharedRsaKey(0).PublicKeyPem();
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims(), pem)),
                "HS256 tokens are not accepted (no HS256 secret configured)");
  ExpectInvalid(
      *verifier,
      Bearer(SignHs256(R"({"alg":"HS256","kid":"k0"})", boost::json::serialize(UserClaims()), pem)),
      "HS256 tokens are not accepted (no HS256 secret configured)");
}

TEST(TokenVerifierTest, PublicKeyAsHmacSecretFailsEvenWithBothAlgorithmsConfigured) {
  const auto verifier = MakeVerifier(kSecret, MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims(), SharedRsaKey(0).PublicKeyPem())),
                "HS256 signature does not verify");
}

// --- RS256 ---

TEST(TokenVerifierTest, Rs256ValidTokenSelectedByKid) {
  const auto verifier = Rs256Verifier();
  const Principal from_k0 = ExpectAccepted(*verifier, Bearer(Rs256(UserClaims(), "k0", 0)));
  EXPECT_EQ(from_k0.partner_tenant, kTenant);
  EXPECT_EQ(from_k0.user_object_id, kUser);
  EXPECT_FALSE(from_k0.app_only);
  const Principal from_k1 = ExpectAccepted(*verifier, Bearer(Rs256(AppClaims(), "k1", 1)));
  EXPECT_EQ(from_k1.partner_tenant, kTenant);
  EXPECT_EQ(from_k1.app_id, "app-1");
  EXPECT_TRUE(from_k1.app_only);
}

TEST(TokenVerifierTest, Rs256UnknownKidIsRefused) {
  const auto verifier = Rs256Verifier();
  ExpectInvalid(*verifier, Bearer(Rs256(UserClaims(), "k9", 0)), "unknown kid \"k9\"");
}

TEST(TokenVerifierTest, Rs256SignedWithAnotherKeyIsRefused) {
  const auto verifier = Rs256Verifier();
  ExpectInvalid(*verifier, Bearer(Rs256(UserClaims(), "k0", 1)), "RS256 signature does not verify");
}

TEST(TokenVerifierTest, Rs256TamperedPayloadIsRefused) {
  const auto verifier = Rs256Verifier();
  const std::string token = Rs256(UserClaims());
  boost::json::object other = UserClaims();
  other["oid"] = "00000000-0000-4000-8000-000000000000";
  const std::string tampered = Base64UrlEncode(boost::json::serialize(other));
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot = token.find('.', first_dot + 1);
  const std::string forged = token.substr(0, first_dot + 1) + tampered + token.substr(second_dot);
  ExpectInvalid(*verifier, Bearer(forged), "RS256 signature does not verify");
}

TEST(TokenVerifierTest, Rs256WithoutKidNeedsASingleKey) {
  const std::string payload = boost::json::serialize(UserClaims());
  const std::string token = SignRs256(R"({"alg":"RS256"})", payload, SharedRsaKey(0));
  const auto single = MakeVerifier("", MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  EXPECT_EQ(ExpectAccepted(*single, Bearer(token)).user_object_id, kUser);
  const auto two = Rs256Verifier();
  ExpectInvalid(*two, Bearer(token), "token has no kid and the JWKS holds 2 keys");
}

TEST(TokenVerifierTest, Rs256IsRefusedWhenOnlyAnHs256SecretIsConfigured) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier, Bearer(Rs256(UserClaims())),
                "RS256 tokens are not accepted (no JWKS configured)");
}

TEST(TokenVerifierTest, BothAlgorithmsWhenBothAreConfigured) {
  const auto verifier = MakeVerifier(kSecret, MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(UserClaims()))).user_object_id, kUser);
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Rs256(UserClaims()))).user_object_id, kUser);
}

// --- Claims ---

TEST(TokenVerifierTest, WrongAudienceIsRefused) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims["aud"] = "https://graph.windows.net";
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "aud claim \"https://graph.windows.net\" is not the configured audience");
  claims.erase("aud");
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "aud claim is missing");
}

TEST(TokenVerifierTest, AudienceArrayMustContainTheConfiguredAudience) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims["aud"] =
      boost::json::array{"https://graph.windows.net", 7, "https://api.partnercenter.microsoft.com"};
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).partner_tenant, kTenant);
  claims["aud"] = boost::json::array{"https://graph.windows.net"};
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "aud claim array does not contain the configured audience");
}

TEST(TokenVerifierTest, ConfiguredAudienceReplacesTheDefault) {
  VerifierOptions options;
  options.audience = "api://cartd";
  const auto verifier = Hs256Verifier(options);
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims())), "is not the configured audience");
  boost::json::object claims = UserClaims();
  claims["aud"] = "api://cartd";
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).partner_tenant, kTenant);
}

TEST(TokenVerifierTest, ExpiredBeyondSkewIsRefusedWithinSkewAccepted) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims["exp"] = kNow - 301;
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "token expired");
  claims["exp"] = kNow - 299;
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).user_object_id, kUser);
  claims.erase("exp");
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "exp claim is missing");
}

TEST(TokenVerifierTest, NotBeforeBeyondSkewIsRefusedWithinSkewAccepted) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims["nbf"] = kNow + 301;
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "token not yet valid");
  claims["nbf"] = kNow + 299;
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).user_object_id, kUser);
  claims.erase("nbf");
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).user_object_id, kUser);
}

TEST(TokenVerifierTest, ConfiguredSkewIsHonoured) {
  VerifierOptions options;
  options.clock_skew = std::chrono::seconds(0);
  const auto verifier = Hs256Verifier(options);
  boost::json::object claims = UserClaims();
  claims["exp"] = kNow - 1;
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "token expired (exp 1717199999, now 1717200000, skew 0 s)");
}

TEST(TokenVerifierTest, IssuerIsCheckedWhenConfigured) {
  VerifierOptions options;
  options.issuer = "https://sts.windows.net/issuer/";
  const auto verifier = Hs256Verifier(options);
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(UserClaims()))).user_object_id, kUser);
  boost::json::object claims = UserClaims();
  claims["iss"] = "https://evil.example/";
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "iss claim \"https://evil.example/\" is not the configured issuer");
  // Without a configured issuer the same token is accepted.
  EXPECT_EQ(ExpectAccepted(*Hs256Verifier(), Bearer(Hs256(claims))).user_object_id, kUser);
}

TEST(TokenVerifierTest, TenantIsRequiredAndMustBeAGuid) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims.erase("tid");
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "tid claim is missing");
  claims["tid"] = "contoso.onmicrosoft.com";
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "tid claim \"contoso.onmicrosoft.com\" is not a GUID");
  claims["tid"] = "4F3C2E1D-0B9A-4876-9543-210FEDCBA987";
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(Hs256(claims))).partner_tenant, kTenant);
}

TEST(TokenVerifierTest, AppUserTokenWithoutOidIsRefused) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = UserClaims();
  claims.erase("oid");
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "oid claim is missing (App+User token)");
  claims["oid"] = "";
  ExpectInvalid(*verifier, Bearer(Hs256(claims)), "oid claim is missing (App+User token)");
}

TEST(TokenVerifierTest, AppOnlyTokenWithAppid) {
  const auto verifier = Hs256Verifier();
  const Principal principal = ExpectAccepted(*verifier, Bearer(Hs256(AppClaims())));
  EXPECT_EQ(principal.partner_tenant, kTenant);
  EXPECT_EQ(principal.app_id, "app-1");
  EXPECT_EQ(principal.user_object_id, "");
  EXPECT_TRUE(principal.app_only);
  EXPECT_EQ(principal.Actor(), "app-1");
}

TEST(TokenVerifierTest, AppOnlyTokenWithAzpOnly) {
  const auto verifier = Hs256Verifier();
  boost::json::object claims = AppClaims();
  claims.erase("appid");
  claims["azp"] = "app-from-azp";
  const Principal principal = ExpectAccepted(*verifier, Bearer(Hs256(claims)));
  EXPECT_EQ(principal.app_id, "app-from-azp");
  EXPECT_TRUE(principal.app_only);
  claims.erase("azp");
  ExpectInvalid(*verifier, Bearer(Hs256(claims)),
                "App-only token has neither an appid nor an azp claim");
}

// --- Size limit ---

// An HS256 token of exactly `length` bytes (padded through an extra claim).
std::string Hs256TokenOfLength(std::size_t length) {
  for (std::size_t pad = 0; pad < length; ++pad) {
    boost::json::object claims = UserClaims();
    claims["pad"] = std::string(pad, 'p');
    std::string token = Hs256(claims);
    if (token.size() == length) return token;
    if (token.size() > length) break;
  }
  ADD_FAILURE() << "no token of length " << length;
  return "";
}

TEST(TokenVerifierTest, TokensOverTheLimitAreRefusedBeforeParsing) {
  const auto verifier = Hs256Verifier();
  const std::string at_limit = Hs256TokenOfLength(8192);
  EXPECT_EQ(ExpectAccepted(*verifier, Bearer(at_limit)).user_object_id, kUser);
  const std::string over_limit = Hs256TokenOfLength(8193);
  ExpectInvalid(*verifier, Bearer(over_limit), "token is longer than 8192 bytes");
  ExpectInvalid(*verifier, Bearer(std::string(8193, 'a')), "token is longer than 8192 bytes");
}

TEST(TokenVerifierTest, ConfiguredTokenLimitIsHonoured) {
  VerifierOptions options;
  options.max_token_bytes = 100;
  const auto verifier = Hs256Verifier(options);
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims())), "token is longer than 100 bytes");
}

// --- Cache ---

TEST(TokenVerifierTest, CacheHitStillRejectsOnceExpired) {
  const auto verifier = Hs256Verifier();
  const std::string token = Bearer(Hs256(UserClaims()));  // exp = kNow + 3600
  EXPECT_EQ(ExpectAccepted(*verifier, token).user_object_id, kUser);
  EXPECT_EQ(verifier->cached_tokens(), 1u);
  EXPECT_EQ(ExpectAccepted(*verifier, token, At(kNow + 3600 + 300)).user_object_id, kUser);
  EXPECT_EQ(verifier->cached_tokens(), 1u) << "the second call is a hit, not a new entry";
  ExpectInvalid(*verifier, token, "token expired", At(kNow + 3600 + 301));
}

TEST(TokenVerifierTest, CacheHitStillRejectsBeforeNotBefore) {
  const auto verifier = Hs256Verifier();
  const std::string token = Bearer(Hs256(UserClaims()));  // nbf = kNow - 60
  EXPECT_EQ(ExpectAccepted(*verifier, token).user_object_id, kUser);
  EXPECT_EQ(verifier->cached_tokens(), 1u);
  ExpectInvalid(*verifier, token, "token not yet valid", At(kNow - 60 - 301));
}

TEST(TokenVerifierTest, RefusedTokensAreNotCached) {
  const auto verifier = Hs256Verifier();
  ExpectInvalid(*verifier, Bearer(Hs256(UserClaims(), "another-secret-of-32-bytes-long!")),
                "HS256 signature does not verify");
  boost::json::object claims = UserClaims();
  claims["nbf"] = kNow - 2000;
  claims["exp"] = kNow - 1000;
  const std::string expired = Bearer(Hs256(claims));
  ExpectInvalid(*verifier, expired, "token expired");
  EXPECT_EQ(verifier->cached_tokens(), 0u);
  // Had the expired token been cached, verifying it "earlier" would now succeed from the cache;
  // it is verified afresh and accepted on its own merits instead.
  EXPECT_EQ(ExpectAccepted(*verifier, expired, At(kNow - 1000)).user_object_id, kUser);
}

TEST(TokenVerifierTest, DisabledCacheStillVerifies) {
  VerifierOptions options;
  options.cache_max_entries = 0;
  const auto verifier = Hs256Verifier(options);
  const std::string token = Bearer(Hs256(UserClaims()));
  EXPECT_EQ(ExpectAccepted(*verifier, token).user_object_id, kUser);
  EXPECT_EQ(ExpectAccepted(*verifier, token).user_object_id, kUser);
  EXPECT_EQ(verifier->cached_tokens(), 0u);
}

TEST(TokenVerifierTest, ConcurrentVerificationsAreConsistent) {
  const auto verifier = MakeVerifier(kSecret, MakeJwks({SharedRsaKey(0).Jwk("k0")}));
  std::vector<std::string> tokens;
  std::vector<std::string> users;
  for (int i = 0; i < 8; ++i) {
    boost::json::object claims = UserClaims();
    const std::string user = "user-" + std::to_string(i);
    claims["oid"] = user;
    tokens.push_back(Bearer(i % 2 == 0 ? Hs256(claims) : Rs256(claims)));
    users.push_back(user);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        const std::size_t i = static_cast<std::size_t>(t + round) % tokens.size();
        const StatusOr<Principal> principal = verifier->Verify(tokens[i], At(kNow));
        ASSERT_TRUE(principal.ok()) << principal.status().ToString();
        EXPECT_EQ(principal->user_object_id, users[i]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(verifier->cached_tokens(), tokens.size());
}

}  // namespace
}  // namespace cartd::auth
