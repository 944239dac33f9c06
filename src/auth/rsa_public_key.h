// An RSA public key for verifying JWS "RS256" signatures (RSASSA-PKCS1-v1_5 with SHA-256,
// RFC 7518 §3.3), built from the modulus and exponent a JWK carries.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string_view>

#include "common/status.h"

namespace cartd::auth {

// Owns one OpenSSL EVP_PKEY. Movable, not copyable. Immutable after construction; VerifyRs256 is
// thread-safe (OpenSSL 3 allows concurrent use of a key that is not modified).
class RsaPublicKey {
 public:
  // Keys shorter than this are refused: RFC 7518 §3.3 requires 2048 bits for RS256.
  static constexpr int kMinBits = 2048;

  // Builds the key from the big-endian bytes of the modulus `n` and public exponent `e`.
  // Errors: kInvalidInput when the numbers do not form a valid RSA public key (OpenSSL's public
  // key check: odd modulus, odd exponent > 1, ...) or the modulus is under kMinBits.
  static StatusOr<RsaPublicKey> FromModulusAndExponent(std::string_view n, std::string_view e);

  // True when `signature` is a valid RS256 signature of `signing_input` under this key.
  bool VerifyRs256(std::string_view signing_input, std::string_view signature) const;

  // The modulus size in bits.
  int bits() const;

 private:
  struct Deleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };
  explicit RsaPublicKey(std::unique_ptr<EVP_PKEY, Deleter> key) : key_(std::move(key)) {}

  std::unique_ptr<EVP_PKEY, Deleter> key_;
};

}  // namespace cartd::auth
