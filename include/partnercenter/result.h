// Result<T>: what every fallible call of the partnercenter library returns, a value or an Error,
// together with what the service's answer said about itself (ResponseInfo: HTTP status, ETag,
// request and correlation ids), which is there on success and on failure alike.
// Nothing in the library throws for HTTP, network or decoding failures.
//
// Plain values: no thread-safety concerns beyond those of the standard library.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace partnercenter {

// Which kind of failure an Error describes.
enum class ErrorKind {
  kHttp,             // the service answered with a non-2xx status; see http_status and code
  kNetwork,          // no answer: connection refused, reset, DNS, TLS
  kTimeout,          // no answer within the timeout or the total deadline
  kInvalidResponse,  // a 2xx answer whose body is not what the contract says
  kInvalidJson,      // JSON given to the library (a body, a file) is not valid for the contract
  kInvalidEnum,      // such JSON is valid but for an enum value the contract does not define
                     // ("yearly" as a billingCycle); `code` is 0, as for kInvalidJson
  kInvalidArgument,  // a call made with arguments the library cannot use
  kCredentials,      // the token provider failed to produce a token; nothing was sent
};

// A problem the service reported on one cart line (the cart's lineItems[i].error).
struct LineError {
  int line_item_id = 0;
  int error_code = 0;
  std::string error_description;
  friend bool operator==(const LineError&, const LineError&) = default;
};

struct Error {
  ErrorKind kind = ErrorKind::kHttp;
  int http_status = 0;                 // 0 when there was no HTTP answer
  int code = 0;                        // Partner Center error code (ApiFault "code"), 0 when none
  std::string description;             // Partner Center's description, or what the library saw
  std::vector<LineError> line_errors;  // for checkout of a cart with line errors (800009)
  std::string request_id;              // MS-RequestId of the (last) attempt
  std::string correlation_id;          // MS-CorrelationId
  std::optional<int> retry_after_seconds;  // from Retry-After, when the service sent one

  // "description (code)", or the description alone when there is no code.
  std::string ToString() const {
    return code != 0 ? description + " (" + std::to_string(code) + ")" : description;
  }
};

// What the answer to a call said about itself. Calls that parse local data (partnercenter/json.h)
// leave it default-constructed.
struct ResponseInfo {
  int http_status = 0;         // status of the last answer; 0 when none arrived
  std::string etag;            // its ETag header as sent (quotes included), "" when absent
  std::string request_id;      // MS-RequestId: the same on every attempt of one call
  std::string correlation_id;  // MS-CorrelationId
  int attempts = 0;            // HTTP attempts made: 1 plus the retries; 0 when nothing was sent
  friend bool operator==(const ResponseInfo&, const ResponseInfo&) = default;
};

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : data_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  Result(T value, ResponseInfo info) : data_(std::move(value)), info_(std::move(info)) {}
  Result(Error error, ResponseInfo info) : data_(std::move(error)), info_(std::move(info)) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok().
  const Error& error() const { return std::get<Error>(data_); }

  // Metadata of the answer, on success and on error (a 412 carries the cart's current ETag).
  const ResponseInfo& info() const { return info_; }
  // Shorthand for info().etag: what to pass as If-Match to a later Put.
  const std::string& etag() const { return info_.etag; }

 private:
  std::variant<T, Error> data_;
  ResponseInfo info_;
};

// For calls that return nothing on success.
struct Empty {};

}  // namespace partnercenter
