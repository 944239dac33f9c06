// The seam between the HTTP transport (http/server.h) and the application (api/).
#pragma once

#include <string_view>

#include "http/message.h"

namespace cartd::http {

// What the transport calls. Implementations must be thread-safe: the transport calls them
// concurrently from its worker threads. They must not throw.
class Handler {
 public:
  virtual ~Handler() = default;

  // Answers one complete request. May block (on the store); the transport runs it on a worker
  // thread, never on an I/O thread.
  virtual Response Handle(Request& request) = 0;

  // Answers a request the transport refused before it was complete: `status` is 400 (not HTTP),
  // 413 (body over the limit) or 431 (header block over the limit); `reason` says why, in words
  // fit for the client. The transport closes the connection after sending it.
  virtual Response Reject(int status, std::string_view reason) = 0;
};

}  // namespace cartd::http
