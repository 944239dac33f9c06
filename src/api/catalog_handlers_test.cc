// The products API through App::Handle, without sockets: the answers' exact JSON, what follows
// the country, the lists' filters and self links, every error with its status and code, and the
// pipeline around it (token, rate limit, prompt answers, reloads).
#include "api/catalog_handlers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/app.h"
#include "auth/token_minter.h"
#include "partnercenter/json.h"
#include "storage/memory/memory_store.h"

namespace cartd::api {
namespace {

using partnercenter::BillingCycle;

constexpr char kSecret[] = "catalog-test-secret-0123456789abcdef012345";
constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";

Timestamp Start() { return Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20)); }

CatalogItem Item(std::string product, std::string sku, std::string availability) {
  CatalogItem item;
  item.catalog_item_id = product + ":" + sku + ":" + availability;
  item.product_id = std::move(product);
  item.sku_id = std::move(sku);
  item.availability_id = std::move(availability);
  item.title = "Item " + item.availability_id;
  return item;
}

// CFQ7TTC0LH18 (Microsoft 365 Business Basic): SKU 0001 with an availability in US and GB and an
// education one in the US; a reservation product in the US only; a legacy offer.
std::shared_ptr<const Catalog> TestCatalog() {
  std::vector<CatalogItem> items;
  items.push_back(Item("CFQ7TTC0LH18", "0001", "CFQ7TTC0K971"));
  items.back().terms = {CatalogTerm{"P1M", {BillingCycle::kMonthly}},
                        CatalogTerm{"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}}};
  items.back().prices = {MarketPrice{"US", "USD", 600}, MarketPrice{"GB", "GBP", 480}};
  items.back().max_quantity = 300;
  items.push_back(Item("CFQ7TTC0LH18", "0001", "CFQ7TTC0EDU1"));
  items.back().terms = {CatalogTerm{"P1Y", {BillingCycle::kAnnual}}};
  items.back().prices = {MarketPrice{"US", "USD", 300}};
  items.back().segment = Segment::kEducation;
  items.push_back(Item("DZH318Z0BQ3Q", "0001", "DZH318XZXPHL"));
  items.back().terms = {CatalogTerm{"P1Y", {BillingCycle::kOneTime}}};
  items.back().prices = {MarketPrice{"US", "USD", 62300}};
  items.back().provisioning_variables = {"SubscriptionId", "Scope"};
  items.back().purchasable = false;
  CatalogItem legacy;
  legacy.catalog_item_id = "MS-AZR-0145P";
  legacy.prices = {MarketPrice{"US", "USD", 0}};
  items.push_back(legacy);

  CatalogProduct basic;
  basic.id = "CFQ7TTC0LH18";
  basic.title = "Microsoft 365 Business Basic";
  basic.description = "Best for businesses.";
  basic.product_type = DefaultProductType(ProductKind::kOnlineServices);
  basic.target_views = {TargetView::kOnlineServices};
  CatalogSku basic_sku;
  basic_sku.id = "0001";
  basic_sku.title = "Microsoft 365 Business Basic";
  basic_sku.description = "Per user.";
  basic_sku.purchase_prerequisites = {"MicrosoftCloudAgreement"};
  basic_sku.dynamic_attributes_json = R"({"isAddon":false,"prerequisiteSkus":[]})";
  basic_sku.availabilities = {0, 1};
  basic.skus = {basic_sku};

  CatalogProduct vm;
  vm.id = "DZH318Z0BQ3Q";
  vm.title = "Virtual Machines DSv2 Series";
  vm.description = "Dsv2-series instances.";
  vm.kind = ProductKind::kAzureReservation;
  vm.product_type =
      partnercenter::ItemType{.id = "Azure",
                              .display_name = "Azure",
                              .sub_type = partnercenter::ItemSubType{
                                  .id = "VirtualMachines", .display_name = "VirtualMachines"}};
  vm.publisher_name = "Microsoft";
  vm.target_views = DefaultTargetViews(vm.kind, vm.product_type);
  CatalogSku vm_sku;
  vm_sku.id = "0001";
  vm_sku.title = "Reserved VM Instance, Standard_DS1_v2";
  vm_sku.description = "Reserved Virtual Machines Instance, Standard_DS1_v2";
  vm_sku.purchase_prerequisites = DefaultPurchasePrerequisites(vm.kind);
  vm_sku.inventory_variables = DefaultInventoryVariables(vm.kind);
  vm_sku.availabilities = {2};
  vm.skus = {vm_sku};

  CatalogProduct azure;
  azure.id = "9DEA7946-EC2C-441E-9FFD-E3B275F7E838";
  azure.title = "Microsoft Azure";
  CatalogSku azure_sku;
  azure_sku.id = "MS-AZR-0145P";
  azure_sku.availabilities = {3};
  azure.skus = {azure_sku};
  return std::make_shared<const Catalog>(std::move(items),
                                         std::vector<CatalogProduct>{basic, vm, azure});
}

partnercenter::ApiFault Fault(const http::Response& response) {
  partnercenter::Result<partnercenter::ApiFault> fault =
      partnercenter::ParseApiFault(response.body);
  EXPECT_TRUE(fault.ok()) << response.body;
  return fault.ok() ? *fault : partnercenter::ApiFault{};
}

class CatalogHandlersTest : public ::testing::Test {
 protected:
  CatalogHandlersTest()
      : clock_(Start()),
        catalog_(TestCatalog()),
        service_(store_, clock_, catalog_, CartServiceOptions{}),
        orders_(store_, clock_, catalog_, OrderServiceOptions{}) {
    verifier_.Set(*auth::TokenVerifier::Create(auth::VerifierOptions{}, kSecret, ""));
    AppHooks hooks;
    hooks.rate_limit = [this](std::string_view) {
      return RateDecision{.allowed = !limited_, .retry_after = std::chrono::seconds(3)};
    };
    app_ =
        std::make_unique<App>(service_, orders_, verifier_, clock_, AppOptions{}, std::move(hooks));
  }

  std::string Token() const {
    return auth::MintHs256Token(auth::MintOptions{.tenant = kPartner,
                                                  .user_object_id = kUser,
                                                  .app_id = "",
                                                  .issuer = std::nullopt,
                                                  .ttl = std::chrono::seconds(3600),
                                                  .now = clock_.Now()},
                                kSecret);
  }

  http::Request Request(const std::string& target, bool with_token = true) const {
    http::Request request;
    request.method = "GET";
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    if (with_token) request.headers.Add("Authorization", "Bearer " + Token());
    return request;
  }

  http::Response Get(const std::string& target, bool with_token = true) {
    http::Request request = Request(target, with_token);
    return app_->Handle(request);
  }

  // Asserts a Partner Center error answer with `status` and `code`; returns its description.
  std::string ExpectFault(const std::string& target, int status, int code) {
    const http::Response response = Get(target);
    EXPECT_EQ(response.status, status) << target << ": " << response.body;
    const partnercenter::ApiFault fault = Fault(response);
    EXPECT_EQ(fault.code, code) << target;
    EXPECT_EQ(fault.source, "PartnerFD");
    return fault.description;
  }

  FakeClock clock_;
  storage::MemoryStore store_;
  CatalogHolder catalog_;
  Swappable<auth::TokenVerifier> verifier_;
  CartService service_;
  OrderService orders_;
  bool limited_ = false;
  std::unique_ptr<App> app_;
};

TEST_F(CatalogHandlersTest, AProductIsAnsweredWithItsLinksAndObjectType) {
  const http::Response response = Get("/v1/products/CFQ7TTC0LH18?country=US");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(response.body,
            R"({"id":"CFQ7TTC0LH18","title":"Microsoft 365 Business Basic",)"
            R"("description":"Best for businesses.",)"
            R"("productType":{"id":"OnlineServicesNCE","displayName":"OnlineServicesNCE"},)"
            R"("isMicrosoftProduct":true,"publisherName":"Microsoft Corporation",)"
            R"("links":{"skus":{"uri":"/products/CFQ7TTC0LH18/skus?country=US","method":"GET",)"
            R"("headers":[]},"self":{"uri":"/products/CFQ7TTC0LH18?country=US","method":"GET",)"
            R"("headers":[]}},"attributes":{"objectType":"Product"}})");
}

TEST_F(CatalogHandlersTest, ASkuShowsWhatItsAvailabilitiesOffer) {
  const http::Response response = Get("/v1/products/cfq7ttc0lh18/skus/0001?country=gb");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body,
            R"({"id":"0001","productId":"CFQ7TTC0LH18","title":"Microsoft 365 Business Basic",)"
            R"("description":"Per user.","minimumQuantity":1,"maximumQuantity":999999999,)"
            R"("isTrial":false,"supportedBillingCycles":["monthly","annual"],)"
            R"("purchasePrerequisites":["MicrosoftCloudAgreement"],"inventoryVariables":[],)"
            R"("provisioningVariables":[],)"
            R"("dynamicAttributes":{"isAddon":false,"prerequisiteSkus":[]},)"
            R"("links":{"availabilities":{"uri":"/products/CFQ7TTC0LH18/skus/0001/)"
            R"(availabilities?country=GB","method":"GET","headers":[]},"self":{"uri":)"
            R"("/products/CFQ7TTC0LH18/skus/0001?country=GB","method":"GET","headers":[]}},)"
            R"("attributes":{"objectType":"Sku"}})");
}

