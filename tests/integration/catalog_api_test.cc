// The products API (SPEC §11) over real sockets against a node with the demo catalog: each
// endpoint's answer, the documentation's and Microsoft's samples' requests, the filters, every
// documented error with its status and code, and that what the API answers is what carts are
// validated against: its catalog item ids buy without line errors in the country they were
// looked up in, the links of orders and availabilities resolve, and a reload changes both.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

namespace cart_error = partnercenter::cart_error;

constexpr char kGbCustomer[] = "28045616-a2f8-4c4e-b9c2-8b6b3b2c1a10";
constexpr char kDeCustomer[] = "3b6a9f0e-7c1d-4e2a-9b8f-1d2c3e4f5a6b";
constexpr char kJpCustomer[] = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b";

class CatalogApiTest : public CartdTest {
 protected:
  HttpResult GetV1(const std::string& target) { return Call("GET", "/v1" + target, "", Token()); }

  template <typename T>
  T Parsed(const std::string& target,
           partnercenter::Result<T> (*parse)(std::string_view,
                                             const partnercenter::ParseOptions&)) {
    const HttpResult r = GetV1(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.headers.Get("Content-Type"), "application/json; charset=utf-8");
    partnercenter::Result<T> value = parse(r.body, {.max_depth = 32, .max_string_bytes = 1 << 20});
    EXPECT_TRUE(value.ok()) << r.body;
    if (!value.ok()) return T{};
    // The answer is exactly what the codec writes for it.
    EXPECT_EQ(partnercenter::ToJson(*value), r.body);
    return *value;
  }

  // Follows a link of an answer ("/products/...?country=US"), which leaves out /v1.
  HttpResult Follow(const partnercenter::Link& link) {
    EXPECT_EQ(link.method, "GET");
    EXPECT_TRUE(link.headers.empty());
    return GetV1(link.uri);
  }

  // Asserts that `target` is answered with Partner Center's error `status`/`code`; returns its
  // description.
  std::string ExpectFault(const std::string& target, int status, int code) {
    const HttpResult r = GetV1(target);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    const Fault fault = ReadFault(r);
    EXPECT_EQ(fault.code, code) << target << ": " << r.body;
    return fault.description;
  }

  static std::vector<std::string> Ids(const partnercenter::ProductCollection& products) {
    std::vector<std::string> ids;
    for (const auto& product : products.items) ids.push_back(product.id);
    return ids;
  }
};

// --- Each endpoint --------------------------------------------------------------------------

