// Verification of the bearer tokens cartd accepts (SPEC §5 "Identity", contract §6): compact JWS
// tokens signed with HS256 (a shared secret; the development default) or RS256 (keys from a
// JWKS, chosen by `kid`), whose claims name the partner tenant and the calling user or app.
//
// The pieces: ExtractBearerToken (bearer.h) reads the header, Jwks (jwks.h) holds the RSA keys,
// VerifyHs256 (hs256.h) checks MACs, ReadClaims/CheckValidityWindow (claims.h) apply the claim
// rules, and TokenCache (token_cache.h) remembers tokens that passed.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/jwks.h"
#include "auth/token_cache.h"
#include "auth/verifier_options.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/principal.h"

namespace cartd::auth {

// Immutable after Create apart from its internal cache; Verify is thread-safe.
class TokenVerifier {
 public:
  // hs256_secret: the HMAC key; empty disables HS256. jwks_json: the text of a JWKS document;
  // empty disables RS256. At least one must be given.
  // Errors: kInvalidInput when both are empty or the JWKS is refused (see Jwks::Parse).
  static StatusOr<std::unique_ptr<TokenVerifier>> Create(VerifierOptions options,
                                                         std::string hs256_secret,
                                                         std::string jwks_json);

  // Verifies the token in `authorization`, the raw Authorization header value ("" when absent),
  // as of `now`, and returns the caller it names.
  //
  // The token must be a compact JWS: three unpadded base64url parts (padding is refused; see
  // base64url.h), a JSON-object header whose `alg` is "HS256" or "RS256" (exact case) with that
  // algorithm configured and no `crit`, a signature that verifies (RS256: the key selected by
  // header `kid`, see Jwks::Select), and a JSON-object payload meeting the claim rules of
  // ReadClaims and CheckValidityWindow (clock skew from the options). A token that passes is
  // cached (see TokenCache): later calls with the same token skip signature and claim parsing,
  // but its `exp` and `nbf` are still checked against `now` every time.
  //
  // Errors:
  //   kMissingToken  the header is absent or blank, or "Bearer" has no token
  //   kInvalidToken  anything else; the message says why, for the server log only. It never
  //                  contains the token; header and claim values in it are escaped and cut short.
  StatusOr<Principal> Verify(std::string_view authorization, Timestamp now) const;

  // How many verified tokens the cache holds now (for metrics and tests).
  std::size_t cached_tokens() const { return cache_.size(); }

 private:
  TokenVerifier(VerifierOptions options, std::string hs256_secret, std::optional<Jwks> jwks);

  // Signature and claim checks of a token that is not in the cache.
  StatusOr<VerifiedClaims> VerifyUncached(std::string_view token) const;

  const VerifierOptions options_;
  const std::string hs256_secret_;
  const std::optional<Jwks> jwks_;
  mutable TokenCache cache_;
};

}  // namespace cartd::auth
