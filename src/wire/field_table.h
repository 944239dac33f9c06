// One description per contract type drives both directions of the codec. A type's field table
// lists its members in the order Partner Center writes them, each with its JSON name, its member
// pointer and, where the defaults do not fit, a codec and options:
//
//   template <>
//   struct Fields<CartError> {
//     static constexpr std::tuple kList{
//         Field<IntOrCartErrorName>("errorCode", &CartError::error_code),
//         Field("errorDescription", &CartError::error_description),
//         Field<ObjectJsonText>("additionalInformation", &CartError::additional_information_json),
//     };
//   };
//
// ReadObject and WriteObject walk the table; nothing else knows a type's members, so a new member
// is one line in one table, and a new type is a table plus its Parse/ToJson pair (ParseDocument,
// WriteDocument).
//
// Reading (ReadObject): members are matched by name ignoring ASCII case; null members (null is
// the same as absent) and unknown names are skipped. A std::optional member is engaged when read.
// A lenient member (kLenient: members the server manages, which the SDKs echo back in odd forms)
// is left absent when it is malformed, never an error. A member with an alias is read under
// either name, and both names in one object is an error ("both catalogId and catalogItemId").
// Writing (WriteObject): members in table order, std::optional ones only when engaged, the others
// always (a vector as [] when empty); aliases are never written. Names are written unescaped.
//
// A codec is a type with
//   static bool Read(const boost::json::value&, DecodeContext&, T&);  // false: error recorded
//   static void Write(JsonWriter&, const T&);
// where T is the member's type without std::optional. Codec<T>, the default, covers strings,
// int, bool, double, Timestamp, the contract's enums, StringPairs (an object of strings), vectors
// (arrays) and described types (objects); the named codecs below cover members whose JSON form
// is not their type's.
//
// Private to the codec. Tables are constants; the functions are reentrant.
#pragma once

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/models.h"
#include "partnercenter/result.h"
#include "wire/json_reader.h"
#include "wire/json_writer.h"
#include "wire/value_decoder.h"

namespace partnercenter::wire {

// The field table of a described type. Specialize with
//   static constexpr std::tuple kList{Field(...), ...};
template <typename T>
struct Fields;

template <typename T>
concept Described = requires {
  Fields<T>::kList;
};

// The default codec of a member type; specialized below.
template <typename T>
struct Codec;

struct FieldOptions {
  // Malformed means absent, never an error. REQUIRES: a std::optional member.
  bool lenient = false;
  // Another name the member is read under (never written).
  std::string_view alias;
};

inline constexpr FieldOptions kLenient{.lenient = true, .alias = {}};

// Read under `alias` too: Field("catalogItemId", ..., AlsoNamed("catalogId")).
constexpr FieldOptions AlsoNamed(std::string_view alias) {
  return FieldOptions{.lenient = false, .alias = alias};
}

// One row of a field table. Make it with Field().
template <typename OwnerType, typename MemberType, typename MemberCodec>
struct FieldSpec {
  using Owner = OwnerType;
  using Member = MemberType;  // std::optional<...> or not
  using ValueCodec = MemberCodec;

