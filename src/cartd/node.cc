#include "cartd/node.h"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "api/app.h"
#include "auth/dev_key.h"
#include "auth/token_verifier.h"
#include "cartd/demo.h"
#include "cartd/embedded_demo_catalog.h"
#include "cartd/store_url.h"
#include "catalog/catalog_file.h"
#include "common/swappable.h"
#include "domain/catalog_holder.h"
#include "ops/metrics.h"
#include "ops/request_telemetry.h"
#include "ops/timed_store.h"
#include "storage/sqlite/sqlite_store.h"

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

// How long a scrape reuses the cart counts of an earlier one: counting scans the store.
constexpr auto kCartCountsMaxAge = std::chrono::seconds(5);

void LogStatus(ops::EventLog* log, ops::LogLevel level, std::string_view event,
               std::string_view file, const Status& status) {
  if (log == nullptr || !log->Enabled(level)) return;
  ops::LogLine line = log->Line(level, event);
  if (!file.empty()) line.Add("file", file);
  line.Add("error", status.message());
  log->Write(level, std::move(line));
}

}  // namespace

// Members are destroyed in reverse order: the server first (no request runs after it), the
// store before the registry its timings are recorded in.
struct Node::Parts {
  NodeOptions options;
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::shared_ptr<ops::EventLog> log;
  ops::Registry registry;
  std::unique_ptr<ops::RequestTelemetry> telemetry;
  std::unique_ptr<ops::RateLimiter> limiter;
  std::unique_ptr<ops::TimedStore> store;
  storage::SqliteStore* sqlite = nullptr;  // the store behind `store`, when it is SQLite
  CatalogHolder catalog;
  Swappable<auth::TokenVerifier> verifier;
  std::string dev_key;
  std::unique_ptr<CartService> service;
  std::unique_ptr<api::App> app;
  std::unique_ptr<http::Server> server;

  std::mutex reload_mutex;
  ops::Family<ops::Counter>* reloads = nullptr;

  std::mutex counts_mutex;
  std::optional<Timestamp> counts_time;
  CartCounts counts;

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
      int total = 0;
      while (true) {
        StatusOr<int> deleted = service->Sweep(options.sweep_grace, kRound);
        if (!deleted.ok()) {
          LogStatus(log.get(), ops::LogLevel::kWarn, "sweep_failed", "", deleted.status());
          break;
        }
        total += *deleted;
        if (*deleted < kRound) break;
      }
      if (total > 0 && log && log->Enabled(ops::LogLevel::kDebug)) {
        ops::LogLine line = log->Line(ops::LogLevel::kDebug, "swept");
        line.AddInt("deleted", total);
        log->Write(ops::LogLevel::kDebug, std::move(line));
      }
      lock.lock();
    }
  }

  // The cart counts, counted again when the last count is older than kCartCountsMaxAge.
  std::vector<ops::Sample> CartCountSamples() {
    std::lock_guard lock(counts_mutex);
    const Timestamp now = clock->Now();
    if (!counts_time || now - *counts_time >= kCartCountsMaxAge || now < *counts_time) {
      StatusOr<CartCounts> fresh = store->CountCarts();
      if (fresh.ok()) {
        counts = *fresh;
        counts_time = now;
      } else if (!counts_time) {
        return {};
      }
    }
    return {{{"active"}, static_cast<double>(counts.active)},
            {{"ordered"}, static_cast<double>(counts.ordered)}};
  }

  void RegisterMetrics();
  void WireTelemetry(api::AppHooks& hooks);
};

