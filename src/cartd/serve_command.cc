// `cartd serve`: runs a node in the foreground until SIGINT or SIGTERM; SIGHUP reloads the
// catalog and JWKS files.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "auth/token_minter.h"
#include "cartd/commands.h"
#include "cartd/demo.h"
#include "cartd/node.h"
#include "cartd/serve_config.h"
#include "common/duration.h"
#include "ops/event_log.h"

namespace cartd {
namespace {

std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void PrintBanner(const NodeOptions& options, const Node& node) {
  const std::string scheme = options.http.tls_certificate_file.empty() ? "http://" : "https://";
  const std::string base = scheme + UrlHost(options.http.host) + ":" + std::to_string(node.port());
  std::printf("cartd listening on %s\n", base.c_str());
  std::printf("  data directory: %s\n", options.data_dir.c_str());
  if (options.controls) {
    std::printf("  console:           %s/console\n", base.c_str());
    std::printf("  stand-in controls: %s/_cartd/ (docs/controls.md)\n", base.c_str());
    std::printf("  control token:\n    %s\n", node.control_token().c_str());
  }
  if (!options.demo) {
    std::fflush(stdout);
    return;
  }
  std::string token;
  if (!node.dev_signing_key().empty()) {
    auth::MintOptions mint;
    mint.tenant = demo::kPartnerTenant;
    mint.user_object_id = demo::kUser;
    mint.audience = options.auth.audience;
    if (options.auth.issuer) mint.issuer = *options.auth.issuer;
    mint.ttl = std::chrono::hours(24);
    // cartd's clock: the stand-in clock may have been moved ahead of the system's.
    mint.now = node.clock().Now();
    token = auth::MintHs256Token(mint, node.dev_signing_key());
  }
  std::printf("  demo partner tenant: %s\n", demo::kPartnerTenant);
  std::printf("  demo customer:       %s\n", demo::kCustomer);
  std::printf("  seed cart:           %s\n", demo::kSeedCart);
  if (token.empty()) {
    std::printf("  tokens: RS256 keys from %s (dev tokens are off)\n", options.jwks_file.c_str());
  } else {
    std::printf("  token (App+User, valid 24 hours):\n    %s\n", token.c_str());
    std::printf("\n  The seed's update (raise the quantity to 2):\n\n");
    std::printf("    export TOKEN=%s\n", token.c_str());
    std::printf(
        "    curl -sS -X PUT %s/v1/customers/%s/carts/%s/ \\\n"
        "      -H \"Authorization: Bearer $TOKEN\" -H \"Accept: application/json\" \\\n"
        "      -H \"Content-Type: application/json\" -H \"X-Locale: en-US\" \\\n"
        "      -H \"MS-CorrelationId: 0e93c70c-977a-4a88-9580-7cf084c73286\" \\\n"
        "      -d '%s'\n\n",
        base.c_str(), demo::kCustomer, demo::kSeedCart, demo::kSeedUpdateBody);
  }
  std::fflush(stdout);
}

// The CARTD_* variables of the process environment.
std::map<std::string, std::string, std::less<>> CartdEnvironment() {
  std::map<std::string, std::string, std::less<>> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || !text.starts_with("CARTD_")) continue;
    variables.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return variables;
}

std::optional<std::string> ReadTextFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string_view SignalName(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "signal";
  }
}

int RunServe(ConfigSources sources) {
  sources.environment = CartdEnvironment();
  sources.config_path = ConfigFilePath(sources);
  if (sources.config_path) {
    std::string error;
    sources.config_text = ReadTextFile(*sources.config_path, error);
    if (!sources.config_text) {
      std::cerr << "cartd: cannot read config file " << *sources.config_path << ": " << error
                << "\n";
      return 2;
    }
  }
  StatusOr<ResolvedConfig> resolved = ResolveServeConfig(sources);
  if (!resolved.ok()) {
    std::cerr << "cartd: " << resolved.status().message() << "\n";
    return 2;
  }
  ServeConfig& config = resolved->config;

  std::shared_ptr<ops::EventLog> log = ops::EventLog::Create(config.log);
  // Start-up lines wait until the banner is out, so that it comes first when both share stdout.
  log->Hold();
  if (log->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = log->Line(ops::LogLevel::kInfo, "starting");
    line.AddInt("pid", getpid())
        .Add("config_file", config.config_file.empty() ? "none" : config.config_file);
    log->Write(ops::LogLevel::kInfo, std::move(line));
  }
  for (const std::string& warning : resolved->warnings) {
    log->Event(ops::LogLevel::kWarn, "config_warning", {{"message", warning}});
  }
  config.node.log = log;

  // Signals are taken by sigwait below; block them before any thread starts so that every
  // thread inherits the mask and none is interrupted.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  StatusOr<std::unique_ptr<Node>> started = Node::Start(config.node);
  if (!started.ok()) {
    log->Event(ops::LogLevel::kError, "start_failed", {{"error", started.status().message()}});
    log->Release();
    std::cerr << "cartd: " << started.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<Node> node = *std::move(started);
  PrintBanner(config.node, *node);
  log->Release();

  int signal_number = 0;
  while (true) {
    sigwait(&signals, &signal_number);
    if (signal_number != SIGHUP) break;
    log->Event(ops::LogLevel::kInfo, "reload_requested", {{"signal", "SIGHUP"}});
    // Failures are logged by Reload, and the files in use are kept.
    static_cast<void>(node->Reload());
  }
  log->Event(
      ops::LogLevel::kInfo, "shutdown_begun",
      {{"signal", SignalName(signal_number)}, {"grace", FormatDuration(config.shutdown_grace)}});
  node->Stop(config.shutdown_grace);
  // Destroying the node closes the store once every write it was given has been answered.
  node.reset();
  log->Event(ops::LogLevel::kInfo, "shutdown_done");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  // One text slot per setting; std::map keeps their addresses stable for CLI11.
  auto values = std::make_shared<std::map<std::string, std::string, std::less<>>>();
  auto given = std::make_shared<std::vector<std::pair<std::string, CLI::Option*>>>();
  CLI::App* serve = app.add_subcommand("serve", "Run the cart service in the foreground");
  given->emplace_back("config", serve
                                    ->add_option("--config", (*values)["config"],
                                                 "TOML config file of settings (env CARTD_CONFIG)")
                                    ->type_name("FILE"));
  for (const SettingInfo& setting : ServeSettings()) {
    const std::string name(setting.name);
    std::string help(setting.help);
    help += " (";
    if (!setting.default_value.empty()) {
      help += "default ";
      help += setting.default_value;
      help += "; ";
    }
    help += "env " + SettingEnvName(name) + ")";
    std::string& slot = (*values)[name];
    CLI::Option* option = setting.is_switch ? serve->add_flag("--" + name, slot, help)
                                            : serve->add_option("--" + name, slot, help)
                                                  ->type_name(std::string(setting.value_name));
    given->emplace_back(name, option);
  }
  serve->footer(
      "Every setting can also be given as an environment variable (shown with each) or in the\n"
      "--config file, as a TOML key with '_' for '-' (max-body -> max_body = \"2MiB\").\n"
      "Precedence: flag, then environment, then config file, then default. Switches take\n"
      "--name=false. SIGHUP reloads the catalog and JWKS files; SIGTERM drains and stops.");
  serve->callback([values, given, &exit_code] {
    ConfigSources sources;
    for (const auto& [name, option] : *given) {
      if (option->count() > 0) sources.flags[name] = (*values)[name];
    }
    exit_code = RunServe(std::move(sources));
  });
}

}  // namespace cartd
