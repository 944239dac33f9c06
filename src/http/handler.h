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

  // Answers one complete request. May block (on the store): the transport runs it on a worker
  // thread, unless AnswersPromptly(request) says it will not.
  virtual Response Handle(Request& request) = 0;

  // True when Handle will answer `request` without waiting long: no durable commit, no network
  // round trip, only local work and reads of a local store. Such requests run on the I/O thread
  // that read them, saving the two thread hand-offs of a worker (which cost more than a local
  // read). Called on an I/O thread for every request: must be cheap and must not block.
  virtual bool AnswersPromptly(const Request& /*request*/) const { return false; }

  // Answers a request the transport refused before it was complete: `status` is 400 (not HTTP),
  // 413 (body over the limit) or 431 (header block over the limit); `reason` says why, in words
  // fit for the client. The transport closes the connection after sending it.
  virtual Response Reject(int status, std::string_view reason) = 0;
};

}  // namespace cartd::http
