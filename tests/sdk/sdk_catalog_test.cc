// The SDK's products API (partner->Products().ByCountry(...)...) against a real cartd node over
// loopback: every call, sync and async, the errors the service answers as the SDK reports them,
// the arguments refused before anything is sent, and a cart bought from what the calls found.
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

using partnercenter::AggregatePartner;
using partnercenter::Availability;
using partnercenter::AvailabilityCollection;
using partnercenter::BillingCycle;
using partnercenter::Credentials;
using partnercenter::ErrorKind;
using partnercenter::PartnerService;
using partnercenter::PartnerServiceOptions;
using partnercenter::Product;
using partnercenter::ProductCollection;
using partnercenter::Result;
using partnercenter::Sku;
using partnercenter::SkuCollection;

constexpr char kGbCustomer[] = "28045616-a2f8-4c4e-b9c2-8b6b3b2c1a10";

class SdkCatalogTest : public CartdTest {
 protected:
  std::shared_ptr<AggregatePartner> Partner() {
    PartnerServiceOptions options;
    options.api_root = "http://127.0.0.1:" + std::to_string(node_->port());
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(5);
    return PartnerService::Create(Credentials::BearerToken(Token()), options);
  }

  // Asserts an error of the service: kHttp with `status` and `code`.
  template <typename T>
  static void ExpectHttpError(const Result<T>& result, int status, int code) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kHttp);
    EXPECT_EQ(result.error().http_status, status);
    EXPECT_EQ(result.error().code, code) << result.error().description;
    EXPECT_EQ(result.info().http_status, status);
    // 4xx answers are not retried.
    EXPECT_EQ(result.info().attempts, 1);
  }

  // Asserts an argument refused before anything was sent.
  template <typename T>
  static void ExpectRefused(const Result<T>& result, const std::string& description) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(result.error().description, description);
    EXPECT_EQ(result.info().attempts, 0);
  }
};

TEST_F(SdkCatalogTest, EveryCallOfTheProductsApi) {
  auto partner = Partner();
  const auto us = partner->Products().ByCountry("US");
  EXPECT_EQ(us.country(), "US");

  const Result<ProductCollection> products = us.Get("AzureReservationsVM");
  ASSERT_TRUE(products.ok()) << products.error().ToString();
  EXPECT_EQ(products.info().http_status, 200);
  EXPECT_EQ(products->total_count, 2);
  EXPECT_EQ(products->items[1].id, "DZH318Z0BQ3Q");
  EXPECT_EQ(products->links->self->uri, "/products?country=US&targetView=AzureReservationsVM");

  const Result<Product> product = us.ById("DZH318Z0BQ3Q").Get();
  ASSERT_TRUE(product.ok()) << product.error().ToString();
  EXPECT_EQ(product->title, "Virtual Machines DSv2 Series");
  EXPECT_EQ(product->attributes->object_type, "Product");
  EXPECT_EQ(*product, products->items[1]);

  const Result<SkuCollection> skus = us.ById("DZH318Z0BQ3Q").Skus().Get();
  ASSERT_TRUE(skus.ok()) << skus.error().ToString();
  EXPECT_EQ(skus->total_count, 4);

  // Microsoft's CreateCart sample's first call.
  const Result<Sku> sku = us.ById("DG7GMGF0DWTL").Skus().ById("0001").Get();
  ASSERT_TRUE(sku.ok()) << sku.error().ToString();
  EXPECT_EQ(sku->product_id, "DG7GMGF0DWTL");
  EXPECT_EQ(sku->supported_billing_cycles, std::vector<BillingCycle>{BillingCycle::kOneTime});

  const auto availabilities = us.ById("DZH318Z0BQ3Q").Skus().ById("0001").Availabilities();
  const Result<AvailabilityCollection> all = availabilities.Get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all->total_count, 3);
  const Result<AvailabilityCollection> commercial = availabilities.Get("commercial");
  ASSERT_TRUE(commercial.ok()) << commercial.error().ToString();
  EXPECT_EQ(commercial->links->self->uri,
            "/products/DZH318Z0BQ3Q/skus/0001/availabilities?country=US&targetSegment=commercial");

  const Result<Availability> availability = availabilities.ById("DZH318XZXPHL").Get();
  ASSERT_TRUE(availability.ok()) << availability.error().ToString();
  EXPECT_EQ(availability->catalog_item_id, "DZH318Z0BQ3Q:0001:DZH318XZXPHL");
  EXPECT_EQ(availability->default_currency->code, "USD");
  EXPECT_EQ(availability->terms[0].description, "1 Year Prepaid");
  EXPECT_EQ(*availability, all->items[2]);
}

