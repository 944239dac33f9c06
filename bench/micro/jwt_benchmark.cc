// Bearer token verification (TokenVerifier::Verify on the raw Authorization header): the first
// time a token is seen (signature and claim parsing; measured with the cache turned off) against
// a token the cache already holds, for HS256 (the dev key) and RS256 (a JWKS key).
#include <benchmark/benchmark.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/base64url.h"
#include "auth/token_minter.h"
#include "auth/token_verifier.h"
#include "cartd/demo.h"
#include "common/clock.h"

namespace cartd::bench {
namespace {

constexpr char kSecret[] = "a development secret of thirty-two bytes or more....";

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;

// One instant for the whole run: tokens minted at it stay valid for an hour.
Timestamp Now() {
  static const Timestamp now = SystemClock().Now();
  return now;
}

auth::MintOptions MintFor(Timestamp now) {
  auth::MintOptions mint;
  mint.tenant = demo::kPartnerTenant;
  mint.user_object_id = demo::kUser;
  mint.ttl = std::chrono::hours(1);
  mint.now = now;
  return mint;
}

std::string BigEndianParam(const EVP_PKEY* key, const char* name) {
  BIGNUM* number = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &number) != 1) std::abort();
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(number)), '\0');
  BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(number);
  return bytes;
}

std::string SignRs256(EVP_PKEY* key, std::string_view input) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  std::size_t size = 0;
  if (EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(context, nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) != 1) {
    std::abort();
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    std::abort();
  }
  EVP_MD_CTX_free(context);
  signature.resize(size);
  return signature;
}

// An RS256 key pair, the JWKS holding its public half, and a token signed with it that carries
// the claims of a dev token.
struct Rs256Setup {
  std::string jwks;
  std::string token;
};

Rs256Setup MakeRs256(Timestamp now) {
  Key key(EVP_RSA_gen(2048));
  if (!key) std::abort();
  Rs256Setup setup;
  setup.jwks = R"({"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"bench","n":")" +
               auth::Base64UrlEncode(BigEndianParam(key.get(), OSSL_PKEY_PARAM_RSA_N)) +
               R"(","e":")" +
               auth::Base64UrlEncode(BigEndianParam(key.get(), OSSL_PKEY_PARAM_RSA_E)) + R"("}]})";
  // The payload of a minted dev token, under an RS256 header.
  const std::string hs256 = auth::MintHs256Token(MintFor(now), kSecret);
  const std::size_t first_dot = hs256.find('.');
  const std::string payload =
      hs256.substr(first_dot + 1, hs256.find('.', first_dot + 1) - first_dot - 1);
  const std::string input =
      auth::Base64UrlEncode(R"({"alg":"RS256","typ":"JWT","kid":"bench"})") + "." + payload;
  setup.token = input + "." + auth::Base64UrlEncode(SignRs256(key.get(), input));
  return setup;
}

// Generated once: Google Benchmark calls each benchmark function several times.
const Rs256Setup& SharedRs256() {
  static const Rs256Setup setup = MakeRs256(Now());
  return setup;
}

std::unique_ptr<auth::TokenVerifier> MakeVerifier(bool cached, std::string secret,
                                                  std::string jwks) {
  auth::VerifierOptions options;
  if (!cached) options.cache_max_entries = 0;
  StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
      auth::TokenVerifier::Create(options, std::move(secret), std::move(jwks));
  if (!verifier.ok()) std::abort();
  return *std::move(verifier);
}

void RunVerify(benchmark::State& state, const auth::TokenVerifier& verifier,
               const std::string& header, Timestamp now) {
  for (auto _ : state) {
    StatusOr<Principal> principal = verifier.Verify(header, now);
    if (!principal.ok()) {
      state.SkipWithError(principal.status().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(principal);
  }
}

void BM_VerifyHs256(benchmark::State& state, bool cached) {
  const Timestamp now = Now();
  const auto verifier = MakeVerifier(cached, kSecret, "");
  RunVerify(state, *verifier, "Bearer " + auth::MintHs256Token(MintFor(now), kSecret), now);
}
BENCHMARK_CAPTURE(BM_VerifyHs256, first_time, false);
BENCHMARK_CAPTURE(BM_VerifyHs256, cached, true);

void BM_VerifyRs256(benchmark::State& state, bool cached) {
  const Timestamp now = Now();
  const Rs256Setup& setup = SharedRs256();
  const auto verifier = MakeVerifier(cached, "", setup.jwks);
  RunVerify(state, *verifier, "Bearer " + setup.token, now);
}
BENCHMARK_CAPTURE(BM_VerifyRs256, first_time, false);
BENCHMARK_CAPTURE(BM_VerifyRs256, cached, true);

}  // namespace
}  // namespace cartd::bench
