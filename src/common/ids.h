// Identifiers: GUIDs for tenants, customers and carts, short hex ids for orders, and the random
// bytes they are drawn from.
//
// This is the one generator of random ids, for the server and the SDK (its MS-RequestId and
// MS-CorrelationId) alike: OpenSSL's RAND_bytes, a CSPRNG, handed out a block per thread at a
// time. Not Boost.Uuid: its random_generator asks the kernel once per id, and keys and the
// correlation vector need plain random bytes too. Library cartd::ids links only OpenSSL, so the
// SDK ships it without any server code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartd {

// A new random (version 4) GUID in lowercase canonical form, e.g.
// "3e22b548-647d-4223-9675-1fcb6cb57665". Thread-safe.
std::string NewGuid();

// `length` random lowercase hex characters (order ids use 12). Thread-safe.
std::string NewHexId(std::size_t length);

// The canonical lowercase form of a GUID written as 8-4-4-4-12 hex digits in any case, optionally
// in braces ("{...}", as PowerShell allows). nullopt for anything else.
std::optional<std::string> CanonicalGuid(std::string_view text);

// Fills `out` with `size` cryptographically strong random bytes. Thread-safe.
void RandomBytes(unsigned char* out, std::size_t size);

}  // namespace cartd