  std::string_view name;
  Member Owner::*member;
  FieldOptions options;
};

namespace internal {

template <typename T>
inline constexpr bool kIsOptional = false;
template <typename T>
inline constexpr bool kIsOptional<std::optional<T>> = true;

template <typename T>
struct Unoptional {
  using type = T;
};
template <typename T>
struct Unoptional<std::optional<T>> {
  using type = T;
};

// Field's default codec argument: Codec<the member's type>.
struct DefaultCodec {};

}  // namespace internal

// A row of a field table: the member `member`, named `name` in JSON, read and written by
// `MemberCodec` (by default, Codec<its type>).
template <typename MemberCodec = internal::DefaultCodec, typename Owner, typename Member>
constexpr auto Field(std::string_view name, Member Owner::*member, FieldOptions options = {}) {
  using Value = typename internal::Unoptional<Member>::type;
  using Chosen = std::conditional_t<std::is_same_v<MemberCodec, internal::DefaultCodec>,
                                    Codec<Value>, MemberCodec>;
  return FieldSpec<Owner, Member, Chosen>{name, member, options};
}

template <Described T>
bool ReadObject(const boost::json::value& value, DecodeContext& context, T& out);
template <Described T>
void WriteObject(JsonWriter& w, const T& value);

// ---------------------------------------------------------------------------------------------
// Default codecs

template <>
struct Codec<std::string> {
  static bool Read(const boost::json::value& v, DecodeContext& c, std::string& out) {
    return ReadString(v, c, out);
  }
  static void Write(JsonWriter& w, const std::string& value) { w.String(value); }
};

template <>
struct Codec<int> {
  static bool Read(const boost::json::value& v, DecodeContext& c, int& out) {
    return ReadInt(v, c, out);
  }
  static void Write(JsonWriter& w, int value) { w.Int(value); }
};

template <>
struct Codec<bool> {
  static bool Read(const boost::json::value& v, DecodeContext& c, bool& out) {
    return ReadBool(v, c, out);
  }
  static void Write(JsonWriter& w, bool value) { w.Bool(value); }
};

template <>
struct Codec<double> {
  static bool Read(const boost::json::value& v, DecodeContext& c, double& out) {
    return ReadDouble(v, c, out);
  }
  static void Write(JsonWriter& w, double value) { w.Double(value); }
};

template <>
struct Codec<Timestamp> {
  static bool Read(const boost::json::value& v, DecodeContext& c, Timestamp& out) {
    return ReadTimestamp(v, c, out);
  }
  static void Write(JsonWriter& w, Timestamp value) { w.Timestamp(value); }
};

// An enum: read by `read` (names in any case or the integer), written as ToString spells it.
template <typename Enum, bool (*read)(const boost::json::value&, DecodeContext&, Enum&)>
struct EnumCodec {
  static bool Read(const boost::json::value& v, DecodeContext& c, Enum& out) {
    return read(v, c, out);
  }
  static void Write(JsonWriter& w, Enum value) { w.String(ToString(value)); }
};

template <>
struct Codec<BillingCycle> : EnumCodec<BillingCycle, ReadBillingCycle> {};
template <>
struct Codec<ParticipantType> : EnumCodec<ParticipantType, ReadParticipantType> {};
template <>
struct Codec<CartStatus> : EnumCodec<CartStatus, ReadCartStatus> {};

// An array whose elements `ElementCodec` reads and writes.
template <typename ElementCodec>
struct ArrayOf {
  template <typename T>
  static bool Read(const boost::json::value& v, DecodeContext& c, std::vector<T>& out) {
    return ReadArray(v, c, out,
                     [](const boost::json::value& element, DecodeContext& context, T& item) {
                       return ElementCodec::Read(element, context, item);
                     });
  }
  template <typename T>
  static void Write(JsonWriter& w, const std::vector<T>& values) {
    w.BeginArray();
    for (const T& value : values) {
      ElementCodec::Write(w, value);
    }
    w.EndArray();
  }
};

template <typename T>
struct Codec<std::vector<T>> : ArrayOf<Codec<T>> {};

// An object of strings, in document order, keys written as they are.
template <>
struct Codec<StringPairs> {
  static bool Read(const boost::json::value& v, DecodeContext& c, StringPairs& out) {
    return ReadStringPairs(v, c, out);
  }
  static void Write(JsonWriter& w, const StringPairs& pairs) {
    w.BeginObject();
    for (const auto& [key, value] : pairs) {
      w.EscapedKey(key);
      w.String(value);
    }
    w.EndObject();
  }
};

template <Described T>
struct Codec<T> {
  static bool Read(const boost::json::value& v, DecodeContext& c, T& out) {
    return ReadObject(v, c, out);
  }
  static void Write(JsonWriter& w, const T& value) { WriteObject(w, value); }
};

// ---------------------------------------------------------------------------------------------
// Codecs for members whose JSON form is not their type's

// An int read from a JSON integer or a string of decimal digits; written as an integer.
struct IntOrNumericString {
  static bool Read(const boost::json::value& v, DecodeContext& c, int& out) {
    return ReadIntOrNumericString(v, c, out);
  }
  static void Write(JsonWriter& w, int value) { w.Int(value); }
};

// A CartError errorCode: read as an integer or a CartErrorCode name; written as an integer.
struct IntOrCartErrorName {
  static bool Read(const boost::json::value& v, DecodeContext& c, int& out) {
    return ReadCartErrorCode(v, c, out);
  }
  static void Write(JsonWriter& w, int value) { w.Int(value); }
};

// Any JSON value, kept as its compact JSON text and written back as it is.
struct JsonText {
  static bool Read(const boost::json::value& v, DecodeContext& c, std::string& out) {
    return ReadJsonText(v, c, out);
  }
  static void Write(JsonWriter& w, const std::string& json) { w.Raw(json); }
};

// A JSON object, kept as its compact JSON text and written back as it is.
struct ObjectJsonText {
  static bool Read(const boost::json::value& v, DecodeContext& c, std::string& out) {
    return ReadObjectJsonText(v, c, out);
  }
  static void Write(JsonWriter& w, const std::string& json) { w.Raw(json); }
};

// An object of strings whose keys are written camel-cased (CamelCaseKey), values untouched, as
// Partner Center's serializer writes dictionaries.
struct CamelCasedKeys {
  static bool Read(const boost::json::value& v, DecodeContext& c, StringPairs& out) {
    return ReadStringPairs(v, c, out);
  }
  static void Write(JsonWriter& w, const StringPairs& pairs) {
    w.BeginObject();
    for (const auto& [key, value] : pairs) {
      w.EscapedKey(CamelCaseKey(key));
      w.String(value);
    }
    w.EndObject();
  }
};

// ---------------------------------------------------------------------------------------------
// Walking a table

namespace internal {

template <typename T>
inline constexpr std::size_t kFieldCount =
    std::tuple_size_v<std::remove_cvref_t<decltype(Fields<T>::kList)>>;

// What reading one object has found beyond the members' values.
struct ObjectReadState {
  std::uint64_t aliased_seen = 0;  // bit i: field i, which has an alias, was read once
  std::string_view conflict_name;  // a field read under both its names, and its alias
  std::string_view conflict_alias;
  bool failed = false;  // a member failed to read; the context holds the error
};

// Reads `value`, the member named `key`, when field number `index` of T's table has that name;
// returns whether it had (so that the search stops). The field is a constant expression, so that
// its name, member pointer and options cost nothing at run time.
template <typename T, std::size_t index>
bool ReadIfNamed(std::string_view key, const boost::json::value& value, DecodeContext& context,
                 T& out, ObjectReadState& state) {
  constexpr const auto& field = std::get<index>(Fields<T>::kList);
  using Spec = std::remove_cvref_t<decltype(field)>;
  using Member = typename Spec::Member;
  std::string_view name = field.name;
  if (!NameIs(key, name)) {
    if (field.options.alias.empty() || !NameIs(key, field.options.alias)) {
      return false;
    }
    name = field.options.alias;
  }
  if constexpr (!field.options.alias.empty()) {
    constexpr std::uint64_t kBit = std::uint64_t{1} << index;
    if ((state.aliased_seen & kBit) != 0) {
      state.conflict_name = field.name;
      state.conflict_alias = field.options.alias;
    }
    state.aliased_seen |= kBit;
  }
  auto scope = context.Member(name);
  Member& target = out.*field.member;
  if constexpr (kIsOptional<Member>) {
    if (!Spec::ValueCodec::Read(value, context, target.emplace())) {
      target.reset();
      if constexpr (field.options.lenient) {
        context.ClearError();
      } else {
        state.failed = true;
      }
    }
  } else {
    if (!Spec::ValueCodec::Read(value, context, target)) {
      state.failed = true;
    }
  }
  return true;
}

// Reads `value`, the member named `key`, into the field of T's table with that name, if any.
template <typename T, std::size_t... index>
void ReadMember(std::string_view key, const boost::json::value& value, DecodeContext& context,
                T& out, ObjectReadState& state, std::index_sequence<index...>) {
  (ReadIfNamed<T, index>(key, value, context, out, state) || ...);
}

// `"name":`, what JsonWriter::Key writes for a name of `size` characters, built at compile time.
template <std::size_t size>
struct QuotedKey {
  explicit constexpr QuotedKey(std::string_view name) {
    text[0] = '"';
    for (std::size_t i = 0; i < size; ++i) {
      text[i + 1] = name[i];
    }
    text[size + 1] = '"';
    text[size + 2] = ':';
  }
  constexpr std::string_view view() const { return std::string_view(text, size + 3); }

