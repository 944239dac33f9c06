#include "auth/token_minter.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "auth/base64url.h"
#include "auth/hs256.h"

namespace cartd::auth {

std::string MintHs256Token(const MintOptions& options, std::string_view secret) {
  const std::int64_t now =
      std::chrono::floor<std::chrono::seconds>(options.now.time_since_epoch()).count();

  boost::json::object claims;
  claims["aud"] = options.audience;
  if (options.issuer) claims["iss"] = *options.issuer;
  claims["iat"] = now;
  claims["nbf"] = now;
  claims["exp"] = now + options.ttl.count();
  if (!options.tenant.empty()) claims["tid"] = options.tenant;
  if (!options.user_object_id.empty()) {
    claims["oid"] = options.user_object_id;
    claims["scp"] = "user_impersonation";
  }
  if (!options.app_id.empty()) {
    claims["appid"] = options.app_id;
    claims["azp"] = options.app_id;
  }

  const std::string signing_input = Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." +
                                    Base64UrlEncode(boost::json::serialize(claims));
  return signing_input + "." + Base64UrlEncode(HmacSha256(secret, signing_input));
}

}  // namespace cartd::auth
