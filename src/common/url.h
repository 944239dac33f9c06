// Reading the URLs operators write (store URLs), on Boost.URL. Header-only; targets that include
// it link Boost::url.
#pragma once

#include <boost/url/parse.hpp>
#include <boost/url/rfc/gen_delim_chars.hpp>
#include <boost/url/rfc/sub_delim_chars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>
#include <string>
#include <string_view>

#include "common/hex.h"

namespace cartd {

// `text` as an absolute URL (RFC 3986), reading every character a URL cannot hold as it is (a
// space, a control character, '"', '<', '\', a byte past ASCII, ...) as if it were percent-encoded,
// as libpq does: "sqlite:///my data/cartd.db" is "sqlite:///my%20data/cartd.db". The result holds
// those characters encoded. Errors: Boost.URL's, for what is malformed even so (no scheme, a '%'
// not followed by two hex digits, a port that is not a number, ...).
inline boost::system::result<boost::urls::url> ParseOperatorUrl(std::string_view text) {
  // boost::urls::encode would escape '%' too, and with it the escapes already written.
  static constexpr auto kAsWritten = boost::urls::unreserved_chars + boost::urls::gen_delim_chars +
                                     boost::urls::sub_delim_chars + '%';
  std::string encoded;
  encoded.reserve(text.size());
  for (const char c : text) {
    if (kAsWritten(c)) {
      encoded.push_back(c);
    } else {
      encoded.push_back('%');
      hex::AppendByte(encoded, static_cast<unsigned char>(c), /*upper=*/true);
    }
  }
  const boost::system::result<boost::urls::url_view> parsed = boost::urls::parse_uri(encoded);
  if (!parsed) return parsed.error();
  return boost::urls::url(*parsed);
}

}  // namespace cartd
