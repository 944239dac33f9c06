// An spdlog sink that keeps every line written to it (and counts flushes), for tests that read
// what cartd logs. Needs spdlog, which the ops library brings.
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>
#include <vector>

namespace cartd::test {

class LinesSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // Every line so far, each with its newline.
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  int Flushes() {
    std::lock_guard lock(mutex_);
    return flushes_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    lines_.emplace_back(formatted.data(), formatted.size());
  }
  void flush_() override { ++flushes_; }

 private:
  std::vector<std::string> lines_;
  int flushes_ = 0;
};

}  // namespace cartd::test
