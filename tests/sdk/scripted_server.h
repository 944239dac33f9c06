// A real HTTP server (cartd's own transport, http/server.h) on a loopback port the OS picks,
// answering from a script, and recording what arrived: the SDK's requests, headers and timing
// can then be checked from the server's side.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/handler.h"
#include "http/message.h"
#include "http/server.h"

namespace partnercenter::testing {

struct Arrival {
  std::string method;
  std::string target;
  cartd::http::Headers headers;
  std::string body;
  std::string remote_address;                // "127.0.0.1:53412": the client's end
  std::chrono::steady_clock::time_point at;  // when the handler was called
};

// A Response with `status`, `body` and Content-Type: application/json; charset=utf-8.
cartd::http::Response JsonAnswer(int status, std::string body);

// Thread-safe: the script runs on the transport's worker threads, concurrently when requests
// are.
class ScriptedServer final : public cartd::http::Handler {
 public:
  // `script(request, n)` answers the n-th request (0-based). It may block.
  using Script = std::function<cartd::http::Response(const cartd::http::Request&, int)>;

  explicit ScriptedServer(Script script) : script_(std::move(script)) {}
  ~ScriptedServer() override;

  // Starts listening on 127.0.0.1; with `tls_*` files, over HTTPS. Call with
  // ASSERT_NO_FATAL_FAILURE.
  void Start(const std::string& tls_certificate_file = "",
             const std::string& tls_private_key_file = "");
  // Stops the server; requests arriving later are refused.
  void Stop();

  std::uint16_t port() const;
  // "http://127.0.0.1:<port>" (https with TLS).
  std::string url() const;

  std::vector<Arrival> arrivals() const;

  cartd::http::Response Handle(cartd::http::Request& request) override;
  cartd::http::Response Reject(cartd::http::RejectReason why, std::string_view reason) override;

 private:
  Script script_;
  bool tls_ = false;
  mutable std::mutex mutex_;
  std::vector<Arrival> arrivals_;  // guarded by mutex_
  std::unique_ptr<cartd::http::Server> server_;
};

// A loopback TCP port on which nothing listens (bound by the OS, then closed).
std::uint16_t ClosedPort();

}  // namespace partnercenter::testing
