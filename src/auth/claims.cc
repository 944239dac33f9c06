#include "auth/claims.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/log_text.h"
#include "common/ids.h"

namespace cartd::auth {
namespace {

// 9999-12-31T23:59:59Z. Bounding NumericDates keeps the tick arithmetic far from overflow.
constexpr std::int64_t kMaxNumericDate = 253402300799;

Status InvalidClaim(std::string message) {
  return Status(ErrorCode::kInvalidToken, std::move(message));
}

// nullopt when the claim is absent; an error when present and not a NumericDate.
StatusOr<std::optional<Timestamp>> ReadNumericDate(const boost::json::object& payload,
                                                   std::string_view name) {
  const boost::json::value* value = payload.if_contains(name);
  if (value == nullptr) return std::optional<Timestamp>();
  double seconds = 0;
  if (value->is_int64()) {
    seconds = static_cast<double>(value->get_int64());
  } else if (value->is_uint64()) {
    seconds = static_cast<double>(value->get_uint64());
  } else if (value->is_double()) {
    seconds = value->get_double();
  } else {
    return InvalidClaim(std::string(name) + " claim is not a number");
  }
  if (!std::isfinite(seconds) || seconds < 0 || seconds > static_cast<double>(kMaxNumericDate)) {
    return InvalidClaim(std::string(name) + " claim is out of range");
  }
  // Integral values (the common case) convert exactly; fractions are truncated to 100 ns.
  const auto whole = static_cast<std::int64_t>(seconds);
  const auto fraction = std::chrono::duration_cast<Ticks>(
      std::chrono::duration<double>(seconds - static_cast<double>(whole)));
  return std::optional<Timestamp>(Timestamp(std::chrono::seconds(whole)) + fraction);
}

// The claim as a string; nullopt when absent; an error when present with another type.
StatusOr<std::optional<std::string_view>> ReadString(const boost::json::object& payload,
                                                     std::string_view name) {
  const boost::json::value* value = payload.if_contains(name);
  if (value == nullptr) return std::optional<std::string_view>();
  if (!value->is_string()) return InvalidClaim(std::string(name) + " claim is not a string");
  return std::optional<std::string_view>(value->get_string());
}

Status CheckAudience(const boost::json::object& payload, const std::string& audience) {
  const boost::json::value* aud = payload.if_contains("aud");
  if (aud == nullptr) return InvalidClaim("aud claim is missing");
  if (aud->is_string()) {
    if (aud->get_string() == audience) return Status::Ok();
    return InvalidClaim("aud claim " + QuoteForLog(aud->get_string()) +
                        " is not the configured audience " + QuoteForLog(audience));
  }
  if (aud->is_array()) {
    for (const boost::json::value& entry : aud->get_array()) {
      if (entry.is_string() && entry.get_string() == audience) return Status::Ok();
    }
    return InvalidClaim("aud claim array does not contain the configured audience " +
                        QuoteForLog(audience));
  }
  return InvalidClaim("aud claim is neither a string nor an array");
}

// The first non-empty one of `appid` and `azp`: Entra ID v1 tokens carry `appid`, v2 tokens
// `azp`.
StatusOr<std::string> ReadAppId(const boost::json::object& payload) {
  CARTD_ASSIGN_OR_RETURN(const auto appid, ReadString(payload, "appid"));
  if (appid && !appid->empty()) return std::string(*appid);
  CARTD_ASSIGN_OR_RETURN(const auto azp, ReadString(payload, "azp"));
  if (azp && !azp->empty()) return std::string(*azp);
  return std::string();
}

std::string SecondsSinceEpoch(Timestamp t) {
  return std::to_string(std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
}

}  // namespace

StatusOr<VerifiedClaims> ReadClaims(const boost::json::object& payload,
                                    const VerifierOptions& options) {
  CARTD_RETURN_IF_ERROR(CheckAudience(payload, options.audience));
  if (options.issuer) {
    CARTD_ASSIGN_OR_RETURN(const auto iss, ReadString(payload, "iss"));
    if (!iss) return InvalidClaim("iss claim is missing");
    if (*iss != *options.issuer) {
      return InvalidClaim("iss claim " + QuoteForLog(*iss) + " is not the configured issuer " +
                          QuoteForLog(*options.issuer));
    }
  }

  VerifiedClaims claims;
  CARTD_ASSIGN_OR_RETURN(const auto exp, ReadNumericDate(payload, "exp"));
  if (!exp) return InvalidClaim("exp claim is missing");
  claims.expires = *exp;
  CARTD_ASSIGN_OR_RETURN(claims.not_before, ReadNumericDate(payload, "nbf"));

  CARTD_ASSIGN_OR_RETURN(const auto tid, ReadString(payload, "tid"));
  if (!tid) return InvalidClaim("tid claim is missing");
  std::optional<std::string> tenant = CanonicalGuid(*tid);
  if (!tenant) return InvalidClaim("tid claim " + QuoteForLog(*tid) + " is not a GUID");
  claims.principal.partner_tenant = std::move(*tenant);

  CARTD_ASSIGN_OR_RETURN(claims.principal.app_id, ReadAppId(payload));
  CARTD_ASSIGN_OR_RETURN(const auto scp, ReadString(payload, "scp"));
  if (scp) {
    CARTD_ASSIGN_OR_RETURN(const auto oid, ReadString(payload, "oid"));
    if (!oid || oid->empty()) return InvalidClaim("oid claim is missing (App+User token)");
    std::optional<std::string> canonical = CanonicalGuid(*oid);
    claims.principal.user_object_id = canonical ? std::move(*canonical) : std::string(*oid);
    claims.principal.app_only = false;
  } else {
    if (claims.principal.app_id.empty()) {
      return InvalidClaim("App-only token has neither an appid nor an azp claim");
    }
    claims.principal.app_only = true;
  }
  return claims;
}

Status CheckValidityWindow(const VerifiedClaims& claims, std::chrono::seconds skew, Timestamp now) {
  if (now > claims.expires + skew) {
    return InvalidClaim("token expired (exp " + SecondsSinceEpoch(claims.expires) + ", now " +
                        SecondsSinceEpoch(now) + ", skew " + std::to_string(skew.count()) + " s)");
  }
  if (claims.not_before && now < *claims.not_before - skew) {
    return InvalidClaim("token not yet valid (nbf " + SecondsSinceEpoch(*claims.not_before) +
                        ", now " + SecondsSinceEpoch(now) + ", skew " +
                        std::to_string(skew.count()) + " s)");
  }
  return Status::Ok();
}

}  // namespace cartd::auth
