// StorageQuota: the most bytes one partner tenant may keep stored in carts and stored replies
// (CartStore::StoredBytes), so that no partner can grow the store without bound, for instance by
// many large PUTs each leaving a 24-hour reply.
//
// Asking the store for a partner's usage reads all of the partner's rows, too slow for every
// write. So this is a per-node ledger: it caches each partner's figure, adds the bytes of each
// write it admits, and reads the store again when its figure is older than `refresh_after` (other
// nodes' writes and deletions are then seen) or when a write would take the partner over the
// quota, so that a refusal is always decided on the store's own figure. After a sweep deleted
// something, every figure is read again before its partner's next write (MarkStale).
//
// A write is admitted when the partner's stored bytes plus everything the write stores fit in
// the quota: a replaced cart's previous state is not subtracted beforehand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_store.h"

namespace cartd {

struct StorageQuotaOptions {
  // The most bytes a partner tenant may have stored; 0: no quota.
  std::int64_t max_bytes = 0;
  // How old a cached figure may be before it is read from the store again.
  Ticks refresh_after = std::chrono::minutes(1);
  // How long stored replies are kept (CartServiceOptions::reply_retention), for the refusal's
  // message.
  Ticks reply_retention = std::chrono::hours(24);
};

// Thread-safe. The store and clock must outlive it.
class StorageQuota {
 public:
  StorageQuota(CartStore& store, const Clock& clock, StorageQuotaOptions options);

  bool enabled() const { return options_.max_bytes > 0; }
  const StorageQuotaOptions& options() const { return options_; }

  // Reserves `bytes` for a write of `partner_tenant` about to be committed; every successful
  // Reserve must be followed by one Settle.
  // Errors: kStorageQuotaExceeded (nothing reserved) when the partner's stored bytes, as the
  // store counts them, plus what is reserved for writes in flight, plus `bytes`, exceed the quota;
  // the store's errors when it had to be read and could not be.
  Status Reserve(std::string_view partner_tenant, std::int64_t bytes);

  // Ends a reservation: the bytes count as stored when the write was committed, and are released
  // when it was not.
  void Settle(std::string_view partner_tenant, std::int64_t bytes, bool committed);

  // Has every cached figure read from the store again before its partner's next write (after a
  // sweep deleted rows of partners unknown here).
  void MarkStale();

  // Writes refused so far.
  std::int64_t refusals() const { return refusals_.load(std::memory_order_relaxed); }
  // The largest partner usage this node knows (as of each partner's last read or write), in
  // bytes; 0 when none is known.
  std::int64_t LargestUsage() const;
  // The usage cached for `partner_tenant` (0 when none), for tests.
  std::int64_t CachedUsage(std::string_view partner_tenant) const;

 private:
  struct Usage {
    std::int64_t stored = 0;    // committed bytes, as of `refreshed` plus admitted writes since
    std::int64_t reserved = 0;  // admitted, not yet settled
    Timestamp refreshed{};      // when `stored` was last read from the store
    bool stale = true;          // read again before the next admission
  };

  Status Refused(std::int64_t stored, std::int64_t bytes);

  CartStore& store_;
  const Clock& clock_;
  const StorageQuotaOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Usage, std::less<>> usage_;  // guarded by mutex_
  std::atomic<std::int64_t> refusals_{0};
};

// "256 MiB", "1.5 GiB", "512 KiB", "100 bytes": a size for messages.
std::string FormatBytes(std::int64_t bytes);

}  // namespace cartd
