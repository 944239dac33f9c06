// The one table that turns the domain's ErrorCode into what a Partner Center client sees, and the
// one producer of error answers: every HTTP status and Partner Center error code cartd sends for a
// failure comes from here (SPEC §4). When adding an ErrorCode, add its row in error_mapping.cc.
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace cartd::api {

struct WireError {
  int http_status;
  int code;  // Partner Center error code ("code" of the ApiFault body); 0 for the gateway's 429
};

WireError ToWireError(ErrorCode code);

// The description the client sees for `status`: its message, except for kInternal and
// kUnavailable, whose messages are for the log only and are replaced by a generic text.
std::string ClientDescription(const Status& status);

// Details the pipeline attaches to its own refusals (the domain's are in domain/cart_errors.h).
struct AllowedMethods final : StatusDetail {  // with kMethodNotAllowed: the Allow header's value
  explicit AllowedMethods(std::string methods) : allow(std::move(methods)) {}
  std::string allow;
};
struct RetryAfter final : StatusDetail {  // kRateLimited, kUnavailable: when to try again
  explicit RetryAfter(std::chrono::seconds seconds) : after(seconds) {}
  std::chrono::seconds after;
};

// The answer to a request that failed with `status` (REQUIRES: !status.ok()):
// - Partner Center's body {"code", "description", "data": [...], "source": "PartnerFD"} with
//   Content-Type "application/json; charset=utf-8". `data` lists the cart's current ETag
//   ({"currentETag": ...}, also sent as the ETag header) with a CurrentETag detail, and the lines
//   in error ({"id", "error": {"errorCode", "errorDescription"}}) with a CartLineErrors detail.
// - For kRateLimited, the gateway's body {"statusCode": 429, "message": "Rate limit is exceeded.
//   Try again in N seconds."} with Retry-After: N (from the RetryAfter detail; at least 1).
// - Retry-After: N (at least 1) with a RetryAfter detail, whatever the code.
// - Allow with kMethodNotAllowed; WWW-Authenticate (RFC 6750 §3) with kMissingToken and
//   kInvalidToken.
http::Response ErrorResponse(const Status& status);

// The failure a stand-in fault rule answers with (SPEC §13): for 429, the gateway's body and
// Retry-After as ErrorResponse writes them for kRateLimited (`retry_after` at least 1); for any
// other status, Partner Center's body with `code` and `description`, and Retry-After when
// `retry_after` is positive.
http::Response InjectedFailureResponse(int http_status, int code, const std::string& description,
                                       std::chrono::seconds retry_after);

}  // namespace cartd::api