TEST_F(CatalogApiTest, TheDocumentedProductById) {
  const HttpResult r = Call("GET", "/v1/products/DZH318Z0BQ3Q?country=US", "", Token(),
                            {{"MS-RequestId", "031160b2-b0b0-4d40-b2b1-aaa9bb84211d"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.Get("MS-RequestId"), "031160b2-b0b0-4d40-b2b1-aaa9bb84211d");
  EXPECT_EQ(r.headers.Get("MS-ServerId"), "TESTNODE");
  const auto product = partnercenter::ParseProduct(r.body);
  ASSERT_TRUE(product.ok()) << r.body;
  EXPECT_EQ(product->id, "DZH318Z0BQ3Q");
  EXPECT_EQ(product->title, "Virtual Machines DSv2 Series");
  EXPECT_EQ(product->description.rfind("Dsv2-series instances are the latest generation", 0), 0u);
  EXPECT_EQ(
      product->product_type,
      (partnercenter::ItemType{.id = "Azure",
                               .display_name = "Azure",
                               .sub_type = partnercenter::ItemSubType{
                                   .id = "VirtualMachines", .display_name = "VirtualMachines"}}));
  EXPECT_EQ(product->is_microsoft_product, true);
  EXPECT_EQ(product->publisher_name, "Microsoft");
  EXPECT_EQ(product->links->skus->uri, "/products/DZH318Z0BQ3Q/skus?country=US");
  EXPECT_EQ(product->links->self->uri, "/products/DZH318Z0BQ3Q?country=US");
  EXPECT_EQ(product->attributes->object_type, "Product");
  // The links come first in the documented order: skus, then self.
  EXPECT_LT(r.body.find("\"skus\":{"), r.body.find("\"self\":{"));
}

TEST_F(CatalogApiTest, TheCreateCartSampleLooksUpItsSkuFirst) {
  // Microsoft's CreateCart sample: GET /v1/products/DG7GMGF0DWTL/skus/0001?country=US.
  const auto sku = Parsed("/products/DG7GMGF0DWTL/skus/0001?country=US", partnercenter::ParseSku);
  EXPECT_EQ(sku.id, "0001");
  EXPECT_EQ(sku.product_id, "DG7GMGF0DWTL");
  EXPECT_EQ(sku.title, "SQL Server 2019 Standard - 2 Core License Pack");
  EXPECT_FALSE(sku.description.empty());
  EXPECT_EQ(sku.minimum_quantity, 1);
  EXPECT_EQ(sku.maximum_quantity, 999999999);
  EXPECT_FALSE(sku.is_trial);
  EXPECT_EQ(sku.supported_billing_cycles,
            std::vector<partnercenter::BillingCycle>{partnercenter::BillingCycle::kOneTime});
  // The sample then buys DG7GMGF0DSJB, which needs these.
  EXPECT_EQ(sku.provisioning_variables,
            (std::vector<std::string>{"SubscriptionId", "Scope", "Duration"}));
  EXPECT_EQ(sku.links->availabilities->uri,
            "/products/DG7GMGF0DWTL/skus/0001/availabilities?country=US");
  EXPECT_EQ(sku.links->self->uri, "/products/DG7GMGF0DWTL/skus/0001?country=US");
  EXPECT_EQ(sku.attributes->object_type, "Sku");
}

TEST_F(CatalogApiTest, TheDocumentedAvailabilityById) {
  const auto availability =
      Parsed("/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL?country=US",
             partnercenter::ParseAvailability);
  EXPECT_EQ(availability.id, "DZH318XZXPHL");
  EXPECT_EQ(availability.product_id, "DZH318Z0BQ3Q");
  EXPECT_EQ(availability.sku_id, "0001");
  EXPECT_EQ(availability.catalog_item_id, "DZH318Z0BQ3Q:0001:DZH318XZXPHL");
  EXPECT_EQ(availability.default_currency,
            (partnercenter::DefaultCurrency{.code = "USD", .symbol = "$"}));
  EXPECT_EQ(availability.segment, "commercial");
  EXPECT_EQ(availability.country, "US");
  EXPECT_TRUE(availability.is_purchasable);
  EXPECT_FALSE(availability.is_renewable);
  const std::vector<partnercenter::Term> terms{partnercenter::Term{.id = std::nullopt,
                                                                   .duration = "P1Y",
                                                                   .description = "1 Year Prepaid",
                                                                   .billing_cycle = "OneTime"}};
  EXPECT_EQ(availability.terms, terms);
  ASSERT_TRUE(availability.product.has_value());
  EXPECT_EQ(availability.product->id, "DZH318Z0BQ3Q");
  ASSERT_TRUE(availability.sku.has_value());
  EXPECT_EQ(availability.sku->dynamic_attributes_json,
            R"({"armSkuName":"Standard_DS1_v2","cores":"1","ram":"3.5","skuDisplayName":"DS1 v2",)"
            R"("category":"General purpose","diskType":"Ssd"})");
  EXPECT_EQ(availability.links->self->uri,
            "/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL?country=US");
  EXPECT_EQ(availability.attributes->object_type, "Availability");
}

TEST_F(CatalogApiTest, CurrencyFollowsTheCountryInAnyCase) {
  for (const auto& [country, code, symbol] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"US", "USD", "$"}, {"gb", "GBP", "£"}, {"De", "EUR", "€"}, {"JP", "JPY", "¥"}}) {
    SCOPED_TRACE(country);
    const auto availability =
        Parsed("/products/CFQ7TTC0LFLS/skus/0002/availabilities/CFQ7TTC0KDLJ?country=" + country,
               partnercenter::ParseAvailability);
    std::string upper = country;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(availability.default_currency,
              (partnercenter::DefaultCurrency{.code = code, .symbol = symbol}));
    EXPECT_EQ(availability.country, upper);
    EXPECT_EQ(availability.links->self->uri,
              "/products/CFQ7TTC0LFLS/skus/0002/availabilities/CFQ7TTC0KDLJ?country=" + upper);
    EXPECT_EQ(availability.product->links->self->uri, "/products/CFQ7TTC0LFLS?country=" + upper);
  }
}

