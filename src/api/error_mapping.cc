#include "api/error_mapping.h"

namespace cartd::api {

WireError ToWireError(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return {200, 0};
    case ErrorCode::kInvalidInput: return {400, 800002};
    case ErrorCode::kInvalidEnum: return {400, 900126};
    case ErrorCode::kPayloadTooLarge: return {413, 800002};
    case ErrorCode::kMissingToken: return {401, 800001};
    case ErrorCode::kInvalidToken: return {401, 900420};
    case ErrorCode::kCustomerForbidden: return {403, 20002};
    case ErrorCode::kNotFound: return {404, 800008};
    case ErrorCode::kCartOrdered: return {400, 800065};
    case ErrorCode::kCartHasErrors: return {400, 800009};
    case ErrorCode::kCheckoutInProgress: return {409, 800064};
    case ErrorCode::kPreconditionFailed: return {412, 800036};
    // Partner Center has no code for this case; 800036 is its "pre-condition failed".
    case ErrorCode::kPreconditionRequired: return {428, 800036};
    case ErrorCode::kRateLimited: return {429, 0};
    // Conflict and AlreadyExists are handled inside the service and the replay path; reaching
    // the client means a lost race we could not resolve, which the client may retry.
    case ErrorCode::kConflict: return {409, 800064};
    case ErrorCode::kAlreadyExists: return {409, 800064};
    case ErrorCode::kUnavailable: return {503, 800003};
    case ErrorCode::kInternal: return {500, 800003};
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

}  // namespace cartd::api
