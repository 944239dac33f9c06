// The HTTP/1.1 transport: Boost.Beast over Boost.Asio. Accepts connections, reads requests within
// the configured limits and timeouts, hands each complete request to a Handler on a worker
// thread, and writes the answer back; keep-alive and pipelining supported.
//
// Threads: `io_threads` threads do all network I/O; Handler::Handle runs on one of
// `worker_threads` other threads, so a Handle that blocks holds a worker, never the network.
// Handler::Reject (answers to requests refused while reading: 400, 413, 431) runs on an I/O thread
// and must not block.
//
// Per connection: requests are answered one at a time, in order (pipelined requests included).
// The transport sets Content-Length (none on 1xx, 204 and 304 answers; the answer to HEAD carries
// the length of the body it omits) and Connection when it closes; it drops Content-Length,
// Connection and Transfer-Encoding fields set by the Handler, and fields that are not valid HTTP
// (a name that is not a token, a value holding CR, LF or NUL). An answer whose status is outside
// 100..999 goes out as 500. `Expect: 100-continue` is answered with "100 Continue" once the header
// block has been read and accepted. Every refusal closes the connection after it is sent.
//
// Framing is strict (RFC 9112, see FramingViolation in beast_request.h): a request whose framing
// a gateway could read differently is refused with Reject(kMalformed), before its body is read,
// and nothing after it is read as another request. A target in absolute form is served as its
// origin form. Before a body is read, Handler::Screen may answer from the header block alone.
//
// Stop: connections waiting for a request close at once; a request that has already arrived (in
// the socket, pipelined, or being read) is answered, the last one with "Connection: close".
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/handler.h"

namespace cartd::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: the OS picks a free port (see Server::port())
  // Threads running network I/O. 0: one per core.
  int io_threads = 0;
  // Threads running Handler::Handle, which may block on the store. Concurrent requests beyond
  // this number wait for a free worker.
  int worker_threads = 64;
  // Limits that protect the server from abusive clients.
  // Larger bodies: 413, by Content-Length before the body is read (and before "100 Continue"), or
  // as soon as a chunked body grows past it.
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;  // larger header blocks (request line included): 431
  // Time allowed to receive a whole request (header block and body) once its first byte arrived,
  // and to complete a TLS handshake; past it the connection is closed without an answer
  // (slow-loris defence).
  std::chrono::milliseconds read_timeout{10'000};
  // Time a connection may wait for the first byte of its next request (keep-alive idle time).
  std::chrono::milliseconds idle_timeout{60'000};
  // Time allowed to write a response to a client that does not read it.
  std::chrono::milliseconds write_timeout{10'000};
  // Connections open at once. A connection beyond it is accepted and closed at once, unanswered
  // (counted in ServerStats::connections_refused). 0: no cap.
  std::size_t max_connections = 10'000;
  // Bytes of request bodies held in memory across all connections: a body's Content-Length is
  // set aside before it is read, a chunked body's bytes as they arrive, until its request is
  // answered. A body that would pass the budget is refused with Handler::Reject(kOverloaded)
  // (503, Retry-After) and the connection closed. 0: no budget.
  std::size_t max_body_memory_bytes = 64 << 20;
  // PEM files for HTTPS (TLS 1.2 and newer); both empty: plain HTTP. Setting only one is an error.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
};

// What the transport has done, for metrics. Counters count since Start.
struct ServerStats {
  std::uint64_t connections_open = 0;
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;   // accepted past max_connections and closed at once
  std::uint64_t body_bytes_held = 0;       // of max_body_memory_bytes, now
  std::uint64_t body_memory_refusals = 0;  // requests answered kOverloaded
  std::uint64_t answered_before_body = 0;  // answered by Handler::Screen, body unread
};

// Thread-safe. Destroying a running Server stops it immediately (Stop with no grace). Stop, Wait
// and the destructor must not be called from an I/O or worker thread (from a Handler): they wait
// for those threads.
class Server {
 public:
  // Binds, starts listening and starts the threads. `handler` must outlive the Server. `host` is an
  // IP address or a name resolved once, here.
  // Errors: kUnavailable when the address cannot be bound (the message names the address and the
  // reason) or the threads cannot be started; kInvalidInput for a host that is empty or does not
  // resolve, TLS files that cannot be loaded, or options out of range (negative io_threads,
  // worker_threads < 1, a timeout <= 0).
  static StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler& handler);

  virtual ~Server() = default;

  // The port actually bound (useful with port 0).
  virtual std::uint16_t port() const = 0;

  virtual ServerStats stats() const = 0;

  // Stops accepting connections (new ones are refused) and closes connections waiting for a
  // request. Requests already being read, handled or answered finish and are answered with
  // "Connection: close" for up to `grace`; then every connection left is closed, unanswered.
  // Returns once every Handler call has returned and all threads are joined: a Handle that never
  // returns keeps Stop from returning. Idempotent; concurrent callers all return after the stop.
  virtual void Stop(std::chrono::milliseconds grace) = 0;

  // Blocks until the server has stopped (by Stop from another thread).
  virtual void Wait() = 0;
};

}  // namespace cartd::http