TEST_F(CatalogApiTest, ListsAreCollectionsOfEverythingOfferedThere) {
  const auto products = Parsed("/products?country=US&targetView=AzureReservationsVM",
                               partnercenter::ParseProductCollection);
  EXPECT_EQ(Ids(products), (std::vector<std::string>{"DZH318Z0BQ36", "DZH318Z0BQ3Q"}));
  EXPECT_EQ(products.total_count, 2);
  EXPECT_EQ(products.links->self->uri, "/products?country=US&targetView=AzureReservationsVM");
  EXPECT_EQ(products.attributes->object_type, "Collection");

  const auto skus =
      Parsed("/products/DZH318Z0BQ3Q/skus?country=US", partnercenter::ParseSkuCollection);
  ASSERT_EQ(skus.items.size(), 4u);
  EXPECT_EQ(skus.total_count, 4);
  EXPECT_EQ(skus.items[0].id, "0001");
  EXPECT_EQ(skus.items[3].id, "0004");
  EXPECT_EQ(skus.links->self->uri, "/products/DZH318Z0BQ3Q/skus?country=US");

  const auto availabilities = Parsed("/products/DZH318Z0BQ3Q/skus/0001/availabilities?country=GB",
                                     partnercenter::ParseAvailabilityCollection);
  ASSERT_EQ(availabilities.items.size(), 3u);
  EXPECT_EQ(availabilities.total_count, 3);
  EXPECT_EQ(availabilities.items[1].id, "DZH318XZXVNF");
  for (const auto& availability : availabilities.items) {
    EXPECT_EQ(availability.default_currency->code, "GBP");
  }
  EXPECT_EQ(availabilities.links->self->uri,
            "/products/DZH318Z0BQ3Q/skus/0001/availabilities?country=GB");
}

TEST_F(CatalogApiTest, ProductListsFollowTheViewTheSegmentAndTheCountry) {
  const auto ids = [&](const std::string& query) {
    return Ids(Parsed("/products?" + query, partnercenter::ParseProductCollection));
  };
  EXPECT_EQ(ids("country=US&targetView=MicrosoftAzure"), std::vector<std::string>{"DZH318Z0BPS6"});
  EXPECT_EQ(ids("country=US&targetView=Software"),
            (std::vector<std::string>{"DG7GMGF0DWTL", "DG7GMGF0DWM3", "CARTDDEMO004"}));
  EXPECT_EQ(ids("country=US&targetView=SoftwarePerpetual"),
            (std::vector<std::string>{"DG7GMGF0DWTL", "DG7GMGF0DWM3"}));
  EXPECT_EQ(ids("country=US&targetView=AzureReservationsSQL"),
            std::vector<std::string>{"CARTDDEMO006"});
  EXPECT_EQ(ids("country=us&targetview=onlineservices&targetSegment=Education"),
            std::vector<std::string>{"CARTDDEMO012"});
  EXPECT_EQ(ids("country=US&targetView=AzureReservationsCosmosDb"), std::vector<std::string>{});
  // The US-only product is in the US list and not in Great Britain's; no legacy offer is.
  const std::vector<std::string> us = ids("country=US&targetView=OnlineServices");
  const std::vector<std::string> gb = ids("country=GB&targetView=OnlineServices");
  EXPECT_NE(std::find(us.begin(), us.end(), "CARTDDEMO008"), us.end());
  EXPECT_EQ(std::find(gb.begin(), gb.end(), "CARTDDEMO008"), gb.end());
  EXPECT_EQ(us.size(), gb.size() + 1);
  EXPECT_EQ(std::find(us.begin(), us.end(), "O365-LEGACY"), us.end());
  // A country the catalog does not sell in has nothing.
  EXPECT_EQ(ids("country=BR&targetView=OnlineServices"), std::vector<std::string>{});

  const auto filtered = Parsed(
      "/products?country=US&targetView=OnlineServices&targetSegment="
      "commercial",
      partnercenter::ParseProductCollection);
  EXPECT_EQ(filtered.links->self->uri,
            "/products?country=US&targetView=OnlineServices&targetSegment=commercial");
  EXPECT_EQ(filtered.items.size(), us.size() - 1);
}

