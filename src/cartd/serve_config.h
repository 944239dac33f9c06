// The settings of `cartd serve`, from four sources in order of precedence: command-line flags,
// CARTD_* environment variables, a TOML config file, and the defaults (SPEC §8).
//
// Each setting has one name in three spellings: the flag --max-body, the environment variable
// CARTD_MAX_BODY and the config file key max_body. Values are read the same way from every
// source (a TOML file may also give numbers and booleans as such), and a value that cannot be
// used stops start-up with a message naming the setting and where the value came from.
//
// Unknown settings: an unknown flag or config file key stops start-up; so does an unknown
// CARTD_* variable that is a near miss of a setting's (CARTD_LISTN), while other unknown CARTD_*
// variables only draw a warning, because the environment is shared with other software (a
// Kubernetes Service named "cartd" injects CARTD_PORT, CARTD_SERVICE_HOST, ... into every pod).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartd/node.h"
#include "common/status.h"
#include "ops/event_log.h"

namespace cartd {

// Everything `cartd serve` runs with.
struct ServeConfig {
  NodeOptions node;
  std::chrono::milliseconds shutdown_grace{10'000};
  ops::LogOptions log;
  // The config file that was read; empty when none.
  std::string config_file;
  // --controls as given; nullopt ("auto"): node.controls follows node.demo.
  std::optional<bool> controls;
};

// One setting, as --help and docs/operations.md show it.
struct SettingInfo {
  std::string_view name;           // the flag without "--": "max-body"
  std::string_view value_name;     // what --help shows after the flag: "SIZE"
  std::string_view default_value;  // as text, read like any other value ("" for none)
  std::string_view help;
  bool is_switch = false;  // a flag that needs no value (--demo means --demo=true)
};

// Every setting of `cartd serve` except --config, in --help order.
const std::vector<SettingInfo>& ServeSettings();

// "max-body" -> "CARTD_MAX_BODY"; "max-body" -> "max_body".
std::string SettingEnvName(std::string_view name);
std::string SettingFileKey(std::string_view name);

// The raw inputs of ResolveServeConfig.
struct ConfigSources {
  // The flags given on the command line, by setting name ("max-body"), with their text.
  std::map<std::string, std::string, std::less<>> flags;
  // The process environment (only CARTD_* variables are looked at).
  std::map<std::string, std::string, std::less<>> environment;
  // The config file: its path (for messages) and text; nullopt when none was given.
  std::optional<std::string> config_path;
  std::optional<std::string> config_text;
};

// Logged at start when require-if-match is on: the official SDKs cannot update a cart then.
inline constexpr std::string_view kRequireIfMatchWarning =
    "require-if-match is on: a PUT without If-Match is refused with 428, and the official Java "
    "and .NET SDKs never send If-Match, so they cannot update a cart (the Java SDK retries the "
    "428 without end, the .NET SDK four times)";

struct ResolvedConfig {
  ServeConfig config;
  // Things worth telling the operator that did not stop start-up (unknown CARTD_* variables,
  // require-if-match on).
  std::vector<std::string> warnings;
};

// Applies defaults, then the file, then the environment, then the flags, and checks the result
// (e.g. --tls-cert and --tls-key go together).
// Errors: kInvalidInput with a message naming the setting and its source, e.g.
//   "invalid value 'many' for workers (environment variable CARTD_WORKERS): not an integer"
//   "unknown setting 'lissten' in config file /etc/cartd.toml, line 2 (did you mean 'listen'?)"
StatusOr<ResolvedConfig> ResolveServeConfig(const ConfigSources& sources);

// The config file to read: --config, else CARTD_CONFIG, else none.
std::optional<std::string> ConfigFilePath(const ConfigSources& sources);

}  // namespace cartd
