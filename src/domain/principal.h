// Who is calling: the identity a verified token describes.
#pragma once

#include <string>

namespace cartd {

// The authenticated caller. App+User tokens name a user (`oid`); App-only tokens name only the
// application (`appid`/`azp`) and carry no `scp`.
struct Principal {
  std::string partner_tenant;  // `tid`: the partner whose customers and carts the caller may use
  std::string user_object_id;  // `oid`; empty for App-only tokens
  std::string app_id;          // `appid` or `azp`; may be empty for App+User tokens
  bool app_only = false;

  // What a change records as lastModifiedUser: the user for App+User, the app for App-only.
  const std::string& Actor() const { return app_only ? app_id : user_object_id; }
};

}  // namespace cartd
