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
#include "partnercenter/json.h"
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
partnercenter::ProvisioningStatusCollection RenderProvisioningStatus(
    std::vector<partnercenter::OrderLineItemProvisioningStatus> lines);
// The subscription with its links: self, its parent's for an add-on, and the catalog entries
// (product, SKU, availability in the customer's country) of an item with such ids.
partnercenter::Subscription RenderSubscription(const SubscriptionRecord& record,
                                               const Customer& customer);

// The body of a customer's list of orders (a Collection with links.self
// "/customers/{cid}/orders"), rendered a page at a time: each order is rendered as RenderOrder
// renders it and encoded into the body at once (partnercenter::CollectionEncoder), so that a list
// holds its body and one page, never a rendered copy of the whole list. The body is byte for byte
// ToJson of the whole rendered collection. Not thread-safe.
class OrderListBody {
 public:
  explicit OrderListBody(std::string_view customer_id);
  OrderListBody(const OrderListBody&) = delete;
  OrderListBody& operator=(const OrderListBody&) = delete;

  // Renders and encodes the page's orders after those added before; moves from them.
  void Add(std::vector<OrderRecord>& page);
  // The finished body. Called once, after the last Add.
  std::string Finish() &&;

 private:
  std::string customer_id_;
  std::string body_;
  partnercenter::CollectionEncoder<partnercenter::Order> encoder_;
};

// The body of a customer's list of subscriptions, as OrderListBody renders orders
// (RenderSubscription); links.self is the list's path, and its `?order_id=` when filtered
// (`order_id_filter` not empty).
class SubscriptionListBody {
 public:
  // `customer` must outlive this.
  SubscriptionListBody(const Customer& customer, std::string_view order_id_filter);
  SubscriptionListBody(const SubscriptionListBody&) = delete;
  SubscriptionListBody& operator=(const SubscriptionListBody&) = delete;

  void Add(std::vector<SubscriptionRecord>& page);
  std::string Finish() &&;

 private:
  const Customer& customer_;
  std::string self_;
  std::string body_;
  partnercenter::CollectionEncoder<partnercenter::Subscription> encoder_;
};

// A response with a JSON body and Content-Type "application/json; charset=utf-8".
http::Response JsonResponse(int status, std::string body);

// `status` with the rendered cart and its ETag.
http::Response CartResponse(int status, const CartRecord& record);
// `status` with `body`, a cart's rendering (as CartResponse wrote it), and the ETag of `version`.
http::Response RenderedCartResponse(int status, std::int64_t version, std::string body);
// 201 with the rendered checkout result of a cart of `customer_id`, and the ETag of the cart's
// version `cart_version` (the Ordered cart's, or the Active one's when nothing was ordered).
http::Response CheckoutResponse(partnercenter::CartCheckoutResult result,
                                std::string_view customer_id, std::int64_t cart_version);

}  // namespace cartd::api
