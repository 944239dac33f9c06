// `cartd token`: prints a development token signed with the data directory's HS256 key.
#include <iostream>
#include <optional>
#include <string>

#include "auth/control_token.h"
#include "auth/dev_key.h"
#include "auth/token_minter.h"
#include "cartd/commands.h"
#include "common/duration.h"
#include "common/ids.h"

namespace cartd {
namespace {

struct TokenFlags {
  std::string data_dir = "./var";
  std::string tenant;
  std::string user;
  std::string app;
  std::string ttl = "1h";
  std::string audience = "https://api.partnercenter.microsoft.com";
  std::string issuer;
  bool control = false;
};

int RunToken(const TokenFlags& flags) {
  if (flags.tenant.empty()) {
    std::cerr << "cartd token: --tenant is required (or --control for the control token)\n";
    return 2;
  }
  const std::optional<std::string> tenant = CanonicalGuid(flags.tenant);
  if (!tenant) {
    std::cerr << "cartd token: --tenant '" << flags.tenant << "' is not a GUID\n";
    return 2;
  }
  const auto ttl = ParseDuration(flags.ttl);
  if (!ttl || ttl->count() < 1000) {
    std::cerr << "cartd token: --ttl '" << flags.ttl << "' is not a duration of 1s or more\n";
    return 2;
  }
  StatusOr<std::string> key = auth::LoadOrCreateDevKey(flags.data_dir);
  if (!key.ok()) {
    std::cerr << "cartd token: " << key.status().message() << "\n";
    return 1;
  }
  auth::MintOptions mint;
  mint.tenant = *tenant;
  mint.user_object_id = flags.user;
  mint.app_id = flags.app;
  mint.audience = flags.audience;
  if (!flags.issuer.empty()) mint.issuer = flags.issuer;
  mint.ttl = std::chrono::duration_cast<std::chrono::seconds>(*ttl);
  mint.now = SystemClock().Now();
  std::cout << auth::MintHs256Token(mint, *key) << "\n";
  return 0;
}

}  // namespace

void AddTokenCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<TokenFlags>();
  CLI::App* token = app.add_subcommand(
      "token", "Print a development token signed with the data directory's HS256 key");
  token->add_option("--data-dir", flags->data_dir, "The data directory of the cartd to call")
      ->capture_default_str();
  token->add_option("--tenant", flags->tenant, "Partner tenant id (tid)");
  auto* user = token->add_option("--user", flags->user, "User object id (oid): an App+User token");
  auto* app_id =
      token->add_option("--app", flags->app, "Application id (appid): an App-only token");
  user->excludes(app_id);
  token->add_option("--ttl", flags->ttl, "How long the token is valid")->capture_default_str();
  token->add_option("--audience", flags->audience, "Token audience (aud)")->capture_default_str();
  token->add_option("--issuer", flags->issuer, "Token issuer (iss)");
  token->add_flag("--control", flags->control,
                  "Print the control token of the stand-in controls (/_cartd/) instead");
  token->callback([flags, &exit_code] {
    if (flags->control) {
      StatusOr<std::string> control = auth::LoadOrCreateControlToken(flags->data_dir);
      if (!control.ok()) {
        std::cerr << "cartd token: " << control.status().message() << "\n";
        exit_code = 1;
        return;
      }
      std::cout << *control << "\n";
      exit_code = 0;
      return;
    }
    if (flags->user.empty() && flags->app.empty()) {
      std::cerr << "cartd token: give --user OID (App+User) or --app APPID (App-only)\n";
      exit_code = 2;
      return;
    }
    exit_code = RunToken(*flags);
  });
}

}  // namespace cartd
