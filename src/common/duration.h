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

// Either spelling: ISO 8601 when `text` starts with 'P', else cartd's ("7d", "1h30m"). What the
// stand-in controls read wherever they take a duration.
std::optional<std::chrono::milliseconds> ParseIsoOrShortDuration(std::string_view text);

// ISO 8601 seconds, with up to three decimals: "PT604800S", "PT1.5S", "PT0S". What the stand-in
// controls write. REQUIRES: duration >= 0.
std::string FormatIsoSeconds(std::chrono::milliseconds duration);

// The shortest exact spelling: 604800000 ms -> "7d", 5400000 ms -> "1h30m".
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace cartd
