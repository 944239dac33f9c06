// HTTP/1.1 over a loopback socket with nothing hidden: a connection that never reconnects behind
// the caller's back (to prove that a connection survived something), and a single exchange that
// tells a complete answer from a partial one and from none at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace cartd::test {

struct RawResponse {
  enum class Outcome {
    kNoConnection,  // connect() failed: the server was not accepting
    kNoAnswer,      // connected, but the connection ended before any byte of an answer
    kPartial,       // some bytes of an answer, then the connection ended
    kComplete,      // a whole answer (status line, headers, Content-Length bytes of body)
  };
  Outcome outcome = Outcome::kNoConnection;
  int status = 0;
  http::Headers headers;
  std::string body;
};

// One connection to 127.0.0.1:`port`. Not thread-safe.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return fd_ >= 0; }

  // Sends `bytes` and reads one answer. Never reconnects: once the connection has ended, every
  // call answers kNoAnswer (or kNoConnection if it never connected).
  RawResponse Exchange(const std::string& bytes);

  // The two halves of Exchange. Send returns false when not all bytes could be sent (the server
  // may still have answered what it read: Receive tells).
  bool Send(const std::string& bytes);
  RawResponse Receive();

 private:
  int fd_ = -1;
  bool ended_ = false;
  std::string buffer_;
};

// "METHOD target HTTP/1.1" with Host, the given headers, Content-Length and the body.
std::string FormatRequest(const std::string& method, const std::string& target,
                          const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace cartd::test
