#include "common/duration.h"

#include <cstdint>
#include <limits>
#include <utility>

namespace cartd {
namespace {

constexpr std::pair<std::string_view, std::int64_t> kUnits[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};

}  // namespace

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
      if (number > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
      number = number * 10 + (text[digits] - '0');
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    text.remove_prefix(digits);
    std::size_t unit_length = 0;
    while (unit_length < text.size() && text[unit_length] >= 'a' && text[unit_length] <= 'z') {
      ++unit_length;
    }
    const std::string_view unit = text.substr(0, unit_length);
    text.remove_prefix(unit_length);
    std::int64_t scale = 0;
    for (const auto& [name, ms] : kUnits) {
      if (name == unit) scale = ms;
    }
    if (scale == 0) return std::nullopt;
    if (number > (std::numeric_limits<std::int64_t>::max() - total) / scale) return std::nullopt;
    total += number * scale;
  }
  return std::chrono::milliseconds(total);
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  std::int64_t rest = duration.count();
  if (rest == 0) return "0s";
  std::string out;
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it) {
    if (rest >= it->second) {
      out += std::to_string(rest / it->second);
      out += it->first;
      rest %= it->second;
    }
  }
  return out;
}

}  // namespace cartd
