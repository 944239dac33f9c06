// Node: one running cartd, assembled from its parts. This is the composition root: it chooses the
// store, loads the catalog and the token keys, wires the domain service to the HTTP app and
// starts the transport and the expiry sweeper. `cartd serve` runs one; integration tests run
// them in-process (with a FakeClock when they need to move time).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "auth/verifier_options.h"
#include "common/clock.h"
#include "common/status.h"
#include "controls/fixtures.h"
#include "controls/request_journal.h"
#include "domain/cart_service.h"
#include "domain/cart_store.h"
#include "domain/order_service.h"
#include "http/server.h"
#include "ops/event_log.h"
#include "ops/rate_limiter.h"
#include "partnercenter/json.h"

namespace cartd {

struct NodeOptions {
  // Where the SQLite file and the dev signing key live. Created if missing.
  std::filesystem::path data_dir = "var";
  // "sqlite:///abs/path.db", "sqlite://relative.db", or "postgresql://..."; empty: the SQLite
  // file cartd.db in data_dir.
  std::string store_url;
  // The catalog file; empty: the built-in demo catalog with `demo`, else no catalog (lines are
  // then not validated against one).
  std::filesystem::path catalog_file;
  // A JWKS file of RS256 keys. When set, tokens must be RS256 ones from it and the dev HS256 key
  // is not accepted (so that a deployment with real keys cannot be entered with dev tokens).
  std::filesystem::path jwks_file;
  // Load the demo partner's customers and the seed cart (idempotent; see demo.h).
  bool demo = false;
  // The stand-in controls under /_cartd/ (SPEC §13): the movable clock (shared through the
  // store), fault rules, the request journal, reset and fixtures. Off: /_cartd/ is 404 and the
  // clock is `clock` as it is.
  bool controls = false;
  controls::JournalOptions journal;
  // How often a node with controls re-reads the clock offset another node may have moved.
  std::chrono::milliseconds clock_sync_interval{1000};
  http::ServerOptions http;
  CartServiceOptions service;
  // The order lifecycle: provisioning delay and cancellation window.
  OrderServiceOptions orders;
  auth::VerifierOptions auth;
  // MS-ServerId; empty: derived from the host name.
  std::string server_id;
  // How often due orders are completed and expired carts and old idempotency replies deleted, and
  // how long an expired cart is kept (answering 404 "expired") before it is.
  std::chrono::milliseconds sweep_interval{60'000};
  Ticks sweep_grace = std::chrono::hours(1);
  // Limits on request JSON (SPEC §7).
  partnercenter::ParseOptions parse;
  // What the carts kept in memory may take: half for their rendered bodies (api::RenderedCarts),
  // half decoded (storage::CachingStore). 0: none kept.
  std::size_t cart_cache_bytes = 8 << 20;
  // The per-partner-tenant request budget of /v1, measured on `clock`. Off unless set here
  // (`cartd serve` sets SPEC §7's 100 requests/s, burst 200).
  ops::RateLimitOptions rate_limit{.requests_per_second = 0, .burst = 200};
  // Where lifecycle events and the access log go; nullptr: nowhere.
  std::shared_ptr<ops::EventLog> log;
  // The clock; nullptr: the system clock. Must outlive the Node.
  const Clock* clock = nullptr;
};

// Thread-safe where noted; Stop/Wait as http::Server.
class Node {
 public:
  // Starts everything. Errors: whatever stopped it (store, catalog, keys, binding), with a
  // message fit for the operator.
  static StatusOr<std::unique_ptr<Node>> Start(NodeOptions options);

  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  std::uint16_t port() const;
  // The HS256 development key (empty when a JWKS is configured).
  const std::string& dev_signing_key() const;
  // What the stand-in controls accept (see auth/control_token.h); empty when they are off.
  const std::string& control_token() const;
  // The clock the node runs on: the stand-in clock with controls, else NodeOptions::clock.
  const Clock& clock() const;
  CartStore& store();
  CartService& service();
  OrderService& orders();

  // Loads the catalog file and the JWKS file again (those configured) and puts them in use;
  // requests in flight finish with what they started with, and no connection is dropped. A
  // file that cannot be loaded is logged and the one in use is kept. Thread-safe; reloads run
  // one at a time.
  // Errors: kInvalidInput naming the first file that could not be loaded (the other one is still
  // reloaded).
  Status Reload();

  // The Prometheus text exposition of this node's metrics (what GET /metrics answers).
  std::string MetricsText();

  // Graceful stop: see http::Server::Stop. Then stops the sweeper. The store is closed when the
  // Node is destroyed.
  void Stop(std::chrono::milliseconds grace);
  void Wait();

 private:
  struct Parts;
  explicit Node(std::unique_ptr<Parts> parts);
  static StatusOr<controls::LoadedFixtures> ResetStore(Parts& parts, bool demo);
  std::unique_ptr<Parts> parts_;
};

}  // namespace cartd
