#include "sdk/uri.h"

#include <algorithm>

namespace partnercenter::internal {
namespace {

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::optional<std::string> NormalizeApiRoot(std::string_view api_root) {
  std::size_t scheme_length = 0;
  if (StartsWithIgnoreCase(api_root, "http://")) {
    scheme_length = 7;
  } else if (StartsWithIgnoreCase(api_root, "https://")) {
    scheme_length = 8;
  } else {
    return std::nullopt;
  }
  const bool bad_character = std::any_of(api_root.begin(), api_root.end(), [](char c) {
    return static_cast<unsigned char>(c) <= ' ' || c == '?' || c == '#' || c == 0x7f;
  });
  if (bad_character) return std::nullopt;
  while (api_root.size() > scheme_length && api_root.back() == '/') api_root.remove_suffix(1);
  const std::string_view authority =
      api_root.substr(scheme_length, api_root.find('/', scheme_length) - scheme_length);
  if (authority.empty() || authority.front() == ':' || authority.front() == '@')
    return std::nullopt;
  return std::string(api_root);
}

bool HasLineBreak(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace partnercenter::internal
