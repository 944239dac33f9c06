#include "auth/control_token.h"

#include <openssl/crypto.h>

#include "auth/base64url.h"
#include "auth/dev_key.h"

namespace cartd::auth {

StatusOr<std::string> LoadOrCreateControlToken(const std::filesystem::path& data_dir) {
  CARTD_ASSIGN_OR_RETURN(std::string secret, LoadOrCreateSecret(data_dir, kControlSecretFileName));
  return "cartd-control-" + Base64UrlEncode(secret);
}

bool PresentsControlToken(std::string_view authorization, std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() != kScheme.size() + token.size() || token.empty()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != kScheme[i]) return false;
  }
  return CRYPTO_memcmp(authorization.data() + kScheme.size(), token.data(), token.size()) == 0;
}

}  // namespace cartd::auth
