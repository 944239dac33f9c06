// The control token: what the stand-in controls under /_cartd/ (SPEC §13) accept instead of a
// partner's token. It is derived from a secret generated into the data directory at first start
// (`control-secret`, mode 0600, as the development signing key), so that `cartd serve` prints it
// and `cartd token --control` prints the same one without the server running. It is not a JWT and
// no partner token is ever one: a test that sends its partner token to a control gets 403.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cartd::auth {

inline constexpr char kControlSecretFileName[] = "control-secret";

// "cartd-control-" followed by the base64url of the data directory's control secret (created when
// missing). Errors: those of LoadOrCreateSecret.
StatusOr<std::string> LoadOrCreateControlToken(const std::filesystem::path& data_dir);

// True when `authorization` is "Bearer <token>" (the scheme in any case) for exactly `token`;
// compared in constant time.
bool PresentsControlToken(std::string_view authorization, std::string_view token);

}  // namespace cartd::auth
