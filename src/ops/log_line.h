// LogLine: one structured log record, built field by field straight into its final text, either
// as a JSON object on one line or as logfmt-style "key=value" text for people.
//
//   {"time":"2026-11-20T10:00:00.123Z","level":"info","event":"request","status":201}
//   2026-11-20T10:00:00.123Z info request status=201
//
// Values are escaped so that no input can break the line or forge another: in JSON, quotes,
// backslashes, control characters and bytes outside ASCII are escaped (\u00XX for the latter, so
// the line stays valid UTF-8 whatever the input); in text, such values are quoted the same way.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cartd::ops {

enum class LogFormat { kJson, kText };

// Not thread-safe; build a line on one thread, then hand its text to the log.
class LogLine {
 public:
  // Starts a record with its time (UTC, milliseconds), level name and event name.
  LogLine(LogFormat format, std::chrono::system_clock::time_point time, std::string_view level,
          std::string_view event);

  // Adds a field. Keys are the caller's constants: [a-z_]+, not escaped. String values longer
  // than `kMaxValueBytes` are cut (and end with "...").
  LogLine& Add(std::string_view key, std::string_view value);
  LogLine& AddInt(std::string_view key, std::int64_t value);
  LogLine& AddDouble(std::string_view key, double value);
  LogLine& AddBool(std::string_view key, bool value);

  // The finished line, without a newline. The LogLine is left empty.
  std::string Finish() &&;

  static constexpr std::size_t kMaxValueBytes = 1024;

 private:
  void Key(std::string_view key);

  LogFormat format_;
  std::string text_;
};

// "2026-11-20T10:00:00.123Z".
std::string FormatLogTime(std::chrono::system_clock::time_point time);

}  // namespace cartd::ops
