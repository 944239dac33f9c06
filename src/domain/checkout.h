// Placing orders for a cart: one Order per order group, priced from the catalog.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/catalog.h"
#include "domain/customer.h"
#include "domain/records.h"
#include "partnercenter/models.h"

namespace cartd {

// The order error code for a group that cannot be ordered: Partner Center's "catalog item not
// eligible for purchase".
inline constexpr int kOrderErrorNotPurchasable = 800020;

struct PlacedOrders {
  // orders (one per order group that could be ordered, in group order) and orderErrors (one per
  // group that could not), without links/attributes: the API layer renders those.
  partnercenter::CartCheckoutResult result;
  // The same orders as records to store.
  std::vector<OrderRecord> records;
  // One subscription per order line, as records to store with the orders.
  std::vector<SubscriptionRecord> subscriptions;
};

// Builds the orders for `cart`'s groups. Groups are taken in order of first appearance. A group
// that holds an item the catalog does not list or marks not purchasable is not ordered; it gets
// an OrderError instead, and the other groups are ordered.
//
// Each order: a new 12-hex id (also alternateId), the customer as referenceCustomerId, the
// group's billing cycle, the customer's currency and its symbol, lines renumbered from 0
// (add-ons after their parent, with parentSubscriptionId), each with a new subscriptionId,
// offerId = catalog item id, friendlyName = catalog title (the line's friendlyName when there is
// no catalog), pricing from the customer's market, partnerIdOnRecord and
// additionalPartnerIdsOnRecord from the line's participants, status "pending" (legacy OMS groups:
// "completed", as Partner Center's legacy orders are), transactionType "UserPurchase",
// totalPrice the sum of extended prices (when priced).
//
// Each order line creates a subscription (MakeSubscription): "pending" while its order is,
// "active" for a completed one.
// REQUIRES: the cart's lines have order groups and no line errors.
PlacedOrders PlaceOrders(const CartRecord& cart, const Customer& customer, const Catalog* catalog,
                         Timestamp now);

// The subscription `line` of `order` creates: id = the line's subscriptionId, the offer and its
// title, the cart line's friendlyName (else the title), quantity, unit and billing type
// ("Licenses"/"license", or "Usage-based"/"usage" for usage-billed Azure items), dates (start at
// the order's creation; commitment end at the customTermEndDate, else after the term, else far
// in the future), term, billing cycle, auto-renewal (for items with a term billed periodically),
// reseller of record, orderId, and status "pending" or "active" as the order is.
// `cart_line` is the cart line the order line came from (its friendlyName); `item` may be null.
partnercenter::Subscription MakeSubscription(const partnercenter::Order& order,
                                             const partnercenter::OrderLineItem& line,
                                             const partnercenter::CartLineItem& cart_line,
                                             const CatalogItem* item);

// The date a term of `term` (ISO 8601 "P<n>M" or "P<n>Y") starting at `start` ends on (the day
// before the same day n months later, or the later month's last day when it has no such day; at
// midnight UTC); nullopt for no or another duration.
std::optional<Timestamp> TermEnd(Timestamp start, std::string_view term);

}  // namespace cartd
