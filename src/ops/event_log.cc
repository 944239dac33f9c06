#include "ops/event_log.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace cartd::ops {

void FdLogSink::Write(std::string_view lines) {
  std::lock_guard lock(mutex_);
  while (!lines.empty()) {
    const ssize_t written = ::write(fd_, lines.data(), lines.size());
    if (written >= 0) {
      lines.remove_prefix(static_cast<std::size_t>(written));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd writable{.fd = fd_, .events = POLLOUT, .revents = 0};
      ::poll(&writable, 1, -1);  // interrupted or not, write again
    } else if (errno != EINTR) {
      return;
    }
  }
}

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  for (LogLevel level : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                         LogLevel::kError, LogLevel::kOff}) {
    if (text == LogLevelName(level)) return level;
  }
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "trace";
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "off";
}

std::shared_ptr<EventLog> EventLog::Create(const LogOptions& options) {
  const int fd = options.output == LogOutput::kStdout ? STDOUT_FILENO : STDERR_FILENO;
  return CreateWithSink(options, std::make_shared<FdLogSink>(fd));
}

std::shared_ptr<EventLog> EventLog::CreateWithSink(const LogOptions& options,
                                                   std::shared_ptr<LogSink> sink) {
  return std::shared_ptr<EventLog>(new EventLog(options, std::move(sink)));
}

EventLog::EventLog(const LogOptions& options, std::shared_ptr<LogSink> sink)
    : options_(options), sink_(std::move(sink)) {
  if (options_.async) writer_ = std::thread([this] { WriterLoop(); });
}

EventLog::~EventLog() {
  Release();
  if (writer_.joinable()) {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    writer_wake_.notify_one();
    queue_room_.notify_all();
    writer_.join();  // the writer empties the queue before it returns
  }
}

LogLine EventLog::Line(LogLevel level, std::string_view event) const {
  return LogLine(options_.format, std::chrono::system_clock::now(), LogLevelName(level), event);
}

void EventLog::Write(LogLevel level, LogLine line) {
  if (!Enabled(level)) return;
  Emit(level, std::move(line).Finish());
}

void EventLog::Event(LogLevel level, std::string_view event,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
  if (!Enabled(level)) return;
  LogLine line = Line(level, event);
  for (const auto& [key, value] : fields) line.Add(key, value);
  Write(level, std::move(line));
}

void EventLog::Emit(LogLevel level, std::string line) {
  line.push_back('\n');
  const bool urgent = level >= LogLevel::kWarn;
  if (holding_.load(std::memory_order_acquire)) {
    std::lock_guard lock(held_mutex_);
    if (holding_.load(std::memory_order_relaxed)) {
      held_ += line;
      held_urgent_ = held_urgent_ || urgent;
      return;
    }
  }
  Enqueue(line, urgent);
}

void EventLog::Enqueue(std::string_view lines, bool urgent) {
  if (!options_.async) {
    sink_->Write(lines);
    return;
  }
  bool wake = urgent;
  {
    std::unique_lock lock(queue_mutex_);
    queue_room_.wait(lock, [this] { return queue_.size() < kMaxQueuedBytes || stopping_; });
    queue_.append(lines);
    urgent_ = urgent_ || urgent;
    wake = wake || queue_.size() >= kBatchBytes;
  }
  if (wake) writer_wake_.notify_one();
}

void EventLog::WriterLoop() {
  // Swapped with the queue, so that both buffers keep their capacity from batch to batch.
  std::string batch;
  std::unique_lock lock(queue_mutex_);
  while (true) {
    writer_wake_.wait_for(lock, kBatchInterval,
                          [this] { return stopping_ || urgent_ || queue_.size() >= kBatchBytes; });
    if (queue_.empty()) {
      if (stopping_) return;
      continue;
    }
    batch.swap(queue_);
    urgent_ = false;
    lock.unlock();
    queue_room_.notify_all();
    sink_->Write(batch);
    batch.clear();
    // A stall may have grown it up to kMaxQueuedBytes: that much is not kept for good.
    if (batch.capacity() > 4 * kBatchBytes) batch.shrink_to_fit();
    lock.lock();
  }
}

void EventLog::Hold() {
  std::lock_guard lock(held_mutex_);
  holding_.store(true, std::memory_order_release);
}

void EventLog::Release() {
  std::lock_guard lock(held_mutex_);
  if (!holding_.load(std::memory_order_relaxed)) return;
  // Queued before holding ends, so that no later line can overtake a held one.
  if (!held_.empty()) Enqueue(held_, held_urgent_);
  held_.clear();
  held_.shrink_to_fit();
  held_urgent_ = false;
  holding_.store(false, std::memory_order_release);
}

}  // namespace cartd::ops
