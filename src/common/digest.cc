#include "common/digest.h"

#include <openssl/sha.h>

#include "common/hex.h"

namespace cartd {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return hex::Encode(digest, SHA256_DIGEST_LENGTH);
}

}  // namespace cartd
