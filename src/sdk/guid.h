// Request and correlation ids: random (version 4) GUIDs.
#pragma once

#include <string>

namespace partnercenter::internal {

// A new random GUID in lowercase canonical form ("3e22b548-647d-4223-9675-1fcb6cb57665").
// Thread-safe. Not for secrets: the generator is seeded from std::random_device but is not a
// cryptographic one.
std::string NewGuid();

}  // namespace partnercenter::internal
