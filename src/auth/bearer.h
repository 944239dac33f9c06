// Reading the token out of an HTTP Authorization header (RFC 6750 §2.1: "Bearer <token>").
#pragma once

#include <string_view>

#include "common/status.h"

namespace cartd::auth {

// The token of `authorization`, the raw header value ("" when the header is absent). Leading and
// trailing spaces/tabs are ignored, the scheme is matched case-insensitively, and any run of
// spaces/tabs may separate it from the token. The result views `authorization`.
// Errors:
//   kMissingToken  the value is empty or blank, or is the Bearer scheme with no token
//   kInvalidToken  another scheme (e.g. "Basic ...")
StatusOr<std::string_view> ExtractBearerToken(std::string_view authorization);

}  // namespace cartd::auth
