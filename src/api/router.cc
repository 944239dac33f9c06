#include "api/router.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <vector>

#include "http/message.h"

namespace cartd::api {
namespace {

// No route has more segments than this (Routes() checks), so a longer path matches none.
constexpr std::size_t kMaxSegments = 8;

struct RouteEntry {
  const char* method;
  // Segments; "{c}" is the customer id, "{r}" the cart or order id, "{p}", "{s}" and "{a}" the
  // product, SKU and availability ids.
  std::vector<std::string_view> segments;
  Operation operation;
  const char* name;
};

const std::vector<RouteEntry>& Routes() {
  static const std::vector<RouteEntry> routes = {
      {"POST",
       {"v1", "customers", "{c}", "carts"},
       Operation::kCreateCart,
       "POST /v1/customers/{customer-id}/carts"},
      {"GET",
       {"v1", "customers", "{c}", "carts", "{r}"},
       Operation::kGetCart,
       "GET /v1/customers/{customer-id}/carts/{cart-id}"},
      {"PUT",
       {"v1", "customers", "{c}", "carts", "{r}"},
       Operation::kUpdateCart,
       "PUT /v1/customers/{customer-id}/carts/{cart-id}"},
      {"POST",
       {"v1", "customers", "{c}", "carts", "{r}", "checkout"},
       Operation::kCheckout,
       "POST /v1/customers/{customer-id}/carts/{cart-id}/checkout"},
      {"GET",
       {"v1", "customers", "{c}", "orders"},
       Operation::kListOrders,
       "GET /v1/customers/{customer-id}/orders"},
      {"GET",
       {"v1", "customers", "{c}", "orders", "{r}"},
       Operation::kGetOrder,
       "GET /v1/customers/{customer-id}/orders/{order-id}"},
      {"PATCH",
       {"v1", "customers", "{c}", "orders", "{r}"},
       Operation::kCancelOrder,
       "PATCH /v1/customers/{customer-id}/orders/{order-id}"},
      {"GET",
       {"v1", "customers", "{c}", "orders", "{r}", "provisioningstatus"},
       Operation::kGetProvisioningStatus,
       "GET /v1/customers/{customer-id}/orders/{order-id}/provisioningstatus"},
      {"GET",
       {"v1", "customers", "{c}", "subscriptions"},
       Operation::kListSubscriptions,
       "GET /v1/customers/{customer-id}/subscriptions"},
      {"GET",
       {"v1", "customers", "{c}", "subscriptions", "{r}"},
       Operation::kGetSubscription,
       "GET /v1/customers/{customer-id}/subscriptions/{subscription-id}"},
      {"GET", {"v1", "products"}, Operation::kListProducts, "GET /v1/products"},
      {"GET", {"v1", "products", "{p}"}, Operation::kGetProduct, "GET /v1/products/{product-id}"},
      {"GET",
       {"v1", "products", "{p}", "skus"},
       Operation::kListSkus,
       "GET /v1/products/{product-id}/skus"},
      {"GET",
       {"v1", "products", "{p}", "skus", "{s}"},
       Operation::kGetSku,
       "GET /v1/products/{product-id}/skus/{sku-id}"},
      {"GET",
       {"v1", "products", "{p}", "skus", "{s}", "availabilities"},
       Operation::kListAvailabilities,
       "GET /v1/products/{product-id}/skus/{sku-id}/availabilities"},
      {"GET",
       {"v1", "products", "{p}", "skus", "{s}", "availabilities", "{a}"},
       Operation::kGetAvailability,
       "GET /v1/products/{product-id}/skus/{sku-id}/availabilities/{availability-id}"},
      {"GET", {"_cartd", "clock"}, Operation::kGetClock, "GET /_cartd/clock"},
      {"POST", {"_cartd", "clock"}, Operation::kMoveClock, "POST /_cartd/clock"},
      {"GET", {"_cartd", "faults"}, Operation::kListFaults, "GET /_cartd/faults"},
      {"POST", {"_cartd", "faults"}, Operation::kArmFault, "POST /_cartd/faults"},
      {"DELETE", {"_cartd", "faults"}, Operation::kClearFaults, "DELETE /_cartd/faults"},
      {"DELETE",
       {"_cartd", "faults", "{r}"},
       Operation::kClearFault,
       "DELETE /_cartd/faults/{fault-id}"},
      {"GET", {"_cartd", "requests"}, Operation::kListRequests, "GET /_cartd/requests"},
      {"DELETE", {"_cartd", "requests"}, Operation::kClearRequests, "DELETE /_cartd/requests"},
      {"POST", {"_cartd", "reset"}, Operation::kReset, "POST /_cartd/reset"},
      {"POST", {"_cartd", "fixtures"}, Operation::kLoadFixtures, "POST /_cartd/fixtures"},
      {"POST", {"_cartd", "tokens"}, Operation::kMintToken, "POST /_cartd/tokens"},
      {"GET", {"_cartd", "customers"}, Operation::kListCustomers, "GET /_cartd/customers"},
      {"GET", {"_cartd", "carts"}, Operation::kListCarts, "GET /_cartd/carts"},
      {"GET", {"console"}, Operation::kConsole, "GET /console"},
      {"GET", {"console", "{r}"}, Operation::kConsole, "GET /console/{file}"},
      {"GET", {"healthz"}, Operation::kHealth, "GET /healthz"},
      {"GET", {"readyz"}, Operation::kReady, "GET /readyz"},
      {"GET", {"metrics"}, Operation::kMetrics, "GET /metrics"},
      {"GET", {"openapi.json"}, Operation::kOpenApi, "GET /openapi.json"},
  };
  assert(std::all_of(routes.begin(), routes.end(), [](const RouteEntry& route) {
    return route.segments.size() <= kMaxSegments;
  }));
  return routes;
}

// A path's segments.
struct Segments {
  std::array<std::string_view, kMaxSegments> items;
  std::size_t size = 0;
};

// "/v1/customers/x/carts/" -> {"v1", "customers", "x", "carts"}; false for an empty segment
// ("//"), a path not starting with '/', or one with more segments than any route.
bool SplitPath(std::string_view path, Segments& out) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return true;
  while (true) {
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment.empty() || out.size == kMaxSegments) return false;
    out.items[out.size++] = segment;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

bool IsParameter(std::string_view segment) { return segment.starts_with('{'); }

// The route's fixed segments match the path's (ignoring case); parameters match anything.
bool Matches(const RouteEntry& route, const Segments& segments) {
  if (route.segments.size() != segments.size) return false;
  for (std::size_t i = 0; i < segments.size; ++i) {
    if (!IsParameter(route.segments[i]) &&
        !http::EqualsIgnoreCase(route.segments[i], segments.items[i])) {
      return false;
    }
  }
  return true;
}

// The member of `match` that the route's parameter `name` fills in.
std::string* ParameterOf(std::string_view name, RouteMatch& match) {
  if (name == "{c}") return &match.customer_id;
  if (name == "{r}") return &match.resource_id;
  if (name == "{p}") return &match.product_id;
  if (name == "{s}") return &match.sku_id;
  if (name == "{a}") return &match.availability_id;
  return nullptr;
}

void TakeParameters(const RouteEntry& route, const Segments& segments, RouteMatch& match) {
  for (std::size_t i = 0; i < segments.size; ++i) {
    if (std::string* parameter = ParameterOf(route.segments[i], match)) {
      parameter->assign(segments.items[i]);
    }
  }
}

}  // namespace

RouteMatch Route(std::string_view method, std::string_view path) {
  RouteMatch result;
  Segments segments;
  if (!SplitPath(path, segments)) return result;
  // HEAD is GET without the body (RFC 9110 §9.3.2); the transport leaves the body out.
  const std::string_view effective = method == "HEAD" ? std::string_view("GET") : method;
  for (const RouteEntry& route : Routes()) {
    if (!Matches(route, segments)) continue;
    if (effective == route.method) {
      RouteMatch found;
      TakeParameters(route, segments, found);
      found.kind = RouteMatch::Kind::kFound;
      found.operation = route.operation;
      found.route_name = route.name;
      return found;
    }
    result.kind = RouteMatch::Kind::kMethodNotAllowed;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += route.method;
    if (std::string_view(route.method) == "GET") result.allow += ", HEAD";
  }
  return result;
}

bool IsApiOperation(Operation operation) {
  switch (operation) {
    case Operation::kHealth:
    case Operation::kReady:
    case Operation::kMetrics:
    case Operation::kOpenApi:
    case Operation::kConsole:
      return false;
    default:
      return !IsControlOperation(operation);
  }
}

bool IsControlOperation(Operation operation) {
  switch (operation) {
    case Operation::kGetClock:
    case Operation::kMoveClock:
    case Operation::kListFaults:
    case Operation::kArmFault:
    case Operation::kClearFaults:
    case Operation::kClearFault:
    case Operation::kListRequests:
    case Operation::kClearRequests:
    case Operation::kReset:
    case Operation::kLoadFixtures:
    case Operation::kMintToken:
    case Operation::kListCustomers:
    case Operation::kListCarts:
      return true;
    default:
      return false;
  }
}

namespace {

bool IsUnder(std::string_view path, std::string_view prefix) {
  if (path.size() < prefix.size() ||
      !http::EqualsIgnoreCase(path.substr(0, prefix.size()), prefix)) {
    return false;
  }
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace

bool IsControlPath(std::string_view path) {
  return IsUnder(path, "/_cartd") || IsUnder(path, "/console");
}

bool IsCatalogOperation(Operation operation) {
  switch (operation) {
    case Operation::kListProducts:
    case Operation::kGetProduct:
    case Operation::kListSkus:
    case Operation::kGetSku:
    case Operation::kListAvailabilities:
    case Operation::kGetAvailability:
      return true;
    default:
      return false;
  }
}

}  // namespace cartd::api
