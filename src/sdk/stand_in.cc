// The client of the stand-in controls (partnercenter/stand_in.h): the controls' JSON documents,
// read and written with Boost.JSON, and the calls, made through the ServiceCore every
// AggregatePartner call goes through.
#include "partnercenter/stand_in.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <iterator>
#include <limits>
#include <utility>

#include "common/duration.h"
#include "sdk/service_core.h"
#include "sdk/uri.h"

namespace partnercenter {
namespace {

namespace json = boost::json;
using internal::Call;
using internal::ServiceCore;

// --- Reading -------------------------------------------------------------------------------

// A document that is not what the controls write; caught by Parse and turned into an Error.
struct Malformed {
  ErrorKind kind;
  std::string description;
};

[[noreturn]] void Fail(const std::string& path, const char* expected) {
  throw Malformed{ErrorKind::kInvalidJson, path + ": expected " + expected};
}

std::string Path(const std::string& parent, std::string_view member) {
  return parent.empty() ? std::string(member) : parent + "." + std::string(member);
}

// A member of `object`; nullptr when absent or null.
const json::value* Member(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string ReadString(const json::object& object, std::string_view name,
                       const std::string& parent) {
  const json::value* value = Member(object, name);
  if (value == nullptr) return "";
  if (!value->is_string()) Fail(Path(parent, name), "a string");
  return std::string(value->as_string());
}

std::optional<std::int64_t> ReadOptionalInteger(const json::object& object, std::string_view name,
                                                const std::string& parent) {
  const json::value* value = Member(object, name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= std::numeric_limits<std::int64_t>::max()) {
    return static_cast<std::int64_t>(value->as_uint64());
  }
  Fail(Path(parent, name), "an integer");
}

std::int64_t ReadInteger(const json::object& object, std::string_view name,
                         const std::string& parent) {
  return ReadOptionalInteger(object, name, parent).value_or(0);
}

int ReadInt(const json::object& object, std::string_view name, const std::string& parent) {
  const std::int64_t value = ReadInteger(object, name, parent);
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    Fail(Path(parent, name), "an integer within int32");
  }
  return static_cast<int>(value);
}

std::optional<int> ReadOptionalInt(const json::object& object, std::string_view name,
                                   const std::string& parent) {
  if (Member(object, name) == nullptr) return std::nullopt;
  return ReadInt(object, name, parent);
}

std::optional<double> ReadOptionalNumber(const json::object& object, std::string_view name,
                                         const std::string& parent) {
  const json::value* value = Member(object, name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) Fail(Path(parent, name), "a number");
  return value->to_number<double>();
}

bool ReadBool(const json::object& object, std::string_view name, const std::string& parent) {
  const json::value* value = Member(object, name);
  if (value == nullptr) return false;
  if (!value->is_bool()) Fail(Path(parent, name), "true or false");
  return value->as_bool();
}

Timestamp ReadTimestamp(const json::object& object, std::string_view name,
                        const std::string& parent) {
  const std::string text = ReadString(object, name, parent);
  if (text.empty()) return Timestamp{};
  std::optional<Timestamp> parsed = ParseTimestamp(text);
  if (!parsed) Fail(Path(parent, name), "a date-time");
  return *parsed;
}

std::optional<std::chrono::milliseconds> ReadOptionalDuration(const json::object& object,
                                                              std::string_view name,
                                                              const std::string& parent) {
  const std::string text = ReadString(object, name, parent);
  if (text.empty()) return std::nullopt;
  std::optional<std::chrono::milliseconds> parsed = ParseStandInDuration(text);
  if (!parsed) Fail(Path(parent, name), "a duration");
  return parsed;
}

HeaderMap ReadHeaders(const json::object& object, std::string_view name,
                      const std::string& parent) {
  HeaderMap headers;
  const json::value* value = Member(object, name);
  if (value == nullptr) return headers;
  if (!value->is_object()) Fail(Path(parent, name), "an object");
  for (const auto& field : value->as_object()) {
    if (!field.value().is_string()) Fail(Path(Path(parent, name), field.key()), "a string");
    headers[std::string(field.key())] = std::string(field.value().as_string());
  }
  return headers;
}

// Calls `read` with each object of the array `name`, and its path.
template <typename F>
void ForEachItem(const json::object& object, std::string_view name, const std::string& parent,
                 F read) {
  const json::value* value = Member(object, name);
  if (value == nullptr) return;
  if (!value->is_array()) Fail(Path(parent, name), "an array");
  std::size_t index = 0;
  for (const json::value& item : value->as_array()) {
    const std::string path = Path(parent, name) + "[" + std::to_string(index++) + "]";
    if (!item.is_object()) Fail(path, "an object");
    read(item.as_object(), path);
  }
}

// True when every string and member name in `value` fits `max_bytes`.
bool StringsFit(const json::value& value, std::size_t max_bytes) {
  switch (value.kind()) {
    case json::kind::string:
      return value.as_string().size() <= max_bytes;
    case json::kind::array:
      return std::all_of(value.as_array().begin(), value.as_array().end(),
                         [&](const json::value& item) { return StringsFit(item, max_bytes); });
    case json::kind::object:
      for (const auto& member : value.as_object()) {
        if (member.key().size() > max_bytes || !StringsFit(member.value(), max_bytes)) {
          return false;
        }
      }
      return true;
    default:
      return true;
  }
}

// Parses `text` as one JSON object within `options` and reads it with `read`.
template <typename T, typename F>
Result<T> Parse(std::string_view text, const ParseOptions& options, F read) {
  Error error;
  error.kind = ErrorKind::kInvalidJson;
  json::parse_options limits;
  limits.max_depth = options.max_depth;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, {}, limits);
  if (ec) {
    error.description = "Invalid JSON: " + ec.message();
    return error;
  }
  if (!value.is_object()) {
    error.description = "Invalid JSON: expected an object";
    return error;
  }
  if (!StringsFit(value, options.max_string_bytes)) {
    error.description = "Invalid JSON: a string is longer than " +
                        std::to_string(options.max_string_bytes) + " bytes";
    return error;
  }
  try {
    return read(value.as_object(), std::string());
  } catch (const Malformed& malformed) {
    error.kind = malformed.kind;
    error.description = malformed.description;
    return error;
  }
}

StandInClock ReadClock(const json::object& o, const std::string& path) {
  StandInClock clock;
  clock.now = ReadTimestamp(o, "now", path);
  clock.system_now = ReadTimestamp(o, "systemNow", path);
  clock.offset = ReadOptionalDuration(o, "offset", path).value_or(std::chrono::milliseconds(0));
  return clock;
}

FaultRule ReadRule(const json::object& o, const std::string& path) {
  FaultRule rule;
  rule.id = ReadString(o, "id", path);
  rule.operation = ReadString(o, "operation", path);
  rule.partner = ReadString(o, "partner", path);
  rule.customer = ReadString(o, "customer", path);
  const std::string action = ReadString(o, "action", path);
  if (!action.empty()) {
    std::optional<FaultAction> parsed = ParseFaultAction(action);
    if (!parsed) {
      throw Malformed{ErrorKind::kInvalidEnum, "Unable to parse enum: '" + action +
                                                   "' is not a valid FaultAction value (" +
                                                   Path(path, "action") + ")"};
    }
    rule.action = *parsed;
  }
  rule.status = ReadOptionalInt(o, "status", path);
  rule.code = ReadOptionalInt(o, "code", path);
  if (Member(o, "description") != nullptr) rule.description = ReadString(o, "description", path);
  rule.retry_after_seconds = ReadOptionalInt(o, "retryAfter", path);
  rule.delay = ReadOptionalDuration(o, "delay", path);
  rule.count = ReadOptionalInteger(o, "count", path);
  rule.probability = ReadOptionalNumber(o, "probability", path);
  rule.matched = ReadInteger(o, "matched", path);
  rule.fired = ReadInteger(o, "fired", path);
  return rule;
}

FaultRuleCollection ReadRules(const json::object& o, const std::string& path) {
  FaultRuleCollection rules;
  rules.total_count = ReadInt(o, "totalCount", path);
  ForEachItem(o, "items", path, [&](const json::object& item, const std::string& at) {
    rules.items.push_back(ReadRule(item, at));
  });
  return rules;
}

JournalEntry ReadEntry(const json::object& o, const std::string& path) {
  JournalEntry entry;
  const std::int64_t sequence = ReadInteger(o, "sequence", path);
  if (sequence < 0) Fail(Path(path, "sequence"), "a sequence number");
  entry.sequence = static_cast<std::uint64_t>(sequence);
  entry.received = ReadTimestamp(o, "received", path);
  entry.method = ReadString(o, "method", path);
  entry.target = ReadString(o, "target", path);
  entry.route = ReadString(o, "route", path);
  entry.partner_tenant = ReadString(o, "partnerTenant", path);
  entry.customer_id = ReadString(o, "customerId", path);
  entry.request_id = ReadString(o, "requestId", path);
  entry.correlation_id = ReadString(o, "correlationId", path);
  entry.request_headers = ReadHeaders(o, "requestHeaders", path);
  entry.request_body = ReadString(o, "requestBody", path);
  entry.request_body_truncated = ReadBool(o, "requestBodyTruncated", path);
  entry.status = ReadInt(o, "status", path);
  entry.response_headers = ReadHeaders(o, "responseHeaders", path);
  entry.response_body = ReadString(o, "responseBody", path);
  entry.response_body_truncated = ReadBool(o, "responseBodyTruncated", path);
  entry.latency_ms = ReadOptionalNumber(o, "latencyMs", path).value_or(0);
  entry.fault = ReadString(o, "fault", path);
  return entry;
}

JournalEntryCollection ReadEntries(const json::object& o, const std::string& path) {
  JournalEntryCollection entries;
  entries.total_count = ReadInt(o, "totalCount", path);
  ForEachItem(o, "items", path, [&](const json::object& item, const std::string& at) {
    entries.items.push_back(ReadEntry(item, at));
  });
  return entries;
}

RemovedCount ReadRemoved(const json::object& o, const std::string& path) {
  return RemovedCount{ReadInteger(o, "removed", path)};
}

LoadedFixtures ReadLoaded(const json::object& o, const std::string& path) {
  LoadedFixtures loaded;
  loaded.to = ReadString(o, "to", path);
  loaded.customers = ReadInt(o, "customers", path);
  ForEachItem(o, "carts", path, [&](const json::object& item, const std::string& at) {
    loaded.carts.push_back(LoadedCart{ReadString(item, "partnerTenant", at),
                                      ReadString(item, "customerId", at),
                                      ReadString(item, "id", at)});
  });
  return loaded;
}

MintedToken ReadToken(const json::object& o, const std::string& path) {
  return MintedToken{ReadString(o, "token", path), ReadTimestamp(o, "expiresOn", path)};
}

StandInCustomerCollection ReadCustomers(const json::object& o, const std::string& path) {
  StandInCustomerCollection customers;
  customers.total_count = ReadInt(o, "totalCount", path);
  ForEachItem(o, "items", path, [&](const json::object& item, const std::string& at) {
    customers.items.push_back(
        StandInCustomer{ReadString(item, "partnerTenant", at), ReadString(item, "id", at),
                        ReadString(item, "country", at), ReadString(item, "currency", at),
                        ReadString(item, "companyName", at)});
  });
  return customers;
}

// --- Writing, in the service's member order ---------------------------------------------------

json::object ClockJson(const StandInClock& clock) {
  return json::object{{"now", FormatTimestamp(clock.now)},
                      {"systemNow", FormatTimestamp(clock.system_now)},
                      {"offset", FormatIsoSeconds(clock.offset)}};
}

// `listed`: as the service lists a rule (id, matched, fired); else the body Arm sends.
json::object RuleJson(const FaultRule& rule, bool listed) {
  json::object out;
  if (listed && !rule.id.empty()) out["id"] = rule.id;
  if (!rule.operation.empty()) out["operation"] = rule.operation;
  if (!rule.partner.empty()) out["partner"] = rule.partner;
  if (!rule.customer.empty()) out["customer"] = rule.customer;
  out["action"] = ToString(rule.action);
  if (rule.status) out["status"] = *rule.status;
  if (rule.code) out["code"] = *rule.code;
  if (rule.description) out["description"] = *rule.description;
  if (rule.retry_after_seconds) out["retryAfter"] = *rule.retry_after_seconds;
  if (rule.delay) out["delay"] = FormatIsoSeconds(*rule.delay);
  if (rule.count) out["count"] = *rule.count;
  if (rule.probability) out["probability"] = *rule.probability;
  if (listed) {
    out["matched"] = rule.matched;
    out["fired"] = rule.fired;
  }
  return out;
}

json::object HeadersJson(const HeaderMap& headers) {
  json::object out;
  for (const auto& [name, value] : headers) out[name] = value;
  return out;
}

json::object EntryJson(const JournalEntry& e) {
  json::object out;
  out["sequence"] = e.sequence;
  out["received"] = FormatTimestamp(e.received);
  out["method"] = e.method;
  out["target"] = e.target;
  out["route"] = e.route;
  if (!e.partner_tenant.empty()) out["partnerTenant"] = e.partner_tenant;
  if (!e.customer_id.empty()) out["customerId"] = e.customer_id;
  out["requestId"] = e.request_id;
  out["correlationId"] = e.correlation_id;
  out["requestHeaders"] = HeadersJson(e.request_headers);
  out["requestBody"] = e.request_body;
  if (e.request_body_truncated) out["requestBodyTruncated"] = true;
  out["status"] = e.status;
  out["responseHeaders"] = HeadersJson(e.response_headers);
  out["responseBody"] = e.response_body;
  if (e.response_body_truncated) out["responseBodyTruncated"] = true;
  out["latencyMs"] = e.latency_ms;
  if (!e.fault.empty()) out["fault"] = e.fault;
  return out;
}

template <typename Collection, typename F>
json::object CollectionJson(const Collection& collection, F item_json) {
  json::array items;
  for (const auto& item : collection.items) items.push_back(item_json(item));
  return json::object{{"totalCount", collection.total_count}, {"items", std::move(items)}};
}

json::object LoadedJson(const LoadedFixtures& loaded) {
  json::object out;
  json::array carts;
  for (const LoadedCart& cart : loaded.carts) {
    carts.push_back(json::object{
        {"partnerTenant", cart.partner_tenant}, {"customerId", cart.customer_id}, {"id", cart.id}});
  }
  out["customers"] = loaded.customers;
  out["carts"] = std::move(carts);
  if (!loaded.to.empty()) out["to"] = loaded.to;
  return out;
}

// --- Calls -----------------------------------------------------------------------------------

constexpr char kClockPath[] = "/_cartd/clock";
constexpr char kFaultsPath[] = "/_cartd/faults";
constexpr char kRequestsPath[] = "/_cartd/requests";

Call GetCall(std::string path) { return Call{"GET", std::move(path), std::nullopt, {}}; }

Call PostCall(std::string path, const json::object& body, int max_attempts = 0) {
  return Call{"POST", std::move(path), json::serialize(body), {}, max_attempts};
}

Call DeleteCall(std::string path) { return Call{"DELETE", std::move(path), std::nullopt, {}}; }

Result<StandInClock> MoveClock(const ServiceCore& core, json::object body) {
  // Sent once: a retry after a lost answer would move the clock twice.
  return core.Run<StandInClock>(PostCall(kClockPath, body, /*max_attempts=*/1), ParseStandInClock);
}

Result<StandInClock> AdvanceBy(const ServiceCore& core, std::chrono::milliseconds by) {
  if (by.count() <= 0) return core.Reject<StandInClock>("the clock only moves forward: by <= 0");
  return MoveClock(core, json::object{{"advance", FormatIsoSeconds(by)}});
}

Result<StandInClock> AdvanceByText(const ServiceCore& core, const std::string& by) {
  return MoveClock(core, json::object{{"advance", by}});
}

Result<StandInClock> MoveClockTo(const ServiceCore& core, Timestamp to) {
  return MoveClock(core, json::object{{"now", FormatTimestamp(to)}});
}

Result<FaultRule> ArmRule(const ServiceCore& core, const FaultRule& rule) {
  // Sent once: a retry after a lost answer could arm the rule twice.
  return core.Run<FaultRule>(PostCall(kFaultsPath, RuleJson(rule, /*listed=*/false), 1),
                             ParseFaultRule);
}

Result<RemovedCount> ClearRule(const ServiceCore& core, const std::string& id) {
  if (id.empty()) return core.Reject<RemovedCount>("the fault rule id is empty");
  return core.Run<RemovedCount>(
      DeleteCall(std::string(kFaultsPath) + "/" + internal::EncodePathSegment(id)),
      ParseRemovedCount);
}

Result<JournalEntryCollection> ListRequests(const ServiceCore& core, const JournalQuery& query) {
  std::string target = kRequestsPath;
  char separator = '?';
  const auto add = [&](const char* name, const std::string& value) {
    target += separator;
    target += name;
    target += '=';
    target += internal::EncodePathSegment(value);
    separator = '&';
  };
  if (query.limit) add("limit", std::to_string(*query.limit));
  if (!query.partner.empty()) add("partner", query.partner);
  if (!query.customer.empty()) add("customer", query.customer);
  if (query.since) add("since", FormatTimestamp(*query.since));
  return core.Run<JournalEntryCollection>(GetCall(target), ParseJournalEntryCollection);
}

Result<LoadedFixtures> LoadFixtures(const ServiceCore& core, const std::string& fixtures) {
  // Sent once: a retry after a lost answer would create the carts given without an id twice.
  return core.Run<LoadedFixtures>(Call{"POST", "/_cartd/fixtures", fixtures, {}, 1},
                                  ParseLoadedFixtures);
}

Result<MintedToken> MintToken(const ServiceCore& core, const TokenRequest& request) {
  json::object body{{"tenant", request.tenant}};
  if (!request.user.empty()) body["user"] = request.user;
  if (!request.app.empty()) body["app"] = request.app;
  if (request.ttl) body["ttl"] = FormatIsoSeconds(*request.ttl);
  return core.Run<MintedToken>(PostCall("/_cartd/tokens", body), ParseMintedToken);
}

Result<StandInCustomerCollection> ListCustomers(const ServiceCore& core,
                                                const std::string& partner) {
  std::string target = "/_cartd/customers";
  if (!partner.empty()) target += "?partner=" + internal::EncodePathSegment(partner);
  return core.Run<StandInCustomerCollection>(GetCall(target), ParseStandInCustomerCollection);
}

Result<LoadedFixtures> ResetStore(const ServiceCore& core, ResetTarget to) {
  return core.Run<LoadedFixtures>(
      PostCall("/_cartd/reset", json::object{{"to", to == ResetTarget::kEmpty ? "empty" : "demo"}}),
      ParseLoadedFixtures);
}

}  // namespace

