// The seam between the HTTP transport (http/server.h) and the application (api/).
#pragma once

#include <optional>
#include <string_view>

#include "http/message.h"

namespace cartd::http {

// Why the transport refused a request before it was complete.
enum class RejectReason {
  kMalformed,       // not an HTTP/1.1 request the transport can read
  kBodyTooLarge,    // the body exceeds ServerOptions::max_body_bytes
  kHeaderTooLarge,  // the header block exceeds ServerOptions::max_header_bytes
  kOverloaded,      // the body would pass ServerOptions::max_body_memory_bytes: retry later
};

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

  // Asked once the header block of a request with a body has been read, before any byte of the
  // body is (`head` has no body): an answer here is sent at once, the body is never read, and the
  // connection is closed after it. For refusals that do not depend on the body (unknown route,
  // method not allowed, missing or invalid token), so that an unauthenticated client cannot make
  // the server hold its body. nullopt: read the body and Handle the request as usual.
  // Called on an I/O thread: must not block.
  virtual std::optional<Response> Screen(const Request& /*head*/) { return std::nullopt; }

  // Answers a request the transport refused before it was complete, for `reason`; `description`
  // says why in words fit for the client. The transport closes the connection after sending it.
  // Called on an I/O thread: must not block.
  virtual Response Reject(RejectReason reason, std::string_view description) = 0;
};

}  // namespace cartd::http
