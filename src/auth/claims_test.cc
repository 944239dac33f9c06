#include "auth/claims.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>

namespace cartd::auth {
namespace {

constexpr char kTenant[] = "4f3c2e1d-0b9a-4876-9543-210fedcba987";

Timestamp At(std::int64_t seconds) { return Timestamp(std::chrono::seconds(seconds)); }

boost::json::object AppOnlyClaims() {
  return boost::json::object{{"aud", "https://api.partnercenter.microsoft.com"},
                             {"tid", kTenant},
                             {"appid", "app-1"},
                             {"exp", 2000}};
}

StatusOr<VerifiedClaims> Read(const boost::json::object& payload,
                              const VerifierOptions& options = {}) {
  return ReadClaims(payload, options);
}

void ExpectInvalid(const boost::json::object& payload, std::string_view fragment,
                   const VerifierOptions& options = {}) {
  const StatusOr<VerifiedClaims> claims = Read(payload, options);
  ASSERT_EQ(claims.status().code(), ErrorCode::kInvalidToken) << boost::json::serialize(payload);
  EXPECT_NE(claims.status().message().find(fragment), std::string::npos)
      << claims.status().message();
}

TEST(ReadClaimsTest, AppOnlyToken) {
  const StatusOr<VerifiedClaims> claims = Read(AppOnlyClaims());
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->principal.partner_tenant, kTenant);
  EXPECT_EQ(claims->principal.app_id, "app-1");
  EXPECT_EQ(claims->principal.user_object_id, "");
  EXPECT_TRUE(claims->principal.app_only);
  EXPECT_EQ(claims->expires, At(2000));
  EXPECT_EQ(claims->not_before, std::nullopt);
}

TEST(ReadClaimsTest, AppOnlyTokenIgnoresAnOidItCarries) {
  boost::json::object payload = AppOnlyClaims();
  payload["oid"] = "11111111-2222-4333-8444-555555555555";
  const StatusOr<VerifiedClaims> claims = Read(payload);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_TRUE(claims->principal.app_only);
  EXPECT_EQ(claims->principal.user_object_id, "");
  EXPECT_EQ(claims->principal.Actor(), "app-1");
}

TEST(ReadClaimsTest, AppUserTokenCanonicalisesGuids) {
  boost::json::object payload = AppOnlyClaims();
  payload["tid"] = "{4F3C2E1D-0B9A-4876-9543-210FEDCBA987}";
  payload["scp"] = "user_impersonation";
  payload["oid"] = "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE";
  payload.erase("appid");
  payload["azp"] = "app-2";
  const StatusOr<VerifiedClaims> claims = Read(payload);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->principal.partner_tenant, kTenant);
  EXPECT_EQ(claims->principal.user_object_id, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  EXPECT_EQ(claims->principal.app_id, "app-2");
  EXPECT_FALSE(claims->principal.app_only);
  EXPECT_EQ(claims->principal.Actor(), "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
}

TEST(ReadClaimsTest, NonGuidOidIsKeptAsItIs) {
  boost::json::object payload = AppOnlyClaims();
  payload["scp"] = "user_impersonation";
  payload["oid"] = "User-42";
  const StatusOr<VerifiedClaims> claims = Read(payload);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->principal.user_object_id, "User-42");
}

TEST(ReadClaimsTest, AppIdPrefersAppidOverAzpAndSkipsEmptyValues) {
  boost::json::object payload = AppOnlyClaims();
  payload["azp"] = "from-azp";
  EXPECT_EQ(Read(payload)->principal.app_id, "app-1");
  payload["appid"] = "";
  EXPECT_EQ(Read(payload)->principal.app_id, "from-azp");
  payload["azp"] = "";
  ExpectInvalid(payload, "neither an appid nor an azp claim");
}

TEST(ReadClaimsTest, ReadsFractionalAndUnsignedNumericDates) {
  boost::json::object payload = AppOnlyClaims();
  payload["exp"] = 2000.5;
  payload["nbf"] = std::uint64_t{1000};
  const StatusOr<VerifiedClaims> claims = Read(payload);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->expires, At(2000) + std::chrono::milliseconds(500));
  EXPECT_EQ(claims->not_before, At(1000));
}