void Node::Parts::RegisterMetrics() {
  registry.AddGauge("cartd_start_time_seconds", "When this process started, in Unix time.")
      .Get({})
      .Set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
               .count());
  registry.AddCallback("cartd_carts", "Stored carts by status (expired ones until swept).",
                       ops::MetricType::kGauge, {"status"}, [this] { return CartCountSamples(); });
  reloads = &registry.AddCounter("cartd_reloads_total",
                                 "Reloads of the catalog and JWKS files (SIGHUP), by result.",
                                 {"file", "result"});
  registry.AddCallback("cartd_rate_limiter_buckets",
                       "Partner tenants with a partly spent rate-limit bucket.",
                       ops::MetricType::kGauge, {}, [this]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(limiter->size())}};
                       });
  registry.AddCallback("cartd_token_cache_entries", "Verified tokens remembered.",
                       ops::MetricType::kGauge, {}, [this]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(verifier.Get()->cached_tokens())}};
                       });
  registry.AddCallback("cartd_catalog_items", "Catalog items in use (0: no catalog).",
                       ops::MetricType::kGauge, {}, [this]() -> std::vector<ops::Sample> {
                         const std::shared_ptr<const Catalog> current = catalog.Get();
                         return {{{}, current ? static_cast<double>(current->items().size()) : 0}};
                       });
  if (sqlite == nullptr) return;
  storage::SqliteStore* db = sqlite;
  auto stat = [db](std::uint64_t storage::SqliteStats::*field) {
    return [db, field]() -> std::vector<ops::Sample> {
      return {{{}, static_cast<double>(db->stats().*field)}};
    };
  };
  registry.AddCallback("cartd_store_writes_total", "Writes committed by the SQLite group commit.",
                       ops::MetricType::kCounter, {}, stat(&storage::SqliteStats::writes));
  registry.AddCallback("cartd_store_transactions_total",
                       "Group-commit transactions committed; writes_total / transactions_total is "
                       "the mean batch size.",
                       ops::MetricType::kCounter, {}, stat(&storage::SqliteStats::transactions));
  registry.AddCallback("cartd_store_failed_transactions_total",
                       "Group-commit transactions that could not begin or commit.",
                       ops::MetricType::kCounter, {},
                       stat(&storage::SqliteStats::failed_transactions));
  registry.AddCallback("cartd_store_last_batch_size",
                       "Writes in the most recent group-commit transaction.",
                       ops::MetricType::kGauge, {}, stat(&storage::SqliteStats::last_batch_size));
  registry.AddCallback("cartd_store_queued_writes", "Writes waiting for the SQLite writer.",
                       ops::MetricType::kGauge, {}, stat(&storage::SqliteStats::queued));
}

