#include "cartd/serve_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "cartd/store_url.h"
#include "common/duration.h"

namespace cartd {
namespace {

// How a setting's value is written, which decides what a TOML file may give for it.
enum class Kind { kText, kBool, kInt, kNumber, kDuration, kSize };

// A setting's parser and where it puts the value. Returns kInvalidInput with the reason only
// ("not an integer"); the caller adds the setting's name and source.
using Apply = std::function<Status(std::string_view value, ServeConfig& config)>;

struct Setting {
  SettingInfo info;
  Kind kind;
  Apply apply;
  // The value may hold a secret (a password in a store URL): messages do not repeat it.
  bool sensitive = false;
};

std::string FormatNumber(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string value = ToLower(text);
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  return std::nullopt;
}

StatusOr<std::int64_t> ParseInt(std::string_view text, std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidInput("not an integer");
  }
  if (value < min || value > max) {
    return InvalidInput("must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

StatusOr<double> ParseNumber(std::string_view text, double min) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return InvalidInput("not a number");
  }
  if (value < min) return InvalidInput("must be at least " + FormatNumber(min));
  return value;
}

// "1048576", "512B", "16KiB", "1MiB", "1GiB", "64KB", "1MB" (KB, MB, GB: powers of 1000).
StatusOr<std::size_t> ParseSize(std::string_view text, std::size_t min) {
  const std::size_t digits = text.find_first_not_of("0123456789");
  const std::string_view number = text.substr(0, digits);
  const std::string_view unit = digits == std::string_view::npos ? "" : text.substr(digits);
  std::uint64_t multiplier = 0;
  if (unit.empty() || unit == "B") multiplier = 1;
  if (unit == "KiB") multiplier = 1ull << 10;
  if (unit == "MiB") multiplier = 1ull << 20;
  if (unit == "GiB") multiplier = 1ull << 30;
  if (unit == "KB" || unit == "kB") multiplier = 1000;
  if (unit == "MB") multiplier = 1000 * 1000;
  if (unit == "GB") multiplier = 1000 * 1000 * 1000;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || multiplier == 0 || error != std::errc() ||
      end != number.data() + number.size()) {
    return InvalidInput("not a size such as 1048576, 64KiB or 1MiB");
  }
  if (value > (std::uint64_t{1} << 40) / multiplier) return InvalidInput("too large");
  if (value * multiplier < min) return InvalidInput("must be at least " + std::to_string(min));
  return static_cast<std::size_t>(value * multiplier);
}

StatusOr<std::chrono::milliseconds> ParseDurationValue(std::string_view text, bool allow_zero) {
  const std::optional<std::chrono::milliseconds> duration = ParseDuration(text);
  if (!duration) return InvalidInput("not a duration such as 250ms, 10s, 5m, 1h or 7d");
  if (!allow_zero && duration->count() == 0) return InvalidInput("must be more than 0");
  return *duration;
}

// "127.0.0.1:8080", "[::1]:8080", "localhost:0".
bool SplitListen(std::string_view listen, std::string& host, std::uint16_t& port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view name = listen.substr(0, colon);
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  const std::string_view digits = listen.substr(colon + 1);
  unsigned value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      value > 65535 || name.empty()) {
    return false;
  }
  host = std::string(name);
  port = static_cast<std::uint16_t>(value);
  return true;
}

