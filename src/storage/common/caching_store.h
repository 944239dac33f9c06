// CachingStore: a CartStore that keeps the carts and customers it read or wrote (SPEC §10).
//
// Carts are kept decoded, so that reading a cart that has not changed since costs the read of its
// row's head (CartStore::FindChangedCart) instead of the decoding of its documents: about a sixth
// of a durable PUT's work. Every FindCart still asks the wrapped store whether the cart changed,
// so for carts CartStore's consistency model holds unchanged: a read sees every write acknowledged
// before it started, whatever node or process made it.
//
// Customers, read by every request that names one, are kept for a stated time instead
// (`customer_staleness`): a customer changed or removed through this store is seen at once, one
// changed or removed by another node or by `cartd admin` within that time. A customer that was
// not found is never kept, so one added anywhere is served at once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "common/lru_cache.h"
#include "domain/cart_store_wrapper.h"

namespace cartd::storage {

struct CachingOptions {
  // About how much the decoded carts kept may take (0: none, and no customers either; every call
  // is then forwarded).
  std::size_t capacity_bytes = 8 << 20;
  // A customer is served from memory at most this long after it was read.
  std::chrono::milliseconds customer_staleness{1000};
  // Reads every cart kept from a write back from the wrapped store, and aborts when the two
  // differ: on in debug builds, which every test runs, so that the cache's foresight of the
  // codec (ToStoredForm in caching_store.cc) cannot drift from what the codec does.
#ifdef NDEBUG
  bool check_kept_writes = false;
#else
  bool check_kept_writes = true;
#endif
};

// Thread-safe as the store it wraps. Errors: exactly those of the wrapped store.
class CachingStore final : public CartStoreWrapper {
 public:
  CachingStore(std::unique_ptr<CartStore> inner, CachingOptions options);

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override;
  Status Commit(const CartWrite& write) override;
  Status DeleteEverything() override;
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override;
  Status PutCustomer(const Customer& customer) override;
  StatusOr<bool> RemoveCustomer(std::string_view partner_tenant,
                                std::string_view customer_id) override;

  // Decoded carts kept now, for tests and metrics.
  std::size_t size() const { return carts_.size(); }

 private:
  struct KeptCustomer {
    Customer customer;
    std::chrono::steady_clock::time_point read_at;
  };

  void Keep(std::shared_ptr<const CartRecord> record);
  // Drops the customer, and makes a read of it already under way not keep what it read.
  void ForgetCustomer(std::string_view partner_tenant, std::string_view customer_id);
  // Keeps a cart just written, in the form the store reads it back.
  void KeepWritten(const CartRecord& written);

  const CachingOptions options_;
  LruCache<CartRecord> carts_;
  LruCache<KeptCustomer> customers_;
  // Moves on every change of customers made through this store (see FindCustomer).
  std::atomic<std::uint64_t> customer_generation_{0};
};

}  // namespace cartd::storage