void Node::Parts::WireTelemetry(api::AppHooks& hooks) {
  ops::RequestTelemetry* t = telemetry.get();
  hooks.on_request = [t] { t->Started(); };
  hooks.on_response = [t](const http::Request& request, const http::Response& response,
                          const api::RequestOutcome& outcome) {
    t->Finished(ops::RequestRecord{
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
  hooks.on_reject = [t](int status, std::string_view reason) { t->Rejected(status, reason); };
  if (limiter->enabled()) {
    ops::RateLimiter* l = limiter.get();
    const Clock* c = clock;
    hooks.rate_limit = [l, c](std::string_view partner_tenant) {
      const ops::Admission admission = l->Admit(partner_tenant, c->Now());
      return api::RateDecision{.allowed = admission.allowed,
                               .retry_after = admission.retry_after};
    };
  }
  hooks.metrics_text = [this] { return registry.Render(); };
}

Node::Node(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Node::~Node() { Stop(std::chrono::milliseconds(0)); }

StatusOr<std::unique_ptr<Node>> Node::Start(NodeOptions options) {
  auto parts = std::make_unique<Parts>();
  parts->options = std::move(options);
  const NodeOptions& o = parts->options;
  parts->clock = o.clock != nullptr ? o.clock : &parts->system_clock;
  parts->log = o.log;
  ops::EventLog* log = parts->log.get();
  parts->telemetry = std::make_unique<ops::RequestTelemetry>(parts->registry, parts->log);
  parts->limiter = std::make_unique<ops::RateLimiter>(o.rate_limit);

  std::error_code error;
  std::filesystem::create_directories(o.data_dir, error);
  if (error) {
    return InvalidInput("cannot create data directory " + o.data_dir.string() + ": " +
                        error.message());
  }

  CARTD_ASSIGN_OR_RETURN(StoreLocation location, ParseStoreUrl(o.store_url, o.data_dir));
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<CartStore> store, OpenStore(location));
  parts->sqlite = dynamic_cast<storage::SqliteStore*>(store.get());
  parts->store = std::make_unique<ops::TimedStore>(
      std::move(store),
      parts->registry.AddHistogram("cartd_store_commit_duration_seconds",
                                   "Time to commit one cart write durably, by outcome.",
                                   {"outcome"}, ops::LatencyBuckets()));
  if (log != nullptr) {
    log->Event(ops::LogLevel::kInfo, "store_opened", {{"store", DescribeStore(location)}});
  }

  CARTD_ASSIGN_OR_RETURN(std::shared_ptr<const Catalog> catalog, LoadCatalog(o));
  parts->catalog.Set(catalog);
  if (log != nullptr && log->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = log->Line(ops::LogLevel::kInfo, "catalog_loaded");
    line.Add("source", !o.catalog_file.empty() ? o.catalog_file.string()
                                              : (catalog ? "built-in demo catalog" : "none"))
        .AddInt("items", catalog ? static_cast<std::int64_t>(catalog->items().size()) : 0);
    log->Write(ops::LogLevel::kInfo, std::move(line));
  }

  std::string jwks;
  if (!o.jwks_file.empty()) {
    CARTD_ASSIGN_OR_RETURN(jwks, ReadFile(o.jwks_file));
  } else {
    CARTD_ASSIGN_OR_RETURN(parts->dev_key, auth::LoadOrCreateDevKey(o.data_dir));
  }
  CARTD_ASSIGN_OR_RETURN(std::unique_ptr<auth::TokenVerifier> verifier,
                         auth::TokenVerifier::Create(o.auth, parts->dev_key, jwks));
  parts->verifier.Set(std::move(verifier));
  if (log != nullptr) {
    if (o.jwks_file.empty()) {
      log->Event(ops::LogLevel::kInfo, "keys_loaded",
                 {{"kind", "HS256 development key"}, {"directory", o.data_dir.string()}});
    } else {
      log->Event(ops::LogLevel::kInfo, "keys_loaded",
                 {{"kind", "RS256 JWKS"}, {"file", o.jwks_file.string()}});
    }
  }

  CartServiceOptions service_options = o.service;
  ops::RequestTelemetry* telemetry = parts->telemetry.get();
  service_options.on_write_conflict = [telemetry](std::string_view operation) {
    telemetry->WriteConflict(operation);
  };
  parts->service = std::make_unique<CartService>(*parts->store, *parts->clock, parts->catalog,
                                                 std::move(service_options));
  if (o.demo) {
    CARTD_RETURN_IF_ERROR(demo::Load(*parts->store, catalog.get(), *parts->clock, o.service));
  }

  parts->RegisterMetrics();
  api::AppOptions app_options;
  app_options.server_id = o.server_id.empty() ? ServerIdFromHostName() : o.server_id;
  app_options.parse = o.parse;
  app_options.local_reads = parts->sqlite != nullptr;
  api::AppHooks hooks;
  CartStore* readiness_store = parts->store.get();
  hooks.readiness = [readiness_store] { return readiness_store->Ping(); };
  parts->WireTelemetry(hooks);
  parts->app = std::make_unique<api::App>(*parts->service, parts->verifier, *parts->clock,
                                          app_options, std::move(hooks));

  CARTD_ASSIGN_OR_RETURN(parts->server, http::Server::Start(o.http, *parts->app));
  if (log != nullptr && log->Enabled(ops::LogLevel::kInfo)) {
    ops::LogLine line = log->Line(ops::LogLevel::kInfo, "listening");
    line.Add("host", o.http.host)
        .AddInt("port", parts->server->port())
        .AddBool("tls", !o.http.tls_certificate_file.empty())
        .Add("server_id", app_options.server_id);
    log->Write(ops::LogLevel::kInfo, std::move(line));
  }
  Parts* raw = parts.get();
  parts->sweeper = std::thread([raw] { raw->RunSweeper(); });
  return std::unique_ptr<Node>(new Node(std::move(parts)));
}

Status Node::Reload() {
  Parts& p = *parts_;
  std::lock_guard lock(p.reload_mutex);
  ops::EventLog* log = p.log.get();
  Status first = Status::Ok();
  if (!p.options.catalog_file.empty()) {
    const std::string file = p.options.catalog_file.string();
    StatusOr<Catalog> catalog = catalog::LoadCatalogFile(p.options.catalog_file);
    if (catalog.ok()) {
      const auto items = static_cast<std::int64_t>(catalog->items().size());
      p.catalog.Set(std::make_shared<const Catalog>(*std::move(catalog)));
      p.reloads->Get({"catalog", "ok"}).Increment();
      if (log != nullptr && log->Enabled(ops::LogLevel::kInfo)) {
        ops::LogLine line = log->Line(ops::LogLevel::kInfo, "catalog_reloaded");
        line.Add("file", file).AddInt("items", items);
        log->Write(ops::LogLevel::kInfo, std::move(line));
      }
    } else {
      p.reloads->Get({"catalog", "error"}).Increment();
      LogStatus(log, ops::LogLevel::kError, "catalog_reload_failed", file, catalog.status());
      first = catalog.status();
    }
  }
  if (!p.options.jwks_file.empty()) {
    const std::string file = p.options.jwks_file.string();
    StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
        [&]() -> StatusOr<std::unique_ptr<auth::TokenVerifier>> {
      CARTD_ASSIGN_OR_RETURN(std::string jwks, ReadFile(p.options.jwks_file));
      StatusOr<std::unique_ptr<auth::TokenVerifier>> created =
          auth::TokenVerifier::Create(p.options.auth, "", std::move(jwks));
      if (!created.ok()) return InvalidInput(file + ": " + created.status().message());
      return created;
    }();
    if (verifier.ok()) {
      p.verifier.Set(*std::move(verifier));
      p.reloads->Get({"jwks", "ok"}).Increment();
      if (log != nullptr) log->Event(ops::LogLevel::kInfo, "jwks_reloaded", {{"file", file}});
    } else {
      p.reloads->Get({"jwks", "error"}).Increment();
      LogStatus(log, ops::LogLevel::kError, "jwks_reload_failed", file, verifier.status());
      if (first.ok()) first = verifier.status();
    }
  }
  return first;
}

std::string Node::MetricsText() { return parts_->registry.Render(); }

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
