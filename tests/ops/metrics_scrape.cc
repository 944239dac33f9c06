#include "tests/ops/metrics_scrape.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace cartd::test {
namespace {

bool ParseValue(std::string_view text, double& value) {
  if (text == "+Inf") {
    value = std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "-Inf") {
    value = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "NaN") {
    value = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool IsNameChar(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return letter || (!first && c >= '0' && c <= '9');
}

}  // namespace

bool ParseExposition(std::string_view text, MetricSamples& samples, std::string& error) {
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) {
      error = "no newline after the last line";
      return false;
    }
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline + 1);
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    std::size_t i = 0;
    while (i < line.size() && IsNameChar(line[i], i == 0)) ++i;
    if (i == 0) {
      error = std::string(line);
      return false;
    }
    if (i < line.size() && line[i] == '{') {
      // Label values are quoted and may hold escaped quotes.
      bool quoted = false;
      for (++i; i < line.size(); ++i) {
        if (quoted && line[i] == '\\') {
          ++i;
        } else if (line[i] == '"') {
          quoted = !quoted;
        } else if (!quoted && line[i] == '}') {
          break;
        }
      }
      if (i >= line.size()) {
        error = std::string(line);
        return false;
      }
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') {
      error = std::string(line);
      return false;
    }
    double value = 0;
    if (!ParseValue(line.substr(i + 1), value)) {
      error = std::string(line);
      return false;
    }
    if (!samples.emplace(std::string(line.substr(0, i)), value).second) {
      error = "repeated series: " + std::string(line);
      return false;
    }
  }
  return true;
}

double SampleOr0(const MetricSamples& samples, std::string_view series) {
  const auto it = samples.find(series);
  return it == samples.end() ? 0 : it->second;
}

}  // namespace cartd::test
