#include "api/control_handlers.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "api/error_mapping.h"
#include "api/query_parameters.h"
#include "api/rendering.h"
#include "auth/token_minter.h"
#include "common/duration.h"
#include "common/ids.h"
#include "domain/etag.h"
#include "partnercenter/json.h"
#include "partnercenter/models.h"

namespace cartd::api {
namespace {

namespace json = boost::json;
using controls::FaultKind;
using controls::FaultRule;

// The longest delay a fault may add: longer than any client timeout worth testing, short enough
// that a forgotten rule cannot hold a worker for long.
constexpr std::chrono::milliseconds kMaxFaultDelay{120'000};
constexpr std::size_t kMaxJournalPage = 1000;

http::Response JsonAnswer(int status, const json::value& document) {
  return JsonResponse(status, json::serialize(document));
}

// A request body's members, names compared ignoring case (as in every body cartd reads), null
// the same as absent.
class Body {
 public:
  static StatusOr<Body> Parse(std::string_view text, bool may_be_empty) {
    Body body;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      if (may_be_empty) return body;
      return InvalidInput("The request body must be a JSON object.");
    }
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec || !value.is_object()) return InvalidInput("The request body must be a JSON object.");
    body.object_ = std::move(value.as_object());
    return body;
  }

  const json::value* Get(std::string_view name) const {
    for (const auto& member : object_) {
      if (http::EqualsIgnoreCase(member.key(), name)) {
        return member.value().is_null() ? nullptr : &member.value();
      }
    }
    return nullptr;
  }

  StatusOr<std::optional<std::string>> String(std::string_view name) const {
    const json::value* value = Get(name);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return InvalidInput("'" + std::string(name) + "' must be a string.");
    return std::optional<std::string>(std::string(value->as_string()));
  }

  StatusOr<std::optional<std::int64_t>> Integer(std::string_view name) const {
    const json::value* value = Get(name);
    if (value == nullptr) return std::optional<std::int64_t>();
    if (value->is_int64()) return std::optional<std::int64_t>(value->as_int64());
    if (value->is_uint64() && value->as_uint64() <= INT64_MAX) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(value->as_uint64()));
    }
    return InvalidInput("'" + std::string(name) + "' must be an integer.");
  }

  StatusOr<std::optional<double>> Number(std::string_view name) const {
    const json::value* value = Get(name);
    if (value == nullptr) return std::optional<double>();
    if (!value->is_number()) return InvalidInput("'" + std::string(name) + "' must be a number.");
    return std::optional<double>(value->to_number<double>());
  }

  StatusOr<std::optional<std::string>> Guid(std::string_view name) const {
    CARTD_ASSIGN_OR_RETURN(std::optional<std::string> text, String(name));
    if (!text) return text;
    std::optional<std::string> guid = CanonicalGuid(*text);
    if (!guid) return InvalidInput("'" + std::string(name) + "' must be a GUID.");
    return guid;
  }

  const json::object& object() const { return object_; }

 private:
  json::object object_;
};

std::string_view KindName(FaultKind kind) {
  switch (kind) {
    case FaultKind::kError:
      return "error";
    case FaultKind::kDelay:
      return "delay";
    case FaultKind::kDrop:
      return "drop";
  }
  return "error";
}

// The usual code and description of an error status, as Partner Center answers it.
std::pair<int, std::string> UsualError(int status) {
  switch (status) {
    case 409:
      return {800064, "The cart is being checked out by another request. Try again later."};
    case 429:
      return {0, "Rate limit is exceeded."};
    case 500:
      return {800003, "An internal error occurred. Try again later."};
    case 503:
      return {800003, "The service is temporarily unavailable. Try again later."};
    default:
      return {800003, "The request failed (a fault armed on the stand-in)."};
  }
}

json::object FaultJson(const FaultRule& rule) {
  json::object out;
  out["id"] = rule.id;
  out["operation"] = controls::FaultOperationName(rule.operation);
  if (!rule.partner_tenant.empty()) out["partner"] = rule.partner_tenant;
  if (!rule.customer_id.empty()) out["customer"] = rule.customer_id;
  out["action"] = KindName(rule.kind);
  if (rule.kind == FaultKind::kError) {
    out["status"] = rule.status;
    if (rule.status != 429) out["code"] = rule.code;
    out["description"] = rule.description;
    if (rule.retry_after.count() > 0) out["retryAfter"] = rule.retry_after.count();
  }
  if (rule.kind == FaultKind::kDelay) out["delay"] = FormatIsoSeconds(rule.delay);
  if (rule.count) out["count"] = *rule.count;
  out["probability"] = rule.probability;
  out["matched"] = rule.matched;
  out["fired"] = rule.fired;
  return out;
}

