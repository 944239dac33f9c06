#include "cartd/serve_config.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cartd {
namespace {

using std::chrono::milliseconds;

StatusOr<ServeConfig> Resolve(ConfigSources sources) {
  StatusOr<ResolvedConfig> resolved = ResolveServeConfig(sources);
  if (!resolved.ok()) return resolved.status();
  return std::move(resolved)->config;
}

std::string ErrorOf(ConfigSources sources) {
  StatusOr<ResolvedConfig> resolved = ResolveServeConfig(sources);
  EXPECT_FALSE(resolved.ok());
  if (resolved.ok()) return "";
  EXPECT_EQ(resolved.status().code(), ErrorCode::kInvalidInput);
  return resolved.status().message();
}

ConfigSources WithFile(std::string text) {
  ConfigSources sources;
  sources.config_path = "/etc/cartd.toml";
  sources.config_text = std::move(text);
  return sources;
}

TEST(ServeConfigTest, Defaults) {
  StatusOr<ServeConfig> config = Resolve({});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const NodeOptions& node = config->node;
  EXPECT_EQ(node.http.host, "127.0.0.1");
  EXPECT_EQ(node.http.port, 8080);
  EXPECT_EQ(node.data_dir, "./var");
  EXPECT_EQ(node.store_url, "");
  EXPECT_FALSE(node.demo);
  EXPECT_EQ(node.service.cart_ttl, std::chrono::hours(24 * 7));
  EXPECT_EQ(node.auth.audience, "https://api.partnercenter.microsoft.com");
  EXPECT_FALSE(node.auth.issuer.has_value());
  EXPECT_EQ(node.http.io_threads, 0);
  EXPECT_EQ(node.http.worker_threads, 64);
  EXPECT_FALSE(node.service.require_if_match);
  EXPECT_EQ(config->shutdown_grace, milliseconds(10'000));
  EXPECT_EQ(node.server_id, "");
  EXPECT_EQ(node.http.max_body_bytes, 1u << 20);
  EXPECT_EQ(node.http.max_header_bytes, 16u << 10);
  EXPECT_EQ(node.service.limits.max_line_items, 250);
  EXPECT_EQ(node.service.limits.max_quantity, 1'000'000);
  EXPECT_EQ(node.service.partner_storage_quota, std::int64_t{256} << 20);
  EXPECT_EQ(node.parse.max_string_bytes, 1024u);
  EXPECT_EQ(node.parse.max_depth, 32u);
  EXPECT_EQ(node.http.read_timeout, milliseconds(10'000));
  EXPECT_EQ(node.http.idle_timeout, milliseconds(60'000));
  EXPECT_EQ(node.http.write_timeout, milliseconds(10'000));
  EXPECT_EQ(node.rate_limit.requests_per_second, 100);
  EXPECT_EQ(node.rate_limit.burst, 200);
  EXPECT_EQ(node.sweep_interval, milliseconds(60'000));
  EXPECT_EQ(node.sweep_grace, std::chrono::hours(1));
  EXPECT_EQ(node.http.tls_certificate_file, "");
  EXPECT_EQ(node.http.tls_private_key_file, "");
  EXPECT_EQ(config->log.level, ops::LogLevel::kInfo);
  EXPECT_EQ(config->log.format, ops::LogFormat::kJson);
  EXPECT_EQ(config->log.output, ops::LogOutput::kStderr);
  EXPECT_TRUE(config->log.access_log);
  EXPECT_EQ(config->config_file, "");
}

// The defaults that --help shows are the library's defaults, except the rate limit and the
// partner storage quota (off in NodeOptions, on for `cartd serve`).
TEST(ServeConfigTest, DefaultsMatchTheLibraryDefaults) {
  StatusOr<ServeConfig> config = Resolve({});
  ASSERT_TRUE(config.ok());
  const NodeOptions library;
  EXPECT_EQ(config->node.http.max_body_bytes, library.http.max_body_bytes);
  EXPECT_EQ(config->node.http.max_header_bytes, library.http.max_header_bytes);
  EXPECT_EQ(config->node.http.max_body_memory_bytes, library.http.max_body_memory_bytes);
  EXPECT_EQ(config->node.http.max_connections, library.http.max_connections);
  EXPECT_EQ(config->node.http.read_timeout, library.http.read_timeout);
  EXPECT_EQ(config->node.http.idle_timeout, library.http.idle_timeout);
  EXPECT_EQ(config->node.http.worker_threads, library.http.worker_threads);
  EXPECT_EQ(config->node.service.cart_ttl, library.service.cart_ttl);
  EXPECT_EQ(config->node.service.limits.max_line_items, library.service.limits.max_line_items);
  EXPECT_EQ(config->node.service.limits.max_quantity, library.service.limits.max_quantity);
  EXPECT_EQ(config->node.parse.max_depth, library.parse.max_depth);
  EXPECT_EQ(config->node.parse.max_string_bytes, library.parse.max_string_bytes);
  EXPECT_EQ(config->node.sweep_interval, library.sweep_interval);
  EXPECT_EQ(config->node.sweep_grace, library.sweep_grace);
  EXPECT_EQ(config->node.auth.audience, library.auth.audience);
  EXPECT_EQ(config->node.rate_limit.burst, library.rate_limit.burst);
}

TEST(ServeConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  ConfigSources sources = WithFile("server_id = \"FILE\"\nworkers = 3\nio_threads = 2\n");
  sources.environment = {{"CARTD_SERVER_ID", "ENV"}, {"CARTD_WORKERS", "5"}};
  sources.flags = {{"server-id", "FLAG"}};
  StatusOr<ServeConfig> config = Resolve(sources);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->node.server_id, "FLAG");              // flag over env and file
  EXPECT_EQ(config->node.http.worker_threads, 5);         // env over file
  EXPECT_EQ(config->node.http.io_threads, 2);             // file over default
  EXPECT_EQ(config->node.http.max_body_bytes, 1u << 20);  // default
  EXPECT_EQ(config->config_file, "/etc/cartd.toml");
}

// Every documented default is a valid value, given as a flag or as an environment variable.
TEST(ServeConfigTest, EveryDefaultIsAValidValue) {
  for (const SettingInfo& setting : ServeSettings()) {
    SCOPED_TRACE(std::string(setting.name));
    ConfigSources flags;
    flags.flags[std::string(setting.name)] = std::string(setting.default_value);
    StatusOr<ResolvedConfig> by_flag = ResolveServeConfig(flags);
    EXPECT_TRUE(by_flag.ok()) << by_flag.status().ToString();
    ConfigSources env;
    env.environment[SettingEnvName(setting.name)] = std::string(setting.default_value);
    StatusOr<ResolvedConfig> by_env = ResolveServeConfig(env);
    EXPECT_TRUE(by_env.ok()) << by_env.status().ToString();
    EXPECT_TRUE(by_env.ok() && by_env->warnings.empty());
  }
}

TEST(ServeConfigTest, ValuesOfEveryKind) {
  ConfigSources sources;
  sources.flags = {{"listen", "[::1]:9443"},
                   {"demo", "true"},
                   {"cart-ttl", "1h30m"},
                   {"max-body", "64KiB"},
                   {"max-header", "32768"},
                   {"max-string", "2KB"},
                   {"rate-limit", "0.5"},
                   {"rate-limit-burst", "3"},
                   {"issuer", "https://issuer.example"},
                   {"log-level", "debug"},
                   {"log-format", "text"},
                   {"log-output", "stdout"},
                   {"access-log", "false"},
                   {"tls-cert", "/c.pem"},
                   {"tls-key", "/k.pem"},
                   {"shutdown-grace", "0s"},
                   {"provisioning-delay", "250ms"}};
  StatusOr<ServeConfig> config = Resolve(sources);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->node.orders.provisioning_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(config->node.http.host, "::1");
  EXPECT_EQ(config->node.http.port, 9443);
  EXPECT_TRUE(config->node.demo);
  EXPECT_EQ(config->node.service.cart_ttl, std::chrono::minutes(90));
  EXPECT_EQ(config->node.http.max_body_bytes, 65536u);
  EXPECT_EQ(config->node.http.max_header_bytes, 32768u);
  EXPECT_EQ(config->node.parse.max_string_bytes, 2000u);
  EXPECT_EQ(config->node.rate_limit.requests_per_second, 0.5);
  EXPECT_EQ(config->node.rate_limit.burst, 3);
  EXPECT_EQ(config->node.auth.issuer, "https://issuer.example");
  EXPECT_EQ(config->log.level, ops::LogLevel::kDebug);
  EXPECT_EQ(config->log.format, ops::LogFormat::kText);
  EXPECT_EQ(config->log.output, ops::LogOutput::kStdout);
  EXPECT_FALSE(config->log.access_log);
  EXPECT_EQ(config->node.http.tls_certificate_file, "/c.pem");
  EXPECT_EQ(config->node.http.tls_private_key_file, "/k.pem");
  EXPECT_EQ(config->shutdown_grace, milliseconds(0));
}

TEST(ServeConfigTest, TomlTypesAreChecked) {
  StatusOr<ServeConfig> config =
      Resolve(WithFile("demo = true\nrate_limit = 2.5\nmax_body = \"2MiB\"\nmax_header = 20000\n"
                       "read_timeout = \"3s\"\n"));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->node.demo);
  EXPECT_EQ(config->node.rate_limit.requests_per_second, 2.5);
  EXPECT_EQ(config->node.http.max_body_bytes, 2u << 20);
  EXPECT_EQ(config->node.http.max_header_bytes, 20000u);
  EXPECT_EQ(config->node.http.read_timeout, milliseconds(3000));

  EXPECT_EQ(ErrorOf(WithFile("\n\nworkers = \"8\"\n")),
            "invalid value for workers (config file /etc/cartd.toml, line 3): expected an integer");
  EXPECT_EQ(ErrorOf(WithFile("demo = \"yes\"\n")),
            "invalid value for demo (config file /etc/cartd.toml, line 1): expected true or false");
  EXPECT_EQ(ErrorOf(WithFile("read_timeout = 3\n")),
            "invalid value for read-timeout (config file /etc/cartd.toml, line 1): expected a "
            "duration string, such as \"10s\"");
}

TEST(ServeConfigTest, UnknownFileKeyStopsStartUp) {
  EXPECT_EQ(ErrorOf(WithFile("listen = \"127.0.0.1:1\"\nlissten = \"x\"\n")),
            "unknown setting 'lissten' in config file /etc/cartd.toml, line 2 (did you mean "
            "'listen'?)");
  EXPECT_EQ(ErrorOf(WithFile("data-dir = \"/tmp\"\n")),
            "unknown setting 'data-dir' in config file /etc/cartd.toml, line 1 (did you mean "
            "'data_dir'?)");
  EXPECT_EQ(ErrorOf(WithFile("[server]\nlisten = \"x\"\n")),
            "unknown setting 'server' in config file /etc/cartd.toml, line 1");
  EXPECT_EQ(ErrorOf(WithFile("config = \"other.toml\"\n")),
            "unknown setting 'config' in config file /etc/cartd.toml, line 1");
}

TEST(ServeConfigTest, MalformedFileStopsStartUp) {
  EXPECT_EQ(ErrorOf(WithFile("listen = \"127.0.0.1:1\"\nworkers = = 2\n"))
                .rfind("config file /etc/cartd.toml, line 2: ", 0),
            0u);
}

TEST(ServeConfigTest, InvalidValuesNameTheSettingAndSource) {
  ConfigSources env;
  env.environment = {{"CARTD_WORKERS", "many"}};
  EXPECT_EQ(ErrorOf(env),
            "invalid value 'many' for workers (environment variable CARTD_WORKERS): not an "
            "integer");
  ConfigSources flag;
  flag.flags = {{"workers", "0"}};
  EXPECT_EQ(ErrorOf(flag),
            "invalid value '0' for workers (flag --workers): must be between 1 and 4096");
  ConfigSources file = WithFile("listen = \"nowhere\"\n");
  EXPECT_EQ(ErrorOf(file),
            "invalid value 'nowhere' for listen (config file /etc/cartd.toml, line 1): not "
            "HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
  ConfigSources durations;
  durations.flags = {{"cart-ttl", "0s"}};
  EXPECT_EQ(ErrorOf(durations),
            "invalid value '0s' for cart-ttl (flag --cart-ttl): must be more than 0");
  ConfigSources level;
  level.environment = {{"CARTD_LOG_LEVEL", "loud"}};
  EXPECT_EQ(ErrorOf(level),
            "invalid value 'loud' for log-level (environment variable CARTD_LOG_LEVEL): not "
            "trace, debug, info, warn, error or off");
  ConfigSources rate;
  rate.flags = {{"rate-limit", "-1"}};
  EXPECT_EQ(ErrorOf(rate),
            "invalid value '-1' for rate-limit (flag --rate-limit): must be at least 0");
  ConfigSources size;
  size.flags = {{"max-body", "1 MiB"}};
  EXPECT_EQ(ErrorOf(size),
            "invalid value '1 MiB' for max-body (flag --max-body): not a size such as 1048576, "
            "64KiB or 1MiB");
}

TEST(ServeConfigTest, PartnerStorageQuotaIsASizeAndZeroTurnsItOff) {
  ConfigSources sources;
  sources.flags = {{"partner-storage-quota", "64KiB"}};
  StatusOr<ServeConfig> config = Resolve(sources);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->node.service.partner_storage_quota, 64 << 10);
  sources.flags = {};
  sources.environment = {{"CARTD_PARTNER_STORAGE_QUOTA", "0"}};
  config = Resolve(sources);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->node.service.partner_storage_quota, 0);
}

TEST(ServeConfigTest, StoreUrlsAreNotEchoed) {
  ConfigSources sources;
  sources.environment = {{"CARTD_STORE", "mysql://user:hunter2@db/cartd"}};
  const std::string message = ErrorOf(sources);
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  EXPECT_EQ(message,
            "invalid value (not shown) for store (environment variable CARTD_STORE): not a store "
            "URL: use sqlite:///path/to/file.db, postgresql://user@host/db or memory://");
}

TEST(ServeConfigTest, TlsNeedsCertificateAndKey) {
  ConfigSources sources;
  sources.flags = {{"tls-cert", "/c.pem"}};
  EXPECT_EQ(ErrorOf(sources), "tls-cert is set but tls-key is not: HTTPS needs both");
}

TEST(ServeConfigTest, UnknownEnvironmentVariables) {
  ConfigSources typo;
  typo.environment = {{"CARTD_LISTN", "127.0.0.1:1"}};
  EXPECT_EQ(ErrorOf(typo),
            "unknown setting in environment variable CARTD_LISTN (did you mean CARTD_LISTEN?)");

  // Variables of other software that happen to share the prefix are only warned about.
  ConfigSources unrelated;
  unrelated.environment = {{"CARTD_PORT", "tcp://10.0.0.1:8080"},
                           {"CARTD_SERVICE_HOST", "10.0.0.1"},
                           {"CARTD_SOURCE_DIR", "/src"},
                           {"CARTD_BINARY_DIR", "/build"},
                           {"OTHER", "x"}};
  StatusOr<ResolvedConfig> resolved = ResolveServeConfig(unrelated);
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->warnings,
            (std::vector<std::string>{
                "environment variable CARTD_BINARY_DIR is not a cartd setting; ignored",
                "environment variable CARTD_PORT is not a cartd setting; ignored",
                "environment variable CARTD_SERVICE_HOST is not a cartd setting; ignored",
                "environment variable CARTD_SOURCE_DIR is not a cartd setting; ignored"}));
}

TEST(ServeConfigTest, RequireIfMatchWarnsThatTheOfficialSdksCannotUpdate) {
  ConfigSources off;
  StatusOr<ResolvedConfig> quiet = ResolveServeConfig(off);
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();
  EXPECT_TRUE(quiet->warnings.empty());

  ConfigSources on;
  on.flags = {{"require-if-match", "true"}};
  StatusOr<ResolvedConfig> warned = ResolveServeConfig(on);
  ASSERT_TRUE(warned.ok()) << warned.status().ToString();
  EXPECT_TRUE(warned->config.node.service.require_if_match);
  ASSERT_EQ(warned->warnings, (std::vector<std::string>{std::string(kRequireIfMatchWarning)}));
  EXPECT_NE(warned->warnings[0].find("Java and .NET SDKs"), std::string::npos);
}

TEST(ServeConfigTest, EmptyEnvironmentVariablesCountAsUnset) {
  ConfigSources sources;
  sources.environment = {{"CARTD_WORKERS", ""}};
  StatusOr<ServeConfig> config = Resolve(sources);
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->node.http.worker_threads, 64);
}

TEST(ServeConfigTest, ConfigFileFromFlagOrEnvironment) {
  ConfigSources none;
  EXPECT_EQ(ConfigFilePath(none), std::nullopt);
  ConfigSources env;
  env.environment = {{"CARTD_CONFIG", "/env.toml"}};
  EXPECT_EQ(ConfigFilePath(env), "/env.toml");
  env.flags = {{"config", "/flag.toml"}};
  EXPECT_EQ(ConfigFilePath(env), "/flag.toml");
}

TEST(ServeConfigTest, NamesAreUniqueAndWellFormed) {
  std::set<std::string> names;
  for (const SettingInfo& setting : ServeSettings()) {
    EXPECT_TRUE(names.insert(std::string(setting.name)).second) << setting.name;
    EXPECT_FALSE(setting.help.empty()) << setting.name;
    EXPECT_EQ(setting.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string::npos);
    EXPECT_EQ(setting.is_switch, setting.value_name.empty()) << setting.name;
  }
  EXPECT_EQ(SettingEnvName("max-body"), "CARTD_MAX_BODY");
  EXPECT_EQ(SettingFileKey("max-body"), "max_body");
  EXPECT_EQ(names.size(), 41u);
}

}  // namespace
}  // namespace cartd
