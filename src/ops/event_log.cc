#include "ops/event_log.h"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>

namespace cartd::ops {
namespace {

// Lines waiting for the writer thread. Enough for bursts of thousands of requests; beyond it
// callers wait (see the header).
constexpr std::size_t kQueueLines = 16384;

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
    : options_(options) {
  // Loggers are built here, not registered in spdlog's global registry, so that several logs
  // (several in-process nodes in tests) never collide by name.
  if (options_.async) {
    pool_ = std::make_shared<spdlog::details::thread_pool>(kQueueLines, 1);
    logger_ = std::make_shared<spdlog::async_logger>("cartd", std::move(sink), pool_,
                                                     spdlog::async_overflow_policy::block);
  } else {
    logger_ = std::make_shared<spdlog::logger>("cartd", std::move(sink));
  }
  // The lines are complete records already; spdlog adds only the newline.
  logger_->set_pattern("%v");
  logger_->set_level(ToSpdlog(options_.level));
  logger_->flush_on(spdlog::level::trace);
}

EventLog::~EventLog() {
  Release();
  // The logger goes first: the pool's destructor then writes out what is queued and joins.
  logger_.reset();
  pool_.reset();
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
  logger_->log(ToSpdlog(level), spdlog::string_view_t(text.data(), text.size()));
}

void EventLog::Hold() {
  std::lock_guard lock(held_mutex_);
  holding_.store(true, std::memory_order_release);
}

void EventLog::Release() {
  std::lock_guard lock(held_mutex_);
  if (!holding_.load(std::memory_order_relaxed)) return;
  // Written before holding ends, so that no later line can overtake a held one.
  for (auto& [level, text] : held_) {
    logger_->log(ToSpdlog(level), spdlog::string_view_t(text.data(), text.size()));
  }
  held_.clear();
  holding_.store(false, std::memory_order_release);
}

}  // namespace cartd::ops
