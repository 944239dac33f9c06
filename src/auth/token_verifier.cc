#include "auth/token_verifier.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <utility>

#include "auth/base64url.h"
#include "auth/bearer.h"
#include "auth/claims.h"
#include "auth/hs256.h"
#include "auth/log_text.h"

namespace cartd::auth {
namespace {

Status Invalid(std::string message) { return Status(ErrorCode::kInvalidToken, std::move(message)); }

bool IsNoneIgnoringCase(std::string_view alg) {
  return alg.size() == 4 && std::equal(alg.begin(), alg.end(), "none", [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// Decodes one base64url part of the token and parses it as a JSON object.
StatusOr<boost::json::object> DecodeJsonPart(std::string_view encoded, std::string_view what) {
  const std::optional<std::string> text = Base64UrlDecode(encoded);
  if (!text) return Invalid("JWS " + std::string(what) + " is not valid base64url");
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(*text, ec);
  if (ec || !value.is_object()) {
    return Invalid("JWS " + std::string(what) + " is not a JSON object");
  }
  return std::move(value.get_object());
}

}  // namespace

StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(VerifierOptions options,
                                                               std::string hs256_secret,
                                                               std::string jwks_json) {
  if (hs256_secret.empty() && jwks_json.empty()) {
    return InvalidInput("no token verification key configured (neither HS256 secret nor JWKS)");
  }
  std::optional<Jwks> jwks;
  if (!jwks_json.empty()) {
    CARTD_ASSIGN_OR_RETURN(jwks, Jwks::Parse(jwks_json));
  }
  return std::unique_ptr<TokenVerifier>(
      new TokenVerifier(std::move(options), std::move(hs256_secret), std::move(jwks)));
}

TokenVerifier::TokenVerifier(VerifierOptions options, std::string hs256_secret,
                             std::optional<Jwks> jwks)
    : options_(std::move(options)),
      hs256_secret_(std::move(hs256_secret)),
      jwks_(std::move(jwks)),
      cache_(options_.cache_max_entries, options_.cache_max_bytes) {}

StatusOr<Principal> TokenVerifier::Verify(std::string_view authorization, Timestamp now) const {
  CARTD_ASSIGN_OR_RETURN(const std::string_view token, ExtractBearerToken(authorization));
  if (token.size() > options_.max_token_bytes) {
    return Invalid("token is longer than " + std::to_string(options_.max_token_bytes) + " bytes");
  }
  if (std::optional<VerifiedClaims> cached = cache_.Find(token)) {
    CARTD_RETURN_IF_ERROR(CheckValidityWindow(*cached, options_.clock_skew, now));
    return std::move(cached->principal);
  }
  CARTD_ASSIGN_OR_RETURN(VerifiedClaims claims, VerifyUncached(token));
  CARTD_RETURN_IF_ERROR(CheckValidityWindow(claims, options_.clock_skew, now));
  cache_.Insert(token, claims);
  return std::move(claims.principal);
}

StatusOr<VerifiedClaims> TokenVerifier::VerifyUncached(std::string_view token) const {
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Invalid("token is not a compact JWS (expected three dot-separated parts)");
  }
  const std::string_view encoded_header = token.substr(0, first_dot);
  const std::string_view encoded_payload = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signing_input = token.substr(0, second_dot);
  const std::string_view encoded_signature = token.substr(second_dot + 1);

  CARTD_ASSIGN_OR_RETURN(const boost::json::object header,
                         DecodeJsonPart(encoded_header, "header"));
  const boost::json::value* alg_value = header.if_contains("alg");
  if (alg_value == nullptr || !alg_value->is_string()) {
    return Invalid("JWS header has no alg string");
  }
  const std::string_view alg = alg_value->get_string();
  if (IsNoneIgnoringCase(alg)) return Invalid("alg \"none\" (unsigned token) is not accepted");
  if (alg != "HS256" && alg != "RS256") return Invalid("unsupported alg " + QuoteForLog(alg));
  // RFC 7515 §4.1.11: a recipient that does not understand a listed extension must refuse the
  // token, and cartd understands none.
  if (header.contains("crit")) return Invalid("JWS header has a crit parameter");

  const std::optional<std::string> signature = Base64UrlDecode(encoded_signature);
  if (!signature) return Invalid("JWS signature is not valid base64url");

  // The algorithm decides which configured key is used, never the reverse: an HS256 token is
  // refused outright when no secret is configured, so an RSA public key cannot be abused as an
  // HMAC secret.
  if (alg == "HS256") {
    if (hs256_secret_.empty()) {
      return Invalid("HS256 tokens are not accepted (no HS256 secret configured)");
    }
    if (!VerifyHs256(hs256_secret_, signing_input, *signature)) {
      return Invalid("HS256 signature does not verify");
    }
  } else {
    if (!jwks_) return Invalid("RS256 tokens are not accepted (no JWKS configured)");
    std::optional<std::string_view> kid;
    if (const boost::json::value* kid_value = header.if_contains("kid")) {
      if (!kid_value->is_string()) return Invalid("JWS header kid is not a string");
      kid = kid_value->get_string();
    }
    const RsaPublicKey* key = jwks_->Select(kid);
    if (key == nullptr) {
      if (kid) return Invalid("unknown kid " + QuoteForLog(*kid));
      return Invalid("token has no kid and the JWKS holds " + std::to_string(jwks_->size()) +
                     " keys");
    }
    if (!key->VerifyRs256(signing_input, *signature)) {
      return Invalid("RS256 signature does not verify");
    }
  }

  CARTD_ASSIGN_OR_RETURN(const boost::json::object payload,
                         DecodeJsonPart(encoded_payload, "payload"));
  return ReadClaims(payload, options_);
}

}  // namespace cartd::auth