StatusOr<FaultRule> ReadFaultRule(const Body& body) {
  FaultRule rule;
  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> operation, body.String("operation"));
  if (operation) {
    std::optional<controls::FaultOperation> parsed = controls::ParseFaultOperation(*operation);
    if (!parsed) {
      return InvalidInput(
          "'operation' must be one of any, create, get, update, checkout, orders, "
          "subscriptions, catalog; not '" +
          *operation + "'.");
    }
    rule.operation = *parsed;
  }
  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> partner, body.Guid("partner"));
  rule.partner_tenant = partner.value_or("");
  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> customer, body.Guid("customer"));
  rule.customer_id = customer.value_or("");

  CARTD_ASSIGN_OR_RETURN(std::optional<std::string> action, body.String("action"));
  const std::string kind = action.value_or("error");
  if (kind == "error") {
    rule.kind = FaultKind::kError;
    CARTD_ASSIGN_OR_RETURN(std::optional<std::int64_t> status, body.Integer("status"));
    if (status && (*status < 400 || *status > 599)) {
      return InvalidInput("'status' must be an error status, 400 to 599.");
    }
    rule.status = static_cast<int>(status.value_or(503));
    auto [usual_code, usual_description] = UsualError(rule.status);
    CARTD_ASSIGN_OR_RETURN(std::optional<std::int64_t> code, body.Integer("code"));
    if (code && (*code < 1 || *code > 99'999'999)) {
      return InvalidInput("'code' must be a positive Partner Center error code.");
    }
    rule.code = static_cast<int>(code.value_or(usual_code));
    CARTD_ASSIGN_OR_RETURN(std::optional<std::string> description, body.String("description"));
    rule.description = description && !description->empty() ? *description : usual_description;
    CARTD_ASSIGN_OR_RETURN(std::optional<std::int64_t> retry_after, body.Integer("retryAfter"));
    if (retry_after && (*retry_after < 1 || *retry_after > 3600)) {
      return InvalidInput("'retryAfter' must be a number of seconds from 1 to 3600.");
    }
    rule.retry_after = std::chrono::seconds(retry_after.value_or(rule.status == 429 ? 1 : 0));
  } else if (kind == "delay") {
    rule.kind = FaultKind::kDelay;
    CARTD_ASSIGN_OR_RETURN(std::optional<std::string> delay, body.String("delay"));
    std::optional<std::chrono::milliseconds> parsed =
        delay ? ParseIsoOrShortDuration(*delay) : std::nullopt;
    if (!parsed || *parsed <= std::chrono::milliseconds(0) || *parsed > kMaxFaultDelay) {
      return InvalidInput("'delay' must be a duration from 1ms to 120s, such as \"PT2S\".");
    }
    rule.delay = *parsed;
  } else if (kind == "drop") {
    rule.kind = FaultKind::kDrop;
  } else {
    return InvalidInput("'action' must be error, delay or drop; not '" + kind + "'.");
  }

  CARTD_ASSIGN_OR_RETURN(std::optional<std::int64_t> count, body.Integer("count"));
  if (count && *count < 1) return InvalidInput("'count' must be at least 1.");
  rule.count = count;
  CARTD_ASSIGN_OR_RETURN(std::optional<double> probability, body.Number("probability"));
  if (probability && !(*probability > 0.0 && *probability <= 1.0)) {
    return InvalidInput("'probability' must be above 0 and at most 1.");
  }
  rule.probability = probability.value_or(1.0);
  return rule;
}