TEST_F(CatalogHandlersTest, AnAvailabilityFollowsTheCountry) {
  for (const auto& [country, currency, symbol] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"US", "USD", "$"},
                                                                      {"gb", "GBP", "£"}}) {
    const http::Response response =
        Get("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K971?country=" + country);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto availability = partnercenter::ParseAvailability(response.body);
    ASSERT_TRUE(availability.ok()) << response.body;
    const std::string upper = country == "gb" ? "GB" : country;
    EXPECT_EQ(availability->catalog_item_id, "CFQ7TTC0LH18:0001:CFQ7TTC0K971");
    EXPECT_EQ(availability->default_currency,
              (partnercenter::DefaultCurrency{.code = currency, .symbol = symbol}));
    EXPECT_EQ(availability->country, upper);
    EXPECT_EQ(availability->segment, "commercial");
    EXPECT_TRUE(availability->is_purchasable);
    EXPECT_TRUE(availability->is_renewable);
    EXPECT_EQ(availability->links->self->uri,
              "/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K971?country=" + upper);
    EXPECT_EQ(availability->attributes->object_type, "Availability");
    ASSERT_TRUE(availability->product.has_value());
    EXPECT_EQ(availability->product->links->self->uri, "/products/CFQ7TTC0LH18?country=" + upper);
    ASSERT_TRUE(availability->sku.has_value());
    EXPECT_EQ(availability->sku->id, "0001");
    // One term per duration and billing cycle.
    ASSERT_EQ(availability->terms.size(), 3u);
    EXPECT_EQ(availability->terms[0],
              (partnercenter::Term{.id = std::nullopt,
                                   .duration = "P1M",
                                   .description = "One-Month commitment for monthly billing",
                                   .billing_cycle = "Monthly"}));
    EXPECT_EQ(availability->terms[2].duration, "P1Y");
    EXPECT_EQ(availability->terms[2].billing_cycle, "Annual");
  }
}

