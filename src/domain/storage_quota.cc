#include "domain/storage_quota.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace cartd {

std::string FormatBytes(std::int64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit + 1 < static_cast<int>(std::size(kUnits))) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  // Whole numbers print without a fraction ("256 MiB"); others with up to one digit ("1.5 GiB").
  if (value == static_cast<double>(static_cast<std::int64_t>(value))) {
    std::snprintf(text, sizeof text, "%lld %s", static_cast<long long>(value), kUnits[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

StorageQuota::StorageQuota(CartStore& store, const Clock& clock, StorageQuotaOptions options)
    : store_(store), clock_(clock), options_(options) {}

Status StorageQuota::Reserve(std::string_view partner_tenant, std::int64_t bytes) {
  if (!enabled()) return Status::Ok();
  const std::int64_t quota = options_.max_bytes;
  for (bool refreshed = false;; refreshed = true) {
    {
      std::lock_guard lock(mutex_);
      auto it = usage_.find(partner_tenant);
      if (it == usage_.end()) it = usage_.emplace(std::string(partner_tenant), Usage{}).first;
      Usage& usage = it->second;
      // A figure from the future (the stand-in's clock was taken back by a reset) is not fresh.
      const Ticks age = clock_.Now() - usage.refreshed;
      const bool fresh = !usage.stale && age >= Ticks(0) && age < options_.refresh_after;
      const bool fits = usage.stored + usage.reserved + bytes <= quota;
      if ((fresh || refreshed) && fits) {
        usage.reserved += bytes;
        return Status::Ok();
      }
      if (refreshed) return Refused(usage.stored + usage.reserved, bytes);
    }
    // Read the store without holding the lock: other partners' writes go on meanwhile.
    CARTD_ASSIGN_OR_RETURN(const std::int64_t stored, store_.StoredBytes(partner_tenant));
    std::lock_guard lock(mutex_);
    Usage& usage = usage_[std::string(partner_tenant)];
    usage.stored = stored;
    usage.refreshed = clock_.Now();
    usage.stale = false;
  }
}

void StorageQuota::Settle(std::string_view partner_tenant, std::int64_t bytes, bool committed) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  const auto it = usage_.find(partner_tenant);
  if (it == usage_.end()) return;
  it->second.reserved = std::max<std::int64_t>(it->second.reserved - bytes, 0);
  if (committed) it->second.stored += bytes;
}

void StorageQuota::MarkStale() {
  std::lock_guard lock(mutex_);
  for (auto& [partner, usage] : usage_) usage.stale = true;
}

std::int64_t StorageQuota::LargestUsage() const {
  std::lock_guard lock(mutex_);
  std::int64_t largest = 0;
  for (const auto& [partner, usage] : usage_) largest = std::max(largest, usage.stored);
  return largest;
}

std::int64_t StorageQuota::CachedUsage(std::string_view partner_tenant) const {
  std::lock_guard lock(mutex_);
  const auto it = usage_.find(partner_tenant);
  return it == usage_.end() ? 0 : it->second.stored;
}

Status StorageQuota::Refused(std::int64_t stored, std::int64_t bytes) {
  refusals_.fetch_add(1, std::memory_order_relaxed);
  const auto retention_hours =
      std::chrono::duration_cast<std::chrono::hours>(options_.reply_retention).count();
  return Status(
      ErrorCode::kStorageQuotaExceeded,
      "The partner's storage quota of " + FormatBytes(options_.max_bytes) +
          " for carts and stored replies has been reached: " + FormatBytes(stored) +
          " are stored and this request would store " + FormatBytes(bytes) +
          " more. Free space by letting unused carts expire (Active carts are deleted "
          "after their expirationTimestamp) and by waiting for stored replies to expire (" +
          std::to_string(retention_hours) + " hours after their request); then retry.");
}

}  // namespace cartd
