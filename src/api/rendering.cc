#include "api/rendering.h"

#include <utility>

#include "domain/etag.h"
#include "partnercenter/json.h"

namespace cartd::api {
namespace {

partnercenter::Link MakeLink(std::string uri, std::string method) {
  return partnercenter::Link{
      .uri = std::move(uri), .method = std::move(method), .headers = {}, .body = {}};
}

partnercenter::ResourceAttributes ObjectType(std::string type) {
  return partnercenter::ResourceAttributes{.etag = std::nullopt, .object_type = std::move(type)};
}

}  // namespace

std::string CartLinkPath(std::string_view customer_id, std::string_view cart_id) {
  std::string path = "/customers/";
  path += customer_id;
  path += "/carts/";
  path += cart_id;
  return path;
}

std::string SubscriptionLinkPath(std::string_view customer_id, std::string_view subscription_id) {
  std::string path = "/customers/";
  path += customer_id;
  path += "/subscriptions/";
  path += subscription_id;
  return path;
}

std::string OrderLinkPath(std::string_view customer_id, std::string_view order_id) {
  std::string path = "/customers/";
  path += customer_id;
  path += "/orders/";
  path += order_id;
  return path;
}

partnercenter::Cart RenderCart(const CartRecord& record) {
  partnercenter::Cart cart = record.cart;
  cart.links = partnercenter::StandardLinks{
      .self = MakeLink(CartLinkPath(record.key.customer_id, record.key.cart_id), "GET")};
  cart.attributes = ObjectType("Cart");
  return cart;
}

partnercenter::Order RenderOrder(partnercenter::Order order, std::string_view customer_id) {
  const std::string self = OrderLinkPath(customer_id, order.id);
  order.links = partnercenter::OrderLinks{
      .self = MakeLink(self, "GET"),
      .provisioning_status = MakeLink(self + "/provisioningstatus", "GET"),
      .patch_operation = MakeLink(self, "PATCH")};
  for (partnercenter::OrderLineItem& line : order.line_items) {
    if (!line.subscription_id) continue;
    if (!line.links) line.links.emplace();
    line.links->subscription =
        MakeLink(SubscriptionLinkPath(customer_id, *line.subscription_id), "GET");
  }
  order.attributes = ObjectType("Order");
  return order;
}

partnercenter::CartCheckoutResult RenderCheckoutResult(partnercenter::CartCheckoutResult result,
                                                       std::string_view customer_id) {
  for (partnercenter::Order& order : result.orders) {
    order = RenderOrder(std::move(order), customer_id);
  }
  result.attributes = ObjectType("CartCheckoutResult");
  return result;
}

partnercenter::ProvisioningStatusCollection RenderProvisioningStatus(
    std::vector<partnercenter::OrderLineItemProvisioningStatus> lines) {
  partnercenter::ProvisioningStatusCollection collection;
  collection.total_count = static_cast<int>(lines.size());
  collection.items = std::move(lines);
  collection.attributes = ObjectType("Collection");
  return collection;
}

partnercenter::Subscription RenderSubscription(const SubscriptionRecord& record,
                                               const Customer& customer) {
  partnercenter::Subscription subscription = record.subscription;
  partnercenter::SubscriptionLinks links;
  if (subscription.parent_subscription_id) {
    links.parent_subscription =
        MakeLink(SubscriptionLinkPath(customer.id, *subscription.parent_subscription_id), "GET");
  }
  // "product:sku:availability": the catalog entries it was bought from (catalog reads answer
  // them); legacy offer ids have none.
  const std::string offer = subscription.offer_id.value_or("");
  const std::size_t first = offer.find(':');
  const std::size_t second = first == std::string::npos ? first : offer.find(':', first + 1);
  if (second != std::string::npos && offer.find(':', second + 1) == std::string::npos) {
    const std::string product = "/products/" + offer.substr(0, first);
    const std::string sku = product + "/skus/" + offer.substr(first + 1, second - first - 1);
    const std::string country = "?country=" + customer.country;
    links.product = MakeLink(product + country, "GET");
    links.sku = MakeLink(sku + country, "GET");
    links.availability =
        MakeLink(sku + "/availabilities/" + offer.substr(second + 1) + country, "GET");
  }
  links.self = MakeLink(SubscriptionLinkPath(customer.id, subscription.id), "GET");
  subscription.links = std::move(links);
  subscription.attributes = ObjectType("Subscription");
  return subscription;
}

OrderListBody::OrderListBody(std::string_view customer_id)
    : customer_id_(customer_id), encoder_(body_) {}

void OrderListBody::Add(std::vector<OrderRecord>& page) {
  for (OrderRecord& record : page) {
    encoder_.Add(RenderOrder(std::move(record.order), customer_id_));
  }
}

std::string OrderListBody::Finish() && {
  encoder_.Finish(
      partnercenter::StandardLinks{.self =
                                       MakeLink("/customers/" + customer_id_ + "/orders", "GET")},
      ObjectType("Collection"));
  return std::move(body_);
}

SubscriptionListBody::SubscriptionListBody(const Customer& customer,
                                           std::string_view order_id_filter)
    : customer_(customer), self_("/customers/" + customer.id + "/subscriptions"), encoder_(body_) {
  if (!order_id_filter.empty()) self_ += "?order_id=" + std::string(order_id_filter);
}

void SubscriptionListBody::Add(std::vector<SubscriptionRecord>& page) {
  for (const SubscriptionRecord& record : page) {
    encoder_.Add(RenderSubscription(record, customer_));
  }
}

std::string SubscriptionListBody::Finish() && {
  encoder_.Finish(partnercenter::StandardLinks{.self = MakeLink(std::move(self_), "GET")},
                  ObjectType("Collection"));
  return std::move(body_);
}

http::Response JsonResponse(int status, std::string body) {
  http::Response response;
  response.status = status;
  response.headers.Add("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

http::Response CartResponse(int status, const CartRecord& record) {
  return RenderedCartResponse(status, record.version, partnercenter::ToJson(RenderCart(record)));
}

http::Response RenderedCartResponse(int status, std::int64_t version, std::string body) {
  http::Response response = JsonResponse(status, std::move(body));
  response.headers.Add("ETag", ETagOfVersion(version));
  return response;
}

http::Response CheckoutResponse(partnercenter::CartCheckoutResult result,
                                std::string_view customer_id, std::int64_t cart_version) {
  http::Response response = JsonResponse(
      201, partnercenter::ToJson(RenderCheckoutResult(std::move(result), customer_id)));
  response.headers.Add("ETag", ETagOfVersion(cart_version));
  return response;
}

}  // namespace cartd::api
