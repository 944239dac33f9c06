// Entity tags for carts (RFC 9110 §8.8.3) and the If-Match precondition over them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/records.h"

namespace cartd {

// The cart's strong entity tag, quoted: "\"3\"". It changes with every stored change, and is the
// same on every node (it comes from the stored version).
std::string ETagOf(const CartRecord& record);
// The same, from the cart's version alone.
std::string ETagOfVersion(std::int64_t version);

// An If-Match precondition: "*" (any current cart) or a list of entity tags.
struct ETagCondition {
  bool any = false;
  std::vector<std::string> tags;  // quoted, as sent; weak tags (W/"...") never match
};

// RFC 9110 §13.1.1 strong comparison.
bool Matches(const ETagCondition& condition, std::string_view etag);

}  // namespace cartd
