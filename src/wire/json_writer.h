// JsonWriter: appends compact JSON to a std::string, with no intermediate document.
//
// The caller drives the structure (BeginObject, Key, a value, ..., EndObject) and is trusted to
// nest it correctly; the writer only places commas and colons. Output has no insignificant
// whitespace. Strings are escaped per RFC 8259: '"' and '\' with a backslash, control characters
// as \u00XX (lower-case hex), everything else passed through as UTF-8; bytes that are not valid
// UTF-8 are written as U+FFFD so that the output is always valid JSON.
//
// Not thread-safe; one writer per output string.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "partnercenter/models.h"

namespace partnercenter::wire {

class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // A member name known to need no escaping (our camelCase names).
  void Key(std::string_view name);
  // A member name from data, escaped like a string.
  void EscapedKey(std::string_view name);

  void String(std::string_view value);
  void Int(std::int64_t value);
  // Shortest text that reads back as the same double (std::to_chars; -0.0 as "-0.0", since "-0"
  // reads as an integer). JSON has no NaN or infinity: those are written as null.
  void Double(double value);
  void Bool(bool value);
  void Null();
  void Timestamp(partnercenter::Timestamp value);
  // Text that is already one JSON value, written as is. REQUIRES: `json` is valid JSON.
  void Raw(std::string_view json);
  // A parsed value, written compactly in this writer's style.
  void Value(const boost::json::value& value);

 private:
  void Separate() {
    if (need_comma_) {
      out_.push_back(',');
    }
  }
  void AppendEscaped(std::string_view text);

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace partnercenter::wire
