#include "http/beast_request.h"

#include <cstddef>
#include <utility>
#include <vector>

namespace cartd::http {
namespace {

namespace bhttp = boost::beast::http;

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t CountFields(const bhttp::request_header<>& header, bhttp::field name) {
  const auto [first, last] = header.equal_range(name);
  return static_cast<std::size_t>(std::distance(first, last));
}

// The transfer codings of every Transfer-Encoding field, in order, without empty list elements.
std::vector<std::string_view> TransferCodings(const bhttp::request_header<>& header) {
  std::vector<std::string_view> codings;
  const auto [first, last] = header.equal_range(bhttp::field::transfer_encoding);
  for (auto it = first; it != last; ++it) {
    std::string_view rest(it->value().data(), it->value().size());
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view element = TrimOws(rest.substr(0, comma));
      if (!element.empty()) codings.push_back(element);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return codings;
}

}  // namespace

std::string_view OriginForm(std::string_view target) {
  std::size_t scheme_end;
  if (target.size() >= 7 && EqualsIgnoreCase(target.substr(0, 7), "http://")) {
    scheme_end = 7;
  } else if (target.size() >= 8 && EqualsIgnoreCase(target.substr(0, 8), "https://")) {
    scheme_end = 8;
  } else {
    return target;
  }
  const std::size_t path = target.find_first_of("/?", scheme_end);
  if (path == std::string_view::npos) return "/";
  return target.substr(path);
}

Request ToRequestHead(const bhttp::request_header<>& message, std::string remote_address) {
  Request request;
  request.method = std::string(message.method_string());
  const std::string_view target(message.target().data(), message.target().size());
  const std::string_view origin = OriginForm(target);
  // "http://host?q" names the path "/" with the query "q".
  request.target = origin.starts_with('?') ? "/" + std::string(origin) : std::string(origin);
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_address = std::move(remote_address);
  return request;
}

Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                  std::string remote_address) {
  Request request = ToRequestHead(message, std::move(remote_address));
  request.body = std::move(message.body());
  return request;
}

std::optional<std::string> FramingViolation(const bhttp::request_header<>& header) {
  const std::size_t hosts = CountFields(header, bhttp::field::host);
  if (hosts == 0 && header.version() >= 11) return "an HTTP/1.1 request must have a Host field";
  if (hosts > 1) return "the request has more than one Host field";
  if (CountFields(header, bhttp::field::authorization) > 1) {
    return "the request has more than one Authorization field";
  }
  const std::size_t lengths = CountFields(header, bhttp::field::content_length);
  if (lengths > 1 || (lengths == 1 && header[bhttp::field::content_length].find(',') !=
                                          boost::beast::string_view::npos)) {
    return "the request has more than one Content-Length";
  }
  if (CountFields(header, bhttp::field::transfer_encoding) == 0) return std::nullopt;
  if (header.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
  if (lengths > 0) return "the request has both Transfer-Encoding and Content-Length";
  const std::vector<std::string_view> codings = TransferCodings(header);
  if (codings.empty() || !EqualsIgnoreCase(codings.back(), "chunked")) {
    return "the request's Transfer-Encoding does not end with chunked";
  }
  if (codings.size() > 1) {
    return "the transfer coding '" + std::string(codings.front()) + "' is not supported";
  }
  return std::nullopt;
}

}  // namespace cartd::http
