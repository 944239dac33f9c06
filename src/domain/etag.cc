#include "domain/etag.h"

#include <algorithm>

namespace cartd {

std::string ETagOf(const CartRecord& record) { return ETagOfVersion(record.version); }

std::string ETagOfVersion(std::int64_t version) { return "\"" + std::to_string(version) + "\""; }

bool Matches(const ETagCondition& condition, std::string_view etag) {
  if (condition.any) return true;
  return std::any_of(condition.tags.begin(), condition.tags.end(),
                     [&](const std::string& tag) { return tag == etag; });
}

}  // namespace cartd
