// A LogSink that keeps every line written to it (and counts its Write calls, one per batch), for
// tests that read what cartd logs.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ops/event_log.h"

namespace cartd::test {

// Thread-safe.
class LinesSink final : public ops::LogSink {
 public:
  void Write(std::string_view lines) override {
    std::lock_guard lock(mutex_);
    ++writes_;
    while (!lines.empty()) {
      const std::size_t end = lines.find('\n');
      const std::size_t size = end == std::string_view::npos ? lines.size() : end + 1;
      lines_.emplace_back(lines.substr(0, size));
      lines.remove_prefix(size);
    }
  }

  // Every line so far, each with its newline.
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  // How many times Write was called.
  int Writes() {
    std::lock_guard lock(mutex_);
    return writes_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
  int writes_ = 0;
};

}  // namespace cartd::test
