// The node's own gauges, registered in one place: when the process started, and how much the
// rate limiter, the token cache and the catalog in use hold.
#pragma once

#include "auth/token_verifier.h"
#include "common/swappable.h"
#include "domain/catalog_holder.h"
#include "domain/storage_quota.h"
#include "http/server.h"
#include "ops/metrics.h"
#include "ops/rate_limiter.h"

namespace cartd {

// Registers cartd_start_time_seconds, cartd_rate_limiter_buckets, cartd_token_cache_entries and
// cartd_catalog_items. The sources must outlive the registry's scrapes.
void RegisterNodeMetrics(ops::Registry& registry, const ops::RateLimiter& limiter,
                         const Swappable<auth::TokenVerifier>& verifier,
                         const CatalogHolder& catalog);

// Registers the front door's metrics, read from `server`'s stats at scrape time:
// cartd_http_connections_open, cartd_http_connections_accepted_total,
// cartd_http_connections_refused_total (past --max-connections), cartd_http_body_memory_bytes,
// cartd_http_body_memory_limit_bytes, cartd_http_body_memory_refusals_total (503 past
// --max-body-memory) and cartd_http_answered_before_body_total (401/404/405 from the header
// block, body unread). `server` must outlive the registry's scrapes.
void RegisterFrontDoorMetrics(ops::Registry& registry, const http::Server& server,
                              const http::ServerOptions& options);

}  // namespace cartd

namespace cartd {

// Registers cartd_partner_quota_refusals_total, cartd_partner_storage_largest_bytes and
// cartd_partner_storage_quota_bytes. `quota` must outlive the registry's scrapes.
void RegisterQuotaMetrics(ops::Registry& registry, const StorageQuota& quota);

}  // namespace cartd
