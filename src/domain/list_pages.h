// Reading a customer's list of orders or subscriptions from a CartStore a page at a time
// (CartStore::ListOrders, ListSubscriptions), each page starting after the last record of the one
// before, so that a caller holds one page of a list whose length grows with the customer's
// history, never the whole of it.
//
// A walk holds every record that was stored before it began exactly once, in the list's order; a
// record stored during the walk may or may not be in it (the pages are separate reads, not one
// snapshot). Thread-safe as the store.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/cart_store.h"
#include "domain/records.h"

namespace cartd {

// Calls `visit` with each page of the list in turn (pages of `page_size` records; the last may be
// shorter, and an empty list makes no call). `visit` may move from the page; the next page is
// read after it returns. A failed read ends the walk and is returned; pages already visited stay
// visited. kInternal when page_size <= 0 (a bug of the caller).
Status ListOrdersByPage(CartStore& store, std::string_view partner_tenant,
                        std::string_view customer_id, int page_size,
                        const std::function<void(std::vector<OrderRecord>& page)>& visit);
// The subscriptions of the customer, or only those of the order `order_id` when it is set.
Status ListSubscriptionsByPage(
    CartStore& store, std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, int page_size,
    const std::function<void(std::vector<SubscriptionRecord>& page)>& visit);

// The whole list at once: for lists known to be short (the subscriptions of one order, which has
// at most a cart's lines) and for tests.
StatusOr<std::vector<OrderRecord>> ListAllOrders(CartStore& store, std::string_view partner_tenant,
                                                 std::string_view customer_id);
StatusOr<std::vector<SubscriptionRecord>> ListAllSubscriptions(
    CartStore& store, std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id);

}  // namespace cartd
