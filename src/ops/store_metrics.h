// The store's metrics, registered in one place: the carts it holds by status (counted at most
// every few seconds, since counting scans the store) and, for stores that group their writes
// (SQLite), the group commit's batches.
#pragma once

#include <cstdint>
#include <functional>

#include "common/clock.h"
#include "domain/cart_store.h"
#include "ops/metrics.h"

namespace cartd::ops {

// What a store that commits writes in groups reports (a consistent snapshot).
struct GroupCommitStats {
  std::uint64_t writes = 0;               // writes answered from committed transactions
  std::uint64_t transactions = 0;         // committed group transactions
  std::uint64_t failed_transactions = 0;  // group transactions that could not begin or commit
  std::uint64_t last_batch_size = 0;      // writes in the most recent committed transaction
  std::uint64_t queued = 0;               // writes waiting for the writer
};

// Registers cartd_carts{status} (recounted when the last count, on `clock`, is older than five
// seconds) and, when `group_commit` is set, cartd_store_writes_total, _transactions_total,
// _failed_transactions_total, _last_batch_size and _queued_writes. `store`, `clock` and
// `group_commit` must outlive `registry`'s scrapes; all must be thread-safe.
void RegisterStoreMetrics(Registry& registry, CartStore& store, const Clock& clock,
                          std::function<GroupCommitStats()> group_commit);

}  // namespace cartd::ops
