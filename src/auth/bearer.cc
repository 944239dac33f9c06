#include "auth/bearer.h"

#include <algorithm>

namespace cartd::auth {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

}  // namespace

StatusOr<std::string_view> ExtractBearerToken(std::string_view authorization) {
  const std::string_view value = Trim(authorization);
  if (value.empty()) {
    return Status(ErrorCode::kMissingToken, "Authorization header is missing or blank");
  }
  const auto scheme_end = std::find_if(value.begin(), value.end(), IsBlank);
  const std::string_view scheme(value.begin(), scheme_end);
  if (!EqualsIgnoringAsciiCase(scheme, "Bearer")) {
    return Status(ErrorCode::kInvalidToken, "Authorization scheme is not Bearer");
  }
  const std::string_view token = Trim(std::string_view(scheme_end, value.end()));
  if (token.empty()) return Status(ErrorCode::kMissingToken, "Bearer token is blank");
  return token;
}

}  // namespace cartd::auth