bool IsSaneServerId(std::string_view id) {
  if (id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

// Setting constructors, by kind.
Setting Text(SettingInfo info, std::function<Status(std::string_view, ServeConfig&)> apply) {
  return Setting{info, Kind::kText, std::move(apply)};
}

Setting Bool(SettingInfo info, std::function<void(bool, ServeConfig&)> set) {
  info.is_switch = true;
  return Setting{info, Kind::kBool, [set](std::string_view text, ServeConfig& config) -> Status {
                   const std::optional<bool> value = ParseBool(text);
                   if (!value) return InvalidInput("not true or false");
                   set(*value, config);
                   return Status::Ok();
                 }};
}

Setting Int(SettingInfo info, std::int64_t min, std::int64_t max,
            std::function<void(std::int64_t, ServeConfig&)> set) {
  return Setting{info, Kind::kInt,
                 [min, max, set](std::string_view text, ServeConfig& config) -> Status {
                   CARTD_ASSIGN_OR_RETURN(std::int64_t value, ParseInt(text, min, max));
                   set(value, config);
                   return Status::Ok();
                 }};
}

Setting Number(SettingInfo info, double min, std::function<void(double, ServeConfig&)> set) {
  return Setting{info, Kind::kNumber,
                 [min, set](std::string_view text, ServeConfig& config) -> Status {
                   CARTD_ASSIGN_OR_RETURN(double value, ParseNumber(text, min));
                   set(value, config);
                   return Status::Ok();
                 }};
}

Setting Duration(SettingInfo info, bool allow_zero,
                 std::function<void(std::chrono::milliseconds, ServeConfig&)> set) {
  return Setting{info, Kind::kDuration,
                 [allow_zero, set](std::string_view text, ServeConfig& config) -> Status {
                   CARTD_ASSIGN_OR_RETURN(std::chrono::milliseconds value,
                                          ParseDurationValue(text, allow_zero));
                   set(value, config);
                   return Status::Ok();
                 }};
}

Setting Size(SettingInfo info, std::size_t min,
             std::function<void(std::size_t, ServeConfig&)> set) {
  return Setting{info, Kind::kSize,
                 [min, set](std::string_view text, ServeConfig& config) -> Status {
                   CARTD_ASSIGN_OR_RETURN(std::size_t value, ParseSize(text, min));
                   set(value, config);
                   return Status::Ok();
                 }};
}

// Returns a setter of a string member reached through `member`.
template <typename F>
Setting Path(SettingInfo info, F member) {
  return Text(info, [member](std::string_view text, ServeConfig& config) -> Status {
    member(config) = std::string(text);
    return Status::Ok();
  });
}

const std::vector<Setting>& Settings() {
  using std::chrono::milliseconds;
  constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
  static const std::vector<Setting> settings = [] {
    std::vector<Setting> s;
    s.push_back(Text(
        {"listen", "HOST:PORT", "127.0.0.1:8080", "Address to listen on (port 0: any free port)"},
        [](std::string_view text, ServeConfig& c) -> Status {
          if (!SplitListen(text, c.node.http.host, c.node.http.port)) {
            return InvalidInput("not HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
          }
          return Status::Ok();
        }));
    s.push_back(Text({"data-dir", "DIR", "./var",
                      "Directory for the SQLite file and the development signing key"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       if (text.empty()) return InvalidInput("must not be empty");
                       c.node.data_dir = std::string(text);
                       return Status::Ok();
                     }));
    Setting store =
        Text({"store", "URL", "",
              "Store URL: sqlite:///path/cartd.db, postgresql://user@host/db, or memory:// "
              "(in memory: starts in milliseconds, nothing on disk, gone at exit; for CI) "
              "(default: cartd.db in the data directory)"},
             [](std::string_view text, ServeConfig& c) -> Status {
               StatusOr<StoreLocation> location = ParseStoreUrl(text, c.node.data_dir);
               if (!location.ok()) {
                 return InvalidInput(
                     "not a store URL: use sqlite:///path/to/file.db, "
                     "postgresql://user@host/db or memory://");
               }
               c.node.store_url = std::string(text);
               return Status::Ok();
             });
    store.sensitive = true;
    s.push_back(std::move(store));
    s.push_back(Path({"catalog", "FILE", "",
                      "Catalog file, reloaded on SIGHUP (default: the demo catalog with --demo, "
                      "else none)"},
                     [](ServeConfig& c) -> std::filesystem::path& { return c.node.catalog_file; }));
    s.push_back(Path({"jwks", "FILE", "",
                      "JWKS file of the RS256 keys tokens are signed with, reloaded on SIGHUP "
                      "(turns development HS256 tokens off)"},
                     [](ServeConfig& c) -> std::filesystem::path& { return c.node.jwks_file; }));
    s.push_back(
        Bool({"demo", "", "false", "Load the demo partner, customers, catalog and seed cart"},
             [](bool v, ServeConfig& c) { c.node.demo = v; }));
    {
      SettingInfo info{"controls", "", "auto",
                       "The stand-in controls under /_cartd/ (clock, faults, request journal, "
                       "reset, fixtures), which take the control token printed at start; auto: on "
                       "with --demo, else off"};
      info.is_switch = true;
      s.push_back(Setting{info, Kind::kBool, [](std::string_view text, ServeConfig& c) -> Status {
                            if (ToLower(text) == "auto") {
                              c.controls.reset();
                              return Status::Ok();
                            }
                            const std::optional<bool> value = ParseBool(text);
                            if (!value) return InvalidInput("not true, false or auto");
                            c.controls = *value;
                            return Status::Ok();
                          }});
    }
    s.push_back(Int({"journal-size", "N", "1000",
                     "Requests the stand-in's request journal keeps (with controls)"},
                    1, 1'000'000, [](std::int64_t v, ServeConfig& c) {
                      c.node.journal.max_entries = static_cast<std::size_t>(v);
                    }));
    s.push_back(Bool({"sandbox-limits", "", "false",
                      "Apply the integration sandbox's limits: 75 customers per partner, 5 "
                      "subscriptions per customer, 25 licences per subscription"},
                     [](bool v, ServeConfig& c) { c.node.service.sandbox_limits.enabled = v; }));
    s.push_back(Duration({"cart-ttl", "DURATION", "7d", "How long a cart lives after its creation"},
                         false, [](milliseconds v, ServeConfig& c) {
                           c.node.service.cart_ttl = std::chrono::duration_cast<Ticks>(v);
                         }));
    s.push_back(Duration({"provisioning-delay", "DURATION", "2s",
                          "How long a new order stays pending before it is completed and its "
                          "subscriptions active (0: at once)"},
                         true, [](milliseconds v, ServeConfig& c) {
                           c.node.orders.provisioning_delay = std::chrono::duration_cast<Ticks>(v);
                         }));
    s.push_back(Text({"audience", "TEXT", "https://api.partnercenter.microsoft.com",
                      "Required token audience (aud)"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       if (text.empty()) return InvalidInput("must not be empty");
                       c.node.auth.audience = std::string(text);
                       return Status::Ok();
                     }));
    s.push_back(Text({"issuer", "TEXT", "", "Required token issuer (iss); empty: not checked"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       c.node.auth.issuer.reset();
                       if (!text.empty()) c.node.auth.issuer = std::string(text);
                       return Status::Ok();
                     }));
    s.push_back(
        Int({"io-threads", "N", "0", "Network I/O threads (0: one per core)"}, 0, 1024,
            [](std::int64_t v, ServeConfig& c) { c.node.http.io_threads = static_cast<int>(v); }));
    s.push_back(Int(
        {"workers", "N", "64", "Threads that handle requests"}, 1, 4096,
        [](std::int64_t v, ServeConfig& c) { c.node.http.worker_threads = static_cast<int>(v); }));
    s.push_back(
        Int({"cart-cache-mib", "N", "8",
             "MiB of carts kept in memory, rendered and decoded, so that reading an unchanged "
             "cart skips decoding and encoding it (0: none)"},
            0, 4096, [](std::int64_t v, ServeConfig& c) {
              c.node.cart_cache_bytes = static_cast<std::size_t>(v) << 20;
            }));
    s.push_back(Bool({"require-if-match", "", "false",
                      "Refuse PUT without If-Match (428). Breaks the official Java and .NET "
                      "SDKs: they never send If-Match, so they cannot update a cart at all"},
                     [](bool v, ServeConfig& c) { c.node.service.require_if_match = v; }));
    s.push_back(Duration({"shutdown-grace", "DURATION", "10s",
                          "On SIGTERM or SIGINT, how long requests in flight may take to finish"},
                         true, [](milliseconds v, ServeConfig& c) { c.shutdown_grace = v; }));
    s.push_back(Text({"server-id", "TEXT", "", "MS-ServerId (default: derived from the host name)"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       if (!IsSaneServerId(text)) {
                         return InvalidInput("must be at most 64 printable characters, no spaces");
                       }
                       c.node.server_id = std::string(text);
                       return Status::Ok();
                     }));
    s.push_back(Size({"max-body", "SIZE", "1MiB", "Largest request body (larger: 413)"}, 1,
                     [](std::size_t v, ServeConfig& c) { c.node.http.max_body_bytes = v; }));
    s.push_back(Size({"max-header", "SIZE", "16KiB",
                      "Largest request header block, request line included (larger: 431)"},
                     1024,
                     [](std::size_t v, ServeConfig& c) { c.node.http.max_header_bytes = v; }));
    s.push_back(Size({"max-body-memory", "SIZE", "64MiB",
                      "Request body bytes held in memory across all connections; a body that "
                      "would pass it gets 503 with Retry-After (0: no budget)"},
                     0,
                     [](std::size_t v, ServeConfig& c) { c.node.http.max_body_memory_bytes = v; }));
    s.push_back(Int({"max-connections", "N", "10000",
                     "Connections open at once; one beyond it is accepted and closed at once "
                     "(0: no cap)"},
                    0, kIntMax, [](std::int64_t v, ServeConfig& c) {
                      c.node.http.max_connections = static_cast<std::size_t>(v);
                    }));
    s.push_back(Int({"max-line-items", "N", "250", "Most line items in a cart, add-ons included"},
                    1, kIntMax, [](std::int64_t v, ServeConfig& c) {
                      c.node.service.limits.max_line_items = static_cast<int>(v);
                    }));
    s.push_back(Int({"max-quantity", "N", "1000000", "Largest quantity of one line item"}, 1,
                    kIntMax, [](std::int64_t v, ServeConfig& c) {
                      c.node.service.limits.max_quantity = static_cast<int>(v);
                    }));
    s.push_back(Size({"partner-storage-quota", "SIZE", "256MiB",
                      "Most bytes one partner tenant may keep in carts and stored replies "
                      "(over: 403, code 800100; 0: no quota)"},
                     0, [](std::size_t v, ServeConfig& c) {
                       c.node.service.partner_storage_quota = static_cast<std::int64_t>(v);
                     }));
    s.push_back(Size(
        {"max-string", "SIZE", "1KiB", "Longest string (or member name) in request JSON, in bytes"},
        1, [](std::size_t v, ServeConfig& c) { c.node.parse.max_string_bytes = v; }));
    s.push_back(Int({"max-json-depth", "N", "32",
                     "Deepest nesting of arrays and objects in "
                     "request JSON"},
                    1, 10'000, [](std::int64_t v, ServeConfig& c) {
                      c.node.parse.max_depth = static_cast<std::size_t>(v);
                    }));
    s.push_back(Duration({"read-timeout", "DURATION", "10s",
                          "Time to receive a whole request once its first byte arrived"},
                         false,
                         [](milliseconds v, ServeConfig& c) { c.node.http.read_timeout = v; }));
    s.push_back(Duration({"idle-timeout", "DURATION", "60s",
                          "Time a kept-alive connection may wait for its next request"},
                         false,
                         [](milliseconds v, ServeConfig& c) { c.node.http.idle_timeout = v; }));
    s.push_back(Duration({"write-timeout", "DURATION", "10s",
                          "Time to write a response to a client that does not read it"},
                         false,
                         [](milliseconds v, ServeConfig& c) { c.node.http.write_timeout = v; }));
    s.push_back(
        Number({"rate-limit", "RATE", "100",
                "Requests per second per partner tenant on /v1 (0: no limit)"},
               0, [](double v, ServeConfig& c) { c.node.rate_limit.requests_per_second = v; }));
    s.push_back(Int({"rate-limit-burst", "N", "200",
                     "Requests a partner tenant may make at once (the bucket size)"},
                    1, kIntMax,
                    [](std::int64_t v, ServeConfig& c) { c.node.rate_limit.burst = v; }));
    s.push_back(Duration({"sweep-interval", "DURATION", "60s",
                          "How often expired carts and old idempotency replies are deleted"},
                         false, [](milliseconds v, ServeConfig& c) { c.node.sweep_interval = v; }));
    s.push_back(Duration({"sweep-grace", "DURATION", "1h",
                          "How long an expired cart is kept (answering 404 \"expired\") before "
                          "it is deleted"},
                         true, [](milliseconds v, ServeConfig& c) {
                           c.node.sweep_grace = std::chrono::duration_cast<Ticks>(v);
                         }));
    s.push_back(
        Path({"tls-cert", "FILE", "", "PEM certificate chain: serve HTTPS (with --tls-key)"},
             [](ServeConfig& c) -> std::string& { return c.node.http.tls_certificate_file; }));
    s.push_back(
        Path({"tls-key", "FILE", "", "PEM private key of --tls-cert"},
             [](ServeConfig& c) -> std::string& { return c.node.http.tls_private_key_file; }));
    s.push_back(Text({"log-level", "LEVEL", "info", "trace, debug, info, warn, error or off"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       const std::optional<ops::LogLevel> level = ops::ParseLogLevel(text);
                       if (!level) {
                         return InvalidInput("not trace, debug, info, warn, error or off");
                       }
                       c.log.level = *level;
                       return Status::Ok();
                     }));
    s.push_back(
        Text({"log-format", "FORMAT", "json", "json (one object per line) or text (for people)"},
             [](std::string_view text, ServeConfig& c) -> Status {
               if (text == "json") {
                 c.log.format = ops::LogFormat::kJson;
               } else if (text == "text") {
                 c.log.format = ops::LogFormat::kText;
               } else {
                 return InvalidInput("not json or text");
               }
               return Status::Ok();
             }));
    s.push_back(Text({"log-output", "STREAM", "stderr", "Where log lines go: stderr or stdout"},
                     [](std::string_view text, ServeConfig& c) -> Status {
                       if (text == "stderr") {
                         c.log.output = ops::LogOutput::kStderr;
                       } else if (text == "stdout") {
                         c.log.output = ops::LogOutput::kStdout;
                       } else {
                         return InvalidInput("not stderr or stdout");
                       }
                       return Status::Ok();
                     }));
    s.push_back(Bool({"access-log", "", "true",
                      "One log line per answered request, at level info (--access-log=false: "
                      "none)"},
                     [](bool v, ServeConfig& c) { c.log.access_log = v; }));
    return s;
  }();
  return settings;
}

const Setting* FindSetting(std::string_view name) {
  for (const Setting& setting : Settings()) {
    if (setting.info.name == name) return &setting;
  }
  return nullptr;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The setting whose spelling (by `spell`) is nearest to `text`, if it is a likely typo.
template <typename Spell>
const Setting* NearMiss(std::string_view text, Spell spell) {
  const Setting* best = nullptr;
  std::size_t best_distance = 3;  // more than 2 edits is not a typo
  for (const Setting& setting : Settings()) {
    const std::size_t distance = EditDistance(ToLower(text), ToLower(spell(setting.info.name)));
    if (distance < best_distance) {
      best = &setting;
      best_distance = distance;
    }
  }
  return best;
}

// Where a value came from, for messages.
struct Origin {
  std::string text;  // "flag --workers", "environment variable CARTD_WORKERS", ...
};

Status ApplyValue(const Setting& setting, std::string_view value, const Origin& origin,
                  ServeConfig& config) {
  const Status status = setting.apply(value, config);
  if (status.ok()) return status;
  std::string message = "invalid value ";
  message += setting.sensitive ? std::string("(not shown)") : "'" + std::string(value) + "'";
  message +=
      " for " + std::string(setting.info.name) + " (" + origin.text + "): " + status.message();
  return InvalidInput(std::move(message));
}

// The text of a TOML value for `setting`, or why the value cannot be one.
StatusOr<std::string> TomlValueText(const Setting& setting, const toml::node& node) {
  switch (setting.kind) {
    case Kind::kBool:
      if (const auto* value = node.as_boolean()) {
        return std::string(value->get() ? "true" : "false");
      }
      return InvalidInput("expected true or false");
    case Kind::kInt:
      if (const auto* value = node.as_integer()) return std::to_string(value->get());
      return InvalidInput("expected an integer");
    case Kind::kNumber:
      if (const auto* value = node.as_integer()) return std::to_string(value->get());
      if (const auto* value = node.as_floating_point()) return FormatNumber(value->get());
      return InvalidInput("expected a number");
    case Kind::kSize:
      if (const auto* value = node.as_integer()) return std::to_string(value->get());
      if (const auto* value = node.as_string()) return value->get();
      return InvalidInput("expected a size, such as 1048576 or \"1MiB\"");
    case Kind::kDuration:
      if (const auto* value = node.as_string()) return value->get();
      return InvalidInput("expected a duration string, such as \"10s\"");
    case Kind::kText:
      if (const auto* value = node.as_string()) return value->get();
      return InvalidInput("expected a string");
  }
  return InvalidInput("unsupported value");
}

Status ApplyFile(const std::string& path, const std::string& text, ServeConfig& config) {
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    return InvalidInput("config file " + path + ", line " +
                        std::to_string(error.source().begin.line) + ": " +
                        std::string(error.description()));
  }
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    const std::string where =
        "config file " + path + ", line " + std::to_string(key.source().begin.line);
    std::string flag_name = name;
    std::replace(flag_name.begin(), flag_name.end(), '_', '-');
    const Setting* setting = SettingFileKey(flag_name) == name ? FindSetting(flag_name) : nullptr;
    if (setting == nullptr) {
      std::string message = "unknown setting '" + name + "' in " + where;
      if (const Setting* near = NearMiss(name, SettingFileKey)) {
        message += " (did you mean '" + SettingFileKey(near->info.name) + "'?)";
      }
      return InvalidInput(message);
    }
    StatusOr<std::string> value = TomlValueText(*setting, node);
    if (!value.ok()) {
      return InvalidInput("invalid value for " + std::string(setting->info.name) + " (" + where +
                          "): " + value.status().message());
    }
    CARTD_RETURN_IF_ERROR(ApplyValue(*setting, *value, Origin{where}, config));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<SettingInfo>& ServeSettings() {
  static const std::vector<SettingInfo> infos = [] {
    std::vector<SettingInfo> result;
    for (const Setting& setting : Settings()) result.push_back(setting.info);
    return result;
  }();
  return infos;
}

std::string SettingEnvName(std::string_view name) {
  std::string env = "CARTD_";
  for (char c : name) {
    env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return env;
}

std::string SettingFileKey(std::string_view name) {
  std::string key(name);
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

std::optional<std::string> ConfigFilePath(const ConfigSources& sources) {
  if (auto flag = sources.flags.find("config"); flag != sources.flags.end()) return flag->second;
  if (auto env = sources.environment.find("CARTD_CONFIG");
      env != sources.environment.end() && !env->second.empty()) {
    return env->second;
  }
  return std::nullopt;
}

StatusOr<ResolvedConfig> ResolveServeConfig(const ConfigSources& sources) {
  ResolvedConfig resolved;
  ServeConfig& config = resolved.config;
  // The library's defaults (NodeOptions) differ from serve's in places (the rate limit is off
  // there); applying the documented defaults first makes --help the truth.
  for (const Setting& setting : Settings()) {
    CARTD_RETURN_IF_ERROR(
        ApplyValue(setting, setting.info.default_value, Origin{"default"}, config));
  }

  if (sources.config_text) {
    const std::string path = sources.config_path.value_or("(config)");
    resolved.config.config_file = path;
    CARTD_RETURN_IF_ERROR(ApplyFile(path, *sources.config_text, config));
  }

  for (const auto& [name, value] : sources.environment) {
    // An empty variable counts as unset, as shells and container specs often leave them.
    if (!name.starts_with("CARTD_") || name == "CARTD_CONFIG" || value.empty()) continue;
    const Setting* setting = nullptr;
    for (const Setting& candidate : Settings()) {
      if (SettingEnvName(candidate.info.name) == name) setting = &candidate;
    }
    if (setting == nullptr) {
      const std::string_view suffix = std::string_view(name).substr(6);
      if (const Setting* near =
              NearMiss(suffix, [](std::string_view n) { return SettingEnvName(n).substr(6); })) {
        return InvalidInput("unknown setting in environment variable " + name + " (did you mean " +
                            SettingEnvName(near->info.name) + "?)");
      }
      resolved.warnings.push_back("environment variable " + name +
                                  " is not a cartd setting; ignored");
      continue;
    }
    CARTD_RETURN_IF_ERROR(
        ApplyValue(*setting, value, Origin{"environment variable " + name}, config));
  }

  for (const auto& [name, value] : sources.flags) {
    if (name == "config") continue;
    const Setting* setting = FindSetting(name);
    if (setting == nullptr) return InvalidInput("unknown flag --" + name);
    CARTD_RETURN_IF_ERROR(ApplyValue(*setting, value, Origin{"flag --" + name}, config));
  }

  if (config.node.service.require_if_match) {
    resolved.warnings.push_back(std::string(kRequireIfMatchWarning));
  }
  config.node.controls = config.controls.value_or(config.node.demo);

  const bool has_cert = !config.node.http.tls_certificate_file.empty();
  const bool has_key = !config.node.http.tls_private_key_file.empty();
  if (has_cert != has_key) {
    return InvalidInput(has_cert ? "tls-cert is set but tls-key is not: HTTPS needs both"
                                 : "tls-key is set but tls-cert is not: HTTPS needs both");
  }
  return resolved;
}

}  // namespace cartd
