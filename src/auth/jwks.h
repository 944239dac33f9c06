// A JSON Web Key Set (RFC 7517 §5) reduced to what RS256 verification needs: the RSA signing
// keys it holds, each with its optional `kid`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/rsa_public_key.h"
#include "common/status.h"

namespace cartd::auth {

// One usable key of a JWKS.
struct Jwk {
  std::optional<std::string> kid;
  RsaPublicKey key;
};

// The RSA signing keys of a JWKS document. Immutable after Parse; thread-safe for reading.
class Jwks {
 public:
  // Parses the text of a JWKS document, {"keys": [...]}. A key is used when `kty` is "RSA",
  // `use` is absent or "sig", and `alg` is absent or "RS256"; other keys (EC keys, encryption
  // keys) are skipped, since a published set may legitimately mix them.
  // Errors: kInvalidInput when the text is not a JSON object with a "keys" array, when a key that
  // would be used has a missing or malformed `n`/`e` (unpadded base64url) or a non-string `kid`,
  // or is not a valid RSA key of at least 2048 bits, when two used keys share a `kid`, and when no
  // key is usable at all.
  static StatusOr<Jwks> Parse(std::string_view json);

  // The key a token with header `kid` (nullopt: no kid) must be verified with, or nullptr.
  // With a kid: the key with that exact kid. Without: the only key, when the set holds exactly
  // one (otherwise the choice would be a guess).
  const RsaPublicKey* Select(const std::optional<std::string_view>& kid) const;

  std::size_t size() const { return keys_.size(); }

 private:
  explicit Jwks(std::vector<Jwk> keys) : keys_(std::move(keys)) {}

  std::vector<Jwk> keys_;
};

}  // namespace cartd::auth
