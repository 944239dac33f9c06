#include "sdk/uri.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/scheme.hpp>

namespace partnercenter::internal {

std::string EncodePathSegment(std::string_view segment) {
  // Boost.URL writes the upper-case hex digits RFC 3986 §2.1 recommends.
  return boost::urls::encode(segment, boost::urls::unreserved_chars);
}

std::optional<std::string> NormalizeApiRoot(std::string_view api_root) {
  // parse_uri refuses spaces and control characters; the scheme is compared in any case.
  const boost::system::result<boost::urls::url_view> url = boost::urls::parse_uri(api_root);
  if (!url) return std::nullopt;
  const boost::urls::scheme scheme = url->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
    return std::nullopt;
  }
  if (url->encoded_host().empty() || url->has_query() || url->has_fragment()) return std::nullopt;
  // The host is not empty, so this stops short of "http://".
  while (api_root.back() == '/') api_root.remove_suffix(1);
  return std::string(api_root);
}

bool HasLineBreak(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace partnercenter::internal