TEST_F(CatalogHandlersTest, AReservationShowsItsPrepaidTermAndThatItIsNotPurchasable) {
  const http::Response response =
      Get("/v1/products/DZH318Z0BQ3Q/skus/0001/availabilities/DZH318XZXPHL?country=US");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto availability = partnercenter::ParseAvailability(response.body);
  ASSERT_TRUE(availability.ok());
  EXPECT_FALSE(availability->is_purchasable);
  EXPECT_FALSE(availability->is_renewable);
  const std::vector<partnercenter::Term> prepaid{
      partnercenter::Term{.id = std::nullopt,
                          .duration = "P1Y",
                          .description = "1 Year Prepaid",
                          .billing_cycle = "OneTime"}};
  EXPECT_EQ(availability->terms, prepaid);
  EXPECT_EQ(availability->sku->provisioning_variables,
            (std::vector<std::string>{"SubscriptionId", "Scope"}));
  EXPECT_EQ(availability->sku->inventory_variables,
            (std::vector<std::string>{"CustomerId", "AzureSubscriptionId"}));
}

TEST_F(CatalogHandlersTest, ListsAreCollectionsWithANormalisedSelfLink) {
  const http::Response products =
      Get("/v1/products?TARGETVIEW=onlineservices&country=us&reservationScope=AzurePlan");
  ASSERT_EQ(products.status, 200) << products.body;
  const auto collection = partnercenter::ParseProductCollection(products.body);
  ASSERT_TRUE(collection.ok());
  EXPECT_EQ(collection->total_count, 1);
  ASSERT_EQ(collection->items.size(), 1u);
  EXPECT_EQ(collection->items[0].id, "CFQ7TTC0LH18");
  EXPECT_EQ(collection->links->self->uri, "/products?country=US&targetView=OnlineServices");
  EXPECT_EQ(collection->attributes->object_type, "Collection");

  const auto skus = partnercenter::ParseSkuCollection(
      Get("/v1/products/cfq7ttc0lh18/skus?country=US&targetSegment=Education").body);
  ASSERT_TRUE(skus.ok());
  EXPECT_EQ(skus->total_count, 1);
  EXPECT_EQ(skus->links->self->uri,
            "/products/CFQ7TTC0LH18/skus?country=US&targetSegment=education");

  const auto availabilities = partnercenter::ParseAvailabilityCollection(
      Get("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=US").body);
  ASSERT_TRUE(availabilities.ok());
  EXPECT_EQ(availabilities->total_count, 2);
  EXPECT_EQ(availabilities->items[1].segment, "education");
  EXPECT_EQ(availabilities->links->self->uri,
            "/products/CFQ7TTC0LH18/skus/0001/availabilities?country=US");
}

