#include "api/error_mapping.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "api/rendering.h"
#include "domain/cart_errors.h"
#include "partnercenter/json.h"
#include "wire/json_writer.h"

namespace cartd::api {
namespace {

using partnercenter::wire::JsonWriter;

http::Response RateLimitedResponse(const Status& status) {
  const RetryAfter* detail = status.detail<RetryAfter>();
  const std::chrono::seconds after = std::max(
      detail != nullptr ? detail->after : std::chrono::seconds(1), std::chrono::seconds(1));
  const std::string seconds = std::to_string(after.count());
  std::string body;
  JsonWriter json(body);
  json.BeginObject();
  json.Key("statusCode");
  json.Int(ToWireError(ErrorCode::kRateLimited).http_status);
  json.Key("message");
  json.String("Rate limit is exceeded. Try again in " + seconds + " seconds.");
  json.EndObject();
  http::Response response;
  response.status = ToWireError(ErrorCode::kRateLimited).http_status;
  response.headers.Add("Content-Type", "application/json");
  response.headers.Add("Retry-After", seconds);
  response.body = std::move(body);
  return response;
}

// The members of the error body's "data", each a JSON text, from what the failure carries.
std::vector<std::string> DataOf(const Status& status) {
  std::vector<std::string> data;
  if (const CurrentETag* current = status.detail<CurrentETag>()) {
    std::string entry;
    JsonWriter json(entry);
    json.BeginObject();
    json.Key("currentETag");
    json.String(current->etag);
    json.EndObject();
    data.push_back(std::move(entry));
  }
  if (const CartLineErrors* errors = status.detail<CartLineErrors>()) {
    for (const CartLineErrors::Line& line : errors->lines) {
      std::string entry;
      JsonWriter json(entry);
      json.BeginObject();
      json.Key("id");
      json.Int(line.id);
      json.Key("error");
      json.BeginObject();
      json.Key("errorCode");
      json.Int(line.error.error_code);
      json.Key("errorDescription");
      json.String(line.error.error_description);
      json.EndObject();
      json.EndObject();
      data.push_back(std::move(entry));
    }
  }
  return data;
}

// The table, one row per ErrorCode in the enumeration's order (checked below), so that a code
// cannot be added without its row.
struct Row {
  ErrorCode code;
  WireError wire;
};
constexpr Row kRows[] = {
    {ErrorCode::kOk, {200, 0}},
    {ErrorCode::kInvalidInput, {400, 800002}},
    {ErrorCode::kInvalidEnum, {400, 900126}},
    {ErrorCode::kMalformedRequest, {400, 800002}},
    {ErrorCode::kPayloadTooLarge, {413, 800002}},
    {ErrorCode::kHeaderTooLarge, {431, 800002}},
    {ErrorCode::kRouteNotFound, {404, 1000}},
    {ErrorCode::kMethodNotAllowed, {405, 800002}},
    {ErrorCode::kMissingToken, {401, 800001}},
    {ErrorCode::kInvalidToken, {401, 900420}},
    {ErrorCode::kCustomerForbidden, {403, 20002}},
    {ErrorCode::kNotFound, {404, 800008}},
    {ErrorCode::kCartOrdered, {400, 800065}},
    {ErrorCode::kCartHasErrors, {400, 800009}},
    {ErrorCode::kCheckoutInProgress, {409, 800064}},
    // Partner Center's order and subscription codes (docs/contract-orders-subscriptions.md):
    // "Order ID not found", "Subscription with ID {0} not found", "Your order is in progress",
    // "Order cannot be canceled", "This order cannot be canceled. Use PATCH
    // .../subscriptions/...", "You have passed your {0}-day cancellation window".
    {ErrorCode::kOrderNotFound, {404, 20000}},
    {ErrorCode::kSubscriptionNotFound, {404, 20003}},
    {ErrorCode::kOrderInProgress, {409, 800060}},
    {ErrorCode::kOrderNotCancellable, {400, 800061}},
    {ErrorCode::kCancelThroughSubscriptions, {400, 800063}},
    {ErrorCode::kCancellationWindowPassed, {400, 900117}},
    {ErrorCode::kPreconditionFailed, {412, 800036}},
    // Partner Center has no code for this case; 800036 is its "pre-condition failed".
    {ErrorCode::kPreconditionRequired, {428, 800036}},
    // The products API's own codes (docs/contract-products.md §2).
    {ErrorCode::kProductNotFound, {404, 400013}},
    {ErrorCode::kSkuNotFound, {404, 400018}},
    {ErrorCode::kAvailabilityNotFound, {404, 400019}},
    {ErrorCode::kTargetSegmentNotAllowed, {403, 400030}},
    {ErrorCode::kTargetViewNotAllowed, {403, 400036}},
    // The gateway's answer, which has no Partner Center code (see ErrorResponse).
    {ErrorCode::kRateLimited, {429, 0}},
    // Partner Center has no storage quota, so no code for it: 800100 is cartd's own
    // (docs/operations.md, "Storage quota").
    {ErrorCode::kStorageQuotaExceeded, {403, 800100}},
    // The stand-in controls are cartd's own: so is this code (docs/controls.md).
    {ErrorCode::kControlTokenRequired, {403, 800101}},
    // The integration sandbox's limits (docs/controls.md, "Sandbox limits"): 800018 "The sandbox
    // limit has been met" and 800066 "The desired number of subscriptions exceeded the maximum
    // number of subscriptions allowed per customer", from Partner Center's error code list.
    {ErrorCode::kSandboxLimitReached, {400, 800018}},
    {ErrorCode::kSandboxSubscriptionLimit, {403, 800066}},
    // Conflict and AlreadyExists are handled inside the service and the replay path; reaching
    // the client means a lost race we could not resolve, which the client may retry.
    {ErrorCode::kConflict, {409, 800064}},
    {ErrorCode::kAlreadyExists, {409, 800064}},
    {ErrorCode::kUnavailable, {503, 800003}},
    {ErrorCode::kInternal, {500, 800003}},
};

constexpr bool RowsFollowTheEnumeration() {
  for (std::size_t i = 0; i < std::size(kRows); ++i) {
    if (static_cast<std::size_t>(kRows[i].code) != i) return false;
  }
  return static_cast<std::size_t>(ErrorCode::kInternal) + 1 == std::size(kRows);
}
static_assert(RowsFollowTheEnumeration(), "one row per ErrorCode, in the enumeration's order");

}  // namespace

WireError ToWireError(ErrorCode code) {
  const auto index = static_cast<std::size_t>(code);
  return index < std::size(kRows) ? kRows[index].wire : WireError{500, 800003};
}

std::string ClientDescription(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kInternal:
      return "An unexpected error occurred while processing the request.";
    case ErrorCode::kUnavailable:
      return "The service is temporarily unavailable. Retry the request later.";
    default:
      return status.message();
  }
}

