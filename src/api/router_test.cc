#include "api/router.h"

#include <gtest/gtest.h>

namespace cartd::api {
namespace {

constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";
constexpr char kCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";

std::string CartPath() { return std::string("/v1/customers/") + kCustomer + "/carts/" + kCart; }

TEST(RouterTest, MatchesEachOperationWithItsParameters) {
  RouteMatch create = Route("POST", std::string("/v1/customers/") + kCustomer + "/carts");
  EXPECT_EQ(create.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(create.operation, Operation::kCreateCart);
  EXPECT_EQ(create.customer_id, kCustomer);
  EXPECT_EQ(create.route_name, "POST /v1/customers/{customer-id}/carts");

  RouteMatch get = Route("GET", CartPath());
  EXPECT_EQ(get.operation, Operation::kGetCart);
  EXPECT_EQ(get.resource_id, kCart);
  EXPECT_EQ(Route("PUT", CartPath()).operation, Operation::kUpdateCart);
  EXPECT_EQ(Route("POST", CartPath() + "/checkout").operation, Operation::kCheckout);
  EXPECT_EQ(Route("GET", std::string("/v1/customers/") + kCustomer + "/orders").operation,
            Operation::kListOrders);
  RouteMatch order = Route("GET", std::string("/v1/customers/") + kCustomer + "/orders/abc123");
  EXPECT_EQ(order.operation, Operation::kGetOrder);
  EXPECT_EQ(order.resource_id, "abc123");
  EXPECT_EQ(Route("PATCH", std::string("/v1/customers/") + kCustomer + "/orders/abc123").operation,
            Operation::kCancelOrder);
  RouteMatch status =
      Route("GET", std::string("/v1/customers/") + kCustomer + "/orders/abc123/provisioningstatus");
  EXPECT_EQ(status.operation, Operation::kGetProvisioningStatus);
  EXPECT_EQ(status.resource_id, "abc123");
  EXPECT_EQ(Route("GET", std::string("/v1/customers/") + kCustomer + "/subscriptions").operation,
            Operation::kListSubscriptions);
  RouteMatch subscription =
      Route("GET", std::string("/v1/customers/") + kCustomer + "/subscriptions/" + kCart);
  EXPECT_EQ(subscription.operation, Operation::kGetSubscription);
  EXPECT_EQ(subscription.resource_id, kCart);
  EXPECT_EQ(Route("GET", "/healthz").operation, Operation::kHealth);
  EXPECT_EQ(Route("GET", "/readyz").operation, Operation::kReady);
  EXPECT_EQ(Route("GET", "/metrics").operation, Operation::kMetrics);
  EXPECT_EQ(Route("GET", "/openapi.json").operation, Operation::kOpenApi);
}

TEST(RouterTest, AcceptsATrailingSlashAndAnyCaseInLiterals) {
  // The seed page's request has a trailing slash.
  RouteMatch match = Route("PUT", CartPath() + "/");
  EXPECT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.operation, Operation::kUpdateCart);
  EXPECT_EQ(match.resource_id, kCart);
  EXPECT_EQ(Route("GET", std::string("/V1/Customers/") + kCustomer + "/Carts/" + kCart).kind,
            RouteMatch::Kind::kFound);
}

TEST(RouterTest, UnknownPathsAreNotFound) {
  EXPECT_EQ(Route("GET", "/").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(Route("GET", "/v1").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(Route("GET", CartPath() + "/lineItems").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(Route("GET", "/v1/customers//carts").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(Route("GET", CartPath() + "//").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(Route("GET", "v1/customers").kind, RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, KnownPathsWithAnotherMethodListTheAllowedOnes) {
  RouteMatch match = Route("DELETE", CartPath());
  EXPECT_EQ(match.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, HEAD, PUT");
  EXPECT_EQ(Route("GET", CartPath() + "/checkout").allow, "POST");
  EXPECT_EQ(Route("PATCH", std::string("/v1/customers/") + kCustomer + "/carts").allow, "POST");
  EXPECT_EQ(Route("POST", "/healthz").allow, "GET, HEAD");
}

TEST(RouterTest, HeadIsRoutedAsGet) {
  RouteMatch match = Route("HEAD", CartPath());
  EXPECT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.operation, Operation::kGetCart);
  EXPECT_EQ(Route("HEAD", CartPath() + "/checkout").kind, RouteMatch::Kind::kMethodNotAllowed);
}

TEST(RouterTest, OnlyV1OperationsAreApiOperations) {
  EXPECT_TRUE(IsApiOperation(Operation::kCheckout));
  EXPECT_FALSE(IsApiOperation(Operation::kHealth));
  EXPECT_FALSE(IsApiOperation(Operation::kOpenApi));
}

TEST(RouterTest, MatchesTheProductsApiWithItsIds) {
  const RouteMatch products = Route("GET", "/v1/products");
  EXPECT_EQ(products.operation, Operation::kListProducts);
  EXPECT_EQ(products.route_name, "GET /v1/products");
  const RouteMatch product = Route("GET", "/v1/products/DZH318Z0BQ3Q");
  EXPECT_EQ(product.operation, Operation::kGetProduct);
  EXPECT_EQ(product.product_id, "DZH318Z0BQ3Q");
  EXPECT_EQ(product.route_name, "GET /v1/products/{product-id}");
  EXPECT_EQ(Route("GET", "/v1/products/DZH318Z0BQ3Q/skus").operation, Operation::kListSkus);
  const RouteMatch sku = Route("GET", "/v1/products/DZH318Z0BQ3Q/skus/0001/");
  EXPECT_EQ(sku.operation, Operation::kGetSku);
  EXPECT_EQ(sku.sku_id, "0001");
  EXPECT_EQ(Route("GET", "/V1/Products/P/SKUS/S/Availabilities").operation,
            Operation::kListAvailabilities);
  const RouteMatch availability =
      Route("HEAD", "/v1/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL");
  EXPECT_EQ(availability.operation, Operation::kGetAvailability);
  EXPECT_EQ(availability.product_id, "DZH318Z0BQ3Q");
  EXPECT_EQ(availability.sku_id, "0001");
  EXPECT_EQ(availability.availability_id, "DZH318XZXPHL");
  EXPECT_EQ(availability.route_name,
            "GET /v1/products/{product-id}/skus/{sku-id}/availabilities/{availability-id}");
  EXPECT_EQ(Route("POST", "/v1/products").allow, "GET, HEAD");
  EXPECT_EQ(Route("GET", "/v1/products/P/skus/S/availabilities/A/x").kind,
            RouteMatch::Kind::kNotFound);
}

TEST(RouterTest, CatalogOperationsAreApiOperationsWithoutACustomer) {
  for (const Operation operation :
       {Operation::kListProducts, Operation::kGetProduct, Operation::kListSkus, Operation::kGetSku,
        Operation::kListAvailabilities, Operation::kGetAvailability}) {
    EXPECT_TRUE(IsApiOperation(operation));
    EXPECT_TRUE(IsCatalogOperation(operation));
  }
  EXPECT_FALSE(IsCatalogOperation(Operation::kGetCart));
  EXPECT_FALSE(IsCatalogOperation(Operation::kHealth));
}

}  // namespace
}  // namespace cartd::api