TEST_F(CatalogHandlersTest, ListsFilterByViewSegmentAndCountry) {
  const auto ids = [&](const std::string& target) {
    const http::Response response = Get(target);
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
    std::vector<std::string> out;
    const auto collection = partnercenter::ParseProductCollection(response.body);
    if (collection.ok()) {
      for (const auto& product : collection->items) out.push_back(product.id);
    }
    return out;
  };
  EXPECT_EQ(ids("/v1/products?country=US&targetView=AzureReservationsVM"),
            std::vector<std::string>{"DZH318Z0BQ3Q"});
  EXPECT_EQ(ids("/v1/products?country=US&targetView=Azure"),
            std::vector<std::string>{"DZH318Z0BQ3Q"});
  EXPECT_EQ(ids("/v1/products?country=GB&targetView=Azure"), std::vector<std::string>{});
  EXPECT_EQ(ids("/v1/products?country=US&targetView=OnlineServices&targetSegment=education"),
            std::vector<std::string>{"CFQ7TTC0LH18"});
  EXPECT_EQ(ids("/v1/products?country=GB&targetView=OnlineServices&targetSegment=education"),
            std::vector<std::string>{});
  EXPECT_EQ(ids("/v1/products?country=US&targetView=Software"), std::vector<std::string>{});
  EXPECT_EQ(ids("/v1/products?country=ZZ&targetView=OnlineServices"), std::vector<std::string>{});
}

TEST_F(CatalogHandlersTest, UnknownIdsAreAnsweredWithPartnerCentersCodes) {
  EXPECT_EQ(ExpectFault("/v1/products/NOPE?country=US", 404, 400013), "Product was not found.");
  // Known, but not offered in that country.
  ExpectFault("/v1/products/DZH318Z0BQ3Q?country=GB", 404, 400013);
  ExpectFault("/v1/products/NOPE/skus?country=US", 404, 400013);
  EXPECT_EQ(ExpectFault("/v1/products/CFQ7TTC0LH18/skus/9999?country=US", 404, 400018),
            "SKU was not found.");
  ExpectFault("/v1/products/CFQ7TTC0LH18/skus/9999/availabilities?country=US", 404, 400018);
  EXPECT_EQ(ExpectFault("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/NOPE?country=US", 404,
                        400019),
            "Availability not found.");
  ExpectFault("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0EDU1?country=GB", 404,
              400019);
  // The outermost parent first.
  ExpectFault("/v1/products/NOPE/skus/NOPE/availabilities/NOPE?country=US", 404, 400013);
  ExpectFault("/v1/products/CFQ7TTC0LH18/skus/NOPE/availabilities/NOPE?country=US", 404, 400018);
  // Legacy offers are not products.
  ExpectFault("/v1/products/9DEA7946-EC2C-441E-9FFD-E3B275F7E838?country=US", 404, 400013);
}

