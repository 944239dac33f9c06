#include "catalog/json_tree.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <cstddef>
#include <limits>
#include <utility>

namespace cartd::catalog {
namespace {

using boost::json::error_code;
using boost::json::string_view;

constexpr std::size_t kMaxDepth = 32;

// The basic_parser handler that builds a JsonNode tree. Containers being filled sit on `open_`;
// a finished value is appended to the innermost one, under the pending key when that is an
// object.
class TreeBuilder {
 public:
  static constexpr std::size_t max_array_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_object_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_string_size = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t max_key_size = std::numeric_limits<std::size_t>::max();

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }

  bool on_array_begin(error_code&) { return Open(JsonNode::Kind::kArray); }
  bool on_array_end(std::size_t, error_code&) { return Close(); }
  bool on_object_begin(error_code&) { return Open(JsonNode::Kind::kObject); }
  bool on_object_end(std::size_t, error_code&) { return Close(); }

  bool on_string_part(string_view s, std::size_t, error_code&) { return Append(s); }
  bool on_string(string_view s, std::size_t, error_code&) {
    Append(s);
    JsonNode node;
    node.kind = JsonNode::Kind::kString;
    node.text = TakePart();
    return Add(std::move(node));
  }

  bool on_key_part(string_view s, std::size_t, error_code&) { return Append(s); }
  bool on_key(string_view s, std::size_t, error_code&) {
    Append(s);
    keys_.back() = TakePart();
    return true;
  }

  bool on_number_part(string_view s, error_code&) { return Append(s); }
  bool on_int64(std::int64_t i, string_view s, error_code&) { return Number(s, true, i); }
  bool on_uint64(std::uint64_t, string_view s, error_code&) {
    // Only integers above INT64_MAX arrive here.
    return Number(s, true, std::numeric_limits<std::int64_t>::max());
  }
  bool on_double(double, string_view s, error_code&) { return Number(s, false, 0); }

  bool on_bool(bool b, error_code&) {
    JsonNode node;
    node.kind = JsonNode::Kind::kBool;
    node.boolean = b;
    return Add(std::move(node));
  }
  bool on_null(error_code&) { return Add(JsonNode()); }

  // The parse options leave comments disallowed, so these are never called.
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  JsonNode TakeRoot() { return std::move(root_); }

 private:
  bool Append(string_view s) {
    part_.append(s.data(), s.size());
    return true;
  }

  std::string TakePart() {
    std::string out = std::move(part_);
    part_.clear();
    return out;
  }

  bool Number(string_view s, bool is_integer, std::int64_t value) {
    Append(s);
    JsonNode node;
    node.kind = JsonNode::Kind::kNumber;
    node.is_integer = is_integer;
    node.integer_value = value;
    node.text = TakePart();
    return Add(std::move(node));
  }

  bool Open(JsonNode::Kind kind) {
    JsonNode node;
    node.kind = kind;
    open_.push_back(std::move(node));
    keys_.emplace_back();
    return true;
  }

  bool Close() {
    JsonNode node = std::move(open_.back());
    open_.pop_back();
    keys_.pop_back();
    return Add(std::move(node));
  }

  bool Add(JsonNode node) {
    if (open_.empty()) {
      root_ = std::move(node);
      return true;
    }
    JsonNode& parent = open_.back();
    if (parent.kind == JsonNode::Kind::kArray) {
      parent.elements.push_back(std::move(node));
    } else {
      parent.members.push_back(JsonMember{std::move(keys_.back()), std::move(node)});
      keys_.back().clear();
    }
    return true;
  }

  std::vector<JsonNode> open_;
  std::vector<std::string> keys_;  // parallel to open_: the pending member name of each object
  std::string part_;               // the string, key or number being read
  JsonNode root_;
};

Status PositionedError(std::string_view text, std::size_t offset, std::string_view problem) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++column;
    }
  }
  std::string message = "invalid JSON at line " + std::to_string(line) + ", column " +
                        std::to_string(column) + ": " + std::string(problem);
  // Boost.JSON says only "syntax error" for most mistakes; the character helps find it.
  if (offset < text.size() && text[offset] > ' ' && text[offset] < 0x7F) {
    message += std::string(" (found '") + text[offset] + "')";
  }
  return InvalidInput(std::move(message));
}

}  // namespace

std::string_view KindName(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::Kind::kNull:
      return "null";
    case JsonNode::Kind::kBool:
      return "a boolean";
    case JsonNode::Kind::kNumber:
      return "a number";
    case JsonNode::Kind::kString:
      return "a string";
    case JsonNode::Kind::kArray:
      return "an array";
    case JsonNode::Kind::kObject:
      return "an object";
  }
  return "a value";
}

StatusOr<JsonNode> ParseJsonTree(std::string_view json) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (json.substr(0, kBom.size()) == kBom) json.remove_prefix(kBom.size());

  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::json::basic_parser<TreeBuilder> parser(options);
  error_code ec;
  const std::size_t consumed = parser.write_some(false, json.data(), json.size(), ec);
  if (ec) return PositionedError(json, consumed, ec.message());
  if (consumed < json.size()) {
    return PositionedError(json, consumed, "unexpected text after the JSON document");
  }
  return parser.handler().TakeRoot();
}

}  // namespace cartd::catalog
