// From stored records to what the contract shows: adds the hypermedia links and
// attributes.objectType that are derived from ids rather than stored, and writes JSON responses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/customer.h"
#include "domain/records.h"
#include "http/message.h"
#include "partnercenter/models.h"

namespace cartd::api {

// "/customers/{cid}/carts/{id}": relative, without /v1, as Partner Center writes links.
std::string CartLinkPath(std::string_view customer_id, std::string_view cart_id);
std::string OrderLinkPath(std::string_view customer_id, std::string_view order_id);

std::string SubscriptionLinkPath(std::string_view customer_id, std::string_view subscription_id);

partnercenter::Cart RenderCart(const CartRecord& record);
// The order with its links (self, provisioningStatus, patchOperation) and each line's link to
// the subscription it created.
partnercenter::Order RenderOrder(partnercenter::Order order, std::string_view customer_id);
partnercenter::CartCheckoutResult RenderCheckoutResult(partnercenter::CartCheckoutResult result,
                                                       std::string_view customer_id);
// With links.self "/customers/{cid}/orders".
partnercenter::OrderCollection RenderOrderCollection(const std::vector<OrderRecord>& orders,
                                                     std::string_view customer_id);
partnercenter::ProvisioningStatusCollection RenderProvisioningStatus(
    std::vector<partnercenter::OrderLineItemProvisioningStatus> lines);
// The subscription with its links: self, its parent's for an add-on, and the catalog entries
// (product, SKU, availability in the customer's country) of an item with such ids.
partnercenter::Subscription RenderSubscription(const SubscriptionRecord& record,
                                               const Customer& customer);
// With links.self: the list's path, and its `?order_id=` when filtered.
partnercenter::SubscriptionCollection RenderSubscriptionCollection(
    const std::vector<SubscriptionRecord>& subscriptions, const Customer& customer,
    std::string_view order_id_filter);

// A response with a JSON body and Content-Type "application/json; charset=utf-8".
http::Response JsonResponse(int status, std::string body);

// `status` with the rendered cart and its ETag.
http::Response CartResponse(int status, const CartRecord& record);
// 201 with the rendered checkout result of a cart of `customer_id`, and the ETag of the cart's
// version `cart_version` (the Ordered cart's, or the Active one's when nothing was ordered).
http::Response CheckoutResponse(partnercenter::CartCheckoutResult result,
                                std::string_view customer_id, std::int64_t cart_version);

}  // namespace cartd::api