http::Response ErrorResponse(const Status& status) {
  if (status.code() == ErrorCode::kRateLimited) return RateLimitedResponse(status);
  const WireError wire = ToWireError(status.code());
  partnercenter::ApiFault fault;
  fault.code = wire.code;
  fault.description = ClientDescription(status);
  fault.data_json = DataOf(status);
  fault.source = "PartnerFD";
  http::Response response = JsonResponse(wire.http_status, partnercenter::ToJson(fault));
  if (const CurrentETag* current = status.detail<CurrentETag>()) {
    response.headers.Add("ETag", current->etag);
  }
  if (const AllowedMethods* allowed = status.detail<AllowedMethods>()) {
    response.headers.Add("Allow", allowed->allow);
  }
  if (const RetryAfter* retry = status.detail<RetryAfter>()) {
    response.headers.Add("Retry-After",
                         std::to_string(std::max<std::int64_t>(retry->after.count(), 1)));
  }
  if (status.code() == ErrorCode::kMissingToken) {
    response.headers.Add("WWW-Authenticate", "Bearer realm=\"cartd\"");
  } else if (status.code() == ErrorCode::kInvalidToken) {
    response.headers.Add("WWW-Authenticate", "Bearer realm=\"cartd\", error=\"invalid_token\"");
  }
  return response;
}

http::Response InjectedFailureResponse(int http_status, int code, const std::string& description,
                                       std::chrono::seconds retry_after) {
  if (http_status == ToWireError(ErrorCode::kRateLimited).http_status) {
    return RateLimitedResponse(Status(ErrorCode::kRateLimited, description)
                                   .WithDetail(std::make_shared<RetryAfter>(retry_after)));
  }
  partnercenter::ApiFault fault;
  fault.code = code;
  fault.description = description;
  fault.source = "PartnerFD";
  http::Response response = JsonResponse(http_status, partnercenter::ToJson(fault));
  if (retry_after.count() > 0) {
    response.headers.Add("Retry-After", std::to_string(retry_after.count()));
  }
  return response;
}

}  // namespace cartd::api
