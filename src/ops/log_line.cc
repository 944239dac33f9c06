#include "ops/log_line.h"

#include <charconv>
#include <cmath>
#include <ctime>

#include "common/second_formatter.h"
#include "wire/json_writer.h"

namespace cartd::ops {
namespace {

// Escaped for JSON and ASCII only, so that no value can break the line or its encoding.
void AppendJsonEscaped(std::string& out, std::string_view value) {
  partnercenter::wire::JsonWriter::AppendEscaped(out, value,
                                                 partnercenter::wire::JsonWriter::Escaping::kAscii);
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte >= 0x7f || c == '"' || c == '=' || c == '\\') return true;
  }
  return false;
}

std::string_view Cut(std::string_view value, bool& cut) {
  cut = value.size() > LogLine::kMaxValueBytes;
  return cut ? value.substr(0, LogLine::kMaxValueBytes) : value;
}

}  // namespace

std::string FormatLogTime(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since_epoch = time.time_since_epoch();
  const std::time_t seconds = duration_cast<std::chrono::seconds>(since_epoch).count();
  const auto millis = duration_cast<milliseconds>(since_epoch).count() % 1000;
  thread_local SecondFormatter date_and_time("%Y-%m-%dT%H:%M:%S");
  std::string text = date_and_time.Format(seconds);
  text += '.';
  text += static_cast<char>('0' + millis / 100);
  text += static_cast<char>('0' + millis / 10 % 10);
  text += static_cast<char>('0' + millis % 10);
  text += 'Z';
  return text;
}

LogLine::LogLine(LogFormat format, std::chrono::system_clock::time_point time,
                 std::string_view level, std::string_view event)
    : format_(format) {
  text_.reserve(384);
  if (format_ == LogFormat::kJson) {
    text_ += "{\"time\":\"";
    text_ += FormatLogTime(time);
    text_ += "\",\"level\":\"";
    text_ += level;
    text_ += "\",\"event\":\"";
    AppendJsonEscaped(text_, event);
    text_ += '"';
  } else {
    text_ += FormatLogTime(time);
    text_ += ' ';
    text_ += level;
    text_ += ' ';
    text_ += event;
  }
}

void LogLine::Key(std::string_view key) {
  if (format_ == LogFormat::kJson) {
    text_ += ",\"";
    text_ += key;
    text_ += "\":";
  } else {
    text_ += ' ';
    text_ += key;
    text_ += '=';
  }
}

LogLine& LogLine::Add(std::string_view key, std::string_view value) {
  bool cut = false;
  value = Cut(value, cut);
  Key(key);
  if (format_ == LogFormat::kJson || NeedsQuotes(value) || cut) {
    text_ += '"';
    AppendJsonEscaped(text_, value);
    if (cut) text_ += "...";
    text_ += '"';
  } else {
    text_ += value;
  }
  return *this;
}

LogLine& LogLine::AddInt(std::string_view key, std::int64_t value) {
  Key(key);
  text_ += std::to_string(value);
  return *this;
}

LogLine& LogLine::AddDouble(std::string_view key, double value) {
  Key(key);
  if (!std::isfinite(value)) {
    // JSON has no spelling for these; null keeps the line parseable.
    text_ += format_ == LogFormat::kJson ? "null" : (std::isnan(value) ? "NaN" : "Inf");
    return *this;
  }
  // Plain decimals read best ("0.0005", not "5e-04"); exponents only where those get long.
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc()) result = std::to_chars(buffer, buffer + sizeof buffer, value);
  text_.append(buffer, result.ptr);
  return *this;
}

LogLine& LogLine::AddBool(std::string_view key, bool value) {
  Key(key);
  text_ += value ? "true" : "false";
  return *this;
}

std::string LogLine::Finish() && {
  if (format_ == LogFormat::kJson) text_ += '}';
  return std::move(text_);
}

}  // namespace cartd::ops
