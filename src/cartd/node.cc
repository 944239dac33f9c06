#include "cartd/node.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/app.h"
#include "auth/control_token.h"
#include "auth/dev_key.h"
#include "auth/token_verifier.h"
#include "cartd/demo.h"
#include "cartd/node_metrics.h"
#include "cartd/open_store.h"
#include "cartd/reloader.h"
#include "cartd/store_url.h"
#include "common/private_files.h"
#include "common/swappable.h"
#include "controls/fault_rules.h"
#include "controls/fixtures.h"
#include "controls/stand_in_clock.h"
#include "domain/catalog_holder.h"
#include "ops/metrics.h"
#include "ops/request_telemetry.h"
#include "ops/store_metrics.h"
#include "ops/sweeper.h"
#include "ops/timed_store.h"
#include "storage/common/caching_store.h"

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

// The hooks through which App reports to the node's telemetry and asks its rate limiter.
api::AppHooks TelemetryHooks(ops::RequestTelemetry& telemetry, ops::RateLimiter& limiter,
                             const Clock& clock, ops::Registry& registry, CartStore& store) {
  api::AppHooks hooks;
  hooks.readiness = [&store] { return store.Ping(); };
  hooks.on_request = [&telemetry] { telemetry.Started(); };
  hooks.on_response = [&telemetry](const http::Request& request, const http::Response& response,
                                   const api::RequestOutcome& outcome) {
    telemetry.Finished(ops::RequestRecord{
        .method = request.method,
        .path = request.path,
        .route = outcome.route,
        .remote_address = request.remote_address,
        .status = response.status,
        .bytes_out = response.body.size(),
        .partner_tenant = outcome.partner_tenant,
        .request_id = outcome.request_id,
        .correlation_id = outcome.correlation_id,
        .auth_error = outcome.auth_error,
        .auth_failure = outcome.auth_failure,
        .internal_error = outcome.internal_error,
        .replayed = response.headers.Get("Idempotent-Replayed") == "true",
        .rate_limited = outcome.rate_limited,
        .latency = std::chrono::duration_cast<std::chrono::nanoseconds>(outcome.latency)});
  };
  hooks.on_reject = [&telemetry](int status, std::string_view reason) {
    telemetry.Rejected(status, reason);
  };
  if (limiter.enabled()) {
    hooks.rate_limit = [&limiter, &clock](std::string_view partner_tenant) {
      const ops::Admission admission = limiter.Admit(partner_tenant, clock.Now());
      return api::RateDecision{.allowed = admission.allowed, .retry_after = admission.retry_after};
    };
  }
  hooks.metrics_text = [&registry] { return registry.Render(); };
  return hooks;
}

// Data that others can read is worth a warning at every start, not a refusal: the operator may
// have chosen it (a shared group), and refusing would stop a node that ran yesterday.
void WarnAboutAccessByOthers(ops::EventLog* log, const std::filesystem::path& data_dir,
                             const StoreLocation& location) {
  if (log == nullptr) return;
  std::vector<std::filesystem::path> paths = {data_dir};
  if (location.kind == StoreLocation::Kind::kSqlite) paths.push_back(location.sqlite_path);
  for (const std::filesystem::path& path : paths) {
    if (std::optional<std::string> warning = DescribeAccessByOthers(path)) {
      log->Event(ops::LogLevel::kWarn, "data_readable_by_others", {{"message", *warning}});
    }
  }
}

void LogStart(ops::EventLog* log, const NodeOptions& o, const StoreLocation& location,
              const Catalog* catalog) {
  if (log == nullptr) return;
  log->Event(ops::LogLevel::kInfo, "store_opened", {{"store", DescribeStore(location)}});
  if (log->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = log->Line(ops::LogLevel::kInfo, "catalog_loaded");
    line.Add("source", !o.catalog_file.empty() ? o.catalog_file.string()
                                               : (catalog ? "built-in demo catalog" : "none"))
        .AddInt("items", catalog ? static_cast<std::int64_t>(catalog->items().size()) : 0);
    log->Write(ops::LogLevel::kInfo, std::move(line));
  }
  if (o.jwks_file.empty()) {
    log->Event(ops::LogLevel::kInfo, "keys_loaded",
               {{"kind", "HS256 development key"}, {"directory", o.data_dir.string()}});
  } else {
    log->Event(ops::LogLevel::kInfo, "keys_loaded",
               {{"kind", "RS256 JWKS"}, {"file", o.jwks_file.string()}});
  }
}

}  // namespace

