// Building request URLs from an api_root and path segments, on Boost.URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace partnercenter::internal {

// `segment` percent-encoded for use as one path segment: every byte outside RFC 3986's
// unreserved set (A-Z a-z 0-9 - . _ ~) becomes %XX, so an id can neither add segments ("/") nor
// a query ("?").
std::string EncodePathSegment(std::string_view segment);

// `api_root` without trailing slashes when it is an absolute http or https URL (RFC 3986, scheme
// in any case) with a host ("http://127.0.0.1:8080", "https://host/prefix/"); nullopt otherwise
// (no scheme, another scheme, no host, a query or fragment, spaces or control characters).
std::optional<std::string> NormalizeApiRoot(std::string_view api_root);

// True when `value` holds CR, LF or NUL, which would end or split a header field.
bool HasLineBreak(std::string_view value);

}  // namespace partnercenter::internal
