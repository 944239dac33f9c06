// Placing orders for a cart: one Order per order group, priced from the catalog.
#pragma once

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
// additionalPartnerIdsOnRecord from the line's participants, status "pending", transactionType
// "UserPurchase", totalPrice the sum of extended prices (when priced).
// REQUIRES: the cart's lines have order groups and no line errors.
PlacedOrders PlaceOrders(const CartRecord& cart, const Customer& customer, const Catalog* catalog,
                         Timestamp now);

}  // namespace cartd
