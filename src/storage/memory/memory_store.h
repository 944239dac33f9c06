// MemoryStore: a CartStore that keeps everything in the process's memory. It starts in no time and
// leaves nothing on disk, which is what a partner's CI run wants from a stand-in (`--store
// memory://`), and it is the fast seam under the domain's unit tests. The storage conformance
// suite (tests/storage/) holds it to the same contract as SQLite and PostgreSQL, except
// durability: everything is gone when the store is destroyed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/cart_store.h"

namespace cartd::storage {

// Thread-safe: one lock serialises writes; reads share it. Records are copied in and out, so no
// caller ever holds a reference into the store.
class MemoryStore final : public CartStore {
 public:
  MemoryStore();
  ~MemoryStore() override;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  // Also kInternal (nothing written) for a write that breaks the REQUIREs of CartStore::Commit,
  // as the other stores do.
  Status Commit(const CartWrite& write) override;
  StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) override;
  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override;
  StatusOr<std::vector<OrderRecord>> ListPendingOrders(Timestamp created_before,
                                                       int limit) override;
  // Also kInternal (nothing written) when `change` breaks the REQUIREs of CommitOrderChange.
  Status CommitOrderChange(const OrderChange& change) override;
  StatusOr<std::optional<SubscriptionRecord>> FindSubscription(const SubscriptionKey& key) override;
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override;
  StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key,
                                                 Timestamp not_before) override;
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override;
  Status PutCustomer(const Customer& customer) override;
  StatusOr<bool> RemoveCustomer(std::string_view partner_tenant,
                                std::string_view customer_id) override;
  StatusOr<std::vector<Customer>> ListCustomers(std::string_view partner_tenant) override;
  StatusOr<int> DeleteExpiredCarts(Timestamp expired_before, int limit) override;
  StatusOr<int> DeleteRepliesBefore(Timestamp created_before, int limit) override;
  StatusOr<CartCounts> CountCarts() override;
  StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) override;
  Status Ping() override;
  StatusOr<Ticks> FindClockOffset() override;
  StatusOr<Ticks> AdvanceClockOffset(Ticks offset) override;
  Status DeleteEverything() override;
  StatusOr<std::vector<CartRecord>> ListCarts(std::string_view partner_tenant,
                                              std::string_view customer_id) override;

 private:
  struct Data;
  std::unique_ptr<Data> data_;
};

}  // namespace cartd::storage
