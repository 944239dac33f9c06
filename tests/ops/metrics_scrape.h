// Reading a Prometheus text exposition back, for tests that compare scrapes.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace cartd::test {

// Samples by series, the series written exactly as in the text: `name` or `name{a="x",b="y"}`.
using MetricSamples = std::map<std::string, double, std::less<>>;

// Parses `text`: "# HELP"/"# TYPE" comments and "series value" lines. On a malformed line,
// returns false with the line in `error`.
bool ParseExposition(std::string_view text, MetricSamples& samples, std::string& error);

// The sample of `series`, or 0 when the scrape does not have it (a series not yet created).
double SampleOr0(const MetricSamples& samples, std::string_view series);

}  // namespace cartd::test
