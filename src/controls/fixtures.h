// Fixtures: the customers and carts a store starts a test from (SPEC §13). `--demo` loads the
// demo fixtures (data/demo-fixtures.json, compiled in), `cartd admin fixtures load FILE` and
// `POST /_cartd/fixtures` load any document of the same format (docs/fixtures.md):
//
//   {"customers": [{"partnerTenant": "...", "id": "...", "country": "US", "currency": "USD",
//                   "companyName": "Contoso"}],
//    "carts": [{"partnerTenant": "...", "customerId": "...",
//               "cart": {"id": "...", "lastModifiedUser": "...", "lineItems": [...]}}]}
//
// A cart is given as a client would send it (the cart JSON of SPEC §3, read by the same rules);
// loading creates it Active, now, with the lines checked and prepared as a create would
// (currency, order groups, line errors), under its id when it has one, last modified by its
// `lastModifiedUser` (default: the partner tenant).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_service.h"
#include "domain/cart_store.h"
#include "domain/catalog.h"
#include "domain/customer.h"
#include "partnercenter/models.h"

namespace cartd::controls {

struct FixtureCart {
  std::string partner_tenant;
  std::string customer_id;
  std::string id;  // a GUID; "" for a new random one
  std::string last_modified_user;
  std::vector<partnercenter::CartLineItem> line_items;
};

struct Fixtures {
  std::vector<Customer> customers;
  std::vector<FixtureCart> carts;
};

// Reads a fixtures document. Names are matched case-insensitively and unknown members ignored, as
// in every request body; GUIDs are put in canonical form.
// Errors: kInvalidInput naming `source_name`, the entry and the problem ("fixtures.json:
// carts[1].customerId: 'x' is not a GUID").
StatusOr<Fixtures> ParseFixtures(std::string_view json, std::string_view source_name,
                                 const CartServiceOptions& options);

// What loading does with a cart that is already stored under a fixture's id.
enum class ExistingCart {
  kKeepIfUsable,  // keep it when it is Active and not expired (--demo: a restart keeps changes)
  kReplace,       // replace it by the fixture's (POST /_cartd/fixtures: the state the test asked)
};

struct LoadedFixtures {
  int customers = 0;
  std::vector<CartKey> carts;  // every fixture cart, in the document's order
};

// With sandbox limits on: kSandboxLimitReached when `customer` is new and its partner has
// limits.customers_per_partner customers already.
Status CheckCustomerLimit(CartStore& store, const SandboxLimits& limits, const Customer& customer);

// Stores the customers (added or replaced), then the carts. Each cart's customer must be one of
// the document's or already stored.
// Errors: kInvalidInput for a cart whose customer is unknown, kSandboxLimitReached (see
// CheckCustomerLimit) (nothing after it is loaded; what came before stays); the store's. With
// sandbox limits on, lines above the licences per subscription get line error 10015.
StatusOr<LoadedFixtures> LoadFixtures(CartStore& store, const Catalog* catalog, const Clock& clock,
                                      const CartServiceOptions& options, const Fixtures& fixtures,
                                      ExistingCart existing);

}  // namespace cartd::controls
