// base64url (RFC 4648 §5) as JWS uses it (RFC 7515 §2): the URL-safe alphabet and no padding.
//
// Decoding is strict so that each byte string has exactly one accepted text: '=' padding is
// refused (not tolerated), as are characters outside the alphabet, a length that leaves a single
// dangling character (length % 4 == 1), and non-zero bits in the unused low bits of the last
// character. Thread-safe (pure functions).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartd::auth {

// The unpadded base64url text of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// The bytes `text` encodes, or nullopt when `text` is not canonical unpadded base64url (see
// above). The empty text decodes to the empty string.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace cartd::auth
