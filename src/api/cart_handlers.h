// Thin handlers for the cart operations: decode the request, call CartService, render the answer.
// Everything about carts is decided in the domain.
#pragma once

#include <string>

#include "api/rendered_carts.h"
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

// Thread-safe (stateless beyond the service it calls and the renderings it keeps).
class CartHandlers {
 public:
  // A GET answers from `rendered` when the cart has not changed since; every cart a request
  // renders is put there. `service` and `rendered` must outlive this.
  CartHandlers(CartService& service, RenderedCarts& rendered,
               partnercenter::ParseOptions parse_options)
      : service_(service), rendered_(rendered), parse_options_(parse_options) {}

  http::Response CreateCart(const RequestContext& context);
  http::Response GetCart(const RequestContext& context);
  http::Response UpdateCart(const RequestContext& context);
  http::Response Checkout(const RequestContext& context);

 private:
  // CartResponse, with the body kept in rendered_.
  http::Response RenderAndKeep(int status, const CartRecord& record);

  CartService& service_;
  RenderedCarts& rendered_;
  partnercenter::ParseOptions parse_options_;
};

}  // namespace cartd::api
