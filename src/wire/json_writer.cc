#include "wire/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstddef>

#include "common/hex.h"
#include "models/timestamp.h"
#include "wire/utf8.h"

namespace partnercenter::wire {
namespace {

// True when the byte can be copied as is (printable ASCII other than '"' and '\').
constexpr bool IsPlain(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

// The escape of one byte that cannot be copied as is: '"' and '\' with a backslash, \n, \r and
// \t by name when `named_controls`, anything else as \u00XX.
void AppendByteEscape(std::string& out, unsigned char c, bool named_controls) {
  char name = 0;
  if (c == '"' || c == '\\') {
    name = static_cast<char>(c);
  } else if (named_controls) {
    name = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
  }
  if (name != 0) {
    const char escape[2] = {'\\', name};
    out.append(escape, sizeof(escape));
    return;
  }
  out.append("\\u00", 4);
  cartd::hex::AppendByte(out, c);
}

}  // namespace

void JsonWriter::AppendEscaped(std::string& out, std::string_view text, Escaping escaping) {
  // Runs of bytes that need no escape are appended whole.
  std::size_t plain_start = 0;
  std::size_t i = 0;
  const auto flush = [&] { out.append(text.data() + plain_start, i - plain_start); };
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsPlain(c)) {
      ++i;
      continue;
    }
    if (escaping == Escaping::kUtf8 && c >= 0x7F) {
      const std::size_t length = c == 0x7F ? 1 : Utf8SequenceLength(text, i);
      if (length > 0) {
        i += length;
        continue;
      }
      flush();
      out.append("\xEF\xBF\xBD", 3);
    } else {
      flush();
      AppendByteEscape(out, c, escaping == Escaping::kAscii);
    }
    ++i;
    plain_start = i;
  }
  flush();
}

void JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
}

void JsonWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
}

void JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
}

void JsonWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view name) {
  Separate();
  out_.push_back('"');
  out_.append(name);
  out_.append("\":", 2);
  need_comma_ = false;
}

void JsonWriter::EscapedKey(std::string_view name) {
  Separate();
  AppendQuoted(name);
  out_.push_back(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view value) {
  Separate();
  AppendQuoted(value);
  need_comma_ = true;
}

void JsonWriter::Int(std::int64_t value) {
  Separate();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, result.ptr);
  need_comma_ = true;
}

void JsonWriter::Double(double value) {
  Separate();
  if (!std::isfinite(value)) {
    out_.append("null", 4);
  } else if (value == 0 && std::signbit(value)) {
    // to_chars gives "-0", which JSON readers take for the integer 0: the sign would be lost.
    out_.append("-0.0", 4);
  } else {
    // Plain decimal notation, never an exponent: Partner Center writes money as plain decimals
    // and strict decimal readers refuse "6e+06". Fixed notation of the shortest round-trip form
    // of a double needs at most a sign and 309 integer digits, or "-0." with 323 zeros and
    // 17 significant digits.
    char buffer[512];
    const auto result =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
    out_.append(buffer, result.ptr);
  }
  need_comma_ = true;
}

void JsonWriter::Bool(bool value) {
  Separate();
  if (value) {
    out_.append("true", 4);
  } else {
    out_.append("false", 5);
  }
  need_comma_ = true;
}

void JsonWriter::Null() {
  Separate();
  out_.append("null", 4);
  need_comma_ = true;
}

void JsonWriter::Timestamp(partnercenter::Timestamp value) {
  Separate();
  char buffer[models::kTimestampBufferSize];
  const std::size_t length = models::FormatTimestampTo(value, buffer);
  out_.push_back('"');
  out_.append(buffer, length);
  out_.push_back('"');
  need_comma_ = true;
}

void JsonWriter::Raw(std::string_view json) {
  Separate();
  out_.append(json);
  need_comma_ = true;
}

void JsonWriter::Value(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      Null();
      break;
    case boost::json::kind::bool_:
      Bool(value.get_bool());
      break;
    case boost::json::kind::int64:
      Int(value.get_int64());
      break;
    case boost::json::kind::uint64: {
      Separate();
      char buffer[24];
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value.get_uint64());
      out_.append(buffer, result.ptr);
      need_comma_ = true;
      break;
    }
    case boost::json::kind::double_:
      Double(value.get_double());
      break;
    case boost::json::kind::string:
      String(value.get_string());
      break;
    case boost::json::kind::array:
      BeginArray();
      for (const auto& element : value.get_array()) {
        Value(element);
      }
      EndArray();
      break;
    case boost::json::kind::object:
      BeginObject();
      for (const auto& member : value.get_object()) {
        EscapedKey(member.key());
        Value(member.value());
      }
      EndObject();
      break;
  }
}

}  // namespace partnercenter::wire
