// CartStoreWrapper: a CartStore that forwards every call to another, so that a decorator (timing,
// fault injection) overrides only the calls it is about, in the manner of leveldb's EnvWrapper.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/cart_store.h"

namespace cartd {

// Thread-safe as the wrapped store. Owns it.
class CartStoreWrapper : public CartStore {
 public:
  explicit CartStoreWrapper(std::unique_ptr<CartStore> inner) : inner_(std::move(inner)) {}

  CartStore& inner() { return *inner_; }

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override {
    return inner_->FindCart(key);
  }
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override {
    return inner_->FindChangedCart(key, known);
  }
  Status Commit(const CartWrite& write) override { return inner_->Commit(write); }
  StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) override {
    return inner_->FindOrder(key);
  }
  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override {
    return inner_->ListOrders(partner_tenant, customer_id, page);
  }
  StatusOr<std::vector<OrderRecord>> ListPendingOrders(Timestamp created_before,
                                                       int limit) override {
    return inner_->ListPendingOrders(created_before, limit);
  }
  Status CommitOrderChange(const OrderChange& change) override {
    return inner_->CommitOrderChange(change);
  }
  StatusOr<std::optional<SubscriptionRecord>> FindSubscription(
      const SubscriptionKey& key) override {
    return inner_->FindSubscription(key);
  }
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override {
    return inner_->ListSubscriptions(partner_tenant, customer_id, order_id, page);
  }
  StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key,
                                                 Timestamp not_before) override {
    return inner_->FindReply(key, not_before);
  }
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override {
    return inner_->FindCustomer(partner_tenant, customer_id);
  }
  Status PutCustomer(const Customer& customer) override { return inner_->PutCustomer(customer); }
  StatusOr<bool> RemoveCustomer(std::string_view partner_tenant,
                                std::string_view customer_id) override {
    return inner_->RemoveCustomer(partner_tenant, customer_id);
  }
  StatusOr<std::vector<Customer>> ListCustomers(std::string_view partner_tenant) override {
    return inner_->ListCustomers(partner_tenant);
  }
  StatusOr<int> DeleteExpiredCarts(Timestamp expired_before, int limit) override {
    return inner_->DeleteExpiredCarts(expired_before, limit);
  }
  StatusOr<int> DeleteRepliesBefore(Timestamp created_before, int limit) override {
    return inner_->DeleteRepliesBefore(created_before, limit);
  }
  StatusOr<CartCounts> CountCarts() override { return inner_->CountCarts(); }
  StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) override {
    return inner_->StoredBytes(partner_tenant);
  }
  Status Ping() override { return inner_->Ping(); }
  StatusOr<Ticks> FindClockOffset() override { return inner_->FindClockOffset(); }
  StatusOr<Ticks> AdvanceClockOffset(Ticks offset) override {
    return inner_->AdvanceClockOffset(offset);
  }
  Status DeleteEverything() override { return inner_->DeleteEverything(); }
  StatusOr<std::vector<CartRecord>> ListCarts(std::string_view partner_tenant,
                                              std::string_view customer_id) override {
    return inner_->ListCarts(partner_tenant, customer_id);
  }

 private:
  std::unique_ptr<CartStore> inner_;
};

}  // namespace cartd
