// What a TokenVerifier accepts: the audience and issuer it expects, the clock skew it forgives,
// and the bounds that protect it from oversized input.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace cartd::auth {

struct VerifierOptions {
  // `aud` must equal this (or, when `aud` is an array, contain it).
  std::string audience = "https://api.partnercenter.microsoft.com";
  // When set, `iss` must equal it exactly. Unset: `iss` is not looked at.
  std::optional<std::string> issuer;
  // Forgiven on both `exp` and `nbf`, because the token issuer's clock and ours differ.
  // Default 5 minutes.
  std::chrono::seconds clock_skew{300};
  // Tokens longer than this are refused before any decoding, so that a hostile header cannot make
  // the verifier base64-decode and parse megabytes. Default 8 KiB (Entra ID tokens are ~2 KiB).
  std::size_t max_token_bytes = 8192;
  // Bounds on the cache of verified tokens (keyed by the token text; see TokenCache). Whichever
  // is reached first evicts the oldest entries. 0 entries disables the cache.
  std::size_t cache_max_entries = 10'000;
  std::size_t cache_max_bytes = 16 << 20;  // token text plus claims, approximately
};

}  // namespace cartd::auth
