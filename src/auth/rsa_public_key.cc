#include "auth/rsa_public_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <string>
#include <utility>

namespace cartd::auth {
namespace {

struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBuildDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

std::unique_ptr<BIGNUM, BignumDeleter> ToBignum(std::string_view bytes) {
  return std::unique_ptr<BIGNUM, BignumDeleter>(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                static_cast<int>(bytes.size()), nullptr));
}

// OpenSSL reports failures on a per-thread queue; a refused key or signature is an expected
// outcome here, so the queue is cleared rather than left to leak into unrelated callers.
Status KeyError(std::string message) {
  ERR_clear_error();
  return InvalidInput(std::move(message));
}

}  // namespace

StatusOr<RsaPublicKey> RsaPublicKey::FromModulusAndExponent(std::string_view n,
                                                            std::string_view e) {
  if (n.empty() || e.empty()) return KeyError("RSA modulus and exponent must not be empty");
  auto n_bn = ToBignum(n);
  auto e_bn = ToBignum(e);
  std::unique_ptr<OSSL_PARAM_BLD, ParamBuildDeleter> builder(OSSL_PARAM_BLD_new());
  if (!n_bn || !e_bn || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1) {
    return KeyError("cannot build RSA key parameters");
  }
  std::unique_ptr<OSSL_PARAM, ParamDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw_key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw_key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return KeyError("cannot build an RSA key from n and e");
  }
  std::unique_ptr<EVP_PKEY, Deleter> key(raw_key);

  // Without this check an exponent of 1 would be accepted, and with e = 1 anyone can forge a
  // signature (the padded digest is its own signature).
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter> check_ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check_ctx || EVP_PKEY_public_check(check_ctx.get()) != 1) {
    return KeyError("n and e do not form a valid RSA public key");
  }
  const int bits = EVP_PKEY_get_bits(key.get());
  if (bits < kMinBits) {
    return KeyError("RSA key of " + std::to_string(bits) + " bits is shorter than the " +
                    std::to_string(kMinBits) + " bits RS256 requires");
  }
  return RsaPublicKey(std::move(key));
}

bool RsaPublicKey::VerifyRs256(std::string_view signing_input, std::string_view signature) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  const bool valid =
      ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key_.get(),
                              nullptr) == 1 &&
      EVP_DigestVerify(
          ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
          reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
  if (!valid) ERR_clear_error();
  return valid;
}

int RsaPublicKey::bits() const { return EVP_PKEY_get_bits(key_.get()); }

}  // namespace cartd::auth
