// Writing timestamps into a caller's buffer, for the JSON writer's hot path. FormatTimestamp and
// ParseTimestamp themselves are declared in partnercenter/models.h.
#pragma once

#include <cstddef>

#include "partnercenter/models.h"

namespace partnercenter::models {

// Enough for any Timestamp: a signed year of up to 5 digits plus "-MM-DDTHH:MM:SS.fffffffZ".
inline constexpr std::size_t kTimestampBufferSize = 40;

// Writes FormatTimestamp(t) into `out` (not NUL-terminated) and returns its length.
// Years outside 0000..9999 are written with as many digits as they need (and a '-' sign before
// year 0); ParseTimestamp does not read those back.
std::size_t FormatTimestampTo(Timestamp t, char (&out)[kTimestampBufferSize]);

}  // namespace partnercenter::models
