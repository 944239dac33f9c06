#include "storage/postgres/postgres_options.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/duration.h"

namespace cartd::storage {
namespace {

using std::chrono::milliseconds;

// A bare count of `default_unit`s (libpq's connect_timeout is a number of seconds), or a duration
// as cartd's other settings are written ("1500ms", "2s", "1m30s"). Positive, at most a day: past
// that a timeout means "never", which these settings do not offer.
std::optional<milliseconds> ParseTimeout(std::string_view text, milliseconds default_unit) {
  std::optional<milliseconds> duration;
  const bool bare = !text.empty() && std::all_of(text.begin(), text.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; });
  if (bare) {
    std::int64_t count = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (error != std::errc() || count > std::chrono::hours(24) / default_unit) return std::nullopt;
    duration = count * default_unit;
  } else {
    duration = ParseDuration(text);
  }
  if (!duration || duration->count() <= 0 || *duration > std::chrono::hours(24)) {
    return std::nullopt;
  }
  return duration;
}

Status BadValue(std::string_view name, std::string_view value, std::string_view expected) {
  return InvalidInput("store URL parameter " + std::string(name) + "=" + std::string(value) +
                      ": expected " + std::string(expected));
}

}  // namespace

StatusOr<PostgresOptions> ParsePostgresUrl(std::string_view url) {
  PostgresOptions options;
  const std::size_t question = url.find('?');
  if (question == std::string_view::npos) {
    options.uri = std::string(url);
    return options;
  }
  std::string kept;
  std::vector<std::string_view> seen;
  std::string_view query = url.substr(question + 1);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t equals = item.find('=');
    const std::string_view name = item.substr(0, equals);
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1);

    const bool ours = name == "pool_size" || name == "connect_timeout" ||
                      name == "statement_timeout" || name == "pool_timeout";
    if (!ours) {
      if (!item.empty()) kept.append(kept.empty() ? "" : "&").append(item);
      continue;
    }
    for (std::string_view earlier : seen) {
      if (earlier == name) {
        return InvalidInput("store URL parameter " + std::string(name) + " is given twice");
      }
    }
    seen.push_back(name);
    if (name == "pool_size") {
      int size = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (error != std::errc() || end != value.data() + value.size() || size < 1 || size > 10'000) {
        return BadValue(name, value, "a number of connections from 1 to 10000");
      }
      options.pool_size = size;
      continue;
    }
    const milliseconds default_unit =
        name == "connect_timeout" ? milliseconds(1000) : milliseconds(1);
    const std::optional<milliseconds> duration = ParseTimeout(value, default_unit);
    if (!duration) {
      return BadValue(name, value,
                      "a positive duration of at most a day, e.g. 2s, 1500ms or a number of " +
                          std::string(default_unit.count() == 1 ? "milliseconds" : "seconds"));
    }
    if (name == "connect_timeout") {
      options.connect_timeout = *duration;
    } else if (name == "statement_timeout") {
      options.statement_timeout = *duration;
    } else {
      options.pool_timeout = *duration;
    }
  }
  options.uri = std::string(url.substr(0, question));
  if (!kept.empty()) options.uri += "?" + kept;
  return options;
}

}  // namespace cartd::storage
