// TimedStore: a CartStore that forwards every call to another and measures its commits: how long
// each Commit took and how it ended, for the store metrics.
#pragma once

#include <memory>

#include "domain/cart_store_wrapper.h"
#include "ops/metrics.h"

namespace cartd::ops {

// Thread-safe as the store it wraps. Errors: exactly those of the wrapped store.
class TimedStore final : public CartStoreWrapper {
 public:
  // `commit_seconds` gets one observation per Commit, labelled with the outcome: "ok",
  // "conflict", "already_exists" or "error"; a write the storage quota refused (before it reached
  // the store) is not observed. It must have exactly one label and outlive this.
  TimedStore(std::unique_ptr<CartStore> inner, Family<Histogram>& commit_seconds);

  Status Commit(const CartWrite& write) override;

 private:
  Histogram& ok_;
  Histogram& conflict_;
  Histogram& already_exists_;
  Histogram& error_;
};

}  // namespace cartd::ops
