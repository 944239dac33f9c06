// Opening a node's store: the backend a StoreLocation names, with its migrations applied, and what
// the composition root needs to know about it, so that nothing downstream has to ask which backend
// it is.
#pragma once

#include <functional>
#include <memory>

#include "cartd/store_url.h"
#include "common/status.h"
#include "domain/cart_store.h"
#include "ops/store_metrics.h"

namespace cartd {

struct OpenedStore {
  std::unique_ptr<CartStore> store;
  // Reads are answered from this process's memory or local disk, never across a network, so
  // they may run on the I/O threads (api::AppOptions::local_reads).
  bool local_reads = false;
  // The group commit's counters, for stores that have one (SQLite); empty otherwise.
  std::function<ops::GroupCommitStats()> group_commit;
};

// Opens the store (creating a SQLite file's directory when missing). Errors: as the backend's open.
StatusOr<OpenedStore> OpenStore(const StoreLocation& location);

}  // namespace cartd
