// Thin handlers for the cart operations: decode the request, call CartService, render the answer.
// Everything about carts is decided in the domain.
#pragma once

#include <string>

#include "domain/cart_service.h"
#include "domain/customer.h"
#include "domain/principal.h"
#include "http/message.h"
#include "partnercenter/json.h"

namespace cartd::api {

// What the pipeline (api/app.h) established before a handler runs.
struct RequestContext {
  const http::Request& request;
  const Principal& principal;
  const Customer& customer;
  // The cart or subscription id (canonical GUID) or the order id; "" when none.
  std::string resource_id;
};

// Thread-safe (stateless beyond the service it calls).
class CartHandlers {
 public:
  CartHandlers(CartService& service, partnercenter::ParseOptions parse_options)
      : service_(service), parse_options_(parse_options) {}

  http::Response CreateCart(const RequestContext& context);
  http::Response GetCart(const RequestContext& context);
  http::Response UpdateCart(const RequestContext& context);
  http::Response Checkout(const RequestContext& context);

 private:
  CartService& service_;
  partnercenter::ParseOptions parse_options_;
};

}  // namespace cartd::api