TEST(ReadClaimsTest, RefusesNumericDatesThatAreNotNumbersOrOutOfRange) {
  boost::json::object payload = AppOnlyClaims();
  payload["exp"] = "2000";
  ExpectInvalid(payload, "exp claim is not a number");
  payload["exp"] = true;
  ExpectInvalid(payload, "exp claim is not a number");
  payload["exp"] = -1;
  ExpectInvalid(payload, "exp claim is out of range");
  payload["exp"] = 1e300;
  ExpectInvalid(payload, "exp claim is out of range");
  payload["exp"] = 2000;
  payload["nbf"] = nullptr;
  ExpectInvalid(payload, "nbf claim is not a number");
}

TEST(ReadClaimsTest, RefusesWrongTypes) {
  boost::json::object payload = AppOnlyClaims();
  payload["tid"] = 5;
  ExpectInvalid(payload, "tid claim is not a string");
  payload = AppOnlyClaims();
  payload["aud"] = 5;
  ExpectInvalid(payload, "aud claim is neither a string nor an array");
  payload = AppOnlyClaims();
  payload["scp"] = boost::json::array{"user_impersonation"};
  ExpectInvalid(payload, "scp claim is not a string");
  payload = AppOnlyClaims();
  payload["scp"] = "user_impersonation";
  payload["oid"] = 42;
  ExpectInvalid(payload, "oid claim is not a string");
}

TEST(ReadClaimsTest, IssuerIsCheckedOnlyWhenConfigured) {
  boost::json::object payload = AppOnlyClaims();
  EXPECT_TRUE(Read(payload).ok()) << "no iss needed without a configured issuer";
  VerifierOptions options;
  options.issuer = "https://sts.windows.net/x/";
  ExpectInvalid(payload, "iss claim is missing", options);
  payload["iss"] = "https://sts.windows.net/x/";
  EXPECT_TRUE(Read(payload, options).ok());
}

TEST(ReadClaimsTest, ClaimValuesInMessagesAreEscaped) {
  boost::json::object payload = AppOnlyClaims();
  payload["aud"] = "evil\nINFO forged log line";
  const StatusOr<VerifiedClaims> claims = Read(payload);
  EXPECT_EQ(claims.status().message(),
            "aud claim \"evil\\x0aINFO forged log line\" is not the configured audience "
            "\"https://api.partnercenter.microsoft.com\"");
}

TEST(CheckValidityWindowTest, AppliesSkewToExpAndNbf) {
  VerifiedClaims claims;
  claims.expires = At(2000);
  claims.not_before = At(1000);
  const std::chrono::seconds skew(300);
  EXPECT_TRUE(CheckValidityWindow(claims, skew, At(1500)).ok());
  EXPECT_TRUE(CheckValidityWindow(claims, skew, At(2300)).ok()) << "exactly exp + skew";
  EXPECT_TRUE(CheckValidityWindow(claims, skew, At(700)).ok()) << "exactly nbf - skew";

  const Status late = CheckValidityWindow(claims, skew, At(2300) + Ticks(1));
  EXPECT_EQ(late.code(), ErrorCode::kInvalidToken);
  EXPECT_EQ(late.message(), "token expired (exp 2000, now 2300, skew 300 s)");

  const Status early = CheckValidityWindow(claims, skew, At(700) - Ticks(1));
  EXPECT_EQ(early.code(), ErrorCode::kInvalidToken);
  EXPECT_EQ(early.message(), "token not yet valid (nbf 1000, now 699, skew 300 s)");
}

}  // namespace
}  // namespace cartd::auth
