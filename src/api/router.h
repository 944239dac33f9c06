// The route table of cartd: which operation a method and path name (SPEC §2). Explicit, in one
// place. Literal segments match case-insensitively; a trailing slash is accepted.
#pragma once

#include <string>
#include <string_view>

namespace cartd::api {

enum class Operation {
  kCreateCart,
  kGetCart,
  kUpdateCart,
  kCheckout,
  kGetOrder,
  kListOrders,
  kCancelOrder,
  kGetProvisioningStatus,
  kListSubscriptions,
  kGetSubscription,
  // The products API (catalog reads).
  kListProducts,
  kGetProduct,
  kListSkus,
  kGetSku,
  kListAvailabilities,
  kGetAvailability,
  // The stand-in controls under /_cartd/ (SPEC §13).
  kGetClock,
  kMoveClock,
  kListFaults,
  kArmFault,
  kClearFaults,
  kClearFault,
  kListRequests,
  kClearRequests,
  kReset,
  kLoadFixtures,
  kMintToken,
  kListCustomers,
  kListCarts,
  // The web console (SPEC §14): its page and files, served with the controls.
  kConsole,
  kHealth,
  kReady,
  kMetrics,
  kOpenApi,
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  Operation operation = Operation::kHealth;  // when kFound
  std::string allow;                         // when kMethodNotAllowed: "GET, PUT"
  // Path parameters as they appear in the path (not yet validated).
  std::string customer_id;
  std::string resource_id;  // the cart id or the order id
  std::string product_id;   // catalog routes
  std::string sku_id;
  std::string availability_id;
  // A stable name for metrics and logs: "PUT /v1/customers/{customer-id}/carts/{cart-id}".
  std::string route_name;
};

RouteMatch Route(std::string_view method, std::string_view path);

// True for operations under /v1, which need a partner's token.
bool IsApiOperation(Operation operation);

// True for the stand-in controls under /_cartd/, which need the control token.
bool IsControlOperation(Operation operation);

// True for paths under /_cartd/ and /console (whatever the method), which a node without controls
// answers 404.
bool IsControlPath(std::string_view path);

// True for the products API's operations: under /v1, but about no customer.
bool IsCatalogOperation(Operation operation);

}  // namespace cartd::api
