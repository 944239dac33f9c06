// `cartd serve`: runs a node in the foreground until SIGINT or SIGTERM.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

#include "auth/token_minter.h"
#include "cartd/commands.h"
#include "cartd/demo.h"
#include "cartd/node.h"
#include "cartd/store_url.h"
#include "common/duration.h"

namespace cartd {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "./var";
  std::string store;
  std::string catalog;
  std::string jwks;
  bool demo = false;
  std::string cart_ttl = "7d";
  std::string audience = "https://api.partnercenter.microsoft.com";
  std::string issuer;
  int io_threads = 0;
  int workers = 64;
  bool require_if_match = false;
  std::string shutdown_grace = "10s";
  std::string server_id;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0".
bool SplitListen(const std::string& listen, std::string& host, std::uint16_t& port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const int value = std::stoi(digits);
  if (value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void PrintBanner(const NodeOptions& options, const Node& node) {
  const std::string base = "http://" + UrlHost(options.http.host) + ":" + std::to_string(node.port());
  std::printf("cartd listening on %s\n", base.c_str());
  std::printf("  data directory: %s\n", options.data_dir.c_str());
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
    mint.now = SystemClock().Now();
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

int RunServe(const ServeFlags& flags) {
  NodeOptions options;
  if (!SplitListen(flags.listen, options.http.host, options.http.port)) {
    std::cerr << "cartd: --listen '" << flags.listen << "' is not HOST:PORT\n";
    return 2;
  }
  const auto ttl = ParseDuration(flags.cart_ttl);
  const auto grace = ParseDuration(flags.shutdown_grace);
  if (!ttl || ttl->count() == 0) {
    std::cerr << "cartd: --cart-ttl '" << flags.cart_ttl << "' is not a duration such as 7d\n";
    return 2;
  }
  if (!grace) {
    std::cerr << "cartd: --shutdown-grace '" << flags.shutdown_grace << "' is not a duration\n";
    return 2;
  }
  options.data_dir = flags.data_dir;
  options.store_url = flags.store;
  options.catalog_file = flags.catalog;
  options.jwks_file = flags.jwks;
  options.demo = flags.demo;
  options.service.cart_ttl = std::chrono::duration_cast<Ticks>(*ttl);
  options.service.require_if_match = flags.require_if_match;
  options.auth.audience = flags.audience;
  if (!flags.issuer.empty()) options.auth.issuer = flags.issuer;
  options.http.io_threads = flags.io_threads;
  options.http.worker_threads = flags.workers;
  options.server_id = flags.server_id;

  // Signals are taken by sigwait below; block them before any thread starts so that every
  // thread inherits the mask and none is interrupted.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  StatusOr<std::unique_ptr<Node>> node = Node::Start(options);
  if (!node.ok()) {
    std::cerr << "cartd: " << node.status().message() << "\n";
    return 1;
  }
  PrintBanner(options, **node);

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::fprintf(stderr, "cartd: %s received, stopping\n", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  (*node)->Stop(*grace);
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "Run the cart service in the foreground");
  serve->add_option("--listen", flags->listen, "Address to listen on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  serve->add_option("--data-dir", flags->data_dir, "Directory for the SQLite file and the dev signing key")
      ->capture_default_str();
  serve->add_option("--store", flags->store,
                    "Store URL: sqlite:///path/cartd.db or postgresql://user@host/db "
                    "(default: cartd.db in the data directory)");
  serve->add_option("--catalog", flags->catalog,
                    "Catalog file (default: the demo catalog with --demo, else none)");
  serve->add_option("--jwks", flags->jwks, "JWKS file with the RS256 keys tokens are signed with "
                                           "(turns dev HS256 tokens off)");
  serve->add_flag("--demo", flags->demo, "Load the demo partner, customers, catalog and seed cart");
  serve->add_option("--cart-ttl", flags->cart_ttl, "How long a cart lives after creation")
      ->capture_default_str();
  serve->add_option("--audience", flags->audience, "Required token audience (aud)")
      ->capture_default_str();
  serve->add_option("--issuer", flags->issuer, "Required token issuer (iss); default: not checked");
  serve->add_option("--threads", flags->io_threads, "Network I/O threads (0: one per core)")
      ->capture_default_str();
  serve->add_option("--workers", flags->workers, "Threads that run requests")->capture_default_str();
  serve->add_flag("--require-if-match", flags->require_if_match,
                  "Refuse PUT without If-Match (428)");
  serve->add_option("--shutdown-grace", flags->shutdown_grace,
                    "On SIGTERM, how long requests in flight may take to finish")
      ->capture_default_str();
  serve->add_option("--server-id", flags->server_id, "MS-ServerId (default: from the host name)");
  serve->callback([flags, &exit_code] { exit_code = RunServe(*flags); });
}

}  // namespace cartd
