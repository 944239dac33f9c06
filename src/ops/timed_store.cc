#include "ops/timed_store.h"

#include <chrono>
#include <utility>

namespace cartd::ops {

TimedStore::TimedStore(std::unique_ptr<CartStore> inner, Family<Histogram>& commit_seconds)
    : inner_(std::move(inner)),
      ok_(commit_seconds.Get({"ok"})),
      conflict_(commit_seconds.Get({"conflict"})),
      already_exists_(commit_seconds.Get({"already_exists"})),
      error_(commit_seconds.Get({"error"})) {}

StatusOr<std::optional<CartRecord>> TimedStore::FindCart(const CartKey& key) {
  return inner_->FindCart(key);
}

Status TimedStore::Commit(const CartWrite& write) {
  const auto started = std::chrono::steady_clock::now();
  Status status = inner_->Commit(write);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  switch (status.code()) {
    case ErrorCode::kOk:
      ok_.Observe(seconds);
      break;
    case ErrorCode::kConflict:
      conflict_.Observe(seconds);
      break;
    case ErrorCode::kAlreadyExists:
      already_exists_.Observe(seconds);
      break;
    default:
      error_.Observe(seconds);
      break;
  }
  return status;
}

StatusOr<std::optional<OrderRecord>> TimedStore::FindOrder(const OrderKey& key) {
  return inner_->FindOrder(key);
}

StatusOr<std::vector<OrderRecord>> TimedStore::ListOrders(std::string_view partner_tenant,
                                                          std::string_view customer_id) {
  return inner_->ListOrders(partner_tenant, customer_id);
}

StatusOr<std::optional<std::string>> TimedStore::FindReply(const IdempotencyKey& key,
                                                           Timestamp not_before) {
  return inner_->FindReply(key, not_before);
}

StatusOr<std::optional<Customer>> TimedStore::FindCustomer(std::string_view partner_tenant,
                                                           std::string_view customer_id) {
  return inner_->FindCustomer(partner_tenant, customer_id);
}

Status TimedStore::PutCustomer(const Customer& customer) { return inner_->PutCustomer(customer); }

StatusOr<bool> TimedStore::RemoveCustomer(std::string_view partner_tenant,
                                          std::string_view customer_id) {
  return inner_->RemoveCustomer(partner_tenant, customer_id);
}

StatusOr<std::vector<Customer>> TimedStore::ListCustomers(std::string_view partner_tenant) {
  return inner_->ListCustomers(partner_tenant);
}

StatusOr<int> TimedStore::DeleteExpiredCarts(Timestamp expired_before, int limit) {
  return inner_->DeleteExpiredCarts(expired_before, limit);
}

StatusOr<int> TimedStore::DeleteRepliesBefore(Timestamp created_before, int limit) {
  return inner_->DeleteRepliesBefore(created_before, limit);
}

StatusOr<CartCounts> TimedStore::CountCarts() { return inner_->CountCarts(); }

Status TimedStore::Ping() { return inner_->Ping(); }

}  // namespace cartd::ops