TEST_F(CatalogHandlersTest, BadQueriesAre400WithCode800002) {
  EXPECT_EQ(ExpectFault("/v1/products/CFQ7TTC0LH18", 400, 800002),
            "The query parameter 'country' is required.");
  ExpectFault("/v1/products/CFQ7TTC0LH18?country=", 400, 800002);
  EXPECT_EQ(ExpectFault("/v1/products/CFQ7TTC0LH18?country=USA", 400, 800002),
            "The query parameter 'country' must be a two-letter country code (ISO 3166-1 "
            "alpha-2); 'USA' is not one.");
  ExpectFault("/v1/products/CFQ7TTC0LH18?country=U1", 400, 800002);
  EXPECT_EQ(ExpectFault("/v1/products?country=US", 400, 800002),
            "The query parameter 'targetView' is required.");
  ExpectFault("/v1/products?targetView=Azure", 400, 800002);
  ExpectFault("/v1/products?country=US&country=GB&targetView=Azure", 400, 800002);
  ExpectFault("/v1/products?country=%G1&targetView=Azure", 400, 800002);
  ExpectFault("/v1/products/CFQ7%zz?country=US", 400, 800002);
  // Missing country comes before an unknown id.
  ExpectFault("/v1/products/NOPE/skus/NOPE", 400, 800002);
}

TEST_F(CatalogHandlersTest, UnknownViewsAndSegmentsAre403) {
  EXPECT_EQ(ExpectFault("/v1/products?country=US&targetView=AzureAzureReservationsVM", 403, 400036),
            "Access to the requested targetView is not allowed.");
  EXPECT_EQ(
      ExpectFault("/v1/products?country=US&targetView=Azure&targetSegment=retail", 403, 400030),
      "Access to the requested targetSegment is not allowed.");
  ExpectFault("/v1/products/CFQ7TTC0LH18/skus?country=US&targetSegment=retail", 403, 400030);
  ExpectFault("/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=US&targetSegment=x", 403,
              400030);
  // An unknown segment is refused before an unknown product is looked for.
  ExpectFault("/v1/products/NOPE/skus?country=US&targetSegment=x", 403, 400030);
  // targetSegment means nothing to the by-id routes, targetView nothing but to the product list.
  EXPECT_EQ(Get("/v1/products/CFQ7TTC0LH18?country=US&targetSegment=x&targetView=y").status, 200);
}

TEST_F(CatalogHandlersTest, ATokenIsRequiredAndTheRateLimitApplies) {
  const http::Response missing = Get("/v1/products?country=US&targetView=Azure", false);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(Fault(missing).code, 800001);
  limited_ = true;
  EXPECT_EQ(Get("/v1/products/CFQ7TTC0LH18?country=US").status, 429);
}

TEST_F(CatalogHandlersTest, SingleReadsAreAnsweredOnTheIoThreadAndListsOnAWorker) {
  EXPECT_TRUE(app_->AnswersPromptly(Request("/v1/products/P?country=US")));
  EXPECT_TRUE(app_->AnswersPromptly(Request("/v1/products/P/skus/S/availabilities/A?country=US")));
  // A list grows with the catalog: never on an I/O thread.
  EXPECT_FALSE(app_->AnswersPromptly(Request("/v1/products?country=US&targetView=Azure")));
  EXPECT_FALSE(app_->AnswersPromptly(Request("/v1/products/P/skus?country=US")));
  EXPECT_FALSE(app_->AnswersPromptly(Request("/v1/products/P/skus/S/availabilities?country=US")));
}

TEST_F(CatalogHandlersTest, AReloadedCatalogIsWhatTheNextRequestSees) {
  CatalogItem item = Item("NEWPRODUCT01", "0001", "NEWAVAIL0001");
  item.terms = {CatalogTerm{"P1M", {BillingCycle::kMonthly}}};
  item.prices = {MarketPrice{"US", "USD", 100}};
  catalog_.Set(std::make_shared<const Catalog>(std::vector<CatalogItem>{item}));
  EXPECT_EQ(Get("/v1/products/NEWPRODUCT01?country=US").status, 200);
  EXPECT_EQ(Get("/v1/products/CFQ7TTC0LH18?country=US").status, 404);
  // Without a catalog nothing is offered.
  catalog_.Set(nullptr);
  ExpectFault("/v1/products/NEWPRODUCT01?country=US", 404, 400013);
  const http::Response empty = Get("/v1/products?country=US&targetView=OnlineServices");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body,
            R"({"totalCount":0,"items":[],"links":{"self":{"uri":)"
            R"("/products?country=US&targetView=OnlineServices","method":"GET","headers":[]}},)"
            R"("attributes":{"objectType":"Collection"}})");
}

}  // namespace
}  // namespace cartd::api
