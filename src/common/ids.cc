#include "common/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "common/hex.h"

namespace cartd {

void RandomBytes(unsigned char* out, std::size_t size) {
  // RAND_bytes costs thousands of instructions a call, whatever its size, and a request may take
  // three ids: each thread draws a block at a time and hands it out in slices. Each byte is used
  // once, so the bytes are as strong as RAND_bytes' own (cartd never forks, so no two processes
  // share a block).
  constexpr std::size_t kBlockBytes = 4096;
  thread_local std::array<unsigned char, kBlockBytes> block;
  thread_local std::size_t used = kBlockBytes;
  auto draw = [](unsigned char* into, std::size_t n) {
    // RAND_bytes only fails when the system has no entropy source at all; running on would hand
    // out predictable ids, so this is fatal.
    if (RAND_bytes(into, static_cast<int>(n)) != 1) {
      throw std::runtime_error("RAND_bytes failed: no entropy source");
    }
  };
  if (size > kBlockBytes / 4) {
    draw(out, size);
    return;
  }
  if (kBlockBytes - used < size) {
    draw(block.data(), kBlockBytes);
    used = 0;
  }
  std::memcpy(out, block.data() + used, size);
  // What was handed out is not kept around.
  std::memset(block.data() + used, 0, size);
  used += size;
}

std::string NewGuid() {
  std::array<unsigned char, 16> bytes;
  RandomBytes(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    hex::AppendByte(out, bytes[i]);
  }
  return out;
}

std::string NewHexId(std::size_t length) {
  std::vector<unsigned char> bytes((length + 1) / 2);
  RandomBytes(bytes.data(), bytes.size());
  std::string out = hex::Encode(bytes.data(), bytes.size());
  out.resize(length);
  return out;
}

std::optional<std::string> CanonicalGuid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, 36);
  }
  if (text.size() != 36) return std::nullopt;
  std::string out(36, '-');
  for (std::size_t i = 0; i < 36; ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const int v = hex::DigitValue(text[i]);
    if (v < 0) return std::nullopt;
    out[i] = hex::kLowerDigits[static_cast<std::size_t>(v)];
  }
  return out;
}

}  // namespace cartd
