// JsonWriter: appends compact JSON to a std::string, with no intermediate document.
//
// The caller drives the structure (BeginObject, Key, a value, ..., EndObject) and is trusted to
// nest it correctly; the writer only places commas and colons. Output has no insignificant
// whitespace. Strings are escaped per RFC 8259: '"' and '\' with a backslash, control characters
// as \u00XX (lower-case hex), everything else passed through as UTF-8; bytes that are not valid
// UTF-8 are written as U+FFFD so that the output is always valid JSON.
//
// AppendEscaped is the one JSON string escaper of cartd: the writer's, and the log lines' (in
// their ASCII-only form).
//
// Not thread-safe; one writer per output string. AppendEscaped is reentrant.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "partnercenter/models.h"

namespace partnercenter::wire {

class JsonWriter {
 public:
  // How AppendEscaped escapes a string.
  enum class Escaping {
    // What the writer does (above): only what RFC 8259 requires, UTF-8 kept as it is.
    kUtf8,
    // Every byte outside printable ASCII escaped on its own: \n, \r and \t by name, the others
    // (DEL, and each byte of a UTF-8 sequence) as \u00XX. The output is ASCII whatever the input,
    // which suits log lines.
    kAscii,
  };

  // Appends `text` to `out` as the inside of a JSON string (without the quotes).
  static void AppendEscaped(std::string& out, std::string_view text,
                            Escaping escaping = Escaping::kUtf8);

  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();

  // A member name known to need no escaping (our camelCase names).
  void Key(std::string_view name);
  // The same, given as the text Key would write: "\"name\":" (field tables build it once).
  void QuotedKey(std::string_view quoted_name_and_colon) {
    Separate();
    out_.append(quoted_name_and_colon);
    need_comma_ = false;
  }
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
  void AppendQuoted(std::string_view text) {
    out_.push_back('"');
    AppendEscaped(out_, text);
    out_.push_back('"');
  }

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace partnercenter::wire
