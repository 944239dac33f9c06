#include "cartd/node.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

#include "api/app.h"
#include "auth/dev_key.h"
#include "auth/token_verifier.h"
#include "cartd/demo.h"
#include "cartd/embedded_demo_catalog.h"
#include "cartd/store_url.h"
#include "catalog/catalog_file.h"
#include "common/swappable.h"
#include "domain/catalog_holder.h"

namespace cartd {
namespace {

// MS-ServerId: eight hex digits derived from the host name, so that nodes differ and each keeps
// its id across restarts.
std::string ServerIdFromHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "00000001";
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (const char* c = name; *c != '\0'; ++c) {
    hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
  }
  char id[9];
  std::snprintf(id, sizeof id, "%08X", hash);
  return id;
}

StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidInput("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

StatusOr<std::shared_ptr<const Catalog>> LoadCatalog(const NodeOptions& options) {
  if (!options.catalog_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(Catalog catalog, catalog::LoadCatalogFile(options.catalog_file));
    return std::make_shared<const Catalog>(std::move(catalog));
  }
  if (options.demo) {
    CARTD_ASSIGN_OR_RETURN(Catalog catalog,
                           catalog::ParseCatalog(kEmbeddedDemoCatalog, "demo-catalog.json"));
    return std::make_shared<const Catalog>(std::move(catalog));
  }
  return std::shared_ptr<const Catalog>();
}

}  // namespace

struct Node::Parts {
  NodeOptions options;
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::unique_ptr<CartStore> store;
  CatalogHolder catalog;
  Swappable<auth::TokenVerifier> verifier;
  std::string dev_key;
  std::unique_ptr<CartService> service;
  std::unique_ptr<api::App> app;
  std::unique_ptr<http::Server> server;

  std::thread sweeper;
  std::mutex mutex;
  std::condition_variable wake_sweeper;
  bool stopping = false;

  void RunSweeper() {
    std::unique_lock lock(mutex);
    while (!wake_sweeper.wait_for(lock, options.sweep_interval, [&] { return stopping; })) {
      lock.unlock();
      // Sweep in bounded rounds so that a large backlog does not hold the writer for long.
      constexpr int kRound = 500;
      while (true) {
        StatusOr<int> deleted = service->Sweep(options.sweep_grace, kRound);
        if (!deleted.ok() || *deleted < kRound) break;
      }
      lock.lock();
    }
  }
};

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() { Stop(std::chrono::milliseconds(0)); }

StatusOr<std::unique_ptr<Node>> Node::Start(NodeOptions options) {
  auto parts = std::make_unique<Parts>();
  parts->options = std::move(options);
  const NodeOptions& o = parts->options;
  parts->clock = o.clock != nullptr ? o.clock : &parts->system_clock;

  std::error_code error;
  std::filesystem::create_directories(o.data_dir, error);
  if (error) {
    return InvalidInput("cannot create data directory " + o.data_dir.string() + ": " +
                        error.message());
  }

  CARTD_ASSIGN_OR_RETURN(StoreLocation location, ParseStoreUrl(o.store_url, o.data_dir));
  CARTD_ASSIGN_OR_RETURN(parts->store, OpenStore(location));

  CARTD_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog, LoadCatalog(o));
  parts->catalog.Set(catalog);

  std::string jwks;
  if (!o.jwks_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(jwks, ReadFile(o.jwks_file));
  } else {
    CARTD_ASSIGN_OR_RETURN(parts->dev_key, auth::LoadOrCreateDevKey(o.data_dir));
  }
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<auth::TokenVerifier> verifier,
                         auth::TokenVerifier::Create(o.auth, parts->dev_key, jwks));
  parts->verifier.Set(std::move(verifier));

  parts->service =
      std::make_unique<CartService>(*parts->store, *parts->clock, parts->catalog, o.service);
  if (o.demo) {
    CARTD_RETURN_IF_ERROR(demo::Load(*parts->store, catalog.get(), *parts->clock, o.service));
  }

  api::AppOptions app_options;
  app_options.server_id = o.server_id.empty() ? ServerIdFromHostName() : o.server_id;
  api::AppHooks hooks;
  CartStore* store = parts->store.get();
  hooks.readiness = [store] { return store->Ping(); };
  parts->app = std::make_unique<api::App>(*parts->service, parts->verifier, *parts->clock,
                                          app_options, std::move(hooks));

  CARTD_ASSIGN_OR_RETURN(parts->server, http::Server::Start(o.http, *parts->app));
  Parts* raw = parts.get();
  parts->sweeper = std::thread([raw] { raw->RunSweeper(); });
  return std::unique_ptr<Node>(new Node(std::move(parts)));
}

std::uint16_t Node::port() const { return parts_->server->port(); }
const std::string& Node::dev_signing_key() const { return parts_->dev_key; }
CartStore& Node::store() { return *parts_->store; }
CartService& Node::service() { return *parts_->service; }

void Node::Stop(std::chrono::milliseconds grace) {
  if (!parts_) return;
  if (parts_->server) parts_->server->Stop(grace);
  {
    std::lock_guard lock(parts_->mutex);
    parts_->stopping = true;
  }
  parts_->wake_sweeper.notify_all();
  if (parts_->sweeper.joinable()) parts_->sweeper.join();
}

void Node::Wait() { parts_->server->Wait(); }

}  // namespace cartd
