// EventLog: where cartd writes its structured log lines (LogLine): the access log and lifecycle
// events, on standard error or standard output, through spdlog.
//
// Cost on the calling thread: the line is built there (no lock held), then handed to spdlog's
// asynchronous logger, whose own thread writes it out; the queue hand-off takes spdlog's queue
// lock for a moment. When the queue is full (the reader of the output is stalled) the caller
// waits for room rather than losing lines.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ops/log_line.h"

namespace spdlog {
class logger;
namespace sinks {
class sink;
}  // namespace sinks
namespace details {
class thread_pool;
}  // namespace details
}  // namespace spdlog

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
  // False: lines are written on the calling thread before Write returns (tests use this to
  // read a line as soon as its request is answered).
  bool async = true;
};

// Thread-safe.
class EventLog {
 public:
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
  EventLog(const LogOptions& options, std::shared_ptr<spdlog::sinks::sink> sink);
  void Emit(LogLevel level, std::string text);

  const LogOptions options_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
  std::atomic<bool> holding_{false};
  std::mutex held_mutex_;
  std::vector<std::pair<LogLevel, std::string>> held_;
};

}  // namespace cartd::ops