// Members are destroyed in reverse order: the server first (no request runs after it), the
// sweeper before the service it calls, the stand-in clock's sync thread before the store it reads,
// the store before the registry its timings are recorded in.
struct Node::Parts {
  NodeOptions options;
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::shared_ptr<ops::EventLog> log;
  ops::Registry registry;
  std::unique_ptr<ops::RequestTelemetry> telemetry;
  std::unique_ptr<ops::RateLimiter> limiter;
  std::unique_ptr<CartStore> store;
  // The stand-in controls' state; null without controls. After the store, which the clock and its
  // sync thread read, and before the services and the app, which read the clock.
  std::unique_ptr<controls::StandInClock> stand_in_clock;
  std::unique_ptr<controls::ClockSync> clock_sync;
  std::unique_ptr<controls::FaultRules> faults;
  std::unique_ptr<controls::RequestJournal> journal;
  std::string control_token;
  CatalogHolder catalog;
  Swappable<auth::TokenVerifier> verifier;
  std::string dev_key;
  std::unique_ptr<Reloader> reloader;
  std::unique_ptr<CartService> service;
  std::unique_ptr<OrderService> orders;
  std::unique_ptr<ops::Sweeper> sweeper;
  std::unique_ptr<api::StandIn> stand_in;
  std::unique_ptr<api::App> app;
  std::unique_ptr<http::Server> server;
};

// The stand-in's reset: an empty store at the system time, then the demo fixtures if asked.
StatusOr<controls::LoadedFixtures> Node::ResetStore(Parts& p, bool demo) {
  CARTD_RETURN_IF_ERROR(p.store->DeleteEverything());
  p.stand_in_clock->ForgetOffset();
  p.service->ForgetCachedFigures();
  if (!demo) return controls::LoadedFixtures{};
  CARTD_ASSIGN_OR_RETURN(
      controls::Fixtures fixtures,
      controls::ParseFixtures(demo::kFixtures, "demo-fixtures.json", p.options.service));
  return controls::LoadFixtures(*p.store, p.catalog.Get().get(), *p.clock, p.options.service,
                                fixtures, controls::ExistingCart::kReplace);
}

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() { Stop(std::chrono::milliseconds(0)); }

