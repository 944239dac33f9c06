#include "wire/json_reader.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/hex.h"
#include "wire/utf8.h"

namespace partnercenter::wire {
namespace {

namespace json = boost::json;

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// The basic_parser handler: builds the value on a value_stack and refuses input that breaks a
// limit, so that parsing stops at the offending byte.
class StrictHandler {
 public:
  // basic_parser's own size limits stay out of the way; ours are checked in the callbacks.
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();

  StrictHandler(const ParseOptions& options, json::storage_ptr storage) : options_(options) {
    stack_.reset(std::move(storage));
  }

  json::value Release() { return stack_.release(); }
  const std::string& failure() const { return failure_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code& ec) {
    if (!Enter(ec)) {
      return false;
    }
    open_objects_.push_back(OpenObject{.first_name = name_ends_.size(), .hashed = false});
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    const OpenObject& object = open_objects_.back();
    names_.resize(NameBegin(object.first_name));
    name_ends_.resize(object.first_name);
    if (object.hashed) {
      large_object_names_[open_objects_.size() - 1].clear();
    }
    open_objects_.pop_back();
    --depth_;
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code& ec) { return Enter(ec); }
  bool on_array_end(std::size_t n, json::error_code&) {
    --depth_;
    stack_.push_array(n);
    return true;
  }

  bool on_key_part(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!CheckKeySize(n, ec)) {
      return false;
    }
    key_.append(s.data(), s.size());
    stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t n, json::error_code& ec) {
    if (!CheckKeySize(n, ec)) {
      return false;
    }
    key_.append(s.data(), s.size());
    if (!RememberName(key_)) {
      return Fail(ec, "duplicate member '" + key_ + "' (names are compared ignoring case)");
    }
    key_.clear();
    stack_.push_key(s);
    return true;
  }

  bool on_string_part(json::string_view s, std::size_t n, json::error_code& ec) {
    if (n > options_.max_string_bytes) {
      return Fail(ec, StringTooLong("string"));
    }
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t n, json::error_code& ec) {
    if (n > options_.max_string_bytes) {
      return Fail(ec, StringTooLong("string"));
    }
    stack_.push_string(s);
    return true;
  }

