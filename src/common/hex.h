// Hexadecimal digits: the one table every encoder in cartd uses (digests, ids, JSON and log
// escapes, percent-encoding). Header-only and dependency-free, so that the wire codec and the SDK
// can use it without linking anything of the server.
#pragma once

#include <string>
#include <string_view>

namespace cartd::hex {

inline constexpr std::string_view kLowerDigits = "0123456789abcdef";
inline constexpr std::string_view kUpperDigits = "0123456789ABCDEF";

// Appends the two hex digits of `byte` to `out` ("0f"; upper case with `upper`).
inline void AppendByte(std::string& out, unsigned char byte, bool upper = false) {
  const std::string_view digits = upper ? kUpperDigits : kLowerDigits;
  out.push_back(digits[byte >> 4]);
  out.push_back(digits[byte & 0x0f]);
}

// The lower-case hex of `size` bytes.
inline std::string Encode(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) AppendByte(out, bytes[i]);
  return out;
}

// The value of one hex digit in either case; -1 for anything else.
constexpr int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace cartd::hex