TEST_F(CatalogApiTest, SkuAndAvailabilityListsFilterBySegment) {
  const auto education = Parsed("/products/CARTDDEMO012/skus?country=US&targetSegment=education",
                                partnercenter::ParseSkuCollection);
  EXPECT_EQ(education.total_count, 1);
  EXPECT_EQ(education.links->self->uri,
            "/products/CARTDDEMO012/skus?country=US&targetSegment="
            "education");
  const auto commercial = Parsed("/products/CARTDDEMO012/skus?country=US&targetSegment=commercial",
                                 partnercenter::ParseSkuCollection);
  EXPECT_EQ(commercial.total_count, 0);
  const auto availabilities =
      Parsed("/products/CARTDDEMO012/skus/0001/availabilities?country=US&targetSegment=EDUCATION",
             partnercenter::ParseAvailabilityCollection);
  ASSERT_EQ(availabilities.items.size(), 1u);
  EXPECT_EQ(availabilities.items[0].segment, "education");
  const auto none =
      Parsed("/products/CARTDDEMO012/skus/0001/availabilities?country=US&targetSegment=government",
             partnercenter::ParseAvailabilityCollection);
  EXPECT_EQ(none.total_count, 0);
  EXPECT_TRUE(none.items.empty());
}

// --- Errors ------------------------------------------------------------------------------------

TEST_F(CatalogApiTest, EveryDocumentedErrorWithItsStatusAndCode) {
  // 404/400013: the product, on every route under it.
  EXPECT_EQ(ExpectFault("/products/NOPE00000000?country=US", 404, 400013),
            "Product was not found.");
  ExpectFault("/products/NOPE00000000/skus?country=US", 404, 400013);
  ExpectFault("/products/NOPE00000000/skus/0001?country=US", 404, 400013);
  ExpectFault("/products/NOPE00000000/skus/0001/availabilities?country=US", 404, 400013);
  ExpectFault("/products/NOPE00000000/skus/0001/availabilities/NOPE?country=US", 404, 400013);
  // A product not offered in the country is unknown there; legacy offers are not products.
  ExpectFault("/products/CARTDDEMO008?country=GB", 404, 400013);
  ExpectFault("/products/9DEA7946-EC2C-441E-9FFD-E3B275F7E838?country=US", 404, 400013);
  ExpectFault("/products/O365-LEGACY/skus?country=US", 404, 400013);
  // 404/400018: the SKU.
  EXPECT_EQ(ExpectFault("/products/DZH318Z0BQ3Q/skus/9999?country=US", 404, 400018),
            "SKU was not found.");
  ExpectFault("/products/DZH318Z0BQ3Q/skus/9999/availabilities?country=US", 404, 400018);
  ExpectFault("/products/DZH318Z0BQ3Q/skus/9999/availabilities/DZH318XZXPHL?country=US", 404,
              400018);
  // 404/400019: the availability.
  EXPECT_EQ(
      ExpectFault("/products/DZH318Z0BQ3Q/skus/0001/availabilities/NOPE?country=US", 404, 400019),
      "Availability not found.");
  // 403/400030: a targetSegment the catalog does not have, on the three lists.
  EXPECT_EQ(ExpectFault("/products?country=US&targetView=Azure&targetSegment=retail", 403, 400030),
            "Access to the requested targetSegment is not allowed.");
  ExpectFault("/products/DZH318Z0BQ3Q/skus?country=US&targetSegment=retail", 403, 400030);
  ExpectFault("/products/DZH318Z0BQ3Q/skus/0001/availabilities?country=US&targetSegment=retail",
              403, 400030);
  // 403/400036: a targetView the catalog does not have (the docs' typo among them).
  EXPECT_EQ(ExpectFault("/products?country=US&targetView=AzureAzureReservationsVM", 403, 400036),
            "Access to the requested targetView is not allowed.");
}

TEST_F(CatalogApiTest, MissingOrMalformedParametersAre400With800002) {
  for (const std::string path :
       {"/products?targetView=Azure", "/products/DZH318Z0BQ3Q", "/products/DZH318Z0BQ3Q/skus",
        "/products/DZH318Z0BQ3Q/skus/0001", "/products/DZH318Z0BQ3Q/skus/0001/availabilities",
        "/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL"}) {
    EXPECT_EQ(ExpectFault(path, 400, 800002), "The query parameter 'country' is required.") << path;
  }
  EXPECT_EQ(ExpectFault("/products?country=US", 400, 800002),
            "The query parameter 'targetView' is required.");
  EXPECT_EQ(ExpectFault("/products/DZH318Z0BQ3Q?country=USA", 400, 800002),
            "The query parameter 'country' must be a two-letter country code (ISO 3166-1 "
            "alpha-2); 'USA' is not one.");
  ExpectFault("/products/DZH318Z0BQ3Q?country=1A", 400, 800002);
  ExpectFault("/products/DZH318Z0BQ3Q?country=US&Country=GB", 400, 800002);
  ExpectFault("/products/DZH318Z0BQ3Q?country=%", 400, 800002);
}

