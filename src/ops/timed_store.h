// TimedStore: a CartStore that forwards every call to another and measures its commits: how long
// each Commit took and how it ended, for the store metrics.
#pragma once

#include <memory>

#include "domain/cart_store.h"
#include "ops/metrics.h"

namespace cartd::ops {

// Thread-safe as the store it wraps. Errors: exactly those of the wrapped store.
class TimedStore final : public CartStore {
 public:
  // `commit_seconds` gets one observation per Commit, labelled with the outcome: "ok",
  // "conflict", "already_exists" or "error". It must have exactly one label and outlive this.
  TimedStore(std::unique_ptr<CartStore> inner, Family<Histogram>& commit_seconds);

  CartStore& inner() { return *inner_; }

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  Status Commit(const CartWrite& write) override;
  StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) override;
  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id) override;
  StatusOr<std::optional<std::string>> FindReply(const IdempotencyKey& key,
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
  Status Ping() override;

 private:
  std::unique_ptr<CartStore> inner_;
  Histogram& ok_;
  Histogram& conflict_;
  Histogram& already_exists_;
  Histogram& error_;
};

}  // namespace cartd::ops
