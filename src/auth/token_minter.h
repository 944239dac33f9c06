// Minting HS256 tokens for development and tests (`cartd token`): tokens shaped like the Entra ID
// tokens Partner Center accepts, signed with the dev secret (see dev_key.h) so that a TokenVerifier
// holding the same secret accepts them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cartd::auth {

struct MintOptions {
  std::string tenant;          // `tid`: the partner tenant GUID
  std::string user_object_id;  // `oid`; when set the token is App+User (`scp` "user_impersonation")
  std::string app_id;  // `appid` and `azp`; when oid is empty the token is App-only (no scp)
  std::string audience = "https://api.partnercenter.microsoft.com";  // `aud`
  std::optional<std::string> issuer;                                 // `iss`, when set
  std::chrono::seconds ttl{3600};                                    // `exp` = now + ttl
  Timestamp now;  // `iat` and `nbf` (whole seconds, rounded down)
};

// A compact JWS {"alg":"HS256","typ":"JWT"} over the claims `options` describes, signed with
// `secret`. Claims that are empty in `options` are left out. Does not validate: a token minted
// with neither user_object_id nor app_id, or with a tenant that is not a GUID, is minted as asked
// and then refused by TokenVerifier. Thread-safe.
std::string MintHs256Token(const MintOptions& options, std::string_view secret);

}  // namespace cartd::auth
