#include "tests/testing/fault_injecting_store.h"

#include <utility>

namespace cartd::test {

void FaultInjectingStore::FailCommit(int nth, Status status) {
  std::lock_guard lock(mutex_);
  fail_at_ = commits_ + nth;
  fail_with_ = std::move(status);
}

void FaultInjectingStore::ConflictNext(int count) {
  std::lock_guard lock(mutex_);
  conflicts_left_ = count;
}

void FaultInjectingStore::BeforeNextCommit(std::function<void(CartStore&)> intrude) {
  std::lock_guard lock(mutex_);
  intrude_ = std::move(intrude);
}

void FaultInjectingStore::GoUnavailable() {
  std::lock_guard lock(mutex_);
  unavailable_ = true;
}

void FaultInjectingStore::Recover() {
  std::lock_guard lock(mutex_);
  unavailable_ = false;
}

int FaultInjectingStore::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

Status FaultInjectingStore::Unavailability() const {
  std::lock_guard lock(mutex_);
  if (unavailable_) return Unavailable("the store is unavailable (injected)");
  return Status::Ok();
}

StatusOr<std::optional<CartRecord>> FaultInjectingStore::FindCart(const CartKey& key) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::FindCart(key);
}

StatusOr<std::optional<CartRead>> FaultInjectingStore::FindChangedCart(const CartKey& key,
                                                                       const CartHead& known) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::FindChangedCart(key, known);
}

Status FaultInjectingStore::NextCommitFault(std::string_view what) {
  std::lock_guard lock(mutex_);
  ++commits_;
  if (unavailable_) return Unavailable("the store is unavailable (injected)");
  if (commits_ == fail_at_) return fail_with_;
  if (conflicts_left_ > 0) {
    --conflicts_left_;
    return Conflict(std::string(what) + " changed (injected)");
  }
  return Status::Ok();
}

Status FaultInjectingStore::Commit(const CartWrite& write) {
  CARTD_RETURN_IF_ERROR(NextCommitFault("cart " + write.cart.key.cart_id));
  std::function<void(CartStore&)> intrude;
  {
    std::lock_guard lock(mutex_);
    intrude = std::exchange(intrude_, nullptr);
  }
  if (intrude) intrude(inner());
  return CartStoreWrapper::Commit(write);
}

Status FaultInjectingStore::CommitOrderChange(const OrderChange& change) {
  CARTD_RETURN_IF_ERROR(NextCommitFault("order " + change.order.key.order_id));
  return CartStoreWrapper::CommitOrderChange(change);
}

StatusOr<std::optional<OrderRecord>> FaultInjectingStore::FindOrder(const OrderKey& key) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::FindOrder(key);
}

StatusOr<std::vector<OrderRecord>> FaultInjectingStore::ListOrders(std::string_view partner_tenant,
                                                                   std::string_view customer_id,
                                                                   const ListPage& page) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::ListOrders(partner_tenant, customer_id, page);
}

StatusOr<std::vector<SubscriptionRecord>> FaultInjectingStore::ListSubscriptions(
    std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, const ListPage& page) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::ListSubscriptions(partner_tenant, customer_id, order_id, page);
}

StatusOr<std::optional<StoredReply>> FaultInjectingStore::FindReply(const IdempotencyKey& key,
                                                                    Timestamp not_before) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::FindReply(key, not_before);
}

StatusOr<std::optional<Customer>> FaultInjectingStore::FindCustomer(std::string_view partner_tenant,
                                                                    std::string_view customer_id) {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::FindCustomer(partner_tenant, customer_id);
}

Status FaultInjectingStore::Ping() {
  CARTD_RETURN_IF_ERROR(Unavailability());
  return CartStoreWrapper::Ping();
}

}  // namespace cartd::test