StatusOr<std::unique_ptr<Node>> Node::Start(NodeOptions options) {
  auto parts = std::make_unique<Parts>();
  Parts& p = *parts;
  p.options = std::move(options);
  const NodeOptions& o = p.options;
  p.clock = o.clock != nullptr ? o.clock : &p.system_clock;
  p.log = o.log;
  p.telemetry = std::make_unique<ops::RequestTelemetry>(p.registry, p.log);
  p.limiter = std::make_unique<ops::RateLimiter>(o.rate_limit);

  if (Status created = CreatePrivateDirectories(o.data_dir); !created.ok()) {
    return InvalidInput("cannot create data directory: " + created.message());
  }

  CARTD_ASSIGN_OR_RETURN(StoreLocation location, ParseStoreUrl(o.store_url, o.data_dir));
  CARTD_ASSIGN_OR_RETURN(OpenedStore opened, OpenStore(location));
  WarnAboutAccessByOthers(p.log.get(), o.data_dir, location);
  // Commits are timed as the store takes them; the carts and customers kept in memory sit in
  // front of it all.
  p.store = std::make_unique<storage::CachingStore>(
      std::make_unique<ops::TimedStore>(
          std::move(opened.store),
          p.registry.AddHistogram("cartd_store_commit_duration_seconds",
                                  "Time to commit one cart write durably, by outcome.", {"outcome"},
                                  ops::LatencyBuckets())),
      storage::CachingOptions{.capacity_bytes = o.cart_cache_bytes / 2});

  CARTD_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog,
                         LoadCatalog(o.catalog_file, o.demo));
  p.catalog.Set(catalog);
  if (o.controls) {
    p.stand_in_clock = std::make_unique<controls::StandInClock>(*p.clock, *p.store);
    CARTD_RETURN_IF_ERROR(p.stand_in_clock->Sync());
    p.clock = p.stand_in_clock.get();
    p.clock_sync = std::make_unique<controls::ClockSync>(*p.stand_in_clock, o.clock_sync_interval);
    p.faults = std::make_unique<controls::FaultRules>();
    p.journal = std::make_unique<controls::RequestJournal>(o.journal);
    CARTD_ASSIGN_OR_RETURN(p.control_token, auth::LoadOrCreateControlToken(o.data_dir));
  }
  std::string jwks;
  if (!o.jwks_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(jwks, ReadFile(o.jwks_file));
  } else {
    CARTD_ASSIGN_OR_RETURN(p.dev_key, auth::LoadOrCreateDevKey(o.data_dir));
  }
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<auth::TokenVerifier> verifier,
                         auth::TokenVerifier::Create(o.auth, p.dev_key, jwks));
  p.verifier.Set(std::move(verifier));
  LogStart(p.log.get(), o, location, catalog.get());
  p.reloader = std::make_unique<Reloader>(
      Reloader::Files{.catalog_file = o.catalog_file, .jwks_file = o.jwks_file, .auth = o.auth},
      p.catalog, p.verifier, p.registry, p.log);

  CartServiceOptions service_options = o.service;
  ops::RequestTelemetry* telemetry = p.telemetry.get();
  service_options.on_write_conflict = [telemetry](std::string_view operation) {
    telemetry->WriteConflict(operation);
  };
  p.service =
      std::make_unique<CartService>(*p.store, *p.clock, p.catalog, std::move(service_options));
  p.orders = std::make_unique<OrderService>(*p.store, *p.clock, p.catalog, o.orders);
  if (o.demo) CARTD_RETURN_IF_ERROR(demo::Load(*p.store, catalog.get(), *p.clock, o.service));

  RegisterNodeMetrics(p.registry, *p.limiter, p.verifier, p.catalog);
  RegisterQuotaMetrics(p.registry, p.service->quota());
  ops::RegisterStoreMetrics(p.registry, *p.store, *p.clock, std::move(opened.group_commit));
  // The rate limit runs on the system's time, not the stand-in's: a bucket filled on a clock moved
  // a month ahead would otherwise stay empty for a month after a reset took the clock back.
  const Clock& rate_clock = o.clock != nullptr ? *o.clock : p.system_clock;
  api::AppOptions app_options;
  app_options.server_id = o.server_id.empty() ? ServerIdFromHostName() : o.server_id;
  app_options.parse = o.parse;
  app_options.local_reads = opened.local_reads;
  app_options.rendered_cart_bytes = o.cart_cache_bytes / 2;
  if (o.controls) {
    p.stand_in = std::make_unique<api::StandIn>(api::StandIn{
        .clock = *p.stand_in_clock,
        .faults = *p.faults,
        .journal = *p.journal,
        .store = *p.store,
        .control_token = p.control_token,
        .dev_signing_key = p.dev_key,
        .audience = o.auth.audience,
        .issuer = o.auth.issuer,
        .reset = [&p](bool demo) { return ResetStore(p, demo); },
        .load_fixtures =
            [&p](const controls::Fixtures& fixtures) {
              return controls::LoadFixtures(*p.store, p.catalog.Get().get(), *p.clock,
                                            p.options.service, fixtures,
                                            controls::ExistingCart::kReplace);
            },
        .clock_moved =
            [&p] {
              if (p.sweeper) p.sweeper->Wake();
            },
    });
    app_options.stand_in = p.stand_in.get();
  }
  p.app = std::make_unique<api::App>(
      *p.service, *p.orders, p.verifier, *p.clock, app_options,
      TelemetryHooks(*p.telemetry, *p.limiter, rate_clock, p.registry, *p.store));

  // Before the server starts: a request moving the clock wakes the sweeper.
  p.sweeper = std::make_unique<ops::Sweeper>(
      *p.service, *p.orders,
      ops::SweeperOptions{.interval = o.sweep_interval, .grace = o.sweep_grace, .round = 500},
      p.log);
  CARTD_ASSIGN_OR_RETURN(p.server, http::Server::Start(o.http, *p.app));
  RegisterFrontDoorMetrics(p.registry, *p.server, o.http);
  if (p.log != nullptr && p.log->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = p.log->Line(ops::LogLevel::kInfo, "listening");
    line.Add("host", o.http.host)
        .AddInt("port", p.server->port())
        .AddBool("tls", !o.http.tls_certificate_file.empty())
        .Add("server_id", app_options.server_id);
    p.log->Write(ops::LogLevel::kInfo, std::move(line));
  }
  return std::unique_ptr<Node>(new Node(std::move(parts)));
}

Status Node::Reload() { return parts_->reloader->Reload(); }

std::string Node::MetricsText() { return parts_->registry.Render(); }

std::uint16_t Node::port() const { return parts_->server->port(); }
const std::string& Node::dev_signing_key() const { return parts_->dev_key; }
const std::string& Node::control_token() const { return parts_->control_token; }
const Clock& Node::clock() const { return *parts_->clock; }
CartStore& Node::store() { return *parts_->store; }
CartService& Node::service() { return *parts_->service; }
OrderService& Node::orders() { return *parts_->orders; }

void Node::Stop(std::chrono::milliseconds grace) {
  if (!parts_) return;
  if (parts_->server) parts_->server->Stop(grace);
  if (parts_->sweeper) parts_->sweeper->Stop();
}

void Node::Wait() { parts_->server->Wait(); }

}  // namespace cartd
