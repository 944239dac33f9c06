#include "storage/postgres/postgres_options.h"

#include <algorithm>
#include <boost/url/param.hpp>
#include <boost/url/params_ref.hpp>
#include <boost/url/url.hpp>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.h"
#include "common/url.h"

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
  // Boost.URL is lenient enough for libpq's lists of hosts ("postgresql://h1:5432,h2:5432/db").
  boost::system::result<boost::urls::url> parsed = ParseOperatorUrl(url);
  if (!parsed) {
    return InvalidInput("invalid PostgreSQL connection URI: " + parsed.error().message());
  }
  boost::urls::url& uri = *parsed;
  // Names and values percent-decoded, as libpq reads its own.
  boost::urls::params_ref params = uri.params();
  PostgresOptions options;
  std::vector<std::string> seen;
  for (auto it = params.begin(); it != params.end();) {
    const boost::urls::param param = *it;
    const std::string& name = param.key;
    const std::string& value = param.value;
    const bool ours = name == "pool_size" || name == "connect_timeout" ||
                      name == "statement_timeout" || name == "pool_timeout";
    if (!ours) {
      // Empty items ("a=1&&b=2") go; libpq's parameters stay as they were written.
      it = name.empty() && !param.has_value ? params.erase(it) : std::next(it);
      continue;
    }
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      return InvalidInput("store URL parameter " + name + " is given twice");
    }
    seen.push_back(name);
    if (name == "pool_size") {
      int size = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (error != std::errc() || end != value.data() + value.size() || size < 1 || size > 10'000) {
        return BadValue(name, value, "a number of connections from 1 to 10000");
      }
      options.pool_size = size;
    } else {
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
    it = params.erase(it);
  }
  if (params.empty()) uri.remove_query();
  options.uri = std::string(uri.buffer());
  return options;
}

}  // namespace cartd::storage
