#include "tests/integration/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace cartd::test {

HttpClient::HttpClient(std::uint16_t port) : port_(port) {}

HttpClient::~HttpClient() {
  if (fd_ >= 0) close(fd_);
}

bool HttpClient::Connect() {
  if (fd_ >= 0) close(fd_);
  buffer_.clear();
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return false;
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval timeout{.tv_sec = 30, .tv_usec = 0};
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd_);
    fd_ = -1;
    return false;
  }
  return true;
}

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body, const HeaderList& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT") {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  return SendRaw(request);
}

HttpResult HttpClient::SendRaw(const std::string& bytes) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0 && !Connect()) return {};
    std::size_t sent = 0;
    bool failed = false;
    while (sent < bytes.size()) {
      const ssize_t n = send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        failed = true;
        break;
      }
      sent += static_cast<std::size_t>(n);
    }
    if (!failed) {
      HttpResult result = ReadResponse();
      if (result.status != 0) return result;
    }
    // The server closed a kept-alive connection before our request: reconnect once.
    close(fd_);
    fd_ = -1;
  }
  return {};
}

HttpResult HttpClient::ReadResponse() {
  HttpResult result;
  auto fill = [&]() {
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return {};
  }
  const std::string head = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  std::size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  const std::size_t space = status_line.find(' ');
  if (space == std::string::npos) return {};
  result.status = std::atoi(status_line.c_str() + space + 1);
  std::size_t content_length = 0;
  bool close_after = false;
  while (line_end != std::string::npos && line_end < head.size()) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos
                                                                              : line_end - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (http::EqualsIgnoreCase(name, "Content-Length")) content_length = std::stoul(value);
    if (http::EqualsIgnoreCase(name, "Connection") && http::EqualsIgnoreCase(value, "close")) {
      close_after = true;
    }
    result.headers.Add(std::move(name), std::move(value));
  }
  if (result.status == 100) return ReadResponse();  // interim answer to Expect: 100-continue
  while (buffer_.size() < content_length) {
    if (!fill()) return {};
  }
  result.body = buffer_.substr(0, content_length);
  buffer_.erase(0, content_length);
  if (close_after) {
    close(fd_);
    fd_ = -1;
  }
  return result;
}

}  // namespace cartd::test
