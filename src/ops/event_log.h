// EventLog: where cartd writes its structured log lines (LogLine): the access log and lifecycle
// events, on standard error or standard output, through spdlog.
//
// Cost on the calling thread: the line is built there (no lock held), then appended to a queue
// under a lock held for a moment. A writer thread of the log's own takes the queue in batches and
// writes each batch to the spdlog sink with one flush: it wakes every kBatchInterval, or at once
// when a batch is large or holds a warning or an error, so that a busy server pays neither a
// thread wake-up nor a write(2) per line. Lines reach the output at most kBatchInterval late;
// the destructor writes out everything queued. When the queue is full (the reader of the output
// is stalled) callers wait for room rather than losing lines.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "ops/log_line.h"

namespace spdlog::sinks {
class sink;
}  // namespace spdlog::sinks

namespace cartd::ops {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// "trace", "debug", "info", "warn", "error", "off" (exact); nullopt otherwise.
std::optional<LogLevel> ParseLogLevel(std::string_view text);
std::string_view LogLevelName(LogLevel level);

enum class LogOutput { kStderr, kStdout };

struct LogOptions {
  // Lines below this level are not written (nor built, when callers check Enabled first).
  LogLevel level = LogLevel::kInfo;
  LogFormat format = LogFormat::kJson;
  LogOutput output = LogOutput::kStderr;
  // One line per answered request (level info).
  bool access_log = true;
  // False: lines are written (and flushed) on the calling thread before Write returns (tests use
  // this to read a line as soon as its request is answered).
  bool async = true;
};

// Thread-safe.
class EventLog {
 public:
  // The asynchronous writer's rhythm (see the file comment).
  static constexpr std::chrono::milliseconds kBatchInterval{50};
  static constexpr std::size_t kBatchBytes = 64 << 10;
  static constexpr std::size_t kMaxQueuedBytes = 4 << 20;

  // A log writing to standard error or standard output, as `options.output` says.
  static std::shared_ptr<EventLog> Create(const LogOptions& options);
  // A log writing to `sink` (tests); `options.output` is ignored.
  static std::shared_ptr<EventLog> CreateWithSink(const LogOptions& options,
                                                  std::shared_ptr<spdlog::sinks::sink> sink);

  // Writes out every line written before (drains the queue), then closes.
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  bool Enabled(LogLevel level) const { return level != LogLevel::kOff && level >= options_.level; }
  const LogOptions& options() const { return options_; }

  // Starts a line of `level` for `event`, stamped with the current time.
  LogLine Line(LogLevel level, std::string_view event) const;
  // Writes `line` if `level` is enabled.
  void Write(LogLevel level, LogLine line);
  // A line with string fields only, for lifecycle events.
  void Event(LogLevel level, std::string_view event,
             std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {});

  // Between Hold and Release, lines are kept back, then written in order by Release. `cartd
  // serve` holds the lines of start-up so that its banner comes first on standard output.
  void Hold();
  void Release();

 private:
  using Queue = std::vector<std::pair<LogLevel, std::string>>;

  EventLog(const LogOptions& options, std::shared_ptr<spdlog::sinks::sink> sink);
  // Past Hold: writes the line now (synchronous log) or queues it for the writer.
  void Emit(LogLevel level, std::string text);
  void Enqueue(LogLevel level, std::string text);
  // Hands the lines to the sink, then flushes it.
  void Deliver(const Queue& lines);
  void WriterLoop();

  const LogOptions options_;
  const std::shared_ptr<spdlog::sinks::sink> sink_;

  // The asynchronous writer's queue.
  std::mutex queue_mutex_;
  std::condition_variable writer_wake_;  // a batch is due now, or stopping
  std::condition_variable queue_room_;   // the queue fell below kMaxQueuedBytes
  Queue queue_;                          // guarded by queue_mutex_
  std::size_t queued_bytes_ = 0;         // guarded by queue_mutex_
  bool urgent_ = false;                  // guarded by queue_mutex_: a warning or error waits
  bool stopping_ = false;                // guarded by queue_mutex_
  std::thread writer_;                   // when options_.async

  std::atomic<bool> holding_{false};
  std::mutex held_mutex_;
  std::vector<std::pair<LogLevel, std::string>> held_;
};

}  // namespace cartd::ops
