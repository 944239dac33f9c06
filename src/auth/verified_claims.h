// What a token says once its signature and claims have been checked (see claims.h).
#pragma once

#include <optional>

#include "common/clock.h"
#include "domain/principal.h"

namespace cartd::auth {

// The caller a verified token names, and the window in which the token may be used.
struct VerifiedClaims {
  Principal principal;
  Timestamp expires;                    // `exp`
  std::optional<Timestamp> not_before;  // `nbf`, when present
};

}  // namespace cartd::auth
