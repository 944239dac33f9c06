// FaultInjectingStore: a CartStore wrapper that fails on purpose, in the manner of leveldb's
// ErrorEnv, for what a real store cannot be made to do on cue: fail the Nth commit, lose a race
// (report a conflict without writing), or become unavailable. Everything it lets through goes to
// the wrapped store unchanged.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/cart_store_wrapper.h"

namespace cartd::test {

// Thread-safe.
class FaultInjectingStore final : public CartStoreWrapper {
 public:
  explicit FaultInjectingStore(std::unique_ptr<CartStore> inner)
      : CartStoreWrapper(std::move(inner)) {}

  // The `nth` Commit from now (1: the next one) fails with `status` without reaching the store.
  void FailCommit(int nth, Status status);
  // The next `count` Commits fail with kConflict without writing, as if another write had got in
  // between each one's read and its write.
  void ConflictNext(int count);
  // Before the next Commit reaches the store, `intrude(inner store)` runs: to make a real
  // concurrent change (another client's PUT) land between a read and a write.
  void BeforeNextCommit(std::function<void(CartStore&)> intrude);
  // Every call fails with kUnavailable until Recover().
  void GoUnavailable();
  void Recover();

  // Commits attempted so far, failed ones included.
  int commits() const;

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override;
  Status Commit(const CartWrite& write) override;
  // Counted and failed like Commit ("commits" below are both kinds).
  Status CommitOrderChange(const OrderChange& change) override;
  StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) override;
  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override;
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override;
  StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key,
                                                 Timestamp not_before) override;
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override;
  Status Ping() override;

 private:
  Status Unavailability() const;
  // Counts a commit and returns the failure injected for it, if any (OK: let it through).
  Status NextCommitFault(std::string_view what);

  mutable std::mutex mutex_;
  int commits_ = 0;                          // guarded by mutex_
  int fail_at_ = 0;                          // the commit number that fails; 0: none
  Status fail_with_;                         // guarded by mutex_
  int conflicts_left_ = 0;                   // guarded by mutex_
  std::function<void(CartStore&)> intrude_;  // guarded by mutex_
  bool unavailable_ = false;                 // guarded by mutex_
};

}  // namespace cartd::test
