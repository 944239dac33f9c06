// The lenient half of reading: from a parsed boost::json::value to the contract's C++ values.
//
// DecodeContext tracks where in the document decoding is ("lineItems[1].addonItems[0].quantity")
// and keeps the first error. The Read* functions decode one JSON value into one C++ value; each
// returns false after recording an error (with code 0) in the context:
//   kInvalidJson  "<path>: expected an integer" and the like;
//   kInvalidEnum  "Unable to parse enum: '<value>' is not a valid <Type> value (<path>)".
// Objects are read by their field tables (wire/field_table.h).
//
// Not thread-safe: a context belongs to one decoding call.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "partnercenter/models.h"
#include "partnercenter/result.h"

namespace partnercenter::wire {

class DecodeContext {
 public:
  // Extends the path for its lifetime.
  class [[nodiscard]] Scope {
   public:
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() { context_.path_.resize(previous_size_); }

   private:
    friend class DecodeContext;
    Scope(DecodeContext& context, std::string_view member);
    Scope(DecodeContext& context, std::size_t index);
    DecodeContext& context_;
    std::size_t previous_size_;
  };

  Scope Member(std::string_view name);  // ".name" (no dot at the root)
  Scope Index(std::size_t index);       // "[index]"

  // Records "<path>: <what>" (kInvalidJson) and returns false.
  bool Fail(std::string_view what);
  // Records the kInvalidEnum error for `value`, which is not a valid `type_name`, and returns
  // false.
  bool FailEnum(std::string_view type_name, const boost::json::value& value);
  // Forgets the recorded error, for members that are treated as absent when malformed.
  void ClearError() { error_.reset(); }

  // REQUIRES: a Read* call returned false.
  const Error& error() const { return *error_; }

 private:
  std::string path_;
  std::optional<Error> error_;
};

// True when `key` equals `name` ignoring ASCII case.
constexpr bool NameIs(std::string_view key, std::string_view name) {
  if (key.size() != name.size()) {
    return false;
  }
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (lower(key[i]) != lower(name[i])) {
      return false;
    }
  }
  return true;
}

// The object in `value`, or nullptr after recording "expected an object".
const boost::json::object* ExpectObject(const boost::json::value& value, DecodeContext& context);

bool ReadString(const boost::json::value& value, DecodeContext& context, std::string& out);
// A JSON integer in int32 range.
bool ReadInt(const boost::json::value& value, DecodeContext& context, int& out);
// A JSON integer, or a string of decimal digits with an optional leading '-', in int32 range.
bool ReadIntOrNumericString(const boost::json::value& value, DecodeContext& context, int& out);
bool ReadBool(const boost::json::value& value, DecodeContext& context, bool& out);
// Any JSON number.
bool ReadDouble(const boost::json::value& value, DecodeContext& context, double& out);
// A string that ParseTimestamp accepts.
bool ReadTimestamp(const boost::json::value& value, DecodeContext& context, Timestamp& out);
bool ReadBillingCycle(const boost::json::value& value, DecodeContext& context, BillingCycle& out);
bool ReadParticipantType(const boost::json::value& value, DecodeContext& context,
                         ParticipantType& out);
bool ReadCartStatus(const boost::json::value& value, DecodeContext& context, CartStatus& out);
// An integer, or a CartErrorCode name in snake_case or PascalCase.
bool ReadCartErrorCode(const boost::json::value& value, DecodeContext& context, int& out);
// An object of strings, kept in document order with keys as sent; null members are skipped.
bool ReadStringPairs(const boost::json::value& value, DecodeContext& context, StringPairs& out);
bool ReadStringArray(const boost::json::value& value, DecodeContext& context,
                     std::vector<std::string>& out);
// Any JSON value, kept as its compact JSON text.
bool ReadJsonText(const boost::json::value& value, DecodeContext& context, std::string& out);
// An object, kept as its compact JSON text.
bool ReadObjectJsonText(const boost::json::value& value, DecodeContext& context, std::string& out);

// An array whose elements are read by `read(element, context, T&)`.
template <typename T, typename ReadElement>
bool ReadArray(const boost::json::value& value, DecodeContext& context, std::vector<T>& out,
               ReadElement read) {
  const boost::json::array* array = value.if_array();
  if (array == nullptr) {
    return context.Fail("expected an array");
  }
  out.clear();
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto scope = context.Index(i);
    if (!read((*array)[i], context, out.emplace_back())) {
      return false;
    }
  }
  return true;
}

}  // namespace partnercenter::wire