  char text[size + 3] = {};
};

template <typename T, std::size_t index>
inline constexpr QuotedKey<std::get<index>(Fields<T>::kList).name.size()> kQuotedKey(
    std::get<index>(Fields<T>::kList).name);

// Writes field number `index` of T's table, when it is to be written.
template <typename T, std::size_t index>
void WriteField(JsonWriter& w, const T& owner) {
  constexpr const auto& field = std::get<index>(Fields<T>::kList);
  using Spec = std::remove_cvref_t<decltype(field)>;
  const auto& member = owner.*field.member;
  if constexpr (kIsOptional<typename Spec::Member>) {
    if (member) {
      w.QuotedKey(kQuotedKey<T, index>.view());
      Spec::ValueCodec::Write(w, *member);
    }
  } else {
    w.QuotedKey(kQuotedKey<T, index>.view());
    Spec::ValueCodec::Write(w, member);
  }
}

template <typename T, std::size_t... index>
void WriteFields(JsonWriter& w, const T& owner, std::index_sequence<index...>) {
  (WriteField<T, index>(w, owner), ...);
}

// The checks a table must pass, at compile time: names and aliases distinct ignoring case and
// plain ASCII (they are written unescaped), lenient only on std::optional members, and few
// enough fields for ObjectReadState's bits.
constexpr bool IsPlainName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit && c != '_') {
      return false;
    }
  }
  return true;
}

