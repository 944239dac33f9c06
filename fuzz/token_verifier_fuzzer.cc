// libFuzzer target: bearer token verification (auth::TokenVerifier::Verify) on arbitrary
// Authorization header values, with a verifier holding a known HS256 key.
//
// Input layout: the first byte chooses the mode, the rest is the payload.
//   even first byte: the payload is the Authorization header value as received;
//   odd first byte:  the payload is "<JOSE header JSON>\n<claims JSON>", signed here with the
//                    verifier's key, so that claim parsing and the claim rules are reached with a
//                    valid signature.
// Checks: no crash, leak or undefined behaviour; the error codes are the two Verify documents;
// an accepted token names a canonical GUID tenant and an actor; and a verifier with the cache
// turned off agrees with one that has it, on the first call and on the cached second call.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/base64url.h"
#include "auth/hs256.h"
#include "auth/token_verifier.h"
#include "common/ids.h"

namespace {

using cartd::ErrorCode;
using cartd::Principal;
using cartd::StatusOr;
using cartd::auth::TokenVerifier;

constexpr char kSecret[] = "fuzzing-secret-0123456789abcdef0123456789";

// 2026-11-20T10:00:00Z: tokens in the corpus carry exp/nbf around it.
const cartd::Timestamp kNow{std::chrono::seconds(1795168800)};

std::unique_ptr<TokenVerifier> MakeVerifier(bool cached) {
  cartd::auth::VerifierOptions options;
  if (!cached) options.cache_max_entries = 0;
  StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options, kSecret, "");
  if (!verifier.ok()) std::abort();
  return *std::move(verifier);
}

std::string SignedToken(std::string_view payload) {
  const std::size_t newline = payload.find('\n');
  const std::string_view header = payload.substr(0, newline);
  const std::string_view claims =
      newline == std::string_view::npos ? std::string_view() : payload.substr(newline + 1);
  const std::string input =
      cartd::auth::Base64UrlEncode(header) + "." + cartd::auth::Base64UrlEncode(claims);
  return "Bearer " + input + "." +
         cartd::auth::Base64UrlEncode(cartd::auth::HmacSha256(kSecret, input));
}

void Check(const StatusOr<Principal>& result) {
  if (result.ok()) {
    const Principal& principal = *result;
    if (cartd::CanonicalGuid(principal.partner_tenant) != principal.partner_tenant ||
        principal.Actor().empty()) {
      std::fprintf(stderr, "accepted token with tenant '%s' and actor '%s'\n",
                   principal.partner_tenant.c_str(), principal.Actor().c_str());
      std::abort();
    }
    return;
  }
  const ErrorCode code = result.status().code();
  if (code != ErrorCode::kMissingToken && code != ErrorCode::kInvalidToken) {
    std::fprintf(stderr, "unexpected error: %s\n", result.status().ToString().c_str());
    std::abort();
  }
}

bool Same(const StatusOr<Principal>& a, const StatusOr<Principal>& b) {
  if (a.ok() != b.ok()) return false;
  if (!a.ok()) return a.status().code() == b.status().code();
  return a->partner_tenant == b->partner_tenant && a->user_object_id == b->user_object_id &&
         a->app_id == b->app_id && a->app_only == b->app_only;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<TokenVerifier> uncached = MakeVerifier(false);
  if (size == 0) return 0;
  const std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string header = (data[0] & 1) != 0 ? SignedToken(payload) : std::string(payload);

  // A fresh cached verifier per input, so that one input's entries do not shape the next run.
  const std::unique_ptr<TokenVerifier> cached = MakeVerifier(true);
  const StatusOr<Principal> plain = uncached->Verify(header, kNow);
  const StatusOr<Principal> first = cached->Verify(header, kNow);
  const StatusOr<Principal> again = cached->Verify(header, kNow);
  Check(plain);
  if (!Same(plain, first) || !Same(plain, again)) {
    std::fprintf(stderr, "the token cache changed the outcome (%s / %s / %s)\n",
                 plain.status().ToString().c_str(), first.status().ToString().c_str(),
                 again.status().ToString().c_str());
    std::abort();
  }
  return 0;
}