bool HeaderNameLess::operator()(std::string_view a, std::string_view b) const {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return lower(x) < lower(y); });
}

const char* ToString(FaultAction action) {
  switch (action) {
    case FaultAction::kError:
      return "error";
    case FaultAction::kDelay:
      return "delay";
    case FaultAction::kDrop:
      return "drop";
  }
  return "error";
}

std::optional<FaultAction> ParseFaultAction(std::string_view text) {
  if (text == "error") return FaultAction::kError;
  if (text == "delay") return FaultAction::kDelay;
  if (text == "drop") return FaultAction::kDrop;
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> ParseStandInDuration(std::string_view text) {
  return cartd::ParseIsoOrShortDuration(text);
}

std::string FormatIsoSeconds(std::chrono::milliseconds duration) {
  return cartd::FormatIsoSeconds(std::max(duration, std::chrono::milliseconds(0)));
}

std::string FormatShortDuration(std::chrono::milliseconds duration) {
  return cartd::FormatDuration(std::max(duration, std::chrono::milliseconds(0)));
}

Result<StandInClock> ParseStandInClock(std::string_view json, const ParseOptions& options) {
  return Parse<StandInClock>(json, options, ReadClock);
}
Result<FaultRule> ParseFaultRule(std::string_view json, const ParseOptions& options) {
  return Parse<FaultRule>(json, options, ReadRule);
}
Result<FaultRuleCollection> ParseFaultRuleCollection(std::string_view json,
                                                     const ParseOptions& options) {
  return Parse<FaultRuleCollection>(json, options, ReadRules);
}
Result<JournalEntry> ParseJournalEntry(std::string_view json, const ParseOptions& options) {
  return Parse<JournalEntry>(json, options, ReadEntry);
}
Result<JournalEntryCollection> ParseJournalEntryCollection(std::string_view json,
                                                           const ParseOptions& options) {
  return Parse<JournalEntryCollection>(json, options, ReadEntries);
}
Result<RemovedCount> ParseRemovedCount(std::string_view json, const ParseOptions& options) {
  return Parse<RemovedCount>(json, options, ReadRemoved);
}
Result<LoadedFixtures> ParseLoadedFixtures(std::string_view json, const ParseOptions& options) {
  return Parse<LoadedFixtures>(json, options, ReadLoaded);
}
Result<MintedToken> ParseMintedToken(std::string_view json, const ParseOptions& options) {
  return Parse<MintedToken>(json, options, ReadToken);
}
Result<StandInCustomerCollection> ParseStandInCustomerCollection(std::string_view json,
                                                                 const ParseOptions& options) {
  return Parse<StandInCustomerCollection>(json, options, ReadCustomers);
}

std::string ToJson(const StandInClock& clock) { return json::serialize(ClockJson(clock)); }
std::string ToJson(const FaultRule& rule) { return json::serialize(RuleJson(rule, true)); }
std::string ToJson(const FaultRuleCollection& rules) {
  return json::serialize(
      CollectionJson(rules, [](const FaultRule& rule) { return RuleJson(rule, true); }));
}
std::string ToJson(const JournalEntry& entry) { return json::serialize(EntryJson(entry)); }
std::string ToJson(const JournalEntryCollection& entries) {
  return json::serialize(CollectionJson(entries, EntryJson));
}
std::string ToJson(const RemovedCount& removed) {
  return json::serialize(json::object{{"removed", removed.removed}});
}
std::string ToJson(const LoadedFixtures& loaded) { return json::serialize(LoadedJson(loaded)); }
std::string ToJson(const MintedToken& token) {
  return json::serialize(
      json::object{{"token", token.token}, {"expiresOn", FormatTimestamp(token.expires_on)}});
}
std::string ToJson(const StandInCustomerCollection& customers) {
  return json::serialize(CollectionJson(customers, [](const StandInCustomer& customer) {
    return json::object{{"partnerTenant", customer.partner_tenant},
                        {"id", customer.id},
                        {"country", customer.country},
                        {"currency", customer.currency},
                        {"companyName", customer.company_name}};
  }));
}

// --- Operations ------------------------------------------------------------------------------
// As in partner_service.cc, ...Async tasks hold a plain pointer to the core: the core's
// destructor drains the queue before it goes.

StandInClockOperations::StandInClockOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

Result<StandInClock> StandInClockOperations::Get() const {
  return core_->Run<StandInClock>(GetCall(kClockPath), ParseStandInClock);
}

Result<StandInClock> StandInClockOperations::Advance(std::chrono::milliseconds by) const {
  return AdvanceBy(*core_, by);
}

Result<StandInClock> StandInClockOperations::Advance(const std::string& by) const {
  return AdvanceByText(*core_, by);
}

Result<StandInClock> StandInClockOperations::AdvanceTo(Timestamp to) const {
  return MoveClockTo(*core_, to);
}

std::future<Result<StandInClock>> StandInClockOperations::GetAsync() const {
  return core_->Async([core = core_.get()] {
    return core->Run<StandInClock>(GetCall(kClockPath), ParseStandInClock);
  });
}

std::future<Result<StandInClock>> StandInClockOperations::AdvanceAsync(
    std::chrono::milliseconds by) const {
  return core_->Async([core = core_.get(), by] { return AdvanceBy(*core, by); });
}

std::future<Result<StandInClock>> StandInClockOperations::AdvanceAsync(std::string by) const {
  return core_->Async(
      [core = core_.get(), by = std::move(by)] { return AdvanceByText(*core, by); });
}

std::future<Result<StandInClock>> StandInClockOperations::AdvanceToAsync(Timestamp to) const {
  return core_->Async([core = core_.get(), to] { return MoveClockTo(*core, to); });
}

FaultRuleOperations::FaultRuleOperations(std::shared_ptr<ServiceCore> core, std::string id)
    : core_(std::move(core)), id_(std::move(id)) {}

Result<RemovedCount> FaultRuleOperations::Clear() const { return ClearRule(*core_, id_); }

std::future<Result<RemovedCount>> FaultRuleOperations::ClearAsync() const {
  return core_->Async([core = core_.get(), id = id_] { return ClearRule(*core, id); });
}

FaultRuleCollectionOperations::FaultRuleCollectionOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

FaultRuleOperations FaultRuleCollectionOperations::ById(std::string id) const {
  return FaultRuleOperations(core_, std::move(id));
}

Result<FaultRule> FaultRuleCollectionOperations::Arm(const FaultRule& rule) const {
  return ArmRule(*core_, rule);
}

Result<FaultRuleCollection> FaultRuleCollectionOperations::Get() const {
  return core_->Run<FaultRuleCollection>(GetCall(kFaultsPath), ParseFaultRuleCollection);
}

Result<RemovedCount> FaultRuleCollectionOperations::Clear() const {
  return core_->Run<RemovedCount>(DeleteCall(kFaultsPath), ParseRemovedCount);
}

std::future<Result<FaultRule>> FaultRuleCollectionOperations::ArmAsync(FaultRule rule) const {
  return core_->Async(
      [core = core_.get(), rule = std::move(rule)] { return ArmRule(*core, rule); });
}

std::future<Result<FaultRuleCollection>> FaultRuleCollectionOperations::GetAsync() const {
  return core_->Async([core = core_.get()] {
    return core->Run<FaultRuleCollection>(GetCall(kFaultsPath), ParseFaultRuleCollection);
  });
}

std::future<Result<RemovedCount>> FaultRuleCollectionOperations::ClearAsync() const {
  return core_->Async([core = core_.get()] {
    return core->Run<RemovedCount>(DeleteCall(kFaultsPath), ParseRemovedCount);
  });
}

RequestJournalOperations::RequestJournalOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

Result<JournalEntryCollection> RequestJournalOperations::Get(const JournalQuery& query) const {
  return ListRequests(*core_, query);
}

Result<RemovedCount> RequestJournalOperations::Clear() const {
  return core_->Run<RemovedCount>(DeleteCall(kRequestsPath), ParseRemovedCount);
}

std::future<Result<JournalEntryCollection>> RequestJournalOperations::GetAsync(
    JournalQuery query) const {
  return core_->Async(
      [core = core_.get(), query = std::move(query)] { return ListRequests(*core, query); });
}

std::future<Result<RemovedCount>> RequestJournalOperations::ClearAsync() const {
  return core_->Async([core = core_.get()] {
    return core->Run<RemovedCount>(DeleteCall(kRequestsPath), ParseRemovedCount);
  });
}

FixturesOperations::FixturesOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

Result<LoadedFixtures> FixturesOperations::Load(const std::string& fixtures_json) const {
  return LoadFixtures(*core_, fixtures_json);
}

std::future<Result<LoadedFixtures>> FixturesOperations::LoadAsync(std::string fixtures_json) const {
  return core_->Async([core = core_.get(), fixtures = std::move(fixtures_json)] {
    return LoadFixtures(*core, fixtures);
  });
}

TokenOperations::TokenOperations(std::shared_ptr<ServiceCore> core) : core_(std::move(core)) {}

Result<MintedToken> TokenOperations::Mint(const TokenRequest& request) const {
  return MintToken(*core_, request);
}

std::future<Result<MintedToken>> TokenOperations::MintAsync(TokenRequest request) const {
  return core_->Async(
      [core = core_.get(), request = std::move(request)] { return MintToken(*core, request); });
}

StandInCustomerOperations::StandInCustomerOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

Result<StandInCustomerCollection> StandInCustomerOperations::Get(const std::string& partner) const {
  return ListCustomers(*core_, partner);
}

std::future<Result<StandInCustomerCollection>> StandInCustomerOperations::GetAsync(
    std::string partner) const {
  return core_->Async(
      [core = core_.get(), partner = std::move(partner)] { return ListCustomers(*core, partner); });
}

StandIn::StandIn(std::shared_ptr<ServiceCore> core) : core_(std::move(core)) {}

StandInClockOperations StandIn::Clock() const { return StandInClockOperations(core_); }
FaultRuleCollectionOperations StandIn::Faults() const {
  return FaultRuleCollectionOperations(core_);
}
RequestJournalOperations StandIn::Requests() const { return RequestJournalOperations(core_); }
FixturesOperations StandIn::Fixtures() const { return FixturesOperations(core_); }
TokenOperations StandIn::Tokens() const { return TokenOperations(core_); }
StandInCustomerOperations StandIn::Customers() const { return StandInCustomerOperations(core_); }

Result<LoadedFixtures> StandIn::Reset(ResetTarget to) const { return ResetStore(*core_, to); }

std::future<Result<LoadedFixtures>> StandIn::ResetAsync(ResetTarget to) const {
  return core_->Async([core = core_.get(), to] { return ResetStore(*core, to); });
}

const std::string& StandIn::correlation_id() const { return core_->correlation_id(); }

const PartnerServiceOptions& StandIn::options() const { return core_->options(); }

std::shared_ptr<StandIn> StandInService::Create(Credentials credentials,
                                                PartnerServiceOptions options) {
  auto core = std::make_shared<ServiceCore>(std::move(credentials), std::move(options));
  return std::shared_ptr<StandIn>(new StandIn(std::move(core)));
}

}  // namespace partnercenter
