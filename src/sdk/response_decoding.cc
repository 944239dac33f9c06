#include "sdk/response_decoding.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <system_error>

#include "partnercenter/models.h"
#include "sdk/retry_policy.h"

namespace partnercenter::internal {
namespace {

// Throttling answers come from the gateway, not from Partner Center, in a shape of their own:
// {"statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds."}.
std::optional<std::string> GatewayMessage(std::string_view body) {
  boost::json::parse_options options;
  options.max_depth = 8;
  std::error_code error;
  const boost::json::value value = boost::json::parse(body, error, {}, options);
  if (error || !value.is_object()) return std::nullopt;
  for (const auto& member : value.get_object()) {
    if (member.key() == "message" && member.value().is_string()) {
      const boost::json::string& message = member.value().get_string();
      return std::string(message.data(), message.size());
    }
  }
  return std::nullopt;
}

void AddLineErrors(const ApiFault& fault, Error& error) {
  for (const std::string& member : fault.data_json) {
    if (member.empty() || member.front() != '{') continue;
    Result<CartLineItem> line = ParseCartLineItem(member, kAnswerParseOptions);
    if (!line.ok() || !line->id || !line->error) continue;
    error.line_errors.push_back(
        {*line->id, line->error->error_code, line->error->error_description});
  }
}

}  // namespace

Error ErrorFromAnswer(const HttpResponse& response, std::chrono::system_clock::time_point now) {
  Error error;
  error.kind = ErrorKind::kHttp;
  error.http_status = response.status;
  if (const std::string retry_after = response.Header("Retry-After"); !retry_after.empty()) {
    if (std::optional<std::chrono::seconds> delay = ParseRetryAfter(retry_after, now)) {
      error.retry_after_seconds = static_cast<int>(delay->count());
    }
  }
  if (!response.body.empty()) {
    Result<ApiFault> fault = ParseApiFault(response.body, kAnswerParseOptions);
    if (fault.ok() && (fault->code != 0 || !fault->description.empty())) {
      error.code = fault->code;
      error.description = fault->description;
      AddLineErrors(*fault, error);
      return error;
    }
    if (std::optional<std::string> message = GatewayMessage(response.body)) {
      error.description = std::move(*message);
      return error;
    }
  }
  error.description = "HTTP " + std::to_string(response.status);
  return error;
}

Error ErrorFromFailure(const TransportResult& failure, std::string_view api_root,
                       std::chrono::milliseconds timeout) {
  Error error;
  switch (failure.failure) {
    case TransportFailure::kTimeout:
      error.kind = ErrorKind::kTimeout;
      error.description = "No answer from " + std::string(api_root) + " within " +
                          std::to_string(timeout.count()) + " ms";
      break;
    case TransportFailure::kResponseTooLarge:
      error.kind = ErrorKind::kInvalidResponse;
      error.description =
          "The answer from " + std::string(api_root) + " is too large: " + failure.message;
      break;
    case TransportFailure::kConnect:
      error.kind = ErrorKind::kNetwork;
      error.description = "Cannot connect to " + std::string(api_root) + ": " + failure.message;
      break;
    default:
      error.kind = ErrorKind::kNetwork;
      error.description = "Request to " + std::string(api_root) + " failed: " + failure.message;
      break;
  }
  return error;
}

}  // namespace partnercenter::internal