TEST_F(CatalogApiTest, EveryRouteNeedsAToken) {
  for (const std::string target :
       {"/v1/products?country=US&targetView=Azure", "/v1/products/DZH318Z0BQ3Q?country=US",
        "/v1/products/DZH318Z0BQ3Q/skus?country=US",
        "/v1/products/DZH318Z0BQ3Q/skus/0001?country=US",
        "/v1/products/DZH318Z0BQ3Q/skus/0001/availabilities?country=US",
        "/v1/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL?country=US"}) {
    const HttpResult missing = Call("GET", target);
    EXPECT_EQ(missing.status, 401) << target;
    EXPECT_EQ(ReadFault(missing).code, 800001) << target;
    EXPECT_EQ(missing.headers.Get("WWW-Authenticate"), "Bearer realm=\"cartd\"");
    const HttpResult invalid = Call("GET", target, "", "not.a.token");
    EXPECT_EQ(invalid.status, 401) << target;
    EXPECT_EQ(ReadFault(invalid).code, 900420) << target;
  }
  // Any partner may read the catalog: it is the same for all.
  EXPECT_EQ(
      Call("GET", "/v1/products/DZH318Z0BQ3Q?country=US", "", Token(demo::kOtherPartnerTenant))
          .status,
      200);
}

TEST_F(CatalogApiTest, TrailingSlashesHeadAndOtherMethodsAsForOtherRoutes) {
  const HttpResult plain = GetV1("/products/DZH318Z0BQ3Q/skus/0001?country=US");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(GetV1("/products/DZH318Z0BQ3Q/skus/0001/?country=US").body, plain.body);
  EXPECT_EQ(GetV1("/Products/DZH318Z0BQ3Q/SKUS/0001?COUNTRY=us").body, plain.body);
  EXPECT_EQ(GetV1("/products/dzh318z0bq3q/skus/0001?country=US").body, plain.body);
  EXPECT_EQ(GetV1("/products/?country=US&targetView=Azure").status, 200);

  // HEAD: the GET's status and length, without the body.
  RawConnection connection(node_->port());
  const RawResponse head = connection.Exchange(
      FormatRequest("HEAD", "/v1/products/DZH318Z0BQ3Q/skus/0001?country=US", "",
                    {{"Authorization", "Bearer " + Token()}, {"Connection", "close"}}));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers.Get("Content-Length"), std::to_string(plain.body.size()));
  EXPECT_EQ(head.body, "");

  const HttpResult post = Call("POST", "/v1/products?country=US&targetView=Azure", "{}", Token());
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers.Get("Allow"), "GET, HEAD");
  EXPECT_EQ(ReadFault(post).code, 800002);
}

// --- One source of truth ------------------------------------------------------------------------

TEST_F(CatalogApiTest, WhatTheApiOffersInACountryBuysWithoutLineErrorsThere) {
  for (const auto& [customer, country] :
       std::vector<std::pair<std::string, std::string>>{{demo::kCustomer, "US"},
                                                        {kGbCustomer, "GB"},
                                                        {kDeCustomer, "DE"},
                                                        {kJpCustomer, "JP"}}) {
    SCOPED_TRACE(country);
    const auto availabilities =
        Parsed("/products/CFQ7TTC0LFLS/skus/0002/availabilities?country=" + country,
               partnercenter::ParseAvailabilityCollection);
    ASSERT_FALSE(availabilities.items.empty());
    const partnercenter::Availability& availability = availabilities.items[0];
    ASSERT_FALSE(availability.terms.empty());
    // Every term the API shows can be bought as it says.
    std::string lines;
    for (const partnercenter::Term& term : availability.terms) {
      std::string cycle = *term.billing_cycle;
      cycle[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(cycle[0])));
      if (!lines.empty()) lines += ",";
      lines += R"({"catalogItemId":")" + availability.catalog_item_id +
               R"(","quantity":1,"billingCycle":")" + cycle + R"(","termDuration":")" +
               *term.duration + "\"}";
    }
    const HttpResult created =
        Call("POST", CartsPath(customer), R"({"lineItems":[)" + lines + "]}", Token());
    ASSERT_EQ(created.status, 201) << created.body;
    const auto cart = partnercenter::ParseCart(created.body);
    ASSERT_TRUE(cart.ok());
    ASSERT_EQ(cart->line_items.size(), availability.terms.size());
    for (const auto& line : cart->line_items) {
      EXPECT_EQ(line.error, std::nullopt) << created.body;
      EXPECT_EQ(line.currency_code, availability.default_currency->code);
    }
  }
}

