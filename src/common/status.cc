#include "common/status.h"

namespace cartd {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return "Ok";
    case ErrorCode::kInvalidInput:
      return "InvalidInput";
    case ErrorCode::kInvalidEnum:
      return "InvalidEnum";
    case ErrorCode::kMalformedRequest:
      return "MalformedRequest";
    case ErrorCode::kPayloadTooLarge:
      return "PayloadTooLarge";
    case ErrorCode::kHeaderTooLarge:
      return "HeaderTooLarge";
    case ErrorCode::kRouteNotFound:
      return "RouteNotFound";
    case ErrorCode::kMethodNotAllowed:
      return "MethodNotAllowed";
    case ErrorCode::kMissingToken:
      return "MissingToken";
    case ErrorCode::kInvalidToken:
      return "InvalidToken";
    case ErrorCode::kCustomerForbidden:
      return "CustomerForbidden";
    case ErrorCode::kNotFound:
      return "NotFound";
    case ErrorCode::kCartOrdered:
      return "CartOrdered";
    case ErrorCode::kCartHasErrors:
      return "CartHasErrors";
    case ErrorCode::kCheckoutInProgress:
      return "CheckoutInProgress";
    case ErrorCode::kOrderNotFound:
      return "OrderNotFound";
    case ErrorCode::kSubscriptionNotFound:
      return "SubscriptionNotFound";
    case ErrorCode::kOrderInProgress:
      return "OrderInProgress";
    case ErrorCode::kOrderNotCancellable:
      return "OrderNotCancellable";
    case ErrorCode::kCancelThroughSubscriptions:
      return "CancelThroughSubscriptions";
    case ErrorCode::kCancellationWindowPassed:
      return "CancellationWindowPassed";
    case ErrorCode::kPreconditionFailed:
      return "PreconditionFailed";
    case ErrorCode::kPreconditionRequired:
      return "PreconditionRequired";
    case ErrorCode::kProductNotFound:
      return "ProductNotFound";
    case ErrorCode::kSkuNotFound:
      return "SkuNotFound";
    case ErrorCode::kAvailabilityNotFound:
      return "AvailabilityNotFound";
    case ErrorCode::kTargetSegmentNotAllowed:
      return "TargetSegmentNotAllowed";
    case ErrorCode::kTargetViewNotAllowed:
      return "TargetViewNotAllowed";
    case ErrorCode::kRateLimited:
      return "RateLimited";
    case ErrorCode::kControlTokenRequired:
      return "ControlTokenRequired";
    case ErrorCode::kSandboxLimitReached:
      return "SandboxLimitReached";
    case ErrorCode::kSandboxSubscriptionLimit:
      return "SandboxSubscriptionLimit";
    case ErrorCode::kStorageQuotaExceeded:
      return "StorageQuotaExceeded";
    case ErrorCode::kConflict:
      return "Conflict";
    case ErrorCode::kAlreadyExists:
      return "AlreadyExists";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "Ok";
  std::string out(ErrorCodeName(code_));
  out += ": ";
  out += message_;
  return out;
}

}  // namespace cartd
