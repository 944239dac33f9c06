// The claim rules of a cartd bearer token (SPEC §5 "Identity"): reading the Principal and the
// validity window out of a verified JWT payload, and checking that window against a time.
//
// Split from signature checking so that a cached token only re-runs CheckValidityWindow.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>

#include "auth/verified_claims.h"
#include "auth/verifier_options.h"
#include "common/clock.h"
#include "common/status.h"

namespace cartd::auth {

// Checks every claim rule except the time window, and reads the Principal:
//   `aud`  a string equal to options.audience, or an array containing it;
//   `iss`  equal to options.issuer when that is set;
//   `exp`  required, `nbf` optional: JSON numbers (NumericDate, seconds since the epoch) between
//          0 and 253402300799 (the end of year 9999);
//   `tid`  required, a GUID, returned canonical (lowercase, no braces);
//   App+User (`scp` present, a string): `oid` required, a non-empty string (canonicalised when it
//          is a GUID); app_id from the first non-empty one of `appid` and `azp`, else empty;
//   App-only (no `scp`): app_id likewise, and one of them must be a non-empty string;
//          user_object_id stays empty and app_only is true.
// Errors: kInvalidToken naming the claim and the rule it breaks (claim values appear only
// escaped and truncated; see QuoteForLog).
StatusOr<VerifiedClaims> ReadClaims(const boost::json::object& payload,
                                    const VerifierOptions& options);

// kInvalidToken ("token expired ..." / "token not yet valid ...") when `now` is later than
// claims.expires + skew or earlier than claims.not_before - skew; OK otherwise.
Status CheckValidityWindow(const VerifiedClaims& claims, std::chrono::seconds skew, Timestamp now);

}  // namespace cartd::auth
