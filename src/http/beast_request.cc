#include "http/beast_request.h"

#include <utility>

namespace cartd::http {

Request ToRequest(boost::beast::http::request<boost::beast::http::string_body>&& message,
                  std::string remote_address) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = std::move(remote_address);
  return request;
}

}  // namespace cartd::http
