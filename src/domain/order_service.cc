#include "domain/order_service.h"

#include <algorithm>
#include <utility>

#include "domain/list_pages.h"

namespace cartd {
namespace {

constexpr std::string_view kPending = "pending";
constexpr std::string_view kCompleted = "completed";
constexpr std::string_view kCancelled = "cancelled";

Status OrderIdNotFound(std::string_view order_id) {
  return Status(ErrorCode::kOrderNotFound, "Order ID " + std::string(order_id) + " not found.");
}

// Partner Center cancels Azure reservations and software (perpetual or subscriptions) by the
// order; new-commerce licences, Azure plans and offers and marketplace items through their
// subscriptions (docs/contract-orders-subscriptions.md §6). An order is cancelled by the order
// when each of its lines is; an item the catalog does not list is judged by its billing: one time
// is what reservations and perpetual software are billed.
bool CancelledByOrder(const partnercenter::Order& order, const Catalog* catalog) {
  for (const partnercenter::OrderLineItem& line : order.line_items) {
    const CatalogItem* item = catalog != nullptr ? catalog->Find(line.offer_id) : nullptr;
    const bool by_order = item != nullptr
                              ? item->product_kind == ProductKind::kAzureReservation ||
                                    item->product_kind == ProductKind::kSoftware
                              : order.billing_cycle == partnercenter::BillingCycle::kOneTime;
    if (!by_order) return false;
  }
  return true;
}

}  // namespace

OrderService::OrderService(CartStore& store, const Clock& clock, const CatalogHolder& catalog,
                           OrderServiceOptions options)
    : store_(store), clock_(clock), catalog_(catalog), options_(std::move(options)) {}

bool OrderService::IsDue(std::optional<Timestamp> created) const {
  return created && *created + options_.provisioning_delay <= clock_.Now();
}

OrderRecord OrderService::AsOfNow(OrderRecord order) const {
  if (order.order.status == kPending && IsDue(order.order.creation_date)) {
    order.order.status = std::string(kCompleted);
  }
  return order;
}

SubscriptionRecord OrderService::AsOfNow(SubscriptionRecord subscription) const {
  partnercenter::Subscription& s = subscription.subscription;
  if (s.status == kPending && IsDue(s.creation_date)) s.status = "active";
  return subscription;
}

StatusOr<std::optional<OrderRecord>> OrderService::FindOrder(const Customer& customer,
                                                             std::string_view order_id) const {
  return store_.FindOrder(OrderKey{customer.partner_tenant, customer.id, std::string(order_id)});
}

StatusOr<OrderRecord> OrderService::GetOrder(const Customer& customer,
                                             std::string_view order_id) const {
  CARTD_ASSIGN_OR_RETURN(std::optional<OrderRecord> order, FindOrder(customer, order_id));
  if (!order) return NotFound("Order " + std::string(order_id) + " was not found.");
  return AsOfNow(*std::move(order));
}

Status OrderService::ForEachOrderPage(
    const Customer& customer,
    const std::function<void(std::vector<OrderRecord>& page)>& visit) const {
  return ListOrdersByPage(store_, customer.partner_tenant, customer.id,
                          std::max(options_.orders_per_page, 1),
                          [&](std::vector<OrderRecord>& page) {
                            for (OrderRecord& order : page) order = AsOfNow(std::move(order));
                            visit(page);
                          });
}

StatusOr<std::vector<partnercenter::OrderLineItemProvisioningStatus>>
OrderService::ProvisioningStatus(const Customer& customer, std::string_view order_id) const {
  CARTD_ASSIGN_OR_RETURN(std::optional<OrderRecord> stored, FindOrder(customer, order_id));
  if (!stored) return OrderIdNotFound(order_id);
  const OrderRecord order = AsOfNow(*std::move(stored));
  const std::string status = order.order.status == kCompleted   ? "fulfilled"
                             : order.order.status == kCancelled ? "unfulfilled"
                                                                : "prefulfillmentpending";
  std::vector<partnercenter::OrderLineItemProvisioningStatus> lines;
  lines.reserve(order.order.line_items.size());
  for (const partnercenter::OrderLineItem& line : order.order.line_items) {
    lines.push_back(partnercenter::OrderLineItemProvisioningStatus{
        .line_item_number = line.line_item_number,
        .status = status,
        .quantity_provisioning_information = {{.quantity = line.quantity, .status = status}}});
  }
  return lines;
}

StatusOr<OrderRecord> OrderService::CancelOrder(const Customer& customer,
                                                std::string_view order_id) {
  for (int attempt = 0; attempt < options_.max_write_attempts; ++attempt) {
    CARTD_ASSIGN_OR_RETURN(std::optional<OrderRecord> stored, FindOrder(customer, order_id));
    if (!stored) return OrderIdNotFound(order_id);
    const OrderRecord current = AsOfNow(*stored);
    if (current.order.status == kPending) {
      return Status(ErrorCode::kOrderInProgress,
                    "Your order is in progress. Check your order history for recent orders in "
                    "few minutes.");
    }
    if (current.order.status == kCancelled) {
      return Status(ErrorCode::kOrderNotCancellable,
                    "Order " + std::string(order_id) + " cannot be canceled: it is cancelled.");
    }
    if (!CancelledByOrder(current.order, catalog_.Get().get())) {
      return Status(ErrorCode::kCancelThroughSubscriptions,
                    "This order " + std::string(order_id) +
                        " cannot be canceled. Use PATCH /customers/" + customer.id +
                        "/subscriptions/<subscriptionId> to suspend subscriptions.");
    }
    const Timestamp created = current.order.creation_date.value_or(Timestamp{});
    if (clock_.Now() > created + options_.cancellation_window) {
      const auto days = std::chrono::duration_cast<std::chrono::days>(options_.cancellation_window);
      return Status(ErrorCode::kCancellationWindowPassed,
                    "You have passed your " + std::to_string(days.count()) +
                        "-day cancellation window. We are unable to cancel your purchase.");
    }

    CARTD_ASSIGN_OR_RETURN(
        std::vector<SubscriptionRecord> subscriptions,
        ListAllSubscriptions(store_, customer.partner_tenant, customer.id, order_id));
    OrderChange change;
    change.order = current;
    change.order.version = stored->version + 1;
    change.order.order.status = std::string(kCancelled);
    change.expected_version = stored->version;
    for (SubscriptionRecord& subscription : subscriptions) {
      subscription.subscription.status = "deleted";
    }
    change.subscriptions = std::move(subscriptions);
    const Status status = store_.CommitOrderChange(change);
    if (status.ok()) return change.order;
    if (status.code() != ErrorCode::kConflict) return status;
    // Changed underneath (completed by a sweep, cancelled by another request): decide again.
  }
  return Unavailable("order " + std::string(order_id) +
                     " is changing too often to cancel it; retry");
}

StatusOr<SubscriptionRecord> OrderService::GetSubscription(const Customer& customer,
                                                           std::string_view subscription_id) const {
  CARTD_ASSIGN_OR_RETURN(std::optional<SubscriptionRecord> subscription,
                         store_.FindSubscription(SubscriptionKey{
                             customer.partner_tenant, customer.id, std::string(subscription_id)}));
  if (!subscription) {
    return Status(ErrorCode::kSubscriptionNotFound,
                  "Subscription with ID " + std::string(subscription_id) + " not found.");
  }
  return AsOfNow(*std::move(subscription));
}

Status OrderService::ForEachSubscriptionPage(
    const Customer& customer, std::optional<std::string_view> order_id,
    const std::function<void(std::vector<SubscriptionRecord>& page)>& visit) const {
  return ListSubscriptionsByPage(store_, customer.partner_tenant, customer.id, order_id,
                                 std::max(options_.subscriptions_per_page, 1),
                                 [&](std::vector<SubscriptionRecord>& page) {
                                   for (SubscriptionRecord& subscription : page) {
                                     subscription = AsOfNow(std::move(subscription));
                                   }
                                   visit(page);
                                 });
}

StatusOr<int> OrderService::CompleteDueOrders(int limit) {
  CARTD_ASSIGN_OR_RETURN(
      std::vector<OrderRecord> due,
      store_.ListPendingOrders(clock_.Now() - options_.provisioning_delay + Ticks(1), limit));
  int completed = 0;
  for (const OrderRecord& order : due) {
    CARTD_ASSIGN_OR_RETURN(std::vector<SubscriptionRecord> subscriptions,
                           ListAllSubscriptions(store_, order.key.partner_tenant,
                                                order.key.customer_id, order.key.order_id));
    OrderChange change;
    change.order = AsOfNow(order);
    change.order.version = order.version + 1;
    change.expected_version = order.version;
    for (SubscriptionRecord& subscription : subscriptions) {
      subscription = AsOfNow(std::move(subscription));
    }
    change.subscriptions = std::move(subscriptions);
    const Status status = store_.CommitOrderChange(change);
    if (status.ok()) {
      ++completed;
    } else if (status.code() != ErrorCode::kConflict) {
      return status;
    }
  }
  return completed;
}

}  // namespace cartd
