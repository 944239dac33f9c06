// Status and StatusOr<T>: how every fallible function in cartd reports failure across a layer
// boundary. Exceptions never cross a layer; adapters catch what their libraries throw.
//
// The error vocabulary is the domain's, not HTTP's: `ErrorCode` names what went wrong, and
// api/error_mapping.cc is the one table that turns each code into an HTTP status and a Partner
// Center error code. When adding an enumerator here, add its row there too.
#pragma once

#include <cassert>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace cartd {

enum class ErrorCode {
  kOk = 0,
  kInvalidInput,          // malformed or incomplete request content
  kInvalidEnum,           // an enum value that cannot be parsed
  kMalformedRequest,      // a request the transport cannot read as HTTP
  kPayloadTooLarge,       // a body over the configured limit
  kHeaderTooLarge,        // a header block over the configured limit
  kRouteNotFound,         // no operation at that path
  kMethodNotAllowed,      // the path names an operation, but not for that method
  kMissingToken,          // no or blank Authorization header
  kInvalidToken,          // a token that fails verification
  kCustomerForbidden,     // the customer is not the caller's (or does not exist)
  kNotFound,              // no such cart/order under this customer, or the cart has expired
  kCartOrdered,           // a change to a cart that has been checked out
  kCartHasErrors,         // checkout of a cart whose lines carry errors
  kCheckoutInProgress,    // another checkout of the same cart is running
  kOrderNotFound,         // no such order, for the order operations beyond reading (cancel, status)
  kSubscriptionNotFound,  // no such subscription under this customer
  kOrderInProgress,       // the order is still being provisioned
  kOrderNotCancellable,   // the order cannot be cancelled (it already is)
  kCancelThroughSubscriptions,  // the order's items are cancelled through their subscriptions
  kCancellationWindowPassed,    // the order is older than its cancellation window
  kPreconditionFailed,          // If-Match does not match the current ETag
  kPreconditionRequired,        // If-Match is required and missing
  // The products API (catalog reads):
  kProductNotFound,           // no such product in the country asked about
  kSkuNotFound,               // no such SKU of the product in that country
  kAvailabilityNotFound,      // no such availability of the SKU in that country
  kTargetSegmentNotAllowed,   // a targetSegment the catalog does not have
  kTargetViewNotAllowed,      // a targetView the catalog does not have
  kRateLimited,               // the caller's request budget is spent
  kStorageQuotaExceeded,      // the partner's stored bytes would exceed its storage quota
  kControlTokenRequired,      // a stand-in control called with a partner's token
  kSandboxLimitReached,       // one of the integration sandbox's limits (--sandbox-limits)
  kSandboxSubscriptionLimit,  // a checkout would pass the sandbox's subscriptions per customer
  kConflict,                  // store: the record changed since it was read (optimistic CAS failed)
  kAlreadyExists,             // store: a unique key (idempotency key, id) is taken
  kUnavailable,               // the store cannot be reached; retrying later may succeed
  kInternal,                  // a bug or an unexpected failure; details go to the log only
};

// Returns the enumerator's name without the leading 'k' ("NotFound"), for logs and tests.
std::string_view ErrorCodeName(ErrorCode code);

// Facts a failure carries besides its code and message, for whoever answers the client: the
// cart's current ETag with a failed precondition, the lines in error with a refused checkout.
// The layer that knows a fact attaches it (Status::WithDetail); the one that answers reads it
// (Status::detail<T>), so that no one has to look up again what was already known. Immutable once
// attached; shared between copies of the Status.
class StatusDetail {
 public:
  virtual ~StatusDetail() = default;
};

// A success, or an error code with a message. The message is safe to show to the client for
// every code except kInternal and kUnavailable, whose messages are for the log only.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // This status with `detail` attached (replacing any earlier one).
  Status WithDetail(std::shared_ptr<const StatusDetail> detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  // The attached detail if it is a T; nullptr otherwise.
  template <typename T>
  const T* detail() const {
    return dynamic_cast<const T*>(detail_.get());
  }

  // "NotFound: cart 123 ..." for logs.
  std::string ToString() const;

  // Equal code and message (details are not compared).
  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::shared_ptr<const StatusDetail> detail_;
};

inline Status InvalidInput(std::string message) {
  return Status(ErrorCode::kInvalidInput, std::move(message));
}
inline Status NotFound(std::string message) {
  return Status(ErrorCode::kNotFound, std::move(message));
}
inline Status Conflict(std::string message) {
  return Status(ErrorCode::kConflict, std::move(message));
}
inline Status Unavailable(std::string message) {
  return Status(ErrorCode::kUnavailable, std::move(message));
}
inline Status Internal(std::string message) {
  return Status(ErrorCode::kInternal, std::move(message));
}

// A value of type T, or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "StatusOr needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace cartd

// Propagation helpers, in the style of absl's status macros.
#define CARTD_CONCAT_INNER_(a, b) a##b
#define CARTD_CONCAT_(a, b) CARTD_CONCAT_INNER_(a, b)

#define CARTD_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::cartd::Status cartd_status_ = (expr);        \
    if (!cartd_status_.ok()) return cartd_status_; \
  } while (false)

#define CARTD_ASSIGN_OR_RETURN(lhs, expr) \
  CARTD_ASSIGN_OR_RETURN_IMPL_(CARTD_CONCAT_(cartd_statusor_, __LINE__), lhs, expr)
#define CARTD_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
