// Durations as people write them on command lines and in config: "7d", "1h", "30m", "90s",
// "250ms", or combinations such as "1h30m".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cartd {

// nullopt for anything else (no unit, unknown unit, negative, overflow).
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

// An ISO 8601 duration of exact units: weeks, days, hours, minutes and seconds, the seconds with
// up to three decimals ("P7D", "PT36H", "P1DT2H30M", "PT0.5S", "P2W"). Years and months, whose
// length depends on the calendar, are refused, as are negative values and overflow: nullopt.
std::optional<std::chrono::milliseconds> ParseIsoDuration(std::string_view text);

// The shortest exact spelling: 604800000 ms -> "7d", 5400000 ms -> "1h30m".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace cartd
