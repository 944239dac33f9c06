// One HTTP connection: reads requests, hands each to the Handler on a worker thread, writes the
// answers, until the connection closes. Internal to cartd::http (server.cc starts sessions).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/connection_registry.h"
#include "http/front_door_state.h"
#include "http/handler.h"
#include "http/server.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace cartd::http {

// What every connection of one Server shares. Every pointee, and the workers' execution context,
// must outlive all sessions started with it.
struct SessionEnv {
  const ServerOptions* options = nullptr;
  Handler* handler = nullptr;
  // Runs Handler::Handle, which may block; never an I/O thread.
  boost::asio::any_io_executor workers;
  ConnectionRegistry* registry = nullptr;
  // The body budget and the counters of ServerStats.
  FrontDoorState* state = nullptr;
  // Null: plain HTTP. Otherwise the connection starts with a TLS handshake.
  boost::asio::ssl::context* tls = nullptr;
};

// Starts serving `socket`, which must be open, connected, and bound to a strand: every step of
// the session runs on that executor. Returns at once. The session registers itself with
// env.registry for its lifetime, so that Shutdown/AbortAll reach it. It never throws out of its
// coroutine: I/O errors, timeouts and protocol violations end the connection only.
void StartSession(boost::asio::ip::tcp::socket socket, const SessionEnv& env);

}  // namespace cartd::http
