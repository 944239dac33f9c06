#include "cartd/demo.h"

#include <vector>

#include "domain/cart_lines.h"

namespace cartd::demo {
namespace {

std::vector<Customer> Customers() {
  return {
      {kPartnerTenant, kCustomer, "US", "USD", "Contoso (seed customer)"},
      {kPartnerTenant, "f81d98dd-c2f4-499e-a194-5619e260344e", "US", "USD", "Fabrikam"},
      {kPartnerTenant, "28045616-a2f8-4c4e-b9c2-8b6b3b2c1a10", "GB", "GBP", "Northwind Traders"},
      {kPartnerTenant, "3b6a9f0e-7c1d-4e2a-9b8f-1d2c3e4f5a6b", "DE", "EUR", "Tailspin Toys"},
      {kPartnerTenant, "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", "JP", "JPY", "Wide World Importers"},
      {kOtherPartnerTenant, kOtherPartnersCustomer, "US", "USD", "Adventure Works"},
  };
}

// The seed page's cart: one Azure reserved instance, as its request shows it before the update.
partnercenter::CartLineItem SeedLine() {
  partnercenter::CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
  line.friendly_name = "A_sample_Azure_RI";
  line.quantity = 1;
  line.billing_cycle = partnercenter::BillingCycle::kOneTime;
  line.provisioning_context =
      partnercenter::StringPairs{{"SubscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"},
                                 {"Scope", "shared"},
                                 {"Duration", "1Year"}};
  return line;
}

}  // namespace

Status Load(CartStore& store, const Catalog* catalog, const Clock& clock,
            const CartServiceOptions& options) {
  const std::vector<Customer> customers = Customers();
  for (const Customer& customer : customers) CARTD_RETURN_IF_ERROR(store.PutCustomer(customer));

  const CartKey key{kPartnerTenant, kCustomer, kSeedCart};
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRecord> existing, store.FindCart(key));
  const Timestamp now = clock.Now();
  const bool usable = existing && existing->cart.status == partnercenter::CartStatus::kActive &&
                      existing->cart.expiration_timestamp > now;
  if (usable) return Status::Ok();

  CartRecord seed;
  seed.key = key;
  seed.version = existing ? existing->version + 1 : 1;
  seed.cart.id = key.cart_id;
  seed.cart.creation_timestamp = now;
  seed.cart.last_modified_timestamp = now;
  seed.cart.expiration_timestamp = now + options.cart_ttl;
  seed.cart.last_modified_user = kUser;
  seed.cart.status = partnercenter::CartStatus::kActive;
  seed.cart.line_items = PrepareLines({SeedLine()}, customers.front(), catalog);
  return store.Commit(CartWrite{.cart = seed,
                                .expected_version = existing ? existing->version : 0,
                                .new_orders = {},
                                .new_subscriptions = {},
                                .reply = std::nullopt,
                                .admit = nullptr});
}

}  // namespace cartd::demo
