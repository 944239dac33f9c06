// The one conversion from a request Beast has parsed to the transport-neutral http::Request, and
// the framing rules Beast's parser leaves to its user. They name Beast's types, so only the
// transport (session.cc) and the request fuzzer include this header; the rest of cartd sees
// http/message.h alone.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace cartd::http {

// Method, target (split into path and query at the first '?'), header fields in arrival order
// and body, moved out of `message`; `remote_address` as given. A target in absolute form
// ("http://host/v1/...", RFC 9112 §3.2.2) becomes its origin form ("/v1/...").
Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                  std::string remote_address);

// The same without a body, from the header block alone (for Handler::Screen).
Request ToRequestHead(const boost::beast::http::request_header<>& header,
                      std::string remote_address);

// The origin form of an absolute-form target with scheme http or https ("http://host:8080/a?b"
// -> "/a?b", "http://host" -> "/"); any other target unchanged.
std::string_view OriginForm(std::string_view target);

// Why a request header block Beast has accepted must still be refused (400, then close), or
// nullopt when its framing is sound. RFC 9112 §6.3 and §3.2: a Transfer-Encoding whose codings
// are not exactly "chunked" (the last coding not chunked, chunked twice, or a coding cartd cannot
// decode); Transfer-Encoding with Content-Length; Transfer-Encoding in an HTTP/1.0 request; more
// than one Content-Length (as fields or as a list); an HTTP/1.1 request without Host; more than
// one Host or Authorization field. Beast reads a body framed by a Transfer-Encoding it does not
// end with chunked as empty, so that the body would otherwise be read as the next request.
std::optional<std::string> FramingViolation(const boost::beast::http::request_header<>& header);

}  // namespace cartd::http
