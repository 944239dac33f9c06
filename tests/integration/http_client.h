// A small blocking HTTP/1.1 client over a real loopback socket, for tests: one keep-alive
// connection that is opened again when the server closed it, so tests can make many calls and
// assert on status, headers and body.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"
#include "tests/testing/raw_http.h"

namespace cartd::test {

struct HttpResult {
  int status = 0;  // 0: no response (connection failed or closed)
  http::Headers headers;
  std::string body;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Not thread-safe: use one per thread.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : port_(port) {}

  // Sends a request (adding Host and Content-Length) and reads the response. Reconnects first if
  // the server closed the connection.
  HttpResult Send(const std::string& method, const std::string& target, const std::string& body,
                  const HeaderList& headers = {});

  // Sends raw bytes and reads one response.
  HttpResult SendRaw(const std::string& bytes);

 private:
  std::uint16_t port_;
  std::unique_ptr<RawConnection> connection_;
};

}  // namespace cartd::test