TEST_F(SdkCatalogTest, EveryCallAsync) {
  auto partner = Partner();
  const auto jp = partner->Products().ByCountry("jp");
  auto products = jp.GetAsync("OnlineServices", "education");
  auto product = jp.ById("CFQ7TTC0LFLS").GetAsync();
  auto skus = jp.ById("CFQ7TTC0LFLS").Skus().GetAsync();
  auto sku = jp.ById("CFQ7TTC0LFLS").Skus().ById("0002").GetAsync();
  auto availabilities = jp.ById("CFQ7TTC0LFLS").Skus().ById("0002").Availabilities().GetAsync();
  auto availability =
      jp.ById("CFQ7TTC0LFLS").Skus().ById("0002").Availabilities().ById("CFQ7TTC0KDLJ").GetAsync();

  const Result<ProductCollection> education = products.get();
  ASSERT_TRUE(education.ok()) << education.error().ToString();
  ASSERT_EQ(education->items.size(), 1u);
  EXPECT_EQ(education->items[0].id, "CARTDDEMO012");
  ASSERT_TRUE(product.get().ok());
  const Result<SkuCollection> sku_list = skus.get();
  ASSERT_TRUE(sku_list.ok());
  EXPECT_EQ(sku_list->items[0].links->self->uri, "/products/CFQ7TTC0LFLS/skus/0002?country=JP");
  ASSERT_TRUE(sku.get().ok());
  ASSERT_TRUE(availabilities.get().ok());
  const Result<Availability> yen = availability.get();
  ASSERT_TRUE(yen.ok()) << yen.error().ToString();
  EXPECT_EQ(yen->default_currency->code, "JPY");
  EXPECT_EQ(yen->country, "JP");
}

TEST_F(SdkCatalogTest, TheServicesErrorsAsTheSdkReportsThem) {
  auto partner = Partner();
  const auto us = partner->Products().ByCountry("US");
  ExpectHttpError(us.ById("NOPE00000000").Get(), 404, 400013);
  ExpectHttpError(us.ById("NOPE00000000").Skus().Get(), 404, 400013);
  ExpectHttpError(us.ById("DZH318Z0BQ3Q").Skus().ById("9999").Get(), 404, 400018);
  ExpectHttpError(us.ById("DZH318Z0BQ3Q").Skus().ById("9999").Availabilities().Get(), 404, 400018);
  ExpectHttpError(us.ById("DZH318Z0BQ3Q").Skus().ById("0001").Availabilities().ById("NOPE").Get(),
                  404, 400019);
  ExpectHttpError(us.Get("AzureAzureReservationsVM"), 403, 400036);
  ExpectHttpError(us.Get("Azure", "retail"), 403, 400030);
  ExpectHttpError(us.ById("DZH318Z0BQ3Q").Skus().Get("retail"), 403, 400030);
  ExpectHttpError(partner->Products().ByCountry("USA").ById("DZH318Z0BQ3Q").Get(), 400, 800002);
  // The US-only product is unknown in Great Britain.
  ExpectHttpError(partner->Products().ByCountry("GB").ById("CARTDDEMO008").Get(), 404, 400013);
  // Ids and values are encoded: a '/' stays in its segment and names no product.
  ExpectHttpError(us.ById("DZH318Z0BQ3Q/skus").Get(), 404, 400013);
  ExpectHttpError(partner->Products().ByCountry("U&S").Get("Azure"), 400, 800002);
}

TEST_F(SdkCatalogTest, EmptyArgumentsAreRefusedBeforeAnythingIsSent) {
  auto partner = Partner();
  ExpectRefused(partner->Products().ByCountry("").Get("Azure"), "the country is empty");
  ExpectRefused(partner->Products().ByCountry("US").Get(""), "the target view is empty");
  ExpectRefused(partner->Products().ByCountry("").ById("P").Get(), "the country is empty");
  ExpectRefused(partner->Products().ByCountry("US").ById("").Get(), "the product id is empty");
  ExpectRefused(partner->Products().ByCountry("US").ById("").Skus().Get(),
                "the product id is empty");
  ExpectRefused(partner->Products().ByCountry("US").ById("P").Skus().ById("").Get(),
                "the SKU id is empty");
  ExpectRefused(
      partner->Products().ByCountry("US").ById("P").Skus().ById("").Availabilities().Get(),
      "the SKU id is empty");
  ExpectRefused(partner->Products()
                    .ByCountry("US")
                    .ById("P")
                    .Skus()
                    .ById("S")
                    .Availabilities()
                    .ById("")
                    .Get(),
                "the availability id is empty");
}

TEST_F(SdkCatalogTest, WhatTheCallsFindBuysWithoutLineErrors) {
  auto partner = Partner();
  const auto gb = partner->Products().ByCountry("GB");
  const Result<ProductCollection> products = gb.Get("OnlineServices");
  ASSERT_TRUE(products.ok()) << products.error().ToString();
  const Result<AvailabilityCollection> availabilities =
      gb.ById("CFQ7TTC0LFLZ").Skus().ById("0002").Availabilities().Get();
  ASSERT_TRUE(availabilities.ok()) << availabilities.error().ToString();
  ASSERT_FALSE(availabilities->items.empty());
  const Availability& availability = availabilities->items[0];
  const partnercenter::Term& term = availability.terms.back();
  EXPECT_EQ(term.billing_cycle, "Annual");

  partnercenter::Cart cart;
  partnercenter::CartLineItem line;
  line.catalog_item_id = availability.catalog_item_id;
  line.quantity = 2;
  line.billing_cycle = BillingCycle::kAnnual;
  line.term_duration = term.duration;
  cart.line_items = {line};
  const Result<partnercenter::Cart> created =
      partner->Customers().ById(kGbCustomer).Carts().Create(cart);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->line_items[0].error, std::nullopt);
  EXPECT_EQ(created->line_items[0].currency_code, availability.default_currency->code);
}

}  // namespace
}  // namespace cartd::test
