#include "auth/jwks.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <utility>

#include "auth/base64url.h"

namespace cartd::auth {
namespace {

// A member that must be a string when present. nullopt when absent; `error` set when it is
// present with another type.
std::optional<std::string_view> OptionalString(const boost::json::object& object,
                                               std::string_view name, bool& error) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    error = true;
    return std::nullopt;
  }
  return std::string_view(value->get_string());
}

StatusOr<std::string> DecodeKeyNumber(const boost::json::object& jwk, std::string_view name,
                                      const std::string& where) {
  bool wrong_type = false;
  const std::optional<std::string_view> text = OptionalString(jwk, name, wrong_type);
  if (wrong_type || !text) {
    return InvalidInput(where + ": \"" + std::string(name) + "\" must be a base64url string");
  }
  std::optional<std::string> bytes = Base64UrlDecode(*text);
  if (!bytes || bytes->empty()) {
    return InvalidInput(where + ": \"" + std::string(name) + "\" is not valid base64url");
  }
  return std::move(*bytes);
}

}  // namespace

StatusOr<Jwks> Jwks::Parse(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value document = boost::json::parse(json, ec);
  if (ec) return InvalidInput("JWKS is not valid JSON: " + ec.message());
  const boost::json::object* root = document.if_object();
  const boost::json::value* keys_value = root ? root->if_contains("keys") : nullptr;
  if (keys_value == nullptr || !keys_value->is_array()) {
    return InvalidInput("JWKS must be a JSON object with a \"keys\" array");
  }

  std::vector<Jwk> keys;
  const boost::json::array& entries = keys_value->get_array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string where = "JWKS key " + std::to_string(i);
    const boost::json::object* jwk = entries[i].if_object();
    if (jwk == nullptr) return InvalidInput(where + " is not a JSON object");
    bool wrong_type = false;
    const auto kty = OptionalString(*jwk, "kty", wrong_type);
    const auto use = OptionalString(*jwk, "use", wrong_type);
    const auto alg = OptionalString(*jwk, "alg", wrong_type);
    const auto kid = OptionalString(*jwk, "kid", wrong_type);
    if (wrong_type) return InvalidInput(where + ": kty, use, alg and kid must be strings");
    if (kty != "RSA" || (use && *use != "sig") || (alg && *alg != "RS256")) continue;

    CARTD_ASSIGN_OR_RETURN(const std::string n, DecodeKeyNumber(*jwk, "n", where));
    CARTD_ASSIGN_OR_RETURN(const std::string e, DecodeKeyNumber(*jwk, "e", where));
    StatusOr<RsaPublicKey> key = RsaPublicKey::FromModulusAndExponent(n, e);
    if (!key.ok()) return InvalidInput(where + ": " + key.status().message());
    if (kid) {
      for (const Jwk& existing : keys) {
        if (existing.kid == *kid) {
          return InvalidInput(where + ": kid \"" + std::string(*kid) + "\" is used twice");
        }
      }
    }
    keys.push_back(Jwk{kid ? std::optional<std::string>(*kid) : std::nullopt, std::move(*key)});
  }
  if (keys.empty()) return InvalidInput("JWKS holds no RSA signing key");
  return Jwks(std::move(keys));
}

const RsaPublicKey* Jwks::Select(const std::optional<std::string_view>& kid) const {
  if (!kid) return keys_.size() == 1 ? &keys_.front().key : nullptr;
  for (const Jwk& jwk : keys_) {
    if (jwk.kid == *kid) return &jwk.key;
  }
  return nullptr;
}

}  // namespace cartd::auth
