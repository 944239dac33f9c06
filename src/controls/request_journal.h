// RequestJournal: the last requests a node answered, for a test to see what its client really
// sent and got back (SPEC §13, `/_cartd/requests`), in the manner of WireMock's request journal.
//
// A ring bounded twice: at most `max_entries` entries, and at most `max_bytes` of them in all
// (the oldest go first); a body longer than `max_body_bytes` is kept cut to that length and marked
// truncated. `Authorization` is never kept: its value is replaced by its scheme and "[redacted]".
// What is kept is UTF-8 (bytes that are not are replaced by U+FFFD), so it can be shown as JSON.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace cartd::controls {

struct JournalOptions {
  std::size_t max_entries = 1000;
  std::size_t max_bytes = 16 << 20;
  std::size_t max_body_bytes = 64 << 10;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct JournalEntry {
  std::uint64_t sequence = 0;  // assigned by Record: 1, 2, ... in the order recorded
  Timestamp received;          // on cartd's clock (the stand-in clock when it was moved)
  std::string method;
  std::string target;  // path and query as received
  HeaderList request_headers;
  std::string request_body;
  bool request_body_truncated = false;
  int status = 0;
  HeaderList response_headers;
  std::string response_body;
  bool response_body_truncated = false;
  std::chrono::microseconds latency{0};
  std::string request_id;
  std::string correlation_id;
  std::string partner_tenant;  // "" when the token was not accepted
  std::string customer_id;     // from the path; "" for routes without one
  std::string route;           // "PUT /v1/customers/{customer-id}/carts/{cart-id}", "unmatched"
  std::string fault;           // the id of the fault rule that decided the answer, if any
};

struct JournalQuery {
  std::size_t limit = 100;
  std::string partner_tenant;      // "": any
  std::string customer_id;         // "": any
  std::optional<Timestamp> since;  // received at or after
};

// Thread-safe.
class RequestJournal {
 public:
  explicit RequestJournal(JournalOptions options = {}) : options_(options) {}

  // Keeps `entry` (its bodies cut and Authorization redacted here), dropping the oldest entries
  // beyond the bounds. An entry larger than max_bytes on its own is kept without its bodies (and
  // alone). REQUIRES: options.max_entries >= 1.
  void Record(JournalEntry entry);

  // The entries that match `query`, newest first, at most query.limit.
  std::vector<JournalEntry> Find(const JournalQuery& query) const;

  // Forgets every entry; returns how many there were.
  std::size_t Clear();

  std::size_t size() const;
  std::size_t bytes() const;
  const JournalOptions& options() const { return options_; }

 private:
  static std::size_t SizeOf(const JournalEntry& entry);

  const JournalOptions options_;
  mutable std::mutex mutex_;
  std::deque<JournalEntry> entries_;  // oldest first; guarded by mutex_
  std::size_t bytes_ = 0;             // guarded by mutex_
  std::uint64_t next_sequence_ = 1;   // guarded by mutex_
};

// "Bearer eyJ..." -> "Bearer [redacted]".
std::string RedactAuthorization(std::string_view value);

}  // namespace cartd::controls