json::object HeadersJson(const controls::HeaderList& headers) {
  json::object out;
  for (const auto& [name, value] : headers) {
    if (json::value* existing = out.if_contains(name)) {
      existing->as_string() = std::string(existing->as_string()) + ", " + value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

json::object EntryJson(const controls::JournalEntry& e) {
  json::object out;
  out["sequence"] = e.sequence;
  out["received"] = partnercenter::FormatTimestamp(e.received);
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
  out["latencyMs"] = static_cast<double>(e.latency.count()) / 1000.0;
  if (!e.fault.empty()) out["fault"] = e.fault;
  return out;
}

json::object LoadedJson(const controls::LoadedFixtures& loaded) {
  json::object out;
  out["customers"] = loaded.customers;
  json::array carts;
  for (const CartKey& key : loaded.carts) {
    carts.push_back(json::object{{"partnerTenant", key.partner_tenant},
                                 {"customerId", key.customer_id},
                                 {"id", key.cart_id}});
  }
  out["carts"] = std::move(carts);
  return out;
}

}  // namespace

http::Response ControlHandlers::Handle(const RouteMatch& route, const http::Request& request) {
  switch (route.operation) {
    case Operation::kGetClock:
      return Clock();
    case Operation::kMoveClock:
      return MoveClock(request);
    case Operation::kListFaults:
      return ListFaults();
    case Operation::kArmFault:
      return ArmFault(request);
    case Operation::kClearFaults:
      return ClearFaults("");
    case Operation::kClearFault:
      return ClearFaults(route.resource_id);
    case Operation::kListRequests:
      return ListRequests(request);
    case Operation::kClearRequests:
      return ClearRequests();
    case Operation::kReset:
      return Reset(request);
    case Operation::kLoadFixtures:
      return LoadFixtures(request);
    case Operation::kMintToken:
      return MintToken(request);
    case Operation::kListCustomers:
      return ListCustomers(request);
    case Operation::kListCarts:
      return ListCarts(request);
    default:
      break;
  }
  return ErrorResponse(Internal("no control handler for route " + route.route_name));
}

http::Response ControlHandlers::Clock() {
  // Another node may have moved the clock since this one last looked.
  if (Status synced = stand_in_.clock.Sync(); !synced.ok()) return ErrorResponse(synced);
  const Timestamp now = stand_in_.clock.Now();
  return JsonAnswer(
      200, json::object{
               {"now", partnercenter::FormatTimestamp(now)},
               {"systemNow", partnercenter::FormatTimestamp(now - stand_in_.clock.offset())},
               {"offset", FormatIsoSeconds(std::chrono::duration_cast<std::chrono::milliseconds>(
                              stand_in_.clock.offset()))}});
}

http::Response ControlHandlers::MoveClock(const http::Request& request) {
  StatusOr<Body> body = Body::Parse(request.body, /*may_be_empty=*/false);
  if (!body.ok()) return ErrorResponse(body.status());
  StatusOr<std::optional<std::string>> advance = body->String("advance");
  if (!advance.ok()) return ErrorResponse(advance.status());
  StatusOr<std::optional<std::string>> to = body->String("now");
  if (!to.ok()) return ErrorResponse(to.status());
  if (advance->has_value() == to->has_value()) {
    return ErrorResponse(InvalidInput(
        "Give either 'advance' (a duration such as \"P7D\") or 'now' (a later time such as "
        "\"2030-01-01T00:00:00Z\")."));
  }
  StatusOr<Timestamp> moved = [&]() -> StatusOr<Timestamp> {
    if (advance->has_value()) {
      std::optional<std::chrono::milliseconds> by = ParseIsoOrShortDuration(**advance);
      // Longer than any clock can move (the limit is the end of year 9998), and short enough to
      // count in 100 ns ticks without overflow.
      constexpr std::chrono::milliseconds kLongest = std::chrono::hours(24 * 366 * 8000);
      if (by && *by > kLongest) {
        return InvalidInput("The clock cannot be moved past " +
                            partnercenter::FormatTimestamp(controls::StandInClock::Latest()) + ".");
      }
      if (!by || by->count() <= 0) {
        return InvalidInput(
            "'advance' must be a positive duration such as \"P7D\", \"PT36H\" or "
            "\"7d\"; not '" +
            **advance + "'.");
      }
      return stand_in_.clock.Advance(std::chrono::duration_cast<Ticks>(*by));
    }
    std::optional<Timestamp> target = partnercenter::ParseTimestamp(**to);
    if (!target) {
      return InvalidInput("'now' must be a UTC time such as \"2030-01-01T00:00:00Z\"; not '" +
                          **to + "'.");
    }
    return stand_in_.clock.AdvanceTo(*target);
  }();
  if (!moved.ok()) return ErrorResponse(moved.status());
  if (stand_in_.clock_moved) stand_in_.clock_moved();
  return Clock();
}

http::Response ControlHandlers::ListFaults() {
  json::array items;
  for (const FaultRule& rule : stand_in_.faults.List()) items.push_back(FaultJson(rule));
  const std::size_t count = items.size();
  return JsonAnswer(200, json::object{{"totalCount", count}, {"items", std::move(items)}});
}

http::Response ControlHandlers::ArmFault(const http::Request& request) {
  StatusOr<Body> body = Body::Parse(request.body, /*may_be_empty=*/false);
  if (!body.ok()) return ErrorResponse(body.status());
  StatusOr<FaultRule> rule = ReadFaultRule(*body);
  if (!rule.ok()) return ErrorResponse(rule.status());
  std::optional<FaultRule> armed = stand_in_.faults.Arm(*std::move(rule));
  if (!armed) {
    return ErrorResponse(InvalidInput("At most " + std::to_string(controls::FaultRules::kMaxRules) +
                                      " fault rules can be armed; clear some first."));
  }
  return JsonAnswer(201, FaultJson(*armed));
}

http::Response ControlHandlers::ClearFaults(const std::string& id) {
  const std::size_t removed = stand_in_.faults.Clear(id);
  if (!id.empty() && removed == 0) {
    return ErrorResponse(Status(ErrorCode::kNotFound, "No fault rule " + id + " is armed."));
  }
  return JsonAnswer(200, json::object{{"removed", removed}});
}

http::Response ControlHandlers::ListRequests(const http::Request& request) {
  StatusOr<QueryParameters> query = QueryParameters::Parse(request.query);
  if (!query.ok()) return ErrorResponse(query.status());
  controls::JournalQuery find;
  if (std::optional<std::string> limit = query->Get("limit")) {
    char* end = nullptr;
    const long long value = std::strtoll(limit->c_str(), &end, 10);
    if (limit->empty() || *end != '\0' || value < 1) {
      return ErrorResponse(InvalidInput("'limit' must be a whole number of at least 1."));
    }
    find.limit = static_cast<std::size_t>(std::min<long long>(value, kMaxJournalPage));
  }
  for (auto [name, field] :
       {std::pair{"partner", &find.partner_tenant}, std::pair{"customer", &find.customer_id}}) {
    if (std::optional<std::string> value = query->Get(name)) {
      std::optional<std::string> guid = CanonicalGuid(*value);
      if (!guid) return ErrorResponse(InvalidInput("'" + std::string(name) + "' must be a GUID."));
      *field = *guid;
    }
  }
  if (std::optional<std::string> since = query->Get("since")) {
    find.since = partnercenter::ParseTimestamp(*since);
    if (!find.since) {
      return ErrorResponse(
          InvalidInput("'since' must be a UTC time such as "
                       "\"2030-01-01T00:00:00Z\"."));
    }
  }
  json::array items;
  for (const controls::JournalEntry& entry : stand_in_.journal.Find(find)) {
    items.push_back(EntryJson(entry));
  }
  const std::size_t count = items.size();
  return JsonAnswer(200, json::object{{"totalCount", count}, {"items", std::move(items)}});
}

http::Response ControlHandlers::ClearRequests() {
  return JsonAnswer(200, json::object{{"removed", stand_in_.journal.Clear()}});
}

http::Response ControlHandlers::Reset(const http::Request& request) {
  StatusOr<Body> body = Body::Parse(request.body, /*may_be_empty=*/true);
  if (!body.ok()) return ErrorResponse(body.status());
  StatusOr<std::optional<std::string>> to = body->String("to");
  if (!to.ok()) return ErrorResponse(to.status());
  const std::string target = to->value_or("demo");
  if (target != "demo" && target != "empty") {
    return ErrorResponse(InvalidInput("'to' must be \"demo\" or \"empty\"; not '" + target + "'."));
  }
  StatusOr<controls::LoadedFixtures> loaded = stand_in_.reset(target == "demo");
  if (!loaded.ok()) return ErrorResponse(loaded.status());
  json::object out = LoadedJson(*loaded);
  out["to"] = target;
  return JsonAnswer(200, out);
}

http::Response ControlHandlers::LoadFixtures(const http::Request& request) {
  StatusOr<controls::Fixtures> fixtures =
      controls::ParseFixtures(request.body, "fixtures", service_options_);
  if (!fixtures.ok()) return ErrorResponse(fixtures.status());
  StatusOr<controls::LoadedFixtures> loaded = stand_in_.load_fixtures(*fixtures);
  if (!loaded.ok()) return ErrorResponse(loaded.status());
  return JsonAnswer(201, LoadedJson(*loaded));
}

http::Response ControlHandlers::MintToken(const http::Request& request) {
  if (stand_in_.dev_signing_key.empty()) {
    return ErrorResponse(
        Status(ErrorCode::kRouteNotFound,
               "This node takes RS256 keys from a JWKS file; it mints no tokens."));
  }
  StatusOr<Body> body = Body::Parse(request.body, /*may_be_empty=*/false);
  if (!body.ok()) return ErrorResponse(body.status());
  StatusOr<std::optional<std::string>> tenant = body->Guid("tenant");
  if (!tenant.ok()) return ErrorResponse(tenant.status());
  if (!tenant->has_value()) return ErrorResponse(InvalidInput("'tenant' (a GUID) is required."));
  StatusOr<std::optional<std::string>> user = body->String("user");
  if (!user.ok()) return ErrorResponse(user.status());
  StatusOr<std::optional<std::string>> app = body->String("app");
  if (!app.ok()) return ErrorResponse(app.status());
  if (user->has_value() == app->has_value() || (user->has_value() && (*user)->empty()) ||
      (app->has_value() && (*app)->empty())) {
    return ErrorResponse(InvalidInput(
        "Give either 'user' (an object id: an App+User token) or 'app' (an application id: an "
        "App-only token)."));
  }
  StatusOr<std::optional<std::string>> ttl_text = body->String("ttl");
  if (!ttl_text.ok()) return ErrorResponse(ttl_text.status());
  std::chrono::milliseconds ttl = std::chrono::hours(1);
  if (ttl_text->has_value()) {
    std::optional<std::chrono::milliseconds> parsed = ParseIsoOrShortDuration(**ttl_text);
    if (!parsed || *parsed < std::chrono::seconds(1) || *parsed > std::chrono::hours(24 * 366)) {
      return ErrorResponse(
          InvalidInput("'ttl' must be a duration from 1s to 366 days, such as "
                       "\"PT1H\"."));
    }
    ttl = *parsed;
  }
  auth::MintOptions mint;
  mint.tenant = **tenant;
  mint.user_object_id = user->value_or("");
  mint.app_id = app->value_or("");
  mint.audience = stand_in_.audience;
  mint.issuer = stand_in_.issuer;
  mint.ttl = std::chrono::duration_cast<std::chrono::seconds>(ttl);
  // Minted on cartd's clock, so that a token minted after the clock moved is valid on it.
  mint.now = stand_in_.clock.Now();
  const Timestamp expires = std::chrono::floor<std::chrono::seconds>(mint.now) + mint.ttl;
  return JsonAnswer(201,
                    json::object{{"token", auth::MintHs256Token(mint, stand_in_.dev_signing_key)},
                                 {"expiresOn", partnercenter::FormatTimestamp(expires)}});
}

http::Response ControlHandlers::ListCustomers(const http::Request& request) {
  StatusOr<QueryParameters> query = QueryParameters::Parse(request.query);
  if (!query.ok()) return ErrorResponse(query.status());
  std::string partner;
  if (std::optional<std::string> value = query->Get("partner")) {
    std::optional<std::string> guid = CanonicalGuid(*value);
    if (!guid) return ErrorResponse(InvalidInput("'partner' must be a GUID."));
    partner = *guid;
  }
  StatusOr<std::vector<Customer>> customers = stand_in_.store.ListCustomers(partner);
  if (!customers.ok()) return ErrorResponse(customers.status());
  json::array items;
  for (const Customer& customer : *customers) {
    items.push_back(json::object{{"partnerTenant", customer.partner_tenant},
                                 {"id", customer.id},
                                 {"country", customer.country},
                                 {"currency", customer.currency},
                                 {"companyName", customer.company_name}});
  }
  const std::size_t count = items.size();
  return JsonAnswer(200, json::object{{"totalCount", count}, {"items", std::move(items)}});
}

http::Response ControlHandlers::ListCarts(const http::Request& request) {
  StatusOr<QueryParameters> query = QueryParameters::Parse(request.query);
  if (!query.ok()) return ErrorResponse(query.status());
  std::optional<std::string> partner = query->Get("partner");
  std::optional<std::string> customer = query->Get("customer");
  if (partner) partner = CanonicalGuid(*partner);
  if (customer) customer = CanonicalGuid(*customer);
  if (!partner || !customer) {
    return ErrorResponse(InvalidInput("'partner' and 'customer' (GUIDs) are required."));
  }
  StatusOr<std::vector<CartRecord>> carts = stand_in_.store.ListCarts(*partner, *customer);
  if (!carts.ok()) return ErrorResponse(carts.status());
  // The carts as the API renders them (links, attributes), with their ETags; expired Active carts
  // are listed too, marked, since the API answers 404 for them.
  const Timestamp now = stand_in_.clock.Now();
  json::array items;
  for (const CartRecord& record : *carts) {
    boost::system::error_code ec;
    json::value cart = json::parse(partnercenter::ToJson(RenderCart(record)), ec);
    if (ec) return ErrorResponse(Internal("a stored cart did not render as JSON"));
    const bool expired = record.cart.status == partnercenter::CartStatus::kActive &&
                         record.cart.expiration_timestamp &&
                         *record.cart.expiration_timestamp <= now;
    items.push_back(
        json::object{{"etag", ETagOf(record)}, {"expired", expired}, {"cart", std::move(cart)}});
  }
  const std::size_t count = items.size();
  return JsonAnswer(200, json::object{{"totalCount", count}, {"items", std::move(items)}});
}

}  // namespace cartd::api
