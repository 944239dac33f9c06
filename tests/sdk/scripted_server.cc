#include "tests/sdk/scripted_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

namespace partnercenter::testing {

cartd::http::Response JsonAnswer(int status, std::string body) {
  cartd::http::Response response;
  response.status = status;
  response.headers.Add("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

ScriptedServer::~ScriptedServer() { Stop(); }

void ScriptedServer::Start(const std::string& tls_certificate_file,
                           const std::string& tls_private_key_file) {
  cartd::http::ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 8;
  options.tls_certificate_file = tls_certificate_file;
  options.tls_private_key_file = tls_private_key_file;
  tls_ = !tls_certificate_file.empty();
  auto server = cartd::http::Server::Start(options, *this);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  server_ = std::move(*server);
}

void ScriptedServer::Stop() {
  if (server_) server_->Stop(std::chrono::seconds(5));
}

std::uint16_t ScriptedServer::port() const { return server_->port(); }

std::string ScriptedServer::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::vector<Arrival> ScriptedServer::arrivals() const {
  std::lock_guard lock(mutex_);
  return arrivals_;
}

cartd::http::Response ScriptedServer::Handle(cartd::http::Request& request) {
  int index = 0;
  {
    std::lock_guard lock(mutex_);
    index = static_cast<int>(arrivals_.size());
    arrivals_.push_back({request.method, request.target, request.headers, request.body,
                         request.remote_address, std::chrono::steady_clock::now()});
  }
  return script_(request, index);
}

cartd::http::Response ScriptedServer::Reject(cartd::http::RejectReason why, std::string_view) {
  const int status = why == cartd::http::RejectReason::kBodyTooLarge     ? 413
                     : why == cartd::http::RejectReason::kHeaderTooLarge ? 431
                                                                         : 400;
  return JsonAnswer(status, R"({"code":800002,"description":"Refused by the transport"})");
}

std::uint16_t ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace partnercenter::testing
