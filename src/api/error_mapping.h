// The one table that turns the domain's ErrorCode into what a Partner Center client sees: an
// HTTP status and a Partner Center error code (SPEC §4). When adding an ErrorCode, add its row.
#pragma once

#include <string>

#include "common/status.h"

namespace cartd::api {

struct WireError {
  int http_status;
  int code;  // Partner Center error code ("code" of the ApiFault body)
};

WireError ToWireError(ErrorCode code);

// The description the client sees for `status`: its message, except for kInternal and
// kUnavailable, whose messages are for the log only and are replaced by a generic text.
std::string ClientDescription(const Status& status);

}  // namespace cartd::api
