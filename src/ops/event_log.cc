#include "ops/event_log.h"

#include <spdlog/details/log_msg.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>

namespace cartd::ops {
namespace {

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::off;
}

}  // namespace

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
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (options.output == LogOutput::kStdout) {
    sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  }
  return CreateWithSink(options, std::move(sink));
}

std::shared_ptr<EventLog> EventLog::CreateWithSink(const LogOptions& options,
                                                   std::shared_ptr<spdlog::sinks::sink> sink) {
  return std::shared_ptr<EventLog>(new EventLog(options, std::move(sink)));
}

EventLog::EventLog(const LogOptions& options, std::shared_ptr<spdlog::sinks::sink> sink)
    : options_(options), sink_(std::move(sink)) {
  // The lines are complete records already; the sink adds only the newline.
  sink_->set_pattern("%v");
  sink_->set_level(spdlog::level::trace);
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

void EventLog::Emit(LogLevel level, std::string text) {
  if (holding_.load(std::memory_order_acquire)) {
    std::lock_guard lock(held_mutex_);
    if (holding_.load(std::memory_order_relaxed)) {
      held_.emplace_back(level, std::move(text));
      return;
    }
  }
  Enqueue(level, std::move(text));
}

void EventLog::Enqueue(LogLevel level, std::string text) {
  if (!options_.async) {
    Queue one;
    one.emplace_back(level, std::move(text));
    Deliver(one);
    return;
  }
  const bool urgent = level >= LogLevel::kWarn;
  bool wake = urgent;
  {
    std::unique_lock lock(queue_mutex_);
    queue_room_.wait(lock, [this] { return queued_bytes_ < kMaxQueuedBytes || stopping_; });
    queued_bytes_ += text.size();
    queue_.emplace_back(level, std::move(text));
    urgent_ = urgent_ || urgent;
    wake = wake || queued_bytes_ >= kBatchBytes;
  }
  if (wake) writer_wake_.notify_one();
}

void EventLog::Deliver(const Queue& lines) {
  for (const auto& [level, text] : lines) {
    const spdlog::details::log_msg message(spdlog::string_view_t("cartd"), ToSpdlog(level),
                                           spdlog::string_view_t(text.data(), text.size()));
    sink_->log(message);
  }
  sink_->flush();
}

void EventLog::WriterLoop() {
  Queue batch;
  std::unique_lock lock(queue_mutex_);
  while (true) {
    writer_wake_.wait_for(lock, kBatchInterval, [this] {
      return stopping_ || urgent_ || queued_bytes_ >= kBatchBytes;
    });
    if (queue_.empty()) {
      if (stopping_) return;
      continue;
    }
    batch.swap(queue_);
    queued_bytes_ = 0;
    urgent_ = false;
    lock.unlock();
    queue_room_.notify_all();
    Deliver(batch);
    batch.clear();
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
  for (auto& [level, text] : held_) Enqueue(level, std::move(text));
  held_.clear();
  holding_.store(false, std::memory_order_release);
}

}  // namespace cartd::ops
