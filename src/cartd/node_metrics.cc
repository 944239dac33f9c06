#include "cartd/node_metrics.h"

#include <chrono>
#include <memory>
#include <vector>

namespace cartd {

void RegisterNodeMetrics(ops::Registry& registry, const ops::RateLimiter& limiter,
                         const Swappable<auth::TokenVerifier>& verifier,
                         const CatalogHolder& catalog) {
  registry.AddGauge("cartd_start_time_seconds", "When this process started, in Unix time.")
      .Get({})
      .Set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
               .count());
  registry.AddCallback("cartd_rate_limiter_buckets",
                       "Partner tenants with a partly spent rate-limit bucket.",
                       ops::MetricType::kGauge, {}, [&limiter]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(limiter.size())}};
                       });
  registry.AddCallback("cartd_token_cache_entries", "Verified tokens remembered.",
                       ops::MetricType::kGauge, {}, [&verifier]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(verifier.Get()->cached_tokens())}};
                       });
  registry.AddCallback("cartd_catalog_items", "Catalog items in use (0: no catalog).",
                       ops::MetricType::kGauge, {}, [&catalog]() -> std::vector<ops::Sample> {
                         const std::shared_ptr<const Catalog> current = catalog.Get();
                         return {{{}, current ? static_cast<double>(current->items().size()) : 0}};
                       });
}

void RegisterQuotaMetrics(ops::Registry& registry, const StorageQuota& quota) {
  registry.AddCallback("cartd_partner_quota_refusals_total",
                       "Writes refused because the partner's storage quota was reached (403, "
                       "code 800100).",
                       ops::MetricType::kCounter, {}, [&quota]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(quota.refusals())}};
                       });
  registry.AddCallback("cartd_partner_storage_largest_bytes",
                       "The most bytes one partner has stored in carts and stored replies, as "
                       "this node last knew it.",
                       ops::MetricType::kGauge, {}, [&quota]() -> std::vector<ops::Sample> {
                         return {{{}, static_cast<double>(quota.LargestUsage())}};
                       });
  registry.AddGauge("cartd_partner_storage_quota_bytes", "The per-partner storage quota (0: none).")
      .Get({})
      .Set(static_cast<double>(quota.options().max_bytes));
}

void RegisterFrontDoorMetrics(ops::Registry& registry, const http::Server& server,
                              const http::ServerOptions& options) {
  using Read = double (*)(const http::ServerStats&);
  struct Metric {
    const char* name;
    const char* help;
    ops::MetricType type;
    Read read;
  };
  static constexpr Metric kMetrics[] = {
      {"cartd_http_connections_open", "HTTP connections open.", ops::MetricType::kGauge,
       [](const http::ServerStats& s) { return static_cast<double>(s.connections_open); }},
      {"cartd_http_connections_accepted_total", "HTTP connections accepted.",
       ops::MetricType::kCounter,
       [](const http::ServerStats& s) { return static_cast<double>(s.connections_accepted); }},
      {"cartd_http_connections_refused_total",
       "HTTP connections closed at once because --max-connections were open.",
       ops::MetricType::kCounter,
       [](const http::ServerStats& s) { return static_cast<double>(s.connections_refused); }},
      {"cartd_http_body_memory_bytes", "Request body bytes held in memory now.",
       ops::MetricType::kGauge,
       [](const http::ServerStats& s) { return static_cast<double>(s.body_bytes_held); }},
      {"cartd_http_body_memory_refusals_total",
       "Requests answered 503 because their body would pass --max-body-memory.",
       ops::MetricType::kCounter,
       [](const http::ServerStats& s) { return static_cast<double>(s.body_memory_refusals); }},
      {"cartd_http_answered_before_body_total",
       "Requests answered from their header block (401, 404, 405) without reading their body.",
       ops::MetricType::kCounter,
       [](const http::ServerStats& s) { return static_cast<double>(s.answered_before_body); }},
  };
  for (const Metric& metric : kMetrics) {
    registry.AddCallback(metric.name, metric.help, metric.type, {},
                         [&server, read = metric.read]() -> std::vector<ops::Sample> {
                           return {{{}, read(server.stats())}};
                         });
  }
  registry.AddGauge("cartd_http_body_memory_limit_bytes", "The --max-body-memory budget (0: none).")
      .Get({})
      .Set(static_cast<double>(options.max_body_memory_bytes));
}

}  // namespace cartd
