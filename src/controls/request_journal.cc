#include "controls/request_journal.h"

#include <algorithm>

#include "wire/utf8.h"

namespace cartd::controls {
namespace {

bool IsAuthorization(std::string_view name) {
  constexpr std::string_view kName = "authorization";
  return std::equal(name.begin(), name.end(), kName.begin(), kName.end(),
                    [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a + 32 : a) == b; });
}

// Cuts at a character boundary, so that what is kept is still UTF-8 when the body was.
void Cut(std::string& body, bool& truncated, std::size_t max) {
  if (body.size() <= max) return;
  while (max > 0 && (static_cast<unsigned char>(body[max]) & 0xC0) == 0x80) --max;
  body.resize(max);
  body.shrink_to_fit();
  truncated = true;
}

// Replaces each byte that does not start a well-formed UTF-8 sequence with U+FFFD, so that what
// the journal keeps can always be written as JSON text.
void MakeUtf8(std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
  if (pos == text.size()) return;
  std::string clean = text.substr(0, pos);
  while (pos < text.size()) {
    const std::size_t length = partnercenter::wire::Utf8SequenceLength(text, pos);
    if (length == 0) {
      clean += "\xEF\xBF\xBD";
      ++pos;
    } else {
      clean.append(text, pos, length);
      pos += length;
    }
  }
  text = std::move(clean);
}

}  // namespace

std::string RedactAuthorization(std::string_view value) {
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return "[redacted]";
  return std::string(value.substr(0, space)) + " [redacted]";
}

std::size_t RequestJournal::SizeOf(const JournalEntry& e) {
  std::size_t size = sizeof(JournalEntry) + e.method.size() + e.target.size() +
                     e.request_body.size() + e.response_body.size() + e.request_id.size() +
                     e.correlation_id.size() + e.partner_tenant.size() + e.customer_id.size() +
                     e.route.size() + e.fault.size();
  for (const HeaderList* headers : {&e.request_headers, &e.response_headers}) {
    for (const auto& [name, value] : *headers) size += name.size() + value.size() + 64;
  }
  return size;
}

void RequestJournal::Record(JournalEntry entry) {
  for (auto& [name, value] : entry.request_headers) {
    if (IsAuthorization(name)) value = RedactAuthorization(value);
  }
  Cut(entry.request_body, entry.request_body_truncated, options_.max_body_bytes);
  Cut(entry.response_body, entry.response_body_truncated, options_.max_body_bytes);
  for (std::string* text : {&entry.method, &entry.target, &entry.request_body, &entry.response_body,
                            &entry.request_id, &entry.correlation_id, &entry.customer_id}) {
    MakeUtf8(*text);
  }
  for (controls::HeaderList* headers : {&entry.request_headers, &entry.response_headers}) {
    for (auto& [name, value] : *headers) {
      MakeUtf8(name);
      MakeUtf8(value);
    }
  }
  if (SizeOf(entry) > options_.max_bytes) {
    entry.request_body_truncated = entry.request_body_truncated || !entry.request_body.empty();
    entry.response_body_truncated = entry.response_body_truncated || !entry.response_body.empty();
    entry.request_body.clear();
    entry.response_body.clear();
  }
  const std::size_t size = SizeOf(entry);
  std::lock_guard lock(mutex_);
  entry.sequence = next_sequence_++;
  bytes_ += size;
  entries_.push_back(std::move(entry));
  // The entry just added stays, whatever its size.
  while (entries_.size() > 1 &&
         (entries_.size() > options_.max_entries || bytes_ > options_.max_bytes)) {
    bytes_ -= SizeOf(entries_.front());
    entries_.pop_front();
  }
}

std::vector<JournalEntry> RequestJournal::Find(const JournalQuery& query) const {
  std::vector<JournalEntry> found;
  std::lock_guard lock(mutex_);
  for (auto it = entries_.rbegin(); it != entries_.rend() && found.size() < query.limit; ++it) {
    if (!query.partner_tenant.empty() && it->partner_tenant != query.partner_tenant) continue;
    if (!query.customer_id.empty() && it->customer_id != query.customer_id) continue;
    if (query.since && it->received < *query.since) continue;
    found.push_back(*it);
  }
  return found;
}

std::size_t RequestJournal::Clear() {
  std::lock_guard lock(mutex_);
  const std::size_t count = entries_.size();
  entries_.clear();
  bytes_ = 0;
  return count;
}

std::size_t RequestJournal::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t RequestJournal::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace cartd::controls
