#include "tests/testing/test_tokens.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "auth/base64url.h"
#include "auth/hs256.h"

namespace cartd::auth::testing {
namespace {

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "test_tokens: %s failed\n", what);
  std::abort();
}

std::string BignumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) Fail("EVP_PKEY_get_bn_param");
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return bytes;
}

}  // namespace

TestRsaKey::TestRsaKey(int bits) : key_(EVP_RSA_gen(static_cast<unsigned int>(bits))) {
  if (!key_) Fail("EVP_RSA_gen");
}

std::string TestRsaKey::SignRs256(std::string_view data) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t size = 0;
  if (ctx == nullptr ||
      EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, key_.get(), nullptr) != 1 ||
      EVP_DigestSign(ctx, nullptr, &size, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size()) != 1) {
    Fail("EVP_DigestSign (size)");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    Fail("EVP_DigestSign");
  }
  EVP_MD_CTX_free(ctx);
  signature.resize(size);
  return signature;
}

std::string TestRsaKey::Modulus() const { return BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_N); }

std::string TestRsaKey::Exponent() const { return BignumParam(key_.get(), OSSL_PKEY_PARAM_RSA_E); }

std::string TestRsaKey::PublicKeyPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio, key_.get()) != 1) Fail("PEM_write_bio_PUBKEY");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string TestRsaKey::Jwk(std::string_view kid) const {
  std::string jwk = R"({"kty":"RSA","use":"sig","alg":"RS256",)";
  if (!kid.empty()) jwk += R"("kid":")" + std::string(kid) + R"(",)";
  jwk += R"("n":")" + Base64UrlEncode(Modulus()) + R"(","e":")" + Base64UrlEncode(Exponent()) +
         R"("})";
  return jwk;
}

const TestRsaKey& SharedRsaKey(int index) {
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<TestRsaKey>> keys;
  std::lock_guard lock(mutex);
  std::unique_ptr<TestRsaKey>& key = keys[index];
  if (!key) key = std::make_unique<TestRsaKey>(2048);
  return *key;
}

std::string MakeJwks(const std::vector<std::string>& jwks) {
  std::string out = R"({"keys":[)";
  for (std::size_t i = 0; i < jwks.size(); ++i) {
    if (i > 0) out += ",";
    out += jwks[i];
  }
  return out + "]}";
}

std::string SigningInput(std::string_view header_json, std::string_view payload_json) {
  return Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
}

std::string SignHs256(std::string_view header_json, std::string_view payload_json,
                      std::string_view secret) {
  const std::string input = SigningInput(header_json, payload_json);
  return input + "." + Base64UrlEncode(HmacSha256(secret, input));
}

std::string SignRs256(std::string_view header_json, std::string_view payload_json,
                      const TestRsaKey& key) {
  const std::string input = SigningInput(header_json, payload_json);
  return input + "." + Base64UrlEncode(key.SignRs256(input));
}

}  // namespace cartd::auth::testing
