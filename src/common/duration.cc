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

std::optional<std::chrono::milliseconds> ParseIsoDuration(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return std::nullopt;
  text.remove_prefix(1);
  bool in_time = false;
  bool any = false;
  char last_unit = 0;  // units must come in order, each once
  constexpr std::string_view kDateUnits = "WD";
  constexpr std::string_view kTimeUnits = "HMS";
  std::int64_t total = 0;
  while (!text.empty()) {
    if (text[0] == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      last_unit = 0;
      text.remove_prefix(1);
      if (text.empty()) return std::nullopt;
      continue;
    }
    std::int64_t whole = 0;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
      if (whole > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return std::nullopt;
      whole = whole * 10 + (text[digits] - '0');
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    text.remove_prefix(digits);
    std::int64_t thousandths = 0;
    if (!text.empty() && (text[0] == '.' || text[0] == ',')) {
      text.remove_prefix(1);
      std::size_t decimals = 0;
      while (decimals < text.size() && text[decimals] >= '0' && text[decimals] <= '9') {
        if (decimals >= 3) return std::nullopt;
        thousandths = thousandths * 10 + (text[decimals] - '0');
        ++decimals;
      }
      if (decimals == 0) return std::nullopt;
      for (std::size_t i = decimals; i < 3; ++i) thousandths *= 10;
      text.remove_prefix(decimals);
      if (text.empty() || text[0] != 'S' || !in_time) return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    const char unit = text[0];
    text.remove_prefix(1);
    const std::string_view units = in_time ? kTimeUnits : kDateUnits;
    const std::size_t position = units.find(unit);
    if (position == std::string_view::npos) return std::nullopt;
    if (last_unit != 0 && position <= units.find(last_unit)) return std::nullopt;
    last_unit = unit;
    std::int64_t scale = 0;
    switch (unit) {
      case 'W':
        scale = 7 * 86'400'000LL;
        break;
      case 'D':
        scale = 86'400'000LL;
        break;
      case 'H':
        scale = 3'600'000LL;
        break;
      case 'M':
        scale = 60'000LL;
        break;
      case 'S':
        scale = 1000LL;
        break;
    }
    if (whole > (std::numeric_limits<std::int64_t>::max() - total - thousandths) / scale) {
      return std::nullopt;
    }
    total += whole * scale + thousandths;
    any = true;
  }
  if (!any) return std::nullopt;
  return std::chrono::milliseconds(total);
}

std::optional<std::chrono::milliseconds> ParseIsoOrShortDuration(std::string_view text) {
  if (!text.empty() && text.front() == 'P') return ParseIsoDuration(text);
  return ParseDuration(text);
}

std::string FormatIsoSeconds(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  std::string text = "PT" + std::to_string(ms / 1000);
  if (const std::int64_t fraction = ms % 1000; fraction != 0) {
    std::string digits = std::to_string(1000 + fraction).substr(1);  // "005" for 5 ms
    while (digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text + "S";
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
