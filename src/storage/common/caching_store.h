// CachingStore: a CartStore that keeps the carts it read or wrote, decoded, so that reading a cart
// that has not changed since costs the read of its row's head (CartStore::FindChangedCart) instead
// of the decoding of its documents: about a third of a durable PUT's work and most of a checkout's
// read (SPEC §10).
//
// Every FindCart still asks the wrapped store whether the cart changed, so CartStore's consistency
// model holds unchanged: a read sees every write acknowledged before it started, whatever node or
// process made it. The carts kept are only ever a copy of a state the store confirmed.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "common/lru_cache.h"
#include "domain/cart_store_wrapper.h"

namespace cartd::storage {

// Thread-safe as the store it wraps. Errors: exactly those of the wrapped store.
class CachingStore final : public CartStoreWrapper {
 public:
  // Keeps at most about `capacity_bytes` of decoded carts (0: none; every call is forwarded).
  CachingStore(std::unique_ptr<CartStore> inner, std::size_t capacity_bytes);

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override;
  Status Commit(const CartWrite& write) override;
  Status DeleteEverything() override;

  // Decoded carts kept now, for tests and metrics.
  std::size_t size() const { return carts_.size(); }

 private:
  void Keep(const CartRecord& record);

  LruCache<CartRecord> carts_;
};

}  // namespace cartd::storage