TEST_F(CatalogApiTest, WhatOneCountryOffersIsUnknownInAnotherAndRefusedInItsCarts) {
  // The US-only item: found in the US, unknown in Great Britain, and a British customer's cart
  // line for it carries the currency error.
  const auto us = Parsed("/products/CARTDDEMO008/skus/0001/availabilities/CARTDDEMOH01?country=US",
                         partnercenter::ParseAvailability);
  ExpectFault("/products/CARTDDEMO008/skus/0001/availabilities/CARTDDEMOH01?country=GB", 404,
              400013);
  const HttpResult created =
      Call("POST", CartsPath(kGbCustomer),
           R"({"lineItems":[{"catalogItemId":")" + us.catalog_item_id +
               R"(","quantity":1,"billingCycle":"monthly","termDuration":"P1M"}]})",
           Token());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto cart = partnercenter::ParseCart(created.body);
  ASSERT_TRUE(cart.ok());
  ASSERT_TRUE(cart->line_items[0].error.has_value());
  EXPECT_EQ(cart->line_items[0].error->error_code, cart_error::kCurrencyIsNotSupported);
}

TEST_F(CatalogApiTest, EveryCatalogLinkOfAnOrderAndOfAnAvailabilityResolves) {
  // A British customer buys a licence and a reservation; the order prices them in pounds, as the
  // catalog does for that market.
  const HttpResult created = Call(
      "POST", CartsPath(kGbCustomer),
      R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":2,)"
      R"("billingCycle":"monthly","termDuration":"P1M"},)"
      R"({"catalogItemId":"DZH318Z0BQ3Q:0001:DZH318XZXPHL","quantity":1,"billingCycle":"one_time",)"
      R"("termDuration":"P1Y","provisioningContext":{"subscriptionId":)"
      R"("1C461A25-F729-4FA5-AADB-280947DD05E8","scope":"shared"}}]})",
      Token());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto cart = partnercenter::ParseCart(created.body);
  ASSERT_TRUE(cart.ok());
  const HttpResult checkout =
      Call("POST", CartPath(*cart->id, kGbCustomer) + "/checkout", "", Token());
  ASSERT_EQ(checkout.status, 201) << checkout.body;
  const auto result = partnercenter::ParseCartCheckoutResult(checkout.body);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->order_errors.empty()) << checkout.body;
  std::vector<partnercenter::OrderLineItem> lines;
  for (const partnercenter::Order& order : result->orders) {
    EXPECT_EQ(order.currency_code, "GBP");
    lines.insert(lines.end(), order.line_items.begin(), order.line_items.end());
  }
  ASSERT_EQ(lines.size(), 2u) << checkout.body;
  std::sort(lines.begin(), lines.end(),
            [](const auto& a, const auto& b) { return a.offer_id < b.offer_id; });
  EXPECT_EQ(lines[0].offer_id, "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  EXPECT_EQ(lines[0].pricing->list_price, 4.80);
  EXPECT_EQ(lines[1].pricing->list_price, 384.80);

  for (const partnercenter::OrderLineItem& line : lines) {
    SCOPED_TRACE(line.offer_id);
    ASSERT_TRUE(line.links.has_value());
    const HttpResult product = Follow(*line.links->product);
    EXPECT_EQ(product.status, 200) << line.links->product->uri << ": " << product.body;
    EXPECT_EQ(Follow(*line.links->sku).status, 200) << line.links->sku->uri;
    const HttpResult availability_answer = Follow(*line.links->availability);
    ASSERT_EQ(availability_answer.status, 200) << line.links->availability->uri;
    const auto availability = partnercenter::ParseAvailability(availability_answer.body);
    ASSERT_TRUE(availability.ok());
    // The availability the order line links to is the one the line bought, in the customer's
    // market and currency.
    EXPECT_EQ(availability->catalog_item_id, line.offer_id);
    EXPECT_EQ(availability->country, "GB");
    EXPECT_EQ(availability->default_currency->code, "GBP");
    for (const partnercenter::Link* link :
         {&*availability->links->self, &*availability->product->links->self,
          &*availability->product->links->skus, &*availability->sku->links->self,
          &*availability->sku->links->availabilities}) {
      EXPECT_EQ(Follow(*link).status, 200) << link->uri;
    }
  }
}

