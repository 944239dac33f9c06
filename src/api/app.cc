#include "api/app.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <utility>

#include "api/console_assets.h"
#include "api/error_mapping.h"
#include "api/openapi_document.h"
#include "api/rendering.h"
#include "auth/control_token.h"
#include "common/ids.h"
#include "common/second_formatter.h"
#include "wire/json_writer.h"

namespace cartd::api {
namespace {

constexpr std::size_t kMaxEchoedHeaderBytes = 128;
constexpr std::string_view kDefaultLocale = "en-US";

// The per-request headers of SPEC §5: echoed when the client sent sane values, made up otherwise.
struct Correlation {
  std::string request_id;
  std::string correlation_id;
  std::string cv;
  std::string locale;
};

bool IsSaneToken(std::string_view value, std::size_t max_size) {
  if (value.empty() || value.size() > max_size) return false;
  for (char c : value) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

// 16 base64 characters, then ".0": the shape of Partner Center's correlation vectors.
std::string NewCorrelationVector() {
  static constexpr char kBase64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  unsigned char bytes[16];
  RandomBytes(bytes, sizeof bytes);
  std::string cv;
  for (unsigned char b : bytes) cv.push_back(kBase64[b & 0x3f]);
  return cv + ".0";
}

Correlation ReadCorrelation(const http::Request& request) {
  Correlation c;
  const std::string_view request_id = request.headers.Get("MS-RequestId");
  c.request_id =
      IsSaneToken(request_id, kMaxEchoedHeaderBytes) ? std::string(request_id) : NewGuid();
  const std::string_view correlation_id = request.headers.Get("MS-CorrelationId");
  c.correlation_id =
      IsSaneToken(correlation_id, kMaxEchoedHeaderBytes) ? std::string(correlation_id) : NewGuid();
  const std::string_view cv = request.headers.Get("MS-CV");
  c.cv = IsSaneToken(cv, kMaxEchoedHeaderBytes) ? std::string(cv) + ".0" : NewCorrelationVector();
  const std::string_view locale = request.headers.Get("X-Locale");
  c.locale = IsSaneToken(locale, 35) ? std::string(locale) : std::string(kDefaultLocale);
  return c;
}

// RFC 9110 IMF-fixdate of the current second.
const std::string& HttpDate() {
  thread_local SecondFormatter formatter("%a, %d %b %Y %H:%M:%S GMT");
  return formatter.Format(std::time(nullptr));
}

void Stamp(http::Response& response, const Correlation& c, const std::string& server_id) {
  response.headers.Set("MS-RequestId", c.request_id);
  response.headers.Set("MS-CorrelationId", c.correlation_id);
  response.headers.Set("MS-CV", c.cv);
  response.headers.Set("MS-ServerId", server_id);
  response.headers.Set("X-Locale", c.locale);
  response.headers.Set("Date", HttpDate());
}

// The client learns that its token was refused, not why (the reason goes to the log).
Status Unauthorized(const Status& verification) {
  return Status(verification.code(), verification.code() == ErrorCode::kMissingToken
                                         ? "Partner token missing in request context."
                                         : "The access token is invalid.");
}

// {"status": "<status>"}: the body of the health and readiness answers.
std::string StatusDocument(std::string_view status) {
  std::string body;
  partnercenter::wire::JsonWriter json(body);
  json.BeginObject();
  json.Key("status");
  json.String(status);
  json.EndObject();
  return body;
}

ErrorCode RejectCode(http::RejectReason reason) {
  switch (reason) {
    case http::RejectReason::kBodyTooLarge:
      return ErrorCode::kPayloadTooLarge;
    case http::RejectReason::kHeaderTooLarge:
      return ErrorCode::kHeaderTooLarge;
    case http::RejectReason::kMalformed:
      return ErrorCode::kMalformedRequest;
    case http::RejectReason::kOverloaded:
      return ErrorCode::kUnavailable;
  }
  return ErrorCode::kMalformedRequest;
}

bool IsSaneOrderId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A file of the web console; 404 for names it does not have.
http::Response ConsoleResponse(std::string_view name) {
  const ConsoleAsset* asset = FindConsoleAsset(name);
  if (asset == nullptr) {
    return ErrorResponse(
        Status(ErrorCode::kRouteNotFound, "The console has no file " + std::string(name) + "."));
  }
  http::Response response;
  response.headers.Add("Content-Type", std::string(asset->content_type));
  // Everything the page loads is its own: no other origin may supply script, style or frames.
  response.headers.Add("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  response.headers.Add("X-Content-Type-Options", "nosniff");
  response.headers.Add("Cache-Control", "no-cache");
  response.body = std::string(asset->body);
  return response;
}

controls::FaultOperation FaultOperationOf(Operation operation) {
  switch (operation) {
    case Operation::kCreateCart:
      return controls::FaultOperation::kCreate;
    case Operation::kGetCart:
      return controls::FaultOperation::kGet;
    case Operation::kUpdateCart:
      return controls::FaultOperation::kUpdate;
    case Operation::kCheckout:
      return controls::FaultOperation::kCheckout;
    case Operation::kGetOrder:
    case Operation::kListOrders:
    case Operation::kCancelOrder:
    case Operation::kGetProvisioningStatus:
      return controls::FaultOperation::kOrders;
    case Operation::kListSubscriptions:
    case Operation::kGetSubscription:
      return controls::FaultOperation::kSubscriptions;
    default:
      return controls::FaultOperation::kCatalog;
  }
}

// The journal keeps what a partner's client did: the /v1 requests and those that matched no
// route, not the controls' own requests nor health checks and scrapes.
bool IsJournaled(const RouteMatch& route, std::string_view path) {
  if (route.kind != RouteMatch::Kind::kFound) return !IsControlPath(path);
  return IsApiOperation(route.operation);
}

controls::HeaderList CopyHeaders(const http::Headers& headers) {
  return controls::HeaderList(headers.fields().begin(), headers.fields().end());
}

}  // namespace

App::App(CartService& service, OrderService& orders, const Swappable<auth::TokenVerifier>& verifier,
         const Clock& clock, AppOptions options, AppHooks hooks)
    : service_(service),
      verifier_(verifier),
      clock_(clock),
      options_(std::move(options)),
      hooks_(std::move(hooks)),
      rendered_carts_(options_.rendered_cart_bytes),
      handlers_(service, rendered_carts_, options_.parse),
      lists_(options_.lists),
      order_handlers_(orders, lists_, options_.parse),
      catalog_handlers_(service.catalog()) {
  if (options_.stand_in != nullptr) {
    control_handlers_.emplace(*options_.stand_in, service.options());
  }
}

RouteMatch App::RouteOf(const http::Request& request) const {
  if (options_.stand_in == nullptr && IsControlPath(request.path)) return RouteMatch{};
  return Route(request.method, request.path);
}

http::Response App::Handle(http::Request& request) {
  if (hooks_.on_request) hooks_.on_request();
  const auto started = std::chrono::steady_clock::now();
  const Correlation correlation = ReadCorrelation(request);
  const RouteMatch route = RouteOf(request);
  Facts facts;
  http::Response response;
  try {
    response = Dispatch(request, route, facts);
  } catch (const std::exception& e) {
    // The last line of defence: a bug must not take the connection or the process down.
    facts.internal_error = std::string("unhandled exception: ") + e.what();
    response = ErrorResponse(Internal(facts.internal_error));
  }
  Stamp(response, correlation, options_.server_id);
  const auto latency =
      std::chrono::duration_cast<Ticks>(std::chrono::steady_clock::now() - started);
  if (options_.stand_in != nullptr && IsJournaled(route, request.path)) {
    Journal(request, response, route, facts, clock_.Now() - latency, latency);
  }
  if (hooks_.on_response) {
    const RequestOutcome outcome{.route = route.kind == RouteMatch::Kind::kFound
                                              ? std::string_view(route.route_name)
                                              : std::string_view("unmatched"),
                                 .partner_tenant = facts.partner_tenant,
                                 .request_id = correlation.request_id,
                                 .correlation_id = correlation.correlation_id,
                                 .auth_error = facts.auth_error,
                                 .auth_failure = facts.auth_failure,
                                 .internal_error = facts.internal_error,
                                 .rate_limited = facts.rate_limited,
                                 .latency = latency};
    hooks_.on_response(request, response, outcome);
  }
  return response;
}

http::Response App::Reject(http::RejectReason reason, std::string_view description) {
  Status refusal(RejectCode(reason), std::string(description));
  if (reason == http::RejectReason::kOverloaded) {
    refusal = std::move(refusal).WithDetail(std::make_shared<RetryAfter>(std::chrono::seconds(1)));
  }
  http::Response response = ErrorResponse(refusal);
  if (hooks_.on_reject) hooks_.on_reject(response.status, description);
  Stamp(response, ReadCorrelation(http::Request{}), options_.server_id);
  response.close_connection = true;
  return response;
}

std::optional<http::Response> App::Screen(const http::Request& head) {
  const RouteMatch route = RouteOf(head);
  if (route.kind == RouteMatch::Kind::kFound) {
    if (IsControlOperation(route.operation)) {
      if (auth::PresentsControlToken(head.headers.Get("Authorization"),
                                     options_.stand_in->control_token)) {
        return std::nullopt;
      }
    } else if (!IsApiOperation(route.operation)) {
      return std::nullopt;
    } else if (verifier_.Get()->Verify(head.headers.Get("Authorization"), clock_.Now()).ok()) {
      return std::nullopt;
    }
  }
  // Handle answers these (404, 405, 401) from the route and the token alone.
  http::Request request = head;
  http::Response response = Handle(request);
  response.close_connection = true;
  return response;
}

bool App::AnswersPromptly(const http::Request& request) const {
  const RouteMatch route = RouteOf(request);
  if (route.kind != RouteMatch::Kind::kFound) return true;
  // A fault rule may delay the request: that wait belongs on a worker.
  if (options_.stand_in != nullptr && IsApiOperation(route.operation) &&
      !options_.stand_in->faults.empty()) {
    return false;
  }
  switch (route.operation) {
    case Operation::kHealth:
    case Operation::kMetrics:
    case Operation::kOpenApi:
    case Operation::kConsole:
    case Operation::kGetProduct:
    case Operation::kGetSku:
    case Operation::kGetAvailability:
      return true;
    case Operation::kReady:
    case Operation::kGetCart:
    case Operation::kGetOrder:
    case Operation::kGetProvisioningStatus:
    case Operation::kGetSubscription:
      return options_.local_reads;
    case Operation::kListProducts:
    case Operation::kListSkus:
    case Operation::kListAvailabilities:
    case Operation::kListOrders:
    case Operation::kListSubscriptions:
      return false;
    case Operation::kCreateCart:
    case Operation::kUpdateCart:
    case Operation::kCheckout:
    case Operation::kCancelOrder:
      return false;
    default:  // the stand-in controls
      return false;
  }
  return false;
}

http::Response App::Dispatch(const http::Request& request, const RouteMatch& route, Facts& facts) {
  if (route.kind == RouteMatch::Kind::kNotFound) {
    return ErrorResponse(
        Status(ErrorCode::kRouteNotFound, "The resource " + request.path + " was not found."));
  }
  if (route.kind == RouteMatch::Kind::kMethodNotAllowed) {
    return ErrorResponse(
        Status(ErrorCode::kMethodNotAllowed, "Method " + request.method + " is not allowed on " +
                                                 request.path + "; allowed: " + route.allow + ".")
            .WithDetail(std::make_shared<AllowedMethods>(route.allow)));
  }
  if (IsControlOperation(route.operation)) return DispatchControl(request, route);
  if (!IsApiOperation(route.operation)) return HandleOperational(route);

  const std::shared_ptr<const auth::TokenVerifier> verifier = verifier_.Get();
  StatusOr<Principal> principal =
      verifier->Verify(request.headers.Get("Authorization"), clock_.Now());
  if (!principal.ok()) {
    facts.auth_error = principal.status().code();
    facts.auth_failure = principal.status().message();
    return ErrorResponse(Unauthorized(principal.status()));
  }
  facts.partner_tenant = principal->partner_tenant;
  if (hooks_.rate_limit) {
    const RateDecision decision = hooks_.rate_limit(facts.partner_tenant);
    if (!decision.allowed) {
      facts.rate_limited = true;
      return ErrorResponse(Status(ErrorCode::kRateLimited, "Rate limit is exceeded.")
                               .WithDetail(std::make_shared<RetryAfter>(decision.retry_after)));
    }
  }
  if (options_.stand_in != nullptr) {
    const std::optional<std::string> path_customer = CanonicalGuid(route.customer_id);
    if (std::optional<http::Response> failure =
            InjectFault(route, facts.partner_tenant, path_customer.value_or(""), facts)) {
      return *std::move(failure);
    }
  }
  if (IsCatalogOperation(route.operation)) return catalog_handlers_.Handle(route, request);

  const std::optional<std::string> customer_id = CanonicalGuid(route.customer_id);
  if (!customer_id) {
    return ErrorResponse(
        InvalidInput("The customer id '" + route.customer_id + "' in the path is not a GUID."));
  }
  std::string resource_id;
  switch (route.operation) {
    case Operation::kGetCart:
    case Operation::kUpdateCart:
    case Operation::kCheckout: {
      const std::optional<std::string> cart_id = CanonicalGuid(route.resource_id);
      if (!cart_id) {
        return ErrorResponse(
            InvalidInput("The cart id '" + route.resource_id + "' in the path is not a GUID."));
      }
      resource_id = *cart_id;
      break;
    }
    case Operation::kGetOrder:
      if (!IsSaneOrderId(route.resource_id)) {
        return ErrorResponse(NotFound("Order " + route.resource_id + " was not found."));
      }
      resource_id = route.resource_id;
      break;
    case Operation::kCancelOrder:
    case Operation::kGetProvisioningStatus:
      if (!IsSaneOrderId(route.resource_id)) {
        return ErrorResponse(
            Status(ErrorCode::kOrderNotFound, "Order ID " + route.resource_id + " not found."));
      }
      resource_id = route.resource_id;
      break;
    case Operation::kGetSubscription: {
      const std::optional<std::string> subscription_id = CanonicalGuid(route.resource_id);
      if (!subscription_id) {
        return ErrorResponse(InvalidInput("The subscription id '" + route.resource_id +
                                          "' in the path is not a GUID."));
      }
      resource_id = *subscription_id;
      break;
    }
    default:
      break;
  }

  StatusOr<Customer> customer = service_.AuthorizeCustomer(*principal, *customer_id);
  if (!customer.ok()) return ErrorResponse(customer.status());

  const RequestContext context{.request = request,
                               .principal = *principal,
                               .customer = *customer,
                               .resource_id = std::move(resource_id)};
  switch (route.operation) {
    case Operation::kCreateCart:
      return handlers_.CreateCart(context);
    case Operation::kGetCart:
      return handlers_.GetCart(context);
    case Operation::kUpdateCart:
      return handlers_.UpdateCart(context);
    case Operation::kCheckout:
      return handlers_.Checkout(context);
    case Operation::kGetOrder:
      return order_handlers_.GetOrder(context);
    case Operation::kListOrders:
      return order_handlers_.ListOrders(context);
    case Operation::kCancelOrder:
      return order_handlers_.CancelOrder(context);
    case Operation::kGetProvisioningStatus:
      return order_handlers_.GetProvisioningStatus(context);
    case Operation::kListSubscriptions:
      return order_handlers_.ListSubscriptions(context);
    case Operation::kGetSubscription:
      return order_handlers_.GetSubscription(context);
    default:
      break;
  }
  return ErrorResponse(Internal("no handler for route " + route.route_name));
}

std::optional<http::Response> App::InjectFault(const RouteMatch& route,
                                               std::string_view partner_tenant,
                                               std::string_view customer_id, Facts& facts) {
  std::optional<controls::FaultAction> action = options_.stand_in->faults.Match(
      FaultOperationOf(route.operation), partner_tenant, customer_id);
  if (!action) return std::nullopt;
  facts.fault = action->rule_id;
  switch (action->kind) {
    case controls::FaultKind::kDelay:
      std::this_thread::sleep_for(action->delay);
      return std::nullopt;
    case controls::FaultKind::kDrop: {
      http::Response dropped;
      dropped.status = 0;
      dropped.drop_connection = true;
      return dropped;
    }
    case controls::FaultKind::kError:
      break;
  }
  return InjectedFailureResponse(action->status, action->code, action->description,
                                 action->retry_after);
}

http::Response App::DispatchControl(const http::Request& request, const RouteMatch& route) {
  const std::string_view authorization = request.headers.Get("Authorization");
  if (auth::PresentsControlToken(authorization, options_.stand_in->control_token)) {
    http::Response response = control_handlers_->Handle(route, request);
    // The renderings of the carts a reset or a fixture load replaced can never be answered again
    // (RenderedCarts): return their memory.
    if (route.operation == Operation::kReset || route.operation == Operation::kLoadFixtures) {
      rendered_carts_.Clear();
    }
    return response;
  }
  if (authorization.find_first_not_of(' ') == std::string_view::npos) {
    return ErrorResponse(Status(ErrorCode::kMissingToken,
                                "The stand-in controls need the control token (cartd token "
                                "--control prints it)."));
  }
  if (verifier_.Get()->Verify(authorization, clock_.Now()).ok()) {
    return ErrorResponse(Status(ErrorCode::kControlTokenRequired,
                                "The stand-in controls take the control token, not a partner's "
                                "token (cartd token --control prints it)."));
  }
  return ErrorResponse(
      Status(ErrorCode::kInvalidToken, "The control token is not this node's control token."));
}

void App::Journal(const http::Request& request, const http::Response& response,
                  const RouteMatch& route, const Facts& facts, Timestamp received, Ticks latency) {
  const std::optional<std::string> customer = CanonicalGuid(route.customer_id);
  options_.stand_in->journal.Record(controls::JournalEntry{
      .sequence = 0,
      .received = received,
      .method = request.method,
      .target = request.target.empty() ? request.path : request.target,
      .request_headers = CopyHeaders(request.headers),
      .request_body = request.body,
      .request_body_truncated = false,
      .status = response.drop_connection ? 0 : response.status,
      .response_headers = CopyHeaders(response.headers),
      .response_body = response.body,
      .response_body_truncated = false,
      .latency = std::chrono::duration_cast<std::chrono::microseconds>(latency),
      .request_id = std::string(response.headers.Get("MS-RequestId")),
      .correlation_id = std::string(response.headers.Get("MS-CorrelationId")),
      .partner_tenant = facts.partner_tenant,
      .customer_id = customer.value_or(route.customer_id),
      .route = route.kind == RouteMatch::Kind::kFound ? route.route_name : "unmatched",
      .fault = facts.fault});
}

http::Response App::HandleOperational(const RouteMatch& route) {
  switch (route.operation) {
    case Operation::kHealth:
      return JsonResponse(200, StatusDocument("ok"));
    case Operation::kReady: {
      const Status ready = hooks_.readiness();
      if (ready.ok()) return JsonResponse(200, StatusDocument("ready"));
      return JsonResponse(ToWireError(ErrorCode::kUnavailable).http_status,
                          StatusDocument("unavailable"));
    }
    case Operation::kMetrics: {
      if (!hooks_.metrics_text) break;
      http::Response response;
      response.headers.Add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      response.body = hooks_.metrics_text();
      return response;
    }
    case Operation::kOpenApi:
      return JsonResponse(200, std::string(kOpenApiDocument));
    case Operation::kConsole:
      return ConsoleResponse(route.resource_id);
    default:
      break;
  }
  return ErrorResponse(Status(ErrorCode::kRouteNotFound, "Not available."));
}

}  // namespace cartd::api
