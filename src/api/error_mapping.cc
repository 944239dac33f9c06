#include "api/error_mapping.h"

#include <algorithm>
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

}  // namespace

WireError ToWireError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return {200, 0};
    case ErrorCode::kInvalidInput:
      return {400, 800002};
    case ErrorCode::kInvalidEnum:
      return {400, 900126};
    case ErrorCode::kMalformedRequest:
      return {400, 800002};
    case ErrorCode::kPayloadTooLarge:
      return {413, 800002};
    case ErrorCode::kHeaderTooLarge:
      return {431, 800002};
    case ErrorCode::kRouteNotFound:
      return {404, 1000};
    case ErrorCode::kMethodNotAllowed:
      return {405, 800002};
    case ErrorCode::kMissingToken:
      return {401, 800001};
    case ErrorCode::kInvalidToken:
      return {401, 900420};
    case ErrorCode::kCustomerForbidden:
      return {403, 20002};
    case ErrorCode::kNotFound:
      return {404, 800008};
    case ErrorCode::kCartOrdered:
      return {400, 800065};
    case ErrorCode::kCartHasErrors:
      return {400, 800009};
    case ErrorCode::kCheckoutInProgress:
      return {409, 800064};
    case ErrorCode::kPreconditionFailed:
      return {412, 800036};
    // Partner Center has no code for this case; 800036 is its "pre-condition failed".
    case ErrorCode::kPreconditionRequired:
      return {428, 800036};
    // The products API's own codes (docs/contract-products.md §2).
    case ErrorCode::kProductNotFound:
      return {404, 400013};
    case ErrorCode::kSkuNotFound:
      return {404, 400018};
    case ErrorCode::kAvailabilityNotFound:
      return {404, 400019};
    case ErrorCode::kTargetSegmentNotAllowed:
      return {403, 400030};
    case ErrorCode::kTargetViewNotAllowed:
      return {403, 400036};
    // The gateway's answer, which has no Partner Center code (see ErrorResponse).
    case ErrorCode::kRateLimited:
      return {429, 0};
    // Conflict and AlreadyExists are handled inside the service and the replay path; reaching
    // the client means a lost race we could not resolve, which the client may retry.
    case ErrorCode::kConflict:
      return {409, 800064};
    case ErrorCode::kAlreadyExists:
      return {409, 800064};
    case ErrorCode::kUnavailable:
      return {503, 800003};
    case ErrorCode::kInternal:
      return {500, 800003};
  }
  return {500, 800003};
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
  if (status.code() == ErrorCode::kMissingToken) {
    response.headers.Add("WWW-Authenticate", "Bearer realm=\"cartd\"");
  } else if (status.code() == ErrorCode::kInvalidToken) {
    response.headers.Add("WWW-Authenticate", "Bearer realm=\"cartd\", error=\"invalid_token\"");
  }
  return response;
}

}  // namespace cartd::api
