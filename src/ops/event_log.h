// EventLog: where cartd writes its structured log lines (LogLine): the access log and lifecycle
// events, on standard error or standard output (FdLogSink), or to any other LogSink.
//
// Cost on the calling thread: the line is built there (no lock held), then appended to a buffer
// under a lock held for a moment. A writer thread of the log's own takes the buffer in batches and
// hands each batch to the sink in one Write (for FdLogSink, one write(2) call as a rule): it wakes
// every kBatchInterval, or at once when a batch is large or holds a warning or an error, so that a
// busy server pays neither a thread wake-up nor a write(2) per line. Lines reach the output at
// most kBatchInterval late; the destructor writes out everything queued. When the queue is full
// (the reader of the output is stalled) callers wait for room rather than losing lines.
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

#include "ops/log_line.h"

namespace cartd::ops {

// Where an EventLog's lines go.
//
// Thread-safety: Write may be called from several threads at once (a synchronous log writes on
// its callers' threads); each call's lines must come out whole, not mixed with another call's.
class LogSink {
 public:
  virtual ~LogSink() = default;
  // Writes `lines`: one or more whole lines in order, each ending in '\n'. Returns once they are
  // out, or can never be.
  virtual void Write(std::string_view lines) = 0;
};

// Writes to a file descriptor it does not own (standard error or output) with write(2): a batch
// in one call when the descriptor takes it, else what is left in further calls, after an
// interruption (EINTR) or once the descriptor is writable again (EAGAIN: a non-blocking one), so
// that no line is lost or cut. Should the descriptor fail otherwise (EPIPE, EBADF, ENOSPC, EIO),
// the rest of that batch is dropped: there is nowhere left to write it.
//
// Thread-safe: concurrent Writes come out one after the other.
class FdLogSink final : public LogSink {
 public:
  explicit FdLogSink(int fd) : fd_(fd) {}
  void Write(std::string_view lines) override;

 private:
  const int fd_;
  std::mutex mutex_;  // one Write at a time, so that batches are never interleaved
};

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
  // False: lines are handed to the sink on the calling thread before Write returns (tests use
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

  // A log writing to standard error or standard output, as `options.output` says (FdLogSink).
  static std::shared_ptr<EventLog> Create(const LogOptions& options);
  // A log writing to `sink` (tests); `options.output` is ignored.
  static std::shared_ptr<EventLog> CreateWithSink(const LogOptions& options,
                                                  std::shared_ptr<LogSink> sink);

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
  EventLog(const LogOptions& options, std::shared_ptr<LogSink> sink);
  // Past Hold: writes `line` now (synchronous log) or queues it for the writer.
  void Emit(LogLevel level, std::string line);
  // Hands `lines` (whole lines, each ending in '\n') to the sink now (synchronous log) or queues
  // them for the writer, waking it at once when `urgent`.
  void Enqueue(std::string_view lines, bool urgent);
  void WriterLoop();

  const LogOptions options_;
  const std::shared_ptr<LogSink> sink_;

  // The asynchronous writer's queue.
  std::mutex queue_mutex_;
  std::condition_variable writer_wake_;  // a batch is due now, or stopping
  std::condition_variable queue_room_;   // the queue fell below kMaxQueuedBytes
  std::string queue_;                    // guarded by queue_mutex_: whole lines
  bool urgent_ = false;                  // guarded by queue_mutex_: a warning or error waits
  bool stopping_ = false;                // guarded by queue_mutex_
  std::thread writer_;                   // when options_.async

  std::atomic<bool> holding_{false};
  std::mutex held_mutex_;
  std::string held_;          // guarded by held_mutex_: whole lines
  bool held_urgent_ = false;  // guarded by held_mutex_
};

}  // namespace cartd::ops