  bool on_number_part(json::string_view s, json::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    number_.clear();
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    number_.clear();
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view s, json::error_code& ec) {
    // Boost.JSON 1.81 may miss the nearest double by an ulp (123456789.12345679 reads as
    // ...681) and reads some long plain literals of huge doubles (309 digits) as infinity,
    // which would break write -> read round trips; std::from_chars rounds correctly. It
    // refuses underflow ("1e-400"), where Boost's value (0 or a subnormal) is kept, and
    // overflow ("1e400"), which JSON could not carry back out.
    number_.append(s.data(), s.size());
    double exact = d;
    const auto result = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    number_.clear();
    if (result.ec == std::errc()) {
      stack_.push_double(exact);
      return true;
    }
    if (!std::isfinite(d) || std::fabs(d) > 1) {
      return Fail(ec, "number out of range");
    }
    stack_.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  bool Enter(json::error_code& ec) {
    if (depth_ >= options_.max_depth) {
      return Fail(ec, "nesting deeper than " + std::to_string(options_.max_depth) + " levels");
    }
    ++depth_;
    return true;
  }

  // Adds `name` to the innermost open object's names; false when the object already has it.
  // Objects are usually small, so their names sit in one flat buffer and are compared one by
  // one; an object that grows past kLinearNames gets a hash set, so that a hostile object with
  // many members costs linear time, not quadratic.
  bool RememberName(std::string_view name) {
    lowered_.assign(name);
    for (char& c : lowered_) {
      c = AsciiLower(c);
    }
    OpenObject& object = open_objects_.back();
    const std::size_t depth = open_objects_.size() - 1;
    if (object.hashed) {
      return large_object_names_[depth].insert(lowered_).second;
    }
    for (std::size_t i = object.first_name; i < name_ends_.size(); ++i) {
      const std::size_t begin = NameBegin(i);
      if (std::string_view(names_).substr(begin, name_ends_[i] - begin) == lowered_) {
        return false;
      }
    }
    if (name_ends_.size() - object.first_name < kLinearNames) {
      names_.append(lowered_);
      name_ends_.push_back(names_.size());
      return true;
    }
    if (large_object_names_.size() <= depth) {
      large_object_names_.resize(depth + 1);
    }
    std::unordered_set<std::string>& set = large_object_names_[depth];
    for (std::size_t i = object.first_name; i < name_ends_.size(); ++i) {
      const std::size_t begin = NameBegin(i);
      set.emplace(names_, begin, name_ends_[i] - begin);
    }
    set.insert(lowered_);
    object.hashed = true;
    return true;
  }

  std::size_t NameBegin(std::size_t index) const { return index == 0 ? 0 : name_ends_[index - 1]; }

  bool CheckKeySize(std::size_t n, json::error_code& ec) {
    if (n > options_.max_string_bytes) {
      return Fail(ec, StringTooLong("member name"));
    }
    return true;
  }

  std::string StringTooLong(const char* what) const {
    return std::string(what) + " longer than " + std::to_string(options_.max_string_bytes) +
           " bytes";
  }

  bool Fail(json::error_code& ec, std::string what) {
    failure_ = std::move(what);
    ec = json::error::exception;
    return false;
  }

  static constexpr std::size_t kLinearNames = 16;

  struct OpenObject {
    std::size_t first_name;  // index in name_ends_ of this object's first member name
    bool hashed;             // its names are in large_object_names_ instead
  };

  ParseOptions options_;
  json::value_stack stack_;
  std::size_t depth_ = 0;
  std::vector<OpenObject> open_objects_;  // innermost last
  // Lower-cased member names of the open objects, innermost last, back to back; name i ends at
  // name_ends_[i].
  std::string names_;
  std::vector<std::size_t> name_ends_;
  // For objects past kLinearNames members, indexed by nesting among open objects.
  std::vector<std::unordered_set<std::string>> large_object_names_;
  std::string lowered_;
  std::string key_;     // the member name being read, as sent
  std::string number_;  // the text of the number being read, when it comes in parts
  std::string failure_;
};

bool IsJsonWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string HexByte(unsigned char c) {
  std::string out = "0x";
  cartd::hex::AppendByte(out, c, /*upper=*/true);
  return out;
}

// What a syntax error found at `offset`.
std::string DescribeUnexpected(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) {
    return "unexpected end of input";
  }
  if (offset == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") {
    return "unexpected byte order mark";
  }
  const auto c = static_cast<unsigned char>(text[offset]);
  if (c < 0x20 || c == 0x7F) {
    return "unexpected control character " + HexByte(c);
  }
  const std::size_t length = Utf8SequenceLength(text, offset);
  if (length == 0) {
    return "invalid UTF-8 (byte " + HexByte(c) + ")";
  }
  return "unexpected character '" + std::string(text.substr(offset, length)) + "'";
}

std::string DescribeBoostError(const json::error_code& ec, std::string_view text,
                               std::size_t offset) {
  if (ec == json::error::incomplete) {
    return "unexpected end of input";
  }
  if (ec == json::error::exponent_overflow) {
    return "number out of range";
  }
  if (ec == json::error::expected_hex_digit) {
    return "invalid \\u escape";
  }
  if (ec == json::error::illegal_leading_surrogate ||
      ec == json::error::illegal_trailing_surrogate || ec == json::error::expected_utf16_escape) {
    return "invalid UTF-16 surrogate in \\u escape";
  }
  if (ec == json::error::syntax) {
    return DescribeUnexpected(text, offset);
  }
  return ec.message();
}

Error ErrorAt(std::string_view text, std::size_t offset, const std::string& what) {
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return InvalidJsonError("Invalid JSON: " + what + " at line " + std::to_string(line) +
                          ", column " + std::to_string(offset - line_start + 1));
}

}  // namespace

Error InvalidJsonError(std::string description) {
  Error error;
  error.kind = ErrorKind::kInvalidJson;
  error.description = std::move(description);
  return error;
}

Result<json::value> ReadJson(std::string_view text, const ParseOptions& options,
                             json::storage_ptr storage) {
  json::parse_options boost_options;
  // One level of slack so that our handler, which names the limit, reports it first.
  boost_options.max_depth = options.max_depth < std::numeric_limits<std::size_t>::max()
                                ? options.max_depth + 1
                                : options.max_depth;
  try {
    json::basic_parser<StrictHandler> parser(boost_options, options, std::move(storage));
    json::error_code ec;
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (ec) {
      if (!parser.handler().failure().empty()) {
        return ErrorAt(text, consumed, parser.handler().failure());
      }
      std::size_t first = 0;
      while (first < text.size() && IsJsonWhitespace(text[first])) {
        ++first;
      }
      if (first == text.size()) {
        return ErrorAt(text, consumed, "empty body");
      }
      return ErrorAt(text, consumed, DescribeBoostError(ec, text, consumed));
    }
    std::size_t end = consumed;
    while (end < text.size() && IsJsonWhitespace(text[end])) {
      ++end;
    }
    if (end < text.size()) {
      return ErrorAt(text, end, "unexpected content after the JSON value");
    }
    if (!parser.done()) {
      return ErrorAt(text, consumed, "unexpected end of input");
    }
    return parser.handler().Release();
  } catch (const std::exception& e) {
    // Allocation failures and Boost.JSON's own size limits; never let them escape.
    return InvalidJsonError(std::string("Invalid JSON: the document could not be read (") +
                            e.what() + ")");
  }
}

}  // namespace partnercenter::wire
