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

}  // namespace cartd
