#include "auth/hs256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace cartd::auth {

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::string mac(EVP_MAX_MD_SIZE, '\0');
  unsigned int mac_size = 0;
  // HMAC() only fails on allocation failure or a broken provider setup, neither of which a caller
  // could handle; a silently wrong MAC would be worse than stopping.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           reinterpret_cast<unsigned char*>(mac.data()), &mac_size) == nullptr) {
    throw std::runtime_error("HMAC-SHA-256 failed");
  }
  mac.resize(mac_size);
  return mac;
}

bool VerifyHs256(std::string_view key, std::string_view signing_input, std::string_view signature) {
  const std::string expected = HmacSha256(key, signing_input);
  // The length of a MAC is public (always 32), so only the bytes need constant-time comparison.
  if (signature.size() != expected.size()) return false;
  return CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
}

}  // namespace cartd::auth
