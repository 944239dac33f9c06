// UTF-8 well-formedness of one sequence (RFC 3629: no overlong forms, no UTF-16 surrogates,
// nothing above U+10FFFF). Shared by the reader, to name what it refused, and the writer, to
// keep its output valid.
#pragma once

#include <cstddef>
#include <string_view>

namespace partnercenter::wire {

// Length (1 to 4) of the well-formed UTF-8 sequence starting at text[pos], or 0 when the bytes
// there are not one. REQUIRES: pos < text.size().
inline std::size_t Utf8SequenceLength(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead < 0x80) {
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    min_second = lead == 0xE0 ? 0xA0 : 0x80;  // overlong below U+0800
    max_second = lead == 0xED ? 0x9F : 0xBF;  // U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    min_second = lead == 0xF0 ? 0x90 : 0x80;  // overlong below U+10000
    max_second = lead == 0xF4 ? 0x8F : 0xBF;  // above U+10FFFF
  } else {
    return 0;
  }
  if (pos + length > text.size() || byte(1) < min_second || byte(1) > max_second) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) {
      return 0;
    }
  }
  return length;
}

}  // namespace partnercenter::wire
