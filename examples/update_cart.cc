// Update a cart (Partner Center's "Update a cart" page, its C# sample in C++): get the cart,
// raise the first line's quantity by one, and put the cart back.
//
//   update_cart API_ROOT CUSTOMER_ID CART_ID     (the access token in PARTNER_CENTER_TOKEN)
//
// Against a local cartd, `cartd serve --demo` and a token from `cartd token`, the demo cart is
// customer d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d, cart 65faf57b-0205-47ee-92b3-08dcf233ea73.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "partnercenter/partner_service.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s API_ROOT CUSTOMER_ID CART_ID (token in PARTNER_CENTER_TOKEN)\n",
                 argv[0]);
    return 2;
  }
  const char* token = std::getenv("PARTNER_CENTER_TOKEN");
  const std::string customer_id = argv[2];
  const std::string cart_id = argv[3];

  auto partner_operations = partnercenter::PartnerService::Create(
      partnercenter::Credentials::BearerToken(token != nullptr ? token : ""),
      {.api_root = argv[1]});

  auto cart = partner_operations->Customers().ById(customer_id).Carts().ById(cart_id).Get();
  if (!cart) {
    std::fprintf(stderr, "%s\n", cart.error().ToString().c_str());
    return 1;
  }
  if (cart->line_items.empty()) {
    std::fprintf(stderr, "cart %s has no lines\n", cart_id.c_str());
    return 1;
  }

  cart->line_items[0].quantity++;

  // With a service that sends ETags, If-Match makes the update fail (412) rather than overwrite a
  // change made since the Get; without one, etag() is empty and no If-Match is sent.
  auto updated_cart = partner_operations->Customers()
                          .ById(customer_id)
                          .Carts()
                          .ById(cart_id)
                          .Put(*cart, {.if_match = cart.etag()});
  if (!updated_cart) {
    std::fprintf(stderr, "%s\n", updated_cart.error().ToString().c_str());
    return 1;
  }
  std::printf("line %d of cart %s: quantity %d\n", updated_cart->line_items[0].id.value_or(0),
              cart_id.c_str(), updated_cart->line_items[0].quantity);
  return 0;
}
