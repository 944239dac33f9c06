// HMAC-SHA-256, the JWS "HS256" algorithm (RFC 7518 §3.2). Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

namespace cartd::auth {

// The 32-byte HMAC-SHA-256 of `data` under `key`. Like memory allocation, this cannot fail in a
// working process: if OpenSSL cannot compute the MAC it throws std::runtime_error.
std::string HmacSha256(std::string_view key, std::string_view data);

// True when `signature` is the HMAC-SHA-256 of `signing_input` under `key`. The comparison takes
// the same time wherever the first differing byte is, so that timing reveals nothing about the
// expected MAC.
bool VerifyHs256(std::string_view key, std::string_view signing_input, std::string_view signature);

}  // namespace cartd::auth
