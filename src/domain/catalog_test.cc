// Tests of the Catalog and its helpers (src/domain/catalog.cc).
#include "domain/catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cartd {
namespace {

using partnercenter::BillingCycle;

CatalogItem Item(std::string id) {
  CatalogItem item;
  item.catalog_item_id = std::move(id);
  item.title = "Title of " + item.catalog_item_id;
  return item;
}

// Azure AD P1 as the contract's examples sell it: P1M billed monthly, P1Y billed monthly or
// annually, plus a term-less one-time purchase.
CatalogItem NceItem() {
  CatalogItem item = Item("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  item.terms = {
      CatalogTerm{"P1M", {BillingCycle::kMonthly}},
      CatalogTerm{"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}},
      CatalogTerm{"", {BillingCycle::kOneTime}},
  };
  item.prices = {
      MarketPrice{"US", "USD", 600},
      MarketPrice{"GB", "GBP", 480},
      MarketPrice{"JP", "JPY", 900},
  };
  return item;
}

TEST(CatalogTest, FindIgnoresCase) {
  const Catalog catalog({NceItem(), Item("MS-AZR-0145P")});

  const CatalogItem* exact = catalog.Find("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  ASSERT_NE(exact, nullptr);
  EXPECT_EQ(exact->catalog_item_id, "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  EXPECT_EQ(catalog.Find("cfq7ttc0lfls:0002:cfq7ttc0kdlj"), exact);
  EXPECT_EQ(catalog.Find("Cfq7Ttc0LfLs:0002:cFQ7TTC0KDLJ"), exact);

  const CatalogItem* legacy = catalog.Find("ms-azr-0145p");
  ASSERT_NE(legacy, nullptr);
  EXPECT_EQ(legacy->catalog_item_id, "MS-AZR-0145P");
}

TEST(CatalogTest, FindReturnsNullForUnknownIds) {
  const Catalog catalog({NceItem()});
  EXPECT_EQ(catalog.Find("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLX"), nullptr);
  EXPECT_EQ(catalog.Find("CFQ7TTC0LFLS:0002"), nullptr);
  EXPECT_EQ(catalog.Find(""), nullptr);
  EXPECT_EQ(Catalog({}).Find("MS-AZR-0145P"), nullptr);
}

TEST(CatalogTest, ItemsKeepTheirOrder) {
  const Catalog catalog({Item("B:1:1"), Item("A:1:1"), Item("C:1:1")});
  ASSERT_EQ(catalog.items().size(), 3u);
  EXPECT_EQ(catalog.items()[0].catalog_item_id, "B:1:1");
  EXPECT_EQ(catalog.items()[1].catalog_item_id, "A:1:1");
  EXPECT_EQ(catalog.items()[2].catalog_item_id, "C:1:1");
  EXPECT_EQ(catalog.Find("a:1:1"), &catalog.items()[1]);
}

TEST(CatalogTest, OffersMatchesTermAndCycleTogether) {
  const CatalogItem item = NceItem();
  EXPECT_TRUE(item.Offers(BillingCycle::kMonthly, "P1M"));
  EXPECT_TRUE(item.Offers(BillingCycle::kMonthly, "P1Y"));
  EXPECT_TRUE(item.Offers(BillingCycle::kAnnual, "P1Y"));
  // Annual billing exists, but not for the monthly term.
  EXPECT_FALSE(item.Offers(BillingCycle::kAnnual, "P1M"));
  EXPECT_FALSE(item.Offers(BillingCycle::kMonthly, "P3Y"));
  EXPECT_FALSE(item.Offers(BillingCycle::kTriennial, "P1Y"));
  EXPECT_FALSE(item.Offers(BillingCycle::kUnknown, "P1M"));
}

TEST(CatalogTest, OffersTermLessPurchasesOnlyThroughTheTermLessTerm) {
  const CatalogItem item = NceItem();
  EXPECT_TRUE(item.Offers(BillingCycle::kOneTime, ""));
  EXPECT_FALSE(item.Offers(BillingCycle::kMonthly, ""));
  EXPECT_FALSE(item.Offers(BillingCycle::kOneTime, "P1Y"));

  CatalogItem termed_only = NceItem();
  termed_only.terms.pop_back();
  EXPECT_FALSE(termed_only.Offers(BillingCycle::kOneTime, ""));
}

TEST(CatalogTest, OffersComparesDurationsIgnoringCase) {
  const CatalogItem item = NceItem();
  EXPECT_TRUE(item.Offers(BillingCycle::kAnnual, "p1y"));
  EXPECT_TRUE(item.Offers(BillingCycle::kMonthly, "p1m"));
}

TEST(CatalogTest, OffersNothingWithoutTerms) {
  const CatalogItem item = Item("X:Y:Z");
  EXPECT_FALSE(item.Offers(BillingCycle::kMonthly, "P1M"));
  EXPECT_FALSE(item.Offers(BillingCycle::kOneTime, ""));
}

TEST(CatalogTest, PriceInFindsTheMarketsPrice) {
  const CatalogItem item = NceItem();

  const MarketPrice* us = item.PriceIn("US");
  ASSERT_NE(us, nullptr);
  EXPECT_EQ(us->market, "US");
  EXPECT_EQ(us->currency, "USD");
  EXPECT_EQ(us->unit_price_minor, 600);

  const MarketPrice* jp = item.PriceIn("JP");
  ASSERT_NE(jp, nullptr);
  EXPECT_EQ(jp->currency, "JPY");
  EXPECT_EQ(jp->unit_price_minor, 900);

  EXPECT_EQ(item.PriceIn("gb"), &item.prices[1]);
  EXPECT_EQ(item.PriceIn("DE"), nullptr);
  EXPECT_EQ(item.PriceIn(""), nullptr);
}

TEST(CatalogTest, PurchaseSystemByIdShape) {
  EXPECT_EQ(PurchaseSystemByIdShape("DG7GMGF0DWTL:0001:DG7GMGF0DSJB"), PurchaseSystem::kModern);
  EXPECT_EQ(PurchaseSystemByIdShape("a:b:c"), PurchaseSystem::kModern);

  EXPECT_EQ(PurchaseSystemByIdShape("MS-AZR-0145P"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("91FD106F-4B2C-4938-95AC-F54F74E9A239"),
            PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("CFQ7TTC0LFLS:0002"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("A:B:C:D"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape(":B:C"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("A::C"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("A:B:"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape("::"), PurchaseSystem::kLegacy);
  EXPECT_EQ(PurchaseSystemByIdShape(""), PurchaseSystem::kLegacy);
}

TEST(CatalogTest, CurrencySymbols) {
  EXPECT_EQ(CurrencySymbol("USD"), "$");
  EXPECT_EQ(CurrencySymbol("EUR"), "€");
  EXPECT_EQ(CurrencySymbol("GBP"), "£");
  EXPECT_EQ(CurrencySymbol("JPY"), "¥");
  EXPECT_EQ(CurrencySymbol("usd"), "$");
  // Unknown codes are shown as they are.
  EXPECT_EQ(CurrencySymbol("XYZ"), "XYZ");
  EXPECT_EQ(CurrencySymbol(""), "");
}

TEST(CatalogTest, CurrencyMinorUnits) {
  EXPECT_EQ(CurrencyMinorUnits("USD"), 100);
  EXPECT_EQ(CurrencyMinorUnits("EUR"), 100);
  EXPECT_EQ(CurrencyMinorUnits("GBP"), 100);
  EXPECT_EQ(CurrencyMinorUnits("JPY"), 1);
  EXPECT_EQ(CurrencyMinorUnits("jpy"), 1);
  EXPECT_EQ(CurrencyMinorUnits("KWD"), 1000);
  // Unknown codes are assumed to have cents, so that dividing by the result is always safe.
  EXPECT_EQ(CurrencyMinorUnits("XYZ"), 100);
  EXPECT_EQ(CurrencyMinorUnits(""), 100);
}

// --- The products API's view ------------------------------------------------------------------

// An item with product, SKU and availability ids, priced in `markets` (currency USD).
CatalogItem Modern(std::string product, std::string sku, std::string availability,
                   std::vector<std::string> markets = {"US"}) {
  CatalogItem item = Item(product + ":" + sku + ":" + availability);
  item.product_id = std::move(product);
  item.sku_id = std::move(sku);
  item.availability_id = std::move(availability);
  item.terms = {CatalogTerm{"P1M", {BillingCycle::kMonthly}},
                CatalogTerm{"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}}};
  for (std::string& market : markets) item.prices.push_back(MarketPrice{market, "USD", 100});
  return item;
}

CatalogSku SkuEntry(std::string id, std::vector<std::size_t> availabilities) {
  CatalogSku sku;
  sku.id = std::move(id);
  sku.title = "SKU " + sku.id;
  sku.description = "About SKU " + sku.id;
  sku.availabilities = std::move(availabilities);
  return sku;
}

CatalogProduct ProductEntry(std::string id, ProductKind kind, std::vector<CatalogSku> skus) {
  CatalogProduct product;
  product.id = std::move(id);
  product.title = "Product " + product.id;
  product.description = "About product " + product.id;
  product.kind = kind;
  product.product_type = DefaultProductType(kind);
  product.target_views = DefaultTargetViews(kind, product.product_type);
  product.skus = std::move(skus);
  return product;
}

// Two products: P1 (online services) with SKU 0001 of two availabilities (A1 in US and GB, A2
// in US only, for education) and SKU 0002 (B1, GB only); P2 (an Azure reservation, US) whose
// item is listed under P1's entry but stated with P2's ids; and a legacy offer.
Catalog TwoProducts() {
  std::vector<CatalogItem> items;
  items.push_back(Modern("P1", "0001", "A1", {"US", "GB"}));
  items.push_back(Modern("P1", "0001", "A2"));
  items.back().segment = Segment::kEducation;
  items.push_back(Modern("P1", "0002", "B1", {"GB"}));
  items.push_back(Modern("P2", "0001", "R1"));
  items.back().terms = {CatalogTerm{"P1Y", {BillingCycle::kOneTime}}};
  items.back().provisioning_variables = {"SubscriptionId", "Scope"};
  items.push_back(Item("MS-AZR-0145P"));
  items.back().prices = {MarketPrice{"US", "USD", 0}};
  std::vector<CatalogProduct> entries;
  entries.push_back(
      ProductEntry("P1", ProductKind::kOnlineServices,
                   {SkuEntry("0001", {0, 1}), SkuEntry("0002", {2}), SkuEntry("0009", {3})}));
  entries.push_back(ProductEntry("LEGACY", ProductKind::kAzurePlan, {SkuEntry("X", {4})}));
  return Catalog(std::move(items), std::move(entries));
}

std::vector<std::string> IdsOf(const std::vector<const CatalogProduct*>& products) {
  std::vector<std::string> ids;
  for (const CatalogProduct* product : products) ids.push_back(product->id);
  return ids;
}

TEST(CatalogProductsTest, ProductsAreMadeOfTheItemsOwnIdsAndDescribedByTheirEntries) {
  const Catalog catalog = TwoProducts();
  ASSERT_EQ(catalog.products().size(), 2u);
  const CatalogProduct& p1 = catalog.products()[0];
  EXPECT_EQ(p1.id, "P1");
  EXPECT_EQ(p1.title, "Product P1");
  EXPECT_EQ(p1.description, "About product P1");
  ASSERT_EQ(p1.skus.size(), 2u);
  EXPECT_EQ(p1.skus[0].id, "0001");
  EXPECT_EQ(p1.skus[0].product_id, "P1");
  EXPECT_EQ(p1.skus[0].title, "SKU 0001");
  EXPECT_EQ(p1.skus[0].availabilities, (std::vector<std::size_t>{0, 1}));
  // P2's item is listed under P1's entry and its SKU 0009: its product is P2, described by them.
  const CatalogProduct& p2 = catalog.products()[1];
  EXPECT_EQ(p2.id, "P2");
  EXPECT_EQ(p2.title, "Product P1");
  ASSERT_EQ(p2.skus.size(), 1u);
  EXPECT_EQ(p2.skus[0].id, "0001");
  EXPECT_EQ(p2.skus[0].title, "SKU 0009");
  EXPECT_EQ(catalog.ProductOf(catalog.items()[3]), &p2);
  EXPECT_EQ(catalog.SkuOf(catalog.items()[3]), &p2.skus[0]);
  // The legacy offer is no product.
  EXPECT_EQ(catalog.ProductOf(catalog.items()[4]), nullptr);
  EXPECT_EQ(catalog.SkuOf(catalog.items()[4]), nullptr);
  EXPECT_FALSE(catalog.items()[4].OfferedIn("US"));
}

TEST(CatalogProductsTest, SkusDeriveQuantitiesCyclesVariablesAndTrials) {
  std::vector<CatalogItem> items;
  items.push_back(Modern("P1", "0001", "A1"));
  items.back().min_quantity = 3;
  items.back().max_quantity = 10;
  items.back().provisioning_variables = {"Scope", "SubscriptionId"};
  items.push_back(Modern("P1", "0001", "A2"));
  items.back().min_quantity = 2;
  items.back().max_quantity = 300;
  items.back().terms.push_back(CatalogTerm{"P3Y", {BillingCycle::kTriennial}});
  items.back().provisioning_variables = {"subscriptionid", "Duration"};
  items.push_back(Modern("P1", "0002", "T1"));
  items.back().terms = {CatalogTerm{"P1M", {BillingCycle::kNone}}};
  items.push_back(Modern("P1", "0003", "U1"));
  items.back().max_quantity = 5;
  items.push_back(Modern("P1", "0003", "U2"));
  const Catalog catalog(std::move(items));
  const std::vector<CatalogSku>& skus = catalog.products()[0].skus;
  ASSERT_EQ(skus.size(), 3u);
  EXPECT_EQ(skus[0].min_quantity, 2);
  EXPECT_EQ(skus[0].max_quantity, 300);
  EXPECT_EQ(skus[0].supported_billing_cycles,
            (std::vector<BillingCycle>{BillingCycle::kMonthly, BillingCycle::kAnnual,
                                       BillingCycle::kTriennial}));
  EXPECT_EQ(skus[0].provisioning_variables,
            (std::vector<std::string>{"Scope", "SubscriptionId", "Duration"}));
  EXPECT_EQ(skus[0].is_trial, false);
  EXPECT_EQ(skus[1].is_trial, true);
  EXPECT_EQ(skus[1].supported_billing_cycles, std::vector<BillingCycle>{BillingCycle::kNone});
  // One availability without a maximum: the SKU has none.
  EXPECT_EQ(skus[2].max_quantity, std::nullopt);
}

TEST(CatalogProductsTest, ProductsMadeUpFromItemsAloneTakeTheirKindsDefaults) {
  CatalogItem item = Modern("CFQ7TTC0LFLS", "0002", "CFQ7TTC0KDLJ");
  item.product_kind = ProductKind::kAzureReservation;
  const Catalog catalog({item});
  ASSERT_EQ(catalog.products().size(), 1u);
  const CatalogProduct& product = catalog.products()[0];
  EXPECT_EQ(product.title, item.title);
  EXPECT_EQ(product.kind, ProductKind::kAzureReservation);
  EXPECT_EQ(product.product_type, DefaultProductType(ProductKind::kAzureReservation));
  EXPECT_EQ(product.target_views,
            (std::vector<TargetView>{TargetView::kAzure, TargetView::kAzureReservations}));
  EXPECT_EQ(product.skus[0].purchase_prerequisites,
            (std::vector<std::string>{"AzureSubscriptionRegistration", "InventoryCheck"}));
  EXPECT_EQ(product.skus[0].inventory_variables,
            (std::vector<std::string>{"CustomerId", "AzureSubscriptionId"}));
}

TEST(CatalogProductsTest, GetFindsWhatIsOfferedInTheCountryIgnoringCase) {
  const Catalog catalog = TwoProducts();
  const StatusOr<const CatalogProduct*> product = catalog.GetProduct("p1", "us");
  ASSERT_TRUE(product.ok()) << product.status().ToString();
  EXPECT_EQ((*product)->id, "P1");
  const StatusOr<const CatalogSku*> sku = catalog.GetSku("P1", "0002", "GB");
  ASSERT_TRUE(sku.ok()) << sku.status().ToString();
  EXPECT_EQ((*sku)->id, "0002");
  const StatusOr<const CatalogItem*> availability =
      catalog.GetAvailability("P1", "0001", "a1", "Gb");
  ASSERT_TRUE(availability.ok()) << availability.status().ToString();
  EXPECT_EQ((*availability)->catalog_item_id, "P1:0001:A1");
}

TEST(CatalogProductsTest, WhatIsNotOfferedInTheCountryIsUnknownThere) {
  const Catalog catalog = TwoProducts();
  // P2 is priced in the US only; SKU 0002 in GB only; A2 in the US only.
  EXPECT_EQ(catalog.GetProduct("P2", "GB").status(),
            Status(ErrorCode::kProductNotFound, "Product was not found."));
  EXPECT_EQ(catalog.GetSku("P1", "0002", "US").status(),
            Status(ErrorCode::kSkuNotFound, "SKU was not found."));
  EXPECT_EQ(catalog.GetAvailability("P1", "0001", "A2", "GB").status(),
            Status(ErrorCode::kAvailabilityNotFound, "Availability not found."));
  EXPECT_EQ(catalog.GetProduct("P1", "DE").status().code(), ErrorCode::kProductNotFound);
  // Legacy offers are not products.
  EXPECT_EQ(catalog.GetProduct("LEGACY", "US").status().code(), ErrorCode::kProductNotFound);
  EXPECT_EQ(catalog.GetProduct("", "US").status().code(), ErrorCode::kProductNotFound);
}

TEST(CatalogProductsTest, TheOutermostUnknownIdIsReported) {
  const Catalog catalog = TwoProducts();
  EXPECT_EQ(catalog.GetAvailability("NOPE", "NOPE", "NOPE", "US").status().code(),
            ErrorCode::kProductNotFound);
  EXPECT_EQ(catalog.GetAvailability("P1", "NOPE", "NOPE", "US").status().code(),
            ErrorCode::kSkuNotFound);
  EXPECT_EQ(catalog.GetAvailability("P1", "0001", "NOPE", "US").status().code(),
            ErrorCode::kAvailabilityNotFound);
  EXPECT_EQ(catalog.ListAvailabilities("NOPE", "0001", "US", std::nullopt).status().code(),
            ErrorCode::kProductNotFound);
  EXPECT_EQ(catalog.ListAvailabilities("P1", "NOPE", "US", std::nullopt).status().code(),
            ErrorCode::kSkuNotFound);
  EXPECT_EQ(catalog.ListSkus("NOPE", "US", std::nullopt).status().code(),
            ErrorCode::kProductNotFound);
}

TEST(CatalogProductsTest, ListsFollowTheCountryTheViewAndTheSegment) {
  const Catalog catalog = TwoProducts();
  EXPECT_EQ(IdsOf(catalog.ListProducts("US", TargetView::kOnlineServices, std::nullopt)),
            (std::vector<std::string>{"P1", "P2"}));
  EXPECT_EQ(IdsOf(catalog.ListProducts("gb", TargetView::kOnlineServices, std::nullopt)),
            (std::vector<std::string>{"P1"}));
  EXPECT_EQ(IdsOf(catalog.ListProducts("US", TargetView::kOnlineServices, Segment::kEducation)),
            (std::vector<std::string>{"P1"}));
  EXPECT_EQ(IdsOf(catalog.ListProducts("US", TargetView::kOnlineServices, Segment::kGovernment)),
            std::vector<std::string>{});
  EXPECT_EQ(IdsOf(catalog.ListProducts("US", TargetView::kAzure, std::nullopt)),
            std::vector<std::string>{});
  EXPECT_EQ(IdsOf(catalog.ListProducts("DE", TargetView::kOnlineServices, std::nullopt)),
            std::vector<std::string>{});

  const auto us_skus = catalog.ListSkus("P1", "US", std::nullopt);
  ASSERT_TRUE(us_skus.ok());
  ASSERT_EQ(us_skus->size(), 1u);
  EXPECT_EQ((*us_skus)[0]->id, "0001");
  const auto gb_skus = catalog.ListSkus("P1", "GB", std::nullopt);
  ASSERT_TRUE(gb_skus.ok());
  EXPECT_EQ(gb_skus->size(), 2u);
  const auto education_skus = catalog.ListSkus("P1", "GB", Segment::kEducation);
  ASSERT_TRUE(education_skus.ok());
  EXPECT_TRUE(education_skus->empty());

  const auto us = catalog.ListAvailabilities("P1", "0001", "US", std::nullopt);
  ASSERT_TRUE(us.ok());
  ASSERT_EQ(us->size(), 2u);
  EXPECT_EQ((*us)[0]->availability_id, "A1");
  EXPECT_EQ((*us)[1]->availability_id, "A2");
  const auto commercial = catalog.ListAvailabilities("P1", "0001", "US", Segment::kCommercial);
  ASSERT_TRUE(commercial.ok());
  ASSERT_EQ(commercial->size(), 1u);
  EXPECT_EQ((*commercial)[0]->availability_id, "A1");
  const auto gb = catalog.ListAvailabilities("P1", "0001", "GB", std::nullopt);
  ASSERT_TRUE(gb.ok());
  ASSERT_EQ(gb->size(), 1u);
}

TEST(CatalogProductsTest, RepeatedEntriesFormOneProductDescribedByTheFirst) {
  std::vector<CatalogItem> items{Modern("P1", "0001", "A1"), Modern("p1", "0001", "A2"),
                                 Modern("P1", "0002", "B1")};
  std::vector<CatalogProduct> entries;
  entries.push_back(ProductEntry("P1", ProductKind::kSoftware, {SkuEntry("0001", {0})}));
  entries.push_back(ProductEntry("p1", ProductKind::kMarketplace,
                                 {SkuEntry("0001", {1}), SkuEntry("0002", {2})}));
  entries[1].title = "Second";
  const Catalog catalog(std::move(items), std::move(entries));
  ASSERT_EQ(catalog.products().size(), 1u);
  const CatalogProduct& product = catalog.products()[0];
  EXPECT_EQ(product.kind, ProductKind::kSoftware);
  EXPECT_EQ(product.title, "Product P1");
  ASSERT_EQ(product.skus.size(), 2u);
  EXPECT_EQ(product.skus[0].availabilities, (std::vector<std::size_t>{0, 1}));
}

TEST(CatalogProductsTest, RenewableUnlessPrepaidFreeOrWithoutTerm) {
  CatalogItem item = Modern("P", "S", "A");
  EXPECT_TRUE(item.IsRenewable());
  item.terms = {CatalogTerm{"P1Y", {BillingCycle::kOneTime}}};
  EXPECT_FALSE(item.IsRenewable());
  item.terms = {CatalogTerm{"P1M", {BillingCycle::kNone}}};
  EXPECT_FALSE(item.IsRenewable());
  item.terms = {CatalogTerm{"", {BillingCycle::kMonthly}}};
  EXPECT_FALSE(item.IsRenewable());
  item.renewable = true;
  EXPECT_TRUE(item.IsRenewable());
}

TEST(CatalogProductsTest, TermDescriptionsInPartnerCentersStyle) {
  EXPECT_EQ(TermDescription(CatalogTerm{"P1Y", {BillingCycle::kOneTime}}), "1 Year Prepaid");
  EXPECT_EQ(TermDescription(CatalogTerm{"P3Y", {BillingCycle::kOneTime}}), "3 Years Prepaid");
  EXPECT_EQ(TermDescription(CatalogTerm{"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}}),
            "One-Year commitment for monthly/yearly billing");
  EXPECT_EQ(TermDescription(CatalogTerm{"P1M", {BillingCycle::kMonthly}}),
            "One-Month commitment for monthly billing");
  EXPECT_EQ(TermDescription(CatalogTerm{"P3Y", {BillingCycle::kTriennial}}),
            "Three-Year commitment for triennial billing");
  EXPECT_EQ(TermDescription(CatalogTerm{"P1M", {BillingCycle::kNone}}), "One-Month trial");
  EXPECT_EQ(TermDescription(CatalogTerm{"P36M", {BillingCycle::kMonthly}}),
            "36-Month commitment for monthly billing");
  EXPECT_EQ(TermDescription(CatalogTerm{"", {BillingCycle::kOneTime}}), "One-time purchase");
  EXPECT_EQ(TermDescription(CatalogTerm{"P1Y", {BillingCycle::kAnnual}, "Stated"}), "Stated");
  EXPECT_EQ(TermBillingCycleName(BillingCycle::kOneTime), "OneTime");
  EXPECT_EQ(TermBillingCycleName(BillingCycle::kAnnual), "Annual");
}

TEST(CatalogProductsTest, KindsTypesAndViewsDefaultFromEachOther) {
  EXPECT_EQ(DefaultProductType(ProductKind::kOnlineServices),
            (partnercenter::ItemType{.id = "OnlineServicesNCE",
                                     .display_name = "OnlineServicesNCE",
                                     .sub_type = std::nullopt}));
  for (const ProductKind kind :
       {ProductKind::kOnlineServices, ProductKind::kAzureReservation, ProductKind::kAzurePlan,
        ProductKind::kSoftware, ProductKind::kMarketplace}) {
    EXPECT_EQ(KindOfProductType(DefaultProductType(kind)), kind) << ProductKindName(kind);
    EXPECT_EQ(ParseProductKind(ProductKindName(kind)), kind);
  }
  const partnercenter::ItemType vm{
      .id = "Azure",
      .display_name = "Azure",
      .sub_type = partnercenter::ItemSubType{.id = "VirtualMachines", .display_name = "VMs"}};
  EXPECT_EQ(DefaultTargetViews(ProductKind::kAzureReservation, vm),
            (std::vector<TargetView>{TargetView::kAzure, TargetView::kAzureReservations,
                                     TargetView::kAzureReservationsVM}));
  EXPECT_EQ(
      DefaultTargetViews(ProductKind::kAzurePlan, DefaultProductType(ProductKind::kAzurePlan)),
      (std::vector<TargetView>{TargetView::kAzure, TargetView::kMicrosoftAzure}));
}

TEST(CatalogProductsTest, ViewAndSegmentNamesParseIgnoringCase) {
  EXPECT_EQ(ParseTargetView("onlineservices"), TargetView::kOnlineServices);
  EXPECT_EQ(ParseTargetView("AZURERESERVATIONSVM"), TargetView::kAzureReservationsVM);
  EXPECT_EQ(ParseTargetView("AzureAzureReservationsVM"), std::nullopt);
  EXPECT_EQ(ParseTargetView(""), std::nullopt);
  EXPECT_EQ(TargetViewName(TargetView::kSoftwareSUSELinux), "SoftwareSUSELinux");
  EXPECT_EQ(ParseSegment("Commercial"), Segment::kCommercial);
  EXPECT_EQ(ParseSegment("NonProfit"), Segment::kNonprofit);
  EXPECT_EQ(ParseSegment("retail"), std::nullopt);
  EXPECT_EQ(SegmentName(Segment::kGovernment), "government");
}

}  // namespace
}  // namespace cartd
