// The one conversion from a request Beast has parsed to the transport-neutral http::Request. It
// names Beast's types, so only the transport (session.cc) and the request fuzzer include it; the
// rest of cartd sees http/message.h alone.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "http/message.h"

namespace cartd::http {

// Method, target (split into path and query at the first '?'), header fields in arrival order
// and body, moved out of `message`; `remote_address` as given.
Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                  std::string remote_address);

}  // namespace cartd::http
