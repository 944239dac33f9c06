// A small blocking HTTP/1.1 client over a real loopback socket, for tests: it sends exactly the
// bytes it is told to and reads one response, so tests can assert on status, headers and body.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace cartd::test {

struct HttpResult {
  int status = 0;  // 0: no response (connection failed or closed)
  http::Headers headers;
  std::string body;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One connection, reused for several requests (keep-alive). Not thread-safe: use one per thread.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a request (adding Host and Content-Length) and reads the response. Reconnects first if
  // the server closed the connection.
  HttpResult Send(const std::string& method, const std::string& target, const std::string& body,
                  const HeaderList& headers = {});

  // Sends raw bytes and reads one response.
  HttpResult SendRaw(const std::string& bytes);

 private:
  bool Connect();
  HttpResult ReadResponse();

  std::uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace cartd::test
