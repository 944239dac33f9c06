// Strict JSON reading: text to a boost::json::value, enforcing the limits of ParseOptions while
// parsing, so that hostile input costs no more than its own size.
//
// Accepts exactly one RFC 8259 JSON value surrounded by optional whitespace, and refuses, with
// the line and column where reading stopped ("... at line 3, column 5"; 1-based, columns count
// bytes):
//   - an empty body, malformed JSON, content after the value, a byte order mark;
//   - invalid UTF-8 anywhere in the text;
//   - arrays and objects nested deeper than ParseOptions::max_depth;
//   - a string or member name longer than ParseOptions::max_string_bytes (after unescaping);
//   - two members of one object whose names are equal ignoring ASCII case;
//   - a number too large for a double (1e400).
// Every such error is Error{kind = kInvalidJson, code = 0}: the codec knows no service's codes.
//
// Thread-safety: ReadJson is reentrant; it shares nothing between calls.
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "partnercenter/json.h"
#include "partnercenter/result.h"

namespace partnercenter::wire {

// Error{kind = kInvalidJson, code = 0, description}.
Error InvalidJsonError(std::string description);

// Parses `text`. The value's memory comes from `storage` (the default resource when null); the
// caller keeps that resource alive as long as the value.
Result<boost::json::value> ReadJson(std::string_view text, const ParseOptions& options,
                                    boost::json::storage_ptr storage = {});

}  // namespace partnercenter::wire