// --- Reloads ------------------------------------------------------------------------------------

// A node serving a catalog file instead of the demo catalog, which a test rewrites and reloads.
class CatalogReloadTest : public CatalogApiTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.catalog_file = data_dir_ / "catalog.json";
    if (!std::filesystem::exists(options.catalog_file)) Write(FirstCatalog());
    return options;
  }

  void Write(const std::string& text) { std::ofstream(data_dir_ / "catalog.json") << text; }

  // A catalog file in the format of before the products API: ids, titles, terms and prices only.
  static std::string FirstCatalog() {
    return R"({"products":[{"id":"PRODUCT00001","title":"Reload test product","skus":[)"
           R"({"id":"0001","availabilities":[{"id":"AVAIL0000001",)"
           R"("terms":[{"duration":"P1M","billingCycles":["monthly"]}],)"
           R"("prices":[{"market":"US","currency":"USD","unitPrice":5}]}]}]}]})";
  }

  static std::string SecondCatalog() {
    return R"({"products":[{"id":"PRODUCT00002","title":"Reloaded product",)"
           R"("description":"Loaded by the reload.","kind":"software","skus":[)"
           R"({"id":"0001","availabilities":[{"id":"AVAIL0000002",)"
           R"("terms":[{"billingCycles":["one_time"]}],)"
           R"("prices":[{"market":"GB","currency":"GBP","unitPrice":7}]}]}]}]})";
  }
};

TEST_F(CatalogReloadTest, AReloadChangesWhatTheApiAnswers) {
  const auto first = Parsed("/products/PRODUCT00001?country=US", partnercenter::ParseProduct);
  EXPECT_EQ(first.title, "Reload test product");
  // The earlier format's defaults.
  EXPECT_EQ(first.description, "Reload test product");
  EXPECT_EQ(first.product_type.id, "OnlineServicesNCE");
  EXPECT_EQ(Ids(Parsed("/products?country=US&targetView=OnlineServices",
                       partnercenter::ParseProductCollection)),
            std::vector<std::string>{"PRODUCT00001"});
  ExpectFault("/products/PRODUCT00002?country=GB", 404, 400013);

  Write(SecondCatalog());
  ASSERT_TRUE(node_->Reload().ok());

  ExpectFault("/products/PRODUCT00001?country=US", 404, 400013);
  const auto second = Parsed("/products/PRODUCT00002?country=GB", partnercenter::ParseProduct);
  EXPECT_EQ(second.description, "Loaded by the reload.");
  EXPECT_EQ(Ids(Parsed("/products?country=GB&targetView=Software",
                       partnercenter::ParseProductCollection)),
            std::vector<std::string>{"PRODUCT00002"});
  const auto availability =
      Parsed("/products/PRODUCT00002/skus/0001/availabilities/AVAIL0000002?country=GB",
             partnercenter::ParseAvailability);
  EXPECT_EQ(availability.default_currency->code, "GBP");
  // Carts follow the same catalog.
  const HttpResult created =
      Call("POST", CartsPath(kGbCustomer),
           R"({"lineItems":[{"catalogItemId":")" + availability.catalog_item_id +
               R"(","quantity":1,"billingCycle":"one_time"}]})",
           Token());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(partnercenter::ParseCart(created.body)->line_items[0].error, std::nullopt);

  // A file that does not load leaves the catalog in use.
  Write(R"({"products":[]})");
  EXPECT_FALSE(node_->Reload().ok());
  EXPECT_EQ(GetV1("/products/PRODUCT00002?country=GB").status, 200);
}

}  // namespace
}  // namespace cartd::test
