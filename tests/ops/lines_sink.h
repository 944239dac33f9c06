// An spdlog sink that keeps every line written to it, for tests that read a node's log.
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

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    lines_.emplace_back(formatted.data(), formatted.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

}  // namespace cartd::test
