#include "auth/log_text.h"

#include "common/hex.h"

namespace cartd::auth {
namespace {

constexpr std::size_t kMaxQuotedBytes = 64;

}  // namespace

std::string QuoteForLog(std::string_view text) {
  const bool cut = text.size() > kMaxQuotedBytes;
  if (cut) text = text.substr(0, kMaxQuotedBytes);
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte > 0x7e) {
      out += "\\x";
      hex::AppendByte(out, byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  if (cut) out += "...";
  return out;
}

}  // namespace cartd::auth
