// OrderService: what follows checkout (SPEC §12). Orders and the subscriptions their lines
// created, read as they are at this moment: a new order is "pending" and becomes "completed", its
// subscriptions "active", once the provisioning delay has passed on the service's clock. The
// state is derived when read, so no timer per order is needed and a restart loses nothing; the
// sweeper records completions (CompleteDueOrders) so that what a client once saw completed stays
// so. Orders of Azure reservations and software are cancelled by the integration sandbox's order
// PATCH within its window; the service sees no HTTP, JSON or SQL.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_store.h"
#include "domain/catalog_holder.h"
#include "domain/customer.h"
#include "domain/records.h"
#include "partnercenter/models.h"

namespace cartd {

struct OrderServiceOptions {
  // How long a new order stays "pending" before it is "completed" (Partner Center provisions
  // asynchronously; the docs give no duration). Default 2 seconds.
  Ticks provisioning_delay = std::chrono::seconds(2);
  // How long after its creation an order may be cancelled: the integration sandbox's 60 days.
  Ticks cancellation_window = std::chrono::days(60);
  // How often a cancellation is tried again when the order changes underneath it (the sweeper
  // completing it, another cancellation) before kUnavailable.
  int max_write_attempts = 8;
  // How many records a page of a list holds (ForEachOrderPage, ForEachSubscriptionPage): what a
  // list holds decoded at once besides what its caller makes of it. An order holds up to a cart's
  // lines, a subscription is one line. At least 1.
  int orders_per_page = 50;
  int subscriptions_per_page = 500;
};

// Thread-safe. The store, clock and catalog holder must outlive it.
//
// Errors every operation may return besides those listed: kUnavailable, kInternal (from the
// store).
class OrderService {
 public:
  OrderService(CartStore& store, const Clock& clock, const CatalogHolder& catalog,
               OrderServiceOptions options);

  // The order as of now. Errors: kNotFound (SPEC §4: 404/800008 for a get).
  StatusOr<OrderRecord> GetOrder(const Customer& customer, std::string_view order_id) const;
  // A customer's orders as of now, oldest first, a page of at most options().orders_per_page
  // at a time: `visit` gets each page in turn (none for a customer without orders) and may move
  // from it. Every order placed before the call is visited exactly once; one placed during it
  // may or may not be (domain/list_pages.h). A failed read ends the walk and is returned.
  Status ForEachOrderPage(const Customer& customer,
                          const std::function<void(std::vector<OrderRecord>& page)>& visit) const;

  // One entry per order line: "fulfilled" once the order is completed, "prefulfillmentpending"
  // while it is pending, "unfulfilled" when cancelled; with the line's quantity.
  // Errors: kOrderNotFound.
  StatusOr<std::vector<partnercenter::OrderLineItemProvisioningStatus>> ProvisioningStatus(
      const Customer& customer, std::string_view order_id) const;

  // Cancels the order and its subscriptions (status "cancelled", subscriptions "deleted"), as
  // the integration sandbox allows, and returns it.
  // Errors:
  //   kOrderNotFound               no such order
  //   kOrderInProgress             it is still pending (Partner Center: "Your order is in
  //                                progress")
  //   kOrderNotCancellable         it is cancelled already
  //   kCancelThroughSubscriptions  it holds items cancelled through their subscriptions
  //                                (new-commerce licences, Azure plan and offers, marketplace)
  //   kCancellationWindowPassed    it was created longer ago than the cancellation window
  StatusOr<OrderRecord> CancelOrder(const Customer& customer, std::string_view order_id);

  // Errors: kSubscriptionNotFound.
  StatusOr<SubscriptionRecord> GetSubscription(const Customer& customer,
                                               std::string_view subscription_id) const;
  // A customer's subscriptions as of now (or only those of `order_id`), oldest first, a page of
  // at most options().subscriptions_per_page at a time, as ForEachOrderPage visits orders.
  Status ForEachSubscriptionPage(
      const Customer& customer, std::optional<std::string_view> order_id,
      const std::function<void(std::vector<SubscriptionRecord>& page)>& visit) const;

  // Records the completion of up to `limit` orders whose provisioning delay has passed, with
  // their subscriptions. Returns how many were completed. Orders changed meanwhile by someone
  // else (another node, a cancellation) are left to them.
  StatusOr<int> CompleteDueOrders(int limit);

  const OrderServiceOptions& options() const { return options_; }

 private:
  // As of now: a due pending order is completed, a due pending subscription active (each was
  // created with its order, so each carries the order's creation date).
  OrderRecord AsOfNow(OrderRecord order) const;
  SubscriptionRecord AsOfNow(SubscriptionRecord subscription) const;
  bool IsDue(std::optional<Timestamp> created) const;
  StatusOr<std::optional<OrderRecord>> FindOrder(const Customer& customer,
                                                 std::string_view order_id) const;

  CartStore& store_;
  const Clock& clock_;
  const CatalogHolder& catalog_;
  OrderServiceOptions options_;
};

}  // namespace cartd
