// A JSON document as it was written, for reading hand-written files: numbers keep their source
// text, so that a price converts to minor units exactly (36.00 never passes through binary
// floating point), and objects keep every member in order, duplicates included, so that the
// reader can refuse a member given twice instead of silently keeping one of them.
//
// Plain values; no thread-safety concerns beyond those of the standard library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cartd::catalog {

struct JsonMember;

struct JsonNode {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  bool boolean = false;  // kBool
  // kNumber: true when written without fraction or exponent; `integer_value` is then the value,
  // saturated at INT64_MAX for larger integers.
  bool is_integer = false;
  std::int64_t integer_value = 0;
  std::string text;                 // kString: the value (unescaped); kNumber: as written
  std::vector<JsonNode> elements;   // kArray
  std::vector<JsonMember> members;  // kObject, in document order
};

struct JsonMember {
  std::string name;
  JsonNode value;
};

// "null", "a boolean", "a number", "a string", "an array", "an object": for messages such as
// "expected a string, found a number".
std::string_view KindName(JsonNode::Kind kind);

// Parses exactly one JSON document in UTF-8 (an optional byte order mark and surrounding
// whitespace allowed; no comments, no trailing commas), nested at most 32 deep.
// Errors: kInvalidInput "invalid JSON at line L, column C: <problem>", where the column counts
// characters (not bytes) from 1.
StatusOr<JsonNode> ParseJsonTree(std::string_view json);

}  // namespace cartd::catalog
