// Thin handlers for what follows checkout (SPEC §12): orders (get, list, sandbox cancellation by
// PATCH, provisioning status) and the subscriptions their lines created. Everything about them is
// decided in the domain (OrderService).
#pragma once

#include "api/cart_handlers.h"
#include "api/list_gate.h"
#include "domain/order_service.h"
#include "http/message.h"
#include "partnercenter/json.h"

namespace cartd::api {

// Thread-safe (stateless beyond the service it calls).
class OrderHandlers {
 public:
  // `lists` admits the list operations (ListOrders, ListSubscriptions); it must outlive this.
  OrderHandlers(OrderService& service, ListGate& lists, partnercenter::ParseOptions parse_options)
      : service_(service), lists_(lists), parse_options_(parse_options) {}

  http::Response GetOrder(const RequestContext& context);
  // Lists wait for a pass of the ListGate (503/800003 when none comes in time).
  http::Response ListOrders(const RequestContext& context);
  // The body is an Order (the .NET SDK sends the whole order back) whose `status` is "cancelled";
  // anything else is 400/800002. The path's order id wins over any `id` in the body.
  http::Response CancelOrder(const RequestContext& context);
  http::Response GetProvisioningStatus(const RequestContext& context);
  // `?order_id=` keeps the subscriptions of that order.
  http::Response ListSubscriptions(const RequestContext& context);
  http::Response GetSubscription(const RequestContext& context);

 private:
  OrderService& service_;
  ListGate& lists_;
  partnercenter::ParseOptions parse_options_;
};

}  // namespace cartd::api
