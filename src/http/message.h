// The HTTP request and response as cartd's handlers see them: plain values, independent of the
// HTTP library, so that the API layer is testable without sockets and the transport replaceable.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cartd::http {

// Header fields in arrival order. Names compare case-insensitively.
class Headers {
 public:
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field named `name` by one with `value`.
  void Set(std::string_view name, std::string value);
  // The first value of `name`, or "" when absent.
  std::string_view Get(std::string_view name) const;
  bool Has(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // "GET", "PUT", ... as received
  std::string target;  // the request target as received: path and query
  std::string path;    // the target's path, percent-decoding not applied
  std::string query;   // after '?', without it; "" when none
  Headers headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:53412", for logs
};

struct Response {
  int status = 200;
  Headers headers;  // Content-Length and Connection are set by the transport
  std::string body;
  // Close the connection after sending (the transport also closes when the client asked to).
  bool close_connection = false;
  // Send nothing and close the connection at once: the client sees its connection drop with no
  // answer (the stand-in's "drop" fault).
  bool drop_connection = false;
};

// True when `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace cartd::http
