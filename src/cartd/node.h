// Node: one running cartd, assembled from its parts. This is the composition root: it chooses the
// store, loads the catalog and the token keys, wires the domain service to the HTTP app and
// starts the transport and the expiry sweeper. `cartd serve` runs one; integration tests run
// them in-process (with a FakeClock when they need to move time).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "auth/verifier_options.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_service.h"
#include "domain/cart_store.h"
#include "http/server.h"

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
  http::ServerOptions http;
  CartServiceOptions service;
  auth::VerifierOptions auth;
  // MS-ServerId; empty: derived from the host name.
  std::string server_id;
  // How often expired carts and old idempotency replies are deleted, and how long an expired
  // cart is kept (answering 404 "expired") before it is.
  std::chrono::milliseconds sweep_interval{60'000};
  Ticks sweep_grace = std::chrono::hours(1);
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
  CartStore& store();
  CartService& service();

  // Graceful stop: see http::Server::Stop. Then stops the sweeper and closes the store.
  void Stop(std::chrono::milliseconds grace);
  void Wait();

 private:
  struct Parts;
  explicit Node(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace cartd
