// Message digests.
#pragma once

#include <string>
#include <string_view>

namespace cartd {

// The SHA-256 of `data` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view data);

}  // namespace cartd
