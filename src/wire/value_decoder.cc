#include "wire/value_decoder.h"

#include <cstdint>
#include <limits>

#include "models/enums.h"
#include "wire/json_reader.h"
#include "wire/json_writer.h"

namespace partnercenter::wire {
namespace {

namespace json = boost::json;

bool InIntRange(std::int64_t value) {
  return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
}

// How an enum value that was refused is quoted in the error: strings by their content, anything
// else by its JSON text.
std::string QuoteForError(const json::value& value) {
  if (const json::string* text = value.if_string()) {
    return std::string(text->data(), text->size());
  }
  std::string out;
  JsonWriter writer(out);
  writer.Value(value);
  return out;
}

// Shared by the three enums: a name (snake_case or PascalCase, any case) or the integer value.
template <typename Enum, typename FromName, typename FromNumber>
bool ReadEnum(const json::value& value, DecodeContext& context, Enum& out,
              std::string_view type_name, FromName from_name, FromNumber from_number) {
  std::optional<Enum> decoded;
  if (const json::string* name = value.if_string()) {
    decoded = from_name(std::string_view(name->data(), name->size()));
  } else if (const std::int64_t* number = value.if_int64()) {
    decoded = from_number(*number);
  }
  if (!decoded) {
    return context.FailEnum(type_name, value);
  }
  out = *decoded;
  return true;
}

}  // namespace

DecodeContext::Scope::Scope(DecodeContext& context, std::string_view member)
    : context_(context), previous_size_(context.path_.size()) {
  if (!context_.path_.empty()) {
    context_.path_.push_back('.');
  }
  context_.path_.append(member);
}

DecodeContext::Scope::Scope(DecodeContext& context, std::size_t index)
    : context_(context), previous_size_(context.path_.size()) {
  context_.path_.push_back('[');
  context_.path_.append(std::to_string(index));
  context_.path_.push_back(']');
}

DecodeContext::Scope DecodeContext::Member(std::string_view name) { return Scope(*this, name); }

DecodeContext::Scope DecodeContext::Index(std::size_t index) { return Scope(*this, index); }

bool DecodeContext::Fail(std::string_view what) {
  if (path_.empty()) {
    error_ = InvalidJsonError(std::string(what) + " at the top level");
  } else {
    error_ = InvalidJsonError(path_ + ": " + std::string(what));
  }
  return false;
}

bool DecodeContext::FailEnum(std::string_view type_name, const json::value& value) {
  error_ = InvalidJsonError("Unable to parse enum: '" + QuoteForError(value) + "' is not a valid " +
                            std::string(type_name) + " value (" + path_ + ")");
  error_->kind = ErrorKind::kInvalidEnum;
  return false;
}

const json::object* ExpectObject(const json::value& value, DecodeContext& context) {
  const json::object* object = value.if_object();
  if (object == nullptr) {
    context.Fail("expected an object");
  }
  return object;
}

bool ReadString(const json::value& value, DecodeContext& context, std::string& out) {
  const json::string* text = value.if_string();
  if (text == nullptr) {
    return context.Fail("expected a string");
  }
  out.assign(text->data(), text->size());
  return true;
}

bool ReadInt(const json::value& value, DecodeContext& context, int& out) {
  const std::int64_t* number = value.if_int64();
  if (number == nullptr || !InIntRange(*number)) {
    return context.Fail("expected an integer");
  }
  out = static_cast<int>(*number);
  return true;
}

bool ReadIntOrNumericString(const json::value& value, DecodeContext& context, int& out) {
  const json::string* text = value.if_string();
  if (text == nullptr) {
    return ReadInt(value, context, out);
  }
  std::size_t i = 0;
  const bool negative = !text->empty() && (*text)[0] == '-';
  if (negative) {
    ++i;
  }
  if (i == text->size()) {
    return context.Fail("expected an integer");
  }
  std::int64_t magnitude = 0;
  for (; i < text->size(); ++i) {
    const char c = (*text)[i];
    if (c < '0' || c > '9') {
      return context.Fail("expected an integer");
    }
    magnitude = magnitude * 10 + (c - '0');
    // Stop before the accumulator can overflow: anything past int32 is refused anyway.
    if (magnitude > std::int64_t{std::numeric_limits<int>::max()} + 1) {
      return context.Fail("expected an integer");
    }
  }
  const std::int64_t number = negative ? -magnitude : magnitude;
  if (!InIntRange(number)) {
    return context.Fail("expected an integer");
  }
  out = static_cast<int>(number);
  return true;
}

bool ReadBool(const json::value& value, DecodeContext& context, bool& out) {
  const bool* flag = value.if_bool();
  if (flag == nullptr) {
    return context.Fail("expected true or false");
  }
  out = *flag;
  return true;
}

bool ReadDouble(const json::value& value, DecodeContext& context, double& out) {
  if (const double* number = value.if_double()) {
    out = *number;
  } else if (const std::int64_t* integer = value.if_int64()) {
    out = static_cast<double>(*integer);
  } else if (const std::uint64_t* big = value.if_uint64()) {
    out = static_cast<double>(*big);
  } else {
    return context.Fail("expected a number");
  }
  return true;
}

bool ReadTimestamp(const json::value& value, DecodeContext& context, Timestamp& out) {
  const json::string* text = value.if_string();
  std::optional<Timestamp> parsed;
  if (text != nullptr) {
    parsed = ParseTimestamp(std::string_view(text->data(), text->size()));
  }
  if (!parsed) {
    return context.Fail("expected an ISO 8601 date-time");
  }
  out = *parsed;
  return true;
}

bool ReadBillingCycle(const json::value& value, DecodeContext& context, BillingCycle& out) {
  return ReadEnum(value, context, out, "BillingCycle", models::BillingCycleFromName,
                  models::BillingCycleFromNumber);
}

bool ReadParticipantType(const json::value& value, DecodeContext& context, ParticipantType& out) {
  return ReadEnum(value, context, out, "ParticipantType", models::ParticipantTypeFromName,
                  models::ParticipantTypeFromNumber);
}

bool ReadCartStatus(const json::value& value, DecodeContext& context, CartStatus& out) {
  return ReadEnum(value, context, out, "CartStatus", models::CartStatusFromName,
                  models::CartStatusFromNumber);
}

bool ReadCartErrorCode(const json::value& value, DecodeContext& context, int& out) {
  if (const json::string* name = value.if_string()) {
    const std::optional<int> code =
        models::CartErrorCodeFromName(std::string_view(name->data(), name->size()));
    if (!code) {
      return context.FailEnum("CartErrorCode", value);
    }
    out = *code;
    return true;
  }
  return ReadInt(value, context, out);
}

bool ReadStringPairs(const json::value& value, DecodeContext& context, StringPairs& out) {
  const json::object* object = ExpectObject(value, context);
  if (object == nullptr) {
    return false;
  }
  out.clear();
  out.reserve(object->size());
  for (const auto& member : *object) {
    if (member.value().is_null()) {
      continue;
    }
    const std::string_view key(member.key().data(), member.key().size());
    auto scope = context.Member(key);
    std::string text;
    if (!ReadString(member.value(), context, text)) {
      return false;
    }
    out.emplace_back(std::string(key), std::move(text));
  }
  return true;
}

bool ReadStringArray(const json::value& value, DecodeContext& context,
                     std::vector<std::string>& out) {
  return ReadArray(value, context, out, ReadString);
}

bool ReadJsonText(const json::value& value, DecodeContext&, std::string& out) {
  out.clear();
  JsonWriter writer(out);
  writer.Value(value);
  return true;
}

bool ReadObjectJsonText(const json::value& value, DecodeContext& context, std::string& out) {
  if (ExpectObject(value, context) == nullptr) {
    return false;
  }
  return ReadJsonText(value, context, out);
}

}  // namespace partnercenter::wire
