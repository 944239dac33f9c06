// The SDK's HTTP transport: one request, one answer, over libcurl. No retries and no knowledge
// of Partner Center here; service_core.h builds on it.
//
// Connections are reused: easy handles are pooled (each keeps its connections alive between
// requests) and share one DNS cache and one TLS session cache. TLS peer and host verification are
// on unless TransportOptions::insecure_skip_tls_verify says otherwise.
//
// Thread-safety: a HttpTransport may be used from any number of threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace partnercenter::internal {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::string ca_bundle_path;  // PEM file of trusted CAs; "" uses the system's store
  bool insecure_skip_tls_verify = false;
  std::size_t max_response_bytes = 64u << 20;  // larger bodies fail the request
  std::string user_agent;
  std::size_t max_idle_handles = 16;  // handles (and their connections) kept between requests
};

struct HttpRequest {
  std::string method;  // "GET", "PUT", "POST"
  std::string url;     // absolute: "http://127.0.0.1:8080/v1/customers/..."
  HeaderFields headers;
  bool has_body = false;  // a POST or PUT with an empty body still sends Content-Length: 0
  std::string body;
  std::chrono::milliseconds timeout{30'000};  // the whole exchange, connection included
};

struct HttpResponse {
  int status = 0;
  HeaderFields headers;  // the final answer's header fields, in arrival order
  std::string body;

  // The first value of the field `name` (compared ignoring ASCII case), or "" when absent.
  std::string Header(std::string_view name) const;
};

// Why no answer arrived.
enum class TransportFailure {
  kNone,
  kConnect,           // could not resolve or connect; nothing reached the server
  kTimeout,           // the timeout expired (before or after the request was sent)
  kConnectionLost,    // the connection broke while sending or receiving
  kTls,               // TLS handshake or certificate verification failed
  kResponseTooLarge,  // the body passed max_response_bytes
  kOther,             // anything else libcurl reports (bad URL, unsupported protocol, ...)
};

struct TransportResult {
  TransportFailure failure = TransportFailure::kNone;
  std::string message;    // libcurl's description of the failure; "" on success
  HttpResponse response;  // meaningful when failure == kNone
  bool ok() const { return failure == TransportFailure::kNone; }
};

class HttpTransport {
 public:
  // Initialises libcurl (once per process) and the shared caches.
  explicit HttpTransport(TransportOptions options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Sends `request` and reads the answer. Redirects are not followed. Never throws (std::bad_alloc
  // aside).
  TransportResult Send(const HttpRequest& request);

 private:
  struct Shared;
  std::unique_ptr<Shared> shared_;
  TransportOptions options_;
};

}  // namespace partnercenter::internal