template <typename Owner, typename Member, typename MemberCodec>
constexpr bool LenientOnlyIfOptional(const FieldSpec<Owner, Member, MemberCodec>& field) {
  return !field.options.lenient || kIsOptional<Member>;
}

template <typename T>
consteval bool TableIsValid() {
  if (64 < kFieldCount<T>) {
    return false;
  }
  return std::apply(
      [](const auto&... field) {
        if (!(LenientOnlyIfOptional(field) && ...)) {
          return false;
        }
        std::string_view names[2 * sizeof...(field) + 1] = {};
        std::size_t count = 0;
        const auto add = [&](std::string_view name) { names[count++] = name; };
        (add(field.name), ...);
        ((field.options.alias.empty() ? void() : add(field.options.alias)), ...);
        for (std::size_t i = 0; i < count; ++i) {
          if (!IsPlainName(names[i])) {
            return false;
          }
          for (std::size_t j = 0; j < i; ++j) {
            if (NameIs(names[i], names[j])) {
              return false;
            }
          }
        }
        return true;
      },
      Fields<T>::kList);
}

}  // namespace internal

template <Described T>
bool ReadObject(const boost::json::value& value, DecodeContext& context, T& out) {
  static_assert(internal::TableIsValid<T>(), "a field table breaks a rule of field_table.h");
  const boost::json::object* object = ExpectObject(value, context);
  if (object == nullptr) {
    return false;
  }
  internal::ObjectReadState state;
  for (const auto& member : *object) {
    if (member.value().is_null()) {
      continue;
    }
    internal::ReadMember(std::string_view(member.key().data(), member.key().size()), member.value(),
                         context, out, state, std::make_index_sequence<internal::kFieldCount<T>>());
    if (state.failed) {
      return false;
    }
  }
  if (!state.conflict_name.empty()) {
    return context.Fail("both " + std::string(state.conflict_alias) + " and " +
                        std::string(state.conflict_name));
  }
  return true;
}

template <Described T>
void WriteObject(JsonWriter& w, const T& value) {
  w.BeginObject();
  internal::WriteFields(w, value, std::make_index_sequence<internal::kFieldCount<T>>());
  w.EndObject();
}

// Parses `text` into a T: strict JSON (wire/json_reader.h) whose top-level value must be an
// object, then ReadObject.
template <Described T>
Result<T> ParseDocument(std::string_view text, const ParseOptions& options) {
  try {
    // Bodies are small and the tree is dropped on return: a bump allocator, starting on the
    // stack, saves most allocations.
    unsigned char initial_buffer[4096];
    boost::json::monotonic_resource resource(initial_buffer, sizeof(initial_buffer));
    Result<boost::json::value> document = ReadJson(text, options, &resource);
    if (!document.ok()) {
      return document.error();
    }
    DecodeContext context;
    T out{};
    if (!ReadObject(*document, context, out)) {
      return context.error();
    }
    return out;
  } catch (const std::exception& e) {
    return InvalidJsonError(std::string("Invalid JSON: the document could not be read (") +
                            e.what() + ")");
  }
}

// `value` as JSON text. `reserve` is a guess at its size, to spare the string most regrowth.
template <Described T>
std::string WriteDocument(const T& value, std::size_t reserve) {
  std::string out;
  out.reserve(reserve);
  JsonWriter w(out);
  WriteObject(w, value);
  return out;
}

}  // namespace partnercenter::wire
