// Test support for the auth library: RSA key pairs generated on the spot with OpenSSL, JWKS
// documents built from them, and compact JWS tokens signed with arbitrary header and payload
// text (valid or deliberately broken). Linked only into tests.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cartd::auth::testing {

// An RSA key pair. Not copyable; generation is slow, so tests share instances (see SharedRsaKey).
class TestRsaKey {
 public:
  // A fresh key pair of `bits` bits with exponent 65537. Aborts the test binary on failure.
  explicit TestRsaKey(int bits);

  // The RS256 (PKCS#1 v1.5, SHA-256) signature of `data`.
  std::string SignRs256(std::string_view data) const;

  // The big-endian bytes of the modulus and public exponent.
  std::string Modulus() const;
  std::string Exponent() const;

  // The public key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block.
  std::string PublicKeyPem() const;

  // A JWK for the public key: {"kty":"RSA","use":"sig","alg":"RS256","kid":kid,"n":..,"e":..};
  // an empty `kid` leaves "kid" out.
  std::string Jwk(std::string_view kid) const;

 private:
  struct Deleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };
  std::unique_ptr<EVP_PKEY, Deleter> key_;
};

// Key pair number `index` (0, 1, 2, ...) of 2048 bits, generated once per test binary.
const TestRsaKey& SharedRsaKey(int index);

// {"keys":[jwk, ...]} from JWK texts.
std::string MakeJwks(const std::vector<std::string>& jwks);

// base64url(header_json) + "." + base64url(payload_json): the JWS signing input.
std::string SigningInput(std::string_view header_json, std::string_view payload_json);

// A compact JWS over the given texts, signed with HS256 under `secret` or with RS256 under `key`.
std::string SignHs256(std::string_view header_json, std::string_view payload_json,
                      std::string_view secret);
std::string SignRs256(std::string_view header_json, std::string_view payload_json,
                      const TestRsaKey& key);

}  // namespace cartd::auth::testing
