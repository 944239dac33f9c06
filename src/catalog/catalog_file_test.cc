// Tests of the catalog file format: the demo catalog, what the loader refuses (with the exact
// message), and how values are read.
#include "catalog/catalog_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cartd::catalog {
namespace {

using partnercenter::BillingCycle;

// One product with one SKU with one availability whose members are `members`.
std::string OneItem(std::string_view members) {
  return R"({"products": [{"id": "P1", "title": "Product One", "skus": [{"id": "0001", )"
         R"("availabilities": [{)" +
         std::string(members) + "}]}]}]}";
}

constexpr std::string_view kTerms =
    R"("terms": [{"duration": "P1M", "billingCycles": ["monthly"]}])";
constexpr std::string_view kPrices =
    R"("prices": [{"market": "US", "currency": "USD", "unitPrice": 36.00}])";

// A valid availability "A1" with `extra` members added.
std::string GoodItem(std::string_view extra = "") {
  std::string members = R"("id": "A1", )" + std::string(kTerms) + ", " + std::string(kPrices);
  if (!extra.empty()) members += ", " + std::string(extra);
  return OneItem(members);
}

// The message ParseCatalog gives for `json`, which must be refused with kInvalidInput.
std::string ErrorOf(std::string_view json) {
  const StatusOr<Catalog> catalog = ParseCatalog(json, "t.json");
  if (catalog.ok()) {
    ADD_FAILURE() << "accepted: " << json;
    return "";
  }
  EXPECT_EQ(catalog.status().code(), ErrorCode::kInvalidInput);
  return catalog.status().message();
}

constexpr std::string_view kItem = "t.json: products[0].skus[0].availabilities[0] (P1:0001:A1): ";

// The only item of an accepted one-item catalog.
CatalogItem OnlyItem(std::string_view json) {
  StatusOr<Catalog> catalog = ParseCatalog(json, "t.json");
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  if (!catalog.ok() || catalog->items().size() != 1) {
    ADD_FAILURE() << "expected exactly one item";
    return CatalogItem();
  }
  return catalog->items()[0];
}

// The minor units a one-item US catalog priced at `unit_price` in `currency` yields.
std::int64_t MinorUnitsOf(std::string_view unit_price, std::string_view currency = "USD") {
  const std::string prices = R"("prices": [{"market": "US", "currency": ")" +
                             std::string(currency) + R"(", "unitPrice": )" +
                             std::string(unit_price) + "}]";
  const CatalogItem item =
      OnlyItem(OneItem(R"("id": "A1", )" + std::string(kTerms) + ", " + prices));
  return item.prices.empty() ? -1 : item.prices[0].unit_price_minor;
}

// ---------------------------------------------------------------------------------------------
// The demo catalog

class DemoCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StatusOr<Catalog> loaded = LoadCatalogFile(CARTD_DEMO_CATALOG_PATH);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new Catalog(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }

  static const CatalogItem& Get(std::string_view id) {
    const CatalogItem* item = catalog_ != nullptr ? catalog_->Find(id) : nullptr;
    if (item == nullptr) {
      ADD_FAILURE() << id << " is not in the demo catalog";
      static const CatalogItem kMissing;
      return kMissing;
    }
    return *item;
  }

  static Catalog* catalog_;
};

Catalog* DemoCatalogTest::catalog_ = nullptr;

struct Offer {
  BillingCycle cycle;
  std::string duration;
};

struct Required {
  std::string id;
  PurchaseSystem system;
  std::vector<Offer> offers;  // what the contract's and Microsoft's samples buy
};

// Every catalog item id of the contract's examples and Microsoft's public cart samples, with
// the purchase system and the billing cycle/term combinations those samples use.
const std::vector<Required>& RequiredItems() {
  static const auto* const kItems = new std::vector<Required>{
      {"DG7GMGF0DWTL:0001:DG7GMGF0DSJB", PurchaseSystem::kModern, {{BillingCycle::kOneTime, ""}}},
      {"DG7GMGF0DWTL:0001:DG7GMGF0DSFM", PurchaseSystem::kModern, {{BillingCycle::kOneTime, ""}}},
      {"DG7GMGF0DWM3:0002:DG7GMGF0DT1M", PurchaseSystem::kModern, {{BillingCycle::kOneTime, ""}}},
      {"DZH318Z0BQ3Q:0001:DZH318Z0BPS6",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}, {BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BQ3Q:0002:DZH318Z0BPS6",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}, {BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BQ3Q:0003:DZH318Z0BPS6",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}, {BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BQ3Q:0004:DZH318Z0BPS6",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}, {BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BQ3Q:0001:DZH318XZXVNF",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}}},
      {"DZH318Z0BQ3Q:0001:DZH318XZXPHL",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}}},
      {"DZH318Z0BNZH:0007:DZH318Z0C1XD",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}, {BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BQ36:004G:DZH318Z08C0S",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P1Y"}}},
      {"DZH318Z0BQ36:004J:DZH318Z08B8X",
       PurchaseSystem::kModern,
       {{BillingCycle::kOneTime, "P3Y"}}},
      {"DZH318Z0BXWC:0002:DZH318Z0BMRV",
       PurchaseSystem::kModern,
       {{BillingCycle::kMonthly, "P1M"}}},
      {"DZH318Z0C0WF:0001:DZH318Z0BP69", PurchaseSystem::kModern, {{BillingCycle::kNone, "P1M"}}},
      {"DZH318Z0BPS6:0001:DZH318Z0BML6", PurchaseSystem::kModern, {{BillingCycle::kOneTime, ""}}},
      {"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",
       PurchaseSystem::kModern,
       {{BillingCycle::kMonthly, "P1M"},
        {BillingCycle::kMonthly, "P1Y"},
        {BillingCycle::kAnnual, "P1Y"}}},
      {"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P",
       PurchaseSystem::kModern,
       {{BillingCycle::kMonthly, "P1M"}}},
      {"CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS",
       PurchaseSystem::kModern,
       {{BillingCycle::kMonthly, "P1M"}}},
      {"MS-AZR-0145P",
       PurchaseSystem::kLegacy,
       {{BillingCycle::kMonthly, ""}, {BillingCycle::kMonthly, "P1Y"}}},
      {"91FD106F-4B2C-4938-95AC-F54F74E9A239",
       PurchaseSystem::kLegacy,
       {{BillingCycle::kMonthly, ""}, {BillingCycle::kAnnual, ""}}},
      {"C94271D8-B431-4A25-A3C5-A57737A1C909",
       PurchaseSystem::kLegacy,
       {{BillingCycle::kMonthly, ""}, {BillingCycle::kAnnual, ""}}},
      {"43FCE491-76D1-4BCC-B709-8A288786DBAE",
       PurchaseSystem::kLegacy,
       {{BillingCycle::kMonthly, ""}}},
  };
  return *kItems;
}

TEST_F(DemoCatalogTest, ContainsEveryIdOfTheExamplesWithItsSystemAndCycles) {
  for (const Required& required : RequiredItems()) {
    SCOPED_TRACE(required.id);
    const CatalogItem& item = Get(required.id);
    EXPECT_EQ(item.catalog_item_id, required.id);
    EXPECT_EQ(item.purchase_system, required.system);
    EXPECT_TRUE(item.purchasable);
    for (const Offer& offer : required.offers) {
      EXPECT_TRUE(item.Offers(offer.cycle, offer.duration))
          << "cycle " << static_cast<int>(offer.cycle) << ", term '" << offer.duration << "'";
    }
  }
}

TEST_F(DemoCatalogTest, ExampleItemsArePricedInTheSevenDemoMarkets) {
  const std::vector<std::pair<std::string, std::string>> markets = {
      {"US", "USD"}, {"GB", "GBP"}, {"DE", "EUR"}, {"FR", "EUR"},
      {"JP", "JPY"}, {"CA", "CAD"}, {"AU", "AUD"}};
  for (const Required& required : RequiredItems()) {
    const CatalogItem& item = Get(required.id);
    for (const auto& [market, currency] : markets) {
      const MarketPrice* price = item.PriceIn(market);
      ASSERT_NE(price, nullptr) << required.id << " in " << market;
      EXPECT_EQ(price->currency, currency) << required.id << " in " << market;
      EXPECT_GE(price->unit_price_minor, 0);
    }
  }
}

TEST_F(DemoCatalogTest, TheSeedsAzureRiMatchesWhatTheSeedSends) {
  // update-a-cart.md: one_time, no termDuration, provisioningContext SubscriptionId, Scope and
  // Duration.
  const CatalogItem& ri = Get("dg7gmgf0dwtl:0001:dg7gmgf0dsjb");
  EXPECT_EQ(ri.product_id, "DG7GMGF0DWTL");
  EXPECT_EQ(ri.sku_id, "0001");
  EXPECT_EQ(ri.availability_id, "DG7GMGF0DSJB");
  EXPECT_EQ(ri.provisioning_variables,
            (std::vector<std::string>{"SubscriptionId", "Scope", "Duration"}));
  EXPECT_TRUE(ri.Offers(BillingCycle::kOneTime, ""));
  EXPECT_FALSE(ri.Offers(BillingCycle::kOneTime, "P1Y"));
  EXPECT_FALSE(ri.Offers(BillingCycle::kMonthly, ""));
  EXPECT_EQ(ri.min_quantity, 1);
  EXPECT_FALSE(ri.max_quantity.has_value());
  EXPECT_FALSE(ri.attestation_required);
}

TEST_F(DemoCatalogTest, TitlesAreTheOnesCheckoutExamplesShow) {
  EXPECT_EQ(Get("MS-AZR-0145P").title, "Microsoft Azure");
  EXPECT_EQ(Get("DZH318Z0BQ36:004G:DZH318Z08C0S").title,
            "Reserved VM Instance, Standard_NV12, US East 2, 1 Year");
  EXPECT_EQ(Get("DZH318Z0BQ36:004J:DZH318Z08B8X").title,
            "Reserved VM Instance, Standard_NV12, US East 2, 3 Years");
  EXPECT_EQ(Get("DG7GMGF0DWM3:0002:DG7GMGF0DT1M").title, "BizTalk Server 2016 Branch");
  EXPECT_EQ(Get("DZH318Z0BXWC:0002:DZH318Z0BMRV").title, "Barracuda WaaS - Medium Plan");
  EXPECT_EQ(Get("CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P").title, "AI Builder Capacity add-on");
  EXPECT_EQ(Get("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ").title, "Azure Active Directory Premium P1");
}

TEST_F(DemoCatalogTest, LegacyOffersHaveNoCatalogEntryIds) {
  const CatalogItem& azure = Get("MS-AZR-0145P");
  EXPECT_EQ(azure.product_id, "");
  EXPECT_EQ(azure.sku_id, "");
  EXPECT_EQ(azure.availability_id, "");
  EXPECT_EQ(azure.PriceIn("US")->unit_price_minor, 0);
}

TEST_F(DemoCatalogTest, TheLegacyAddOnsOfTheAddOnsPageAttachToTheirBaseOffer) {
  for (const char* id :
       {"C94271D8-B431-4A25-A3C5-A57737A1C909", "43FCE491-76D1-4BCC-B709-8A288786DBAE"}) {
    SCOPED_TRACE(id);
    const CatalogItem& addon = Get(id);
    ASSERT_TRUE(addon.addon_parent.has_value());
    EXPECT_EQ(*addon.addon_parent, "91FD106F-4B2C-4938-95AC-F54F74E9A239");
    EXPECT_EQ(addon.min_parent_quantity, 1);
  }
  EXPECT_FALSE(Get("91FD106F-4B2C-4938-95AC-F54F74E9A239").addon_parent.has_value());
}

TEST_F(DemoCatalogTest, HasAnItemForEveryRule) {
  const CatalogItem& attestation = Get("CARTDDEMO001:0001:CARTDDEMOA01");
  EXPECT_TRUE(attestation.attestation_required);

  const CatalogItem& addon = Get("CARTDDEMO002:0002:CARTDDEMOB02");
  ASSERT_TRUE(addon.addon_parent.has_value());
  EXPECT_EQ(*addon.addon_parent, "CARTDDEMO002:0001:CARTDDEMOB01");
  EXPECT_EQ(addon.min_parent_quantity, 5);
  EXPECT_FALSE(Get("CARTDDEMO002:0001:CARTDDEMOB01").addon_parent.has_value());

  EXPECT_EQ(Get("CARTDDEMO003:0001:CARTDDEMOC01").max_quantity, std::optional<int>(10));

  const CatalogItem& triennial = Get("CARTDDEMO004:0001:CARTDDEMOD01");
  EXPECT_TRUE(triennial.Offers(BillingCycle::kTriennial, "P3Y"));
  EXPECT_FALSE(triennial.Offers(BillingCycle::kAnnual, "P3Y"));

  EXPECT_EQ(Get("CARTDDEMO005:0001:CARTDDEMOE01").promotion_ids,
            (std::vector<std::string>{"39NFJQT1Q5KV", "39NFJQT1Q5KW"}));

  EXPECT_EQ(Get("CARTDDEMO006:0001:CARTDDEMOF01").provisioning_variables,
            (std::vector<std::string>{"SubscriptionId", "Scope"}));

  EXPECT_EQ(Get("CARTDDEMO007:0001:CARTDDEMOG01").min_quantity, 3);

  const CatalogItem& us_only = Get("CARTDDEMO008:0001:CARTDDEMOH01");
  ASSERT_EQ(us_only.prices.size(), 1u);
  EXPECT_EQ(us_only.prices[0].market, "US");
  EXPECT_EQ(us_only.prices[0].currency, "USD");
  EXPECT_EQ(us_only.PriceIn("GB"), nullptr);

  const CatalogItem& monthly = Get("CARTDDEMO009:0001:CARTDDEMOI01");
  EXPECT_TRUE(monthly.Offers(BillingCycle::kMonthly, "P1M"));
  EXPECT_FALSE(monthly.Offers(BillingCycle::kAnnual, "P1Y"));
  const CatalogItem& annual = Get("CARTDDEMO009:0001:CARTDDEMOI02");
  EXPECT_TRUE(annual.Offers(BillingCycle::kAnnual, "P1Y"));
  EXPECT_FALSE(annual.Offers(BillingCycle::kMonthly, "P1M"));

  const CatalogItem& trial = Get("CARTDDEMO010:0001:CARTDDEMOJ01");
  EXPECT_TRUE(trial.Offers(BillingCycle::kNone, "P1M"));
  EXPECT_EQ(trial.PriceIn("US")->unit_price_minor, 0);

  EXPECT_FALSE(Get("CARTDDEMO011:0001:CARTDDEMOK01").purchasable);
}

TEST_F(DemoCatalogTest, OnlyTheRetiredItemIsNotPurchasable) {
  ASSERT_NE(catalog_, nullptr);
  std::set<std::string> not_purchasable;
  for (const CatalogItem& item : catalog_->items()) {
    if (!item.purchasable) not_purchasable.insert(item.catalog_item_id);
    EXPECT_NE(item.PriceIn("US"), nullptr) << item.catalog_item_id;
    EXPECT_FALSE(item.title.empty()) << item.catalog_item_id;
  }
  EXPECT_EQ(not_purchasable, std::set<std::string>{"CARTDDEMO011:0001:CARTDDEMOK01"});
}

TEST_F(DemoCatalogTest, EveryItemOfTheEarlierDemoCatalogIsUnchanged) {
  // The demo catalog as it was before it described products and SKUs for the products API: its
  // items must be the same in everything carts and checkout use, and it still loads.
  const StatusOr<Catalog> earlier =
      LoadCatalogFile(std::string(CARTD_CATALOG_TESTDATA_DIR) + "/old-format-demo-catalog.json");
  ASSERT_TRUE(earlier.ok()) << earlier.status().ToString();
  ASSERT_NE(catalog_, nullptr);
  std::set<std::string> ids;
  for (const CatalogItem& before : earlier->items()) {
    SCOPED_TRACE(before.catalog_item_id);
    ids.insert(before.catalog_item_id);
    const CatalogItem& now = Get(before.catalog_item_id);
    EXPECT_EQ(now.catalog_item_id, before.catalog_item_id);
    EXPECT_EQ(now.product_id, before.product_id);
    EXPECT_EQ(now.sku_id, before.sku_id);
    EXPECT_EQ(now.availability_id, before.availability_id);
    EXPECT_EQ(now.title, before.title);
    EXPECT_EQ(now.purchase_system, before.purchase_system);
    ASSERT_EQ(now.terms.size(), before.terms.size());
    for (std::size_t t = 0; t < now.terms.size(); ++t) {
      EXPECT_EQ(now.terms[t].duration, before.terms[t].duration);
      EXPECT_EQ(now.terms[t].billing_cycles, before.terms[t].billing_cycles);
    }
    ASSERT_EQ(now.prices.size(), before.prices.size());
    for (std::size_t i = 0; i < now.prices.size(); ++i) {
      EXPECT_EQ(now.prices[i].market, before.prices[i].market);
      EXPECT_EQ(now.prices[i].currency, before.prices[i].currency);
      EXPECT_EQ(now.prices[i].unit_price_minor, before.prices[i].unit_price_minor);
    }
    EXPECT_EQ(now.provisioning_variables, before.provisioning_variables);
    EXPECT_EQ(now.min_quantity, before.min_quantity);
    EXPECT_EQ(now.max_quantity, before.max_quantity);
    EXPECT_EQ(now.attestation_required, before.attestation_required);
    EXPECT_EQ(now.promotion_ids, before.promotion_ids);
    EXPECT_EQ(now.addon_parent, before.addon_parent);
    EXPECT_EQ(now.min_parent_quantity, before.min_parent_quantity);
    EXPECT_EQ(now.purchasable, before.purchasable);
  }
  // One item was added: the education one.
  std::set<std::string> added;
  for (const CatalogItem& item : catalog_->items()) {
    if (ids.count(item.catalog_item_id) == 0) added.insert(item.catalog_item_id);
  }
  EXPECT_EQ(added, std::set<std::string>{"CARTDDEMO012:0001:CARTDDEMOL01"});
}

TEST_F(DemoCatalogTest, EveryProductAndSkuIsDescribedForTheProductsApi) {
  ASSERT_NE(catalog_, nullptr);
  // Every item with product ids is shown; the legacy offers are not.
  std::size_t shown = 0;
  for (const CatalogItem& item : catalog_->items()) {
    if (!item.product_id.empty()) {
      ++shown;
      EXPECT_NE(catalog_->ProductOf(item), nullptr) << item.catalog_item_id;
    }
  }
  std::size_t listed = 0;
  for (const CatalogProduct& product : catalog_->products()) {
    SCOPED_TRACE(product.id);
    EXPECT_FALSE(product.description.empty());
    EXPECT_NE(product.description, product.title);
    EXPECT_FALSE(product.target_views.empty());
    EXPECT_FALSE(product.product_type.id.empty());
    for (const CatalogSku& sku : product.skus) {
      EXPECT_FALSE(sku.title.empty()) << sku.id;
      EXPECT_FALSE(sku.description.empty()) << sku.id;
      listed += sku.availabilities.size();
      // Sold in the demo customers' markets, except the one US-only item.
      for (const char* market : {"US", "GB", "DE", "JP"}) {
        const bool us_only = product.id == "CARTDDEMO008";
        EXPECT_EQ(catalog_->GetSku(product.id, sku.id, market).ok(),
                  !us_only || std::string_view(market) == "US")
            << sku.id << " in " << market;
      }
    }
  }
  EXPECT_EQ(listed, shown);
}

TEST_F(DemoCatalogTest, ProductsHaveTheKindsTypesAndViewsOfTheirItems) {
  ASSERT_NE(catalog_, nullptr);
  const auto product = [](std::string_view id) -> const CatalogProduct& {
    const StatusOr<const CatalogProduct*> found = catalog_->GetProduct(id, "US");
    EXPECT_TRUE(found.ok()) << id;
    static const CatalogProduct kMissing;
    return found.ok() ? **found : kMissing;
  };
  EXPECT_EQ(product("DG7GMGF0DWTL").kind, ProductKind::kSoftware);
  EXPECT_EQ(product("DG7GMGF0DWTL").target_views,
            (std::vector<TargetView>{TargetView::kSoftware, TargetView::kSoftwarePerpetual}));
  EXPECT_EQ(product("DZH318Z0BQ3Q").kind, ProductKind::kAzureReservation);
  EXPECT_EQ(product("DZH318Z0BQ3Q").product_type.sub_type->id, "VirtualMachines");
  EXPECT_EQ(product("DZH318Z0BQ3Q").target_views,
            (std::vector<TargetView>{TargetView::kAzure, TargetView::kAzureReservations,
                                     TargetView::kAzureReservationsVM}));
  EXPECT_EQ(product("DZH318Z0BPS6").kind, ProductKind::kAzurePlan);
  EXPECT_EQ(product("DZH318Z0BXWC").kind, ProductKind::kMarketplace);
  EXPECT_FALSE(product("DZH318Z0BXWC").is_microsoft_product);
  EXPECT_EQ(product("CFQ7TTC0LFLS").kind, ProductKind::kOnlineServices);
  EXPECT_EQ(product("CFQ7TTC0LFLS").product_type.id, "OnlineServicesNCE");
  EXPECT_EQ(product("CARTDDEMO006").target_views.back(), TargetView::kAzureReservationsSQL);
  EXPECT_EQ(Get("CARTDDEMO012:0001:CARTDDEMOL01").segment, Segment::kEducation);
  // The kind travels to the items, for the rules of orders.
  EXPECT_EQ(Get("DZH318Z0BQ36:004G:DZH318Z08C0S").product_kind, ProductKind::kAzureReservation);
  EXPECT_EQ(Get("MS-AZR-0145P").product_kind, ProductKind::kAzurePlan);
  EXPECT_EQ(Get("91FD106F-4B2C-4938-95AC-F54F74E9A239").product_kind, ProductKind::kOnlineServices);
  // The trials' SKUs are trials.
  EXPECT_EQ(catalog_->SkuOf(Get("CARTDDEMO010:0001:CARTDDEMOJ01"))->is_trial, true);
  EXPECT_EQ(catalog_->SkuOf(Get("DZH318Z0C0WF:0001:DZH318Z0BP69"))->is_trial, true);
  EXPECT_EQ(catalog_->SkuOf(Get("CARTDDEMO005:0001:CARTDDEMOE01"))->is_trial, false);
}

// ---------------------------------------------------------------------------------------------
// Reading values

TEST(CatalogFileTest, AFileOfTheEarlierFormatGetsTheDefaultsOfTheNewMembers) {
  StatusOr<Catalog> catalog = ParseCatalog(GoodItem(), "t.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_EQ(catalog->products().size(), 1u);
  const CatalogProduct& product = catalog->products()[0];
  EXPECT_EQ(product.id, "P1");
  EXPECT_EQ(product.title, "Product One");
  EXPECT_EQ(product.description, "Product One");
  EXPECT_EQ(product.kind, ProductKind::kOnlineServices);
  EXPECT_EQ(product.product_type, DefaultProductType(ProductKind::kOnlineServices));
  EXPECT_EQ(product.publisher_name, "Microsoft Corporation");
  EXPECT_TRUE(product.is_microsoft_product);
  EXPECT_EQ(product.target_views, std::vector<TargetView>{TargetView::kOnlineServices});
  ASSERT_EQ(product.skus.size(), 1u);
  const CatalogSku& sku = product.skus[0];
  EXPECT_EQ(sku.title, "Product One");
  EXPECT_EQ(sku.description, "Product One");
  EXPECT_EQ(sku.is_trial, false);
  EXPECT_EQ(sku.purchase_prerequisites, std::vector<std::string>{"MicrosoftCloudAgreement"});
  EXPECT_EQ(sku.inventory_variables, std::vector<std::string>{});
  EXPECT_EQ(sku.dynamic_attributes_json, std::nullopt);
  EXPECT_EQ(sku.min_quantity, 1);
  EXPECT_EQ(sku.max_quantity, std::nullopt);
  EXPECT_EQ(sku.supported_billing_cycles, std::vector<BillingCycle>{BillingCycle::kMonthly});
  const CatalogItem& item = catalog->items()[0];
  EXPECT_EQ(item.segment, Segment::kCommercial);
  EXPECT_EQ(item.renewable, std::nullopt);
  EXPECT_TRUE(item.IsRenewable());
  EXPECT_EQ(item.terms[0].description, "");
  EXPECT_EQ(item.product_kind, ProductKind::kOnlineServices);
}

TEST(CatalogFileTest, ReadsEveryMemberOfAProductAndASku) {
  const StatusOr<Catalog> catalog = ParseCatalog(R"({"products": [{
      "id": "DZH318Z0BQ3Q", "title": "Virtual Machines DSv2 Series",
      "description": "Dsv2-series instances.", "kind": "azureReservation",
      "productType": {"id": "Azure", "subType": {"id": "VirtualMachines", "displayName": "VMs"}},
      "publisherName": "Microsoft", "isMicrosoftProduct": true,
      "targetViews": ["AzureReservationsVM", "Azure"],
      "skus": [{"id": "0001", "title": "Reserved VM Instance, Standard_DS1_v2",
                "description": "Reserved Virtual Machines Instance, Standard_DS1_v2",
                "isTrial": true, "minQuantity": 2, "maxQuantity": 50,
                "purchasePrerequisites": ["InventoryCheck"], "inventoryVariables": [],
                "provisioningVariables": ["Scope", "SubscriptionId"],
                "dynamicAttributes": {"cores": "1", "isAddon": false, "ram": 3.5,
                                      "regions": ["eastus"], "x": null},
                "availabilities": [
                  {"id": "A1", "segment": "government", "renewable": true,
                   "terms": [{"duration": "P1Y", "billingCycles": ["one_time"],
                              "description": "1 Year Prepaid"}],
                   "prices": [{"market": "US", "currency": "USD", "unitPrice": 10}]},
                  {"id": "A2", "minQuantity": 1, "maxQuantity": 60, "provisioningVariables": [],
                   "terms": [{"billingCycles": ["one_time"]}],
                   "prices": [{"market": "US", "currency": "USD", "unitPrice": 10}]}]}]}]})",
                                                 "t.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  const CatalogProduct& product = catalog->products()[0];
  EXPECT_EQ(product.description, "Dsv2-series instances.");
  EXPECT_EQ(product.kind, ProductKind::kAzureReservation);
  EXPECT_EQ(product.product_type,
            (partnercenter::ItemType{.id = "Azure",
                                     .display_name = "Azure",
                                     .sub_type = partnercenter::ItemSubType{
                                         .id = "VirtualMachines", .display_name = "VMs"}}));
  EXPECT_EQ(product.publisher_name, "Microsoft");
  EXPECT_EQ(product.target_views,
            (std::vector<TargetView>{TargetView::kAzureReservationsVM, TargetView::kAzure}));
  const CatalogSku& sku = product.skus[0];
  EXPECT_EQ(sku.description, "Reserved Virtual Machines Instance, Standard_DS1_v2");
  EXPECT_EQ(sku.is_trial, true);
  EXPECT_EQ(sku.purchase_prerequisites, std::vector<std::string>{"InventoryCheck"});
  EXPECT_EQ(sku.inventory_variables, std::vector<std::string>{});
  // Written back compactly, in the file's order, values of any type kept.
  EXPECT_EQ(sku.dynamic_attributes_json,
            R"({"cores":"1","isAddon":false,"ram":3.5,"regions":["eastus"],"x":null})");
  // The SKU's quantities and provisioning variables are its availabilities' defaults.
  const CatalogItem& a1 = catalog->items()[0];
  EXPECT_EQ(a1.min_quantity, 2);
  EXPECT_EQ(a1.max_quantity, 50);
  EXPECT_EQ(a1.provisioning_variables, (std::vector<std::string>{"Scope", "SubscriptionId"}));
  EXPECT_EQ(a1.segment, Segment::kGovernment);
  EXPECT_EQ(a1.renewable, true);
  EXPECT_EQ(a1.terms[0].description, "1 Year Prepaid");
  EXPECT_EQ(a1.product_kind, ProductKind::kAzureReservation);
  const CatalogItem& a2 = catalog->items()[1];
  EXPECT_EQ(a2.min_quantity, 1);
  EXPECT_EQ(a2.max_quantity, 60);
  EXPECT_EQ(a2.provisioning_variables, std::vector<std::string>{});
  // What the SKU shows is derived from its availabilities.
  EXPECT_EQ(sku.min_quantity, 1);
  EXPECT_EQ(sku.max_quantity, 60);
  EXPECT_EQ(sku.provisioning_variables, (std::vector<std::string>{"Scope", "SubscriptionId"}));
}

TEST(CatalogFileTest, EmptyDescriptionsOfTheEarlierFormatTakeTheDefaults) {
  const StatusOr<Catalog> catalog = ParseCatalog(
      R"({"products": [{"id": "P1", "title": "T", "description": "", "skus": [{"id": "0001",
          "description": "", "availabilities": [{"id": "A1", "description": "",
          "terms": [{"duration": "P1M", "description": "", "billingCycles": ["monthly"]}],
          "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]}]}]}]})",
      "t.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->products()[0].description, "T");
  EXPECT_EQ(catalog->products()[0].skus[0].description, "T");
  EXPECT_EQ(TermDescription(catalog->items()[0].terms[0]),
            "One-Month commitment for monthly billing");
}

TEST(CatalogFileTest, KindAndTypeDefaultFromEachOther) {
  const auto product_of = [](std::string_view members) {
    StatusOr<Catalog> catalog =
        ParseCatalog(R"({"products": [{"id": "P1", "title": "T", )" + std::string(members) +
                         R"("skus": [{"id": "0001", "availabilities": [{"id": "A1", )" +
                         std::string(kTerms) + ", " + std::string(kPrices) + "}]}]}]}",
                     "t.json");
    EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
    return catalog.ok() ? catalog->products()[0] : CatalogProduct();
  };
  const CatalogProduct plan =
      product_of(R"("productType": {"id": "Azure", "subType": {"id": "Azure"}}, )");
  EXPECT_EQ(plan.kind, ProductKind::kAzurePlan);
  EXPECT_EQ(plan.target_views,
            (std::vector<TargetView>{TargetView::kAzure, TargetView::kMicrosoftAzure}));
  EXPECT_EQ(plan.product_type.display_name, "Azure");
  const CatalogProduct software = product_of(R"("kind": "software", )");
  EXPECT_EQ(software.product_type, DefaultProductType(ProductKind::kSoftware));
  EXPECT_EQ(software.skus[0].purchase_prerequisites, std::vector<std::string>{});
  const CatalogProduct reservation = product_of(R"("kind": "azureReservation", )");
  EXPECT_EQ(reservation.skus[0].inventory_variables,
            (std::vector<std::string>{"CustomerId", "AzureSubscriptionId"}));
  const CatalogProduct unlisted = product_of(R"("targetViews": [], )");
  EXPECT_EQ(unlisted.target_views, std::vector<TargetView>{});
}

TEST(CatalogFileTest, RefusesBadProductMembers) {
  const auto product_error = [](std::string_view members) {
    return ErrorOf(R"({"products": [{"id": "P1", "title": "T", )" + std::string(members) +
                   R"(, "skus": [{"id": "0001", "availabilities": [{"id": "A1", )" +
                   std::string(kTerms) + ", " + std::string(kPrices) + "}]}]}]}");
  };
  EXPECT_EQ(product_error(R"("kind": "saas")"),
            "t.json: products[0] (P1): kind: 'saas' is not a product kind (onlineServices, "
            "azureReservation, azurePlan, software or marketplace)");
  EXPECT_EQ(product_error(R"("kind": "Software")"),
            "t.json: products[0] (P1): kind: 'Software' is not a product kind (onlineServices, "
            "azureReservation, azurePlan, software or marketplace)");
  EXPECT_EQ(product_error(R"("productType": "Azure")"),
            "t.json: products[0] (P1): productType: expected an object, found a string");
  EXPECT_EQ(product_error(R"("productType": {"displayName": "Azure"})"),
            "t.json: products[0] (P1): productType.id is required");
  EXPECT_EQ(product_error(R"("productType": {"id": "Azure", "name": "x"})"),
            "t.json: products[0] (P1): productType: unknown member 'name'");
  EXPECT_EQ(product_error(R"("productType": {"id": "Azure", "subType": {"id": ""}})"),
            "t.json: products[0] (P1): productType.subType.id must not be empty");
  EXPECT_EQ(product_error(R"("targetViews": ["OnlineServices", "Office"])"),
            "t.json: products[0] (P1): targetViews[1]: 'Office' is not a target view (Azure, "
            "AzureReservations, AzureReservationsVM, AzureReservationsSQL, "
            "AzureReservationsCosmosDb, MicrosoftAzure, OnlineServices, Software, "
            "SoftwareSUSELinux, SoftwarePerpetual, SoftwareSubscriptions, SpecializedOffers)");
  // Spelled exactly, as the API writes it.
  EXPECT_THAT(product_error(R"("targetViews": ["onlineservices"])"),
              ::testing::StartsWith("t.json: products[0] (P1): targetViews[0]: 'onlineservices' "
                                    "is not a target view (Azure, "));
  EXPECT_EQ(product_error(R"("targetViews": ["Azure", "azure"])"),
            "t.json: products[0] (P1): targetViews: 'azure' is listed twice");
  EXPECT_EQ(product_error(R"("targetViews": "Azure")"),
            "t.json: products[0] (P1): targetViews: expected an array, found a string");
  EXPECT_EQ(product_error(R"("publisherName": "")"),
            "t.json: products[0] (P1): publisherName must not be empty");
  EXPECT_EQ(product_error(R"("isMicrosoftProduct": "yes")"),
            "t.json: products[0] (P1): isMicrosoftProduct: expected a boolean, found a string");
  EXPECT_EQ(product_error(R"("description": 7)"),
            "t.json: products[0] (P1): description: expected a string, found a number");
  EXPECT_EQ(product_error(R"("publisher": "x")"),
            "t.json: products[0] (P1): unknown member 'publisher'");
}

TEST(CatalogFileTest, RefusesBadSkuMembers) {
  const auto sku_error = [](std::string_view members, std::string_view item = "") {
    return ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "0001", )" +
                   std::string(members) + R"(, "availabilities": [{"id": "A1", )" +
                   std::string(kTerms) + ", " + std::string(kPrices) +
                   (item.empty() ? "" : ", " + std::string(item)) + "}]}]}]}");
  };
  constexpr std::string_view kSku = "t.json: products[0].skus[0] (P1:0001): ";
  EXPECT_EQ(sku_error(R"("isTrial": 1)"),
            std::string(kSku) + "isTrial: expected a boolean, found a number");
  EXPECT_EQ(sku_error(R"("dynamicAttributes": ["cores"])"),
            std::string(kSku) + "dynamicAttributes: expected an object, found an array");
  EXPECT_EQ(sku_error(R"("purchasePrerequisites": ["InventoryCheck", ""])"),
            std::string(kSku) + "purchasePrerequisites[1] must not be empty");
  EXPECT_EQ(sku_error(R"("inventoryVariables": [3])"),
            std::string(kSku) + "inventoryVariables[0]: expected a string, found a number");
  EXPECT_EQ(sku_error(R"("minQuantity": 5, "maxQuantity": 3)"),
            std::string(kSku) + "minQuantity 5 is greater than maxQuantity 3");
  EXPECT_EQ(sku_error(R"("maxQuantity": 0)"),
            std::string(kSku) + "maxQuantity: must be at least 1");
  EXPECT_EQ(sku_error(R"("maxQuantity": 3)", R"("minQuantity": 5)"),
            "t.json: products[0].skus[0].availabilities[0] (P1:0001:A1): minQuantity 5 is "
            "greater than maxQuantity 3 (the SKU's)");
  EXPECT_EQ(sku_error(R"("minQuantity": 5)", R"("maxQuantity": 3)"),
            "t.json: products[0].skus[0].availabilities[0] (P1:0001:A1): minQuantity 5 (the "
            "SKU's) is greater than maxQuantity 3");
  EXPECT_EQ(sku_error(R"("segment": "commercial")"),
            std::string(kSku) + "unknown member 'segment'");
}

TEST(CatalogFileTest, RefusesBadSegmentsRenewalsAndTermDescriptions) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("segment": "retail")")),
            std::string(kItem) +
                "segment: 'retail' is not a segment (commercial, education, government or "
                "nonprofit)");
  EXPECT_EQ(ErrorOf(GoodItem(R"("segment": "Education")")),
            std::string(kItem) +
                "segment: 'Education' is not a segment (commercial, education, government or "
                "nonprofit)");
  EXPECT_EQ(ErrorOf(GoodItem(R"("renewable": "no")")),
            std::string(kItem) + "renewable: expected a boolean, found a string");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": "P1M", "description": [],)"
                            R"( "billingCycles": ["monthly"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].description: expected a string, found an array");
  for (const char* segment : {"commercial", "education", "government", "nonprofit"}) {
    EXPECT_EQ(
        SegmentName(OnlyItem(GoodItem(std::string(R"("segment": ")") + segment + "\"")).segment),
        segment);
  }
}

TEST(CatalogFileTest, ReadsEveryMemberOfAnAvailability) {
  const CatalogItem item = OnlyItem(OneItem(R"(
      "id": "A1", "title": "Item title", "description": "notes for the reader",
      "purchaseSystem": "modern",
      "terms": [{"duration": "P1M", "billingCycles": ["monthly"]},
                {"duration": "P1Y", "billingCycles": ["monthly", "annual"]},
                {"billingCycles": ["one_time"]}],
      "prices": [{"market": "US", "currency": "USD", "unitPrice": 36.00},
                 {"market": "GB", "currency": "GBP", "unitPrice": 30.40}],
      "provisioningVariables": ["SubscriptionId", "Scope"],
      "minQuantity": 2, "maxQuantity": 300, "attestationRequired": true,
      "promotionIds": ["PROMO1"], "purchasable": false)"));

  EXPECT_EQ(item.catalog_item_id, "P1:0001:A1");
  EXPECT_EQ(item.product_id, "P1");
  EXPECT_EQ(item.sku_id, "0001");
  EXPECT_EQ(item.availability_id, "A1");
  EXPECT_EQ(item.title, "Item title");
  EXPECT_EQ(item.purchase_system, PurchaseSystem::kModern);
  ASSERT_EQ(item.terms.size(), 3u);
  EXPECT_EQ(item.terms[0].duration, "P1M");
  EXPECT_EQ(item.terms[0].billing_cycles, std::vector<BillingCycle>{BillingCycle::kMonthly});
  EXPECT_EQ(item.terms[1].duration, "P1Y");
  EXPECT_EQ(item.terms[1].billing_cycles,
            (std::vector<BillingCycle>{BillingCycle::kMonthly, BillingCycle::kAnnual}));
  EXPECT_EQ(item.terms[2].duration, "");
  EXPECT_EQ(item.terms[2].billing_cycles, std::vector<BillingCycle>{BillingCycle::kOneTime});
  ASSERT_EQ(item.prices.size(), 2u);
  EXPECT_EQ(item.prices[0].market, "US");
  EXPECT_EQ(item.prices[0].currency, "USD");
  EXPECT_EQ(item.prices[0].unit_price_minor, 3600);
  EXPECT_EQ(item.prices[1].market, "GB");
  EXPECT_EQ(item.prices[1].currency, "GBP");
  EXPECT_EQ(item.prices[1].unit_price_minor, 3040);
  EXPECT_EQ(item.provisioning_variables, (std::vector<std::string>{"SubscriptionId", "Scope"}));
  EXPECT_EQ(item.min_quantity, 2);
  EXPECT_EQ(item.max_quantity, std::optional<int>(300));
  EXPECT_TRUE(item.attestation_required);
  EXPECT_EQ(item.promotion_ids, std::vector<std::string>{"PROMO1"});
  EXPECT_FALSE(item.addon_parent.has_value());
  EXPECT_EQ(item.min_parent_quantity, 0);
  EXPECT_FALSE(item.purchasable);
}

TEST(CatalogFileTest, OptionalMembersHaveTheirDefaults) {
  const CatalogItem item = OnlyItem(GoodItem(R"("maxQuantity": null, "promotionIds": null)"));
  EXPECT_EQ(item.title, "Product One");
  EXPECT_EQ(item.purchase_system, PurchaseSystem::kModern);
  EXPECT_TRUE(item.provisioning_variables.empty());
  EXPECT_EQ(item.min_quantity, 1);
  EXPECT_FALSE(item.max_quantity.has_value());
  EXPECT_FALSE(item.attestation_required);
  EXPECT_TRUE(item.promotion_ids.empty());
  EXPECT_TRUE(item.purchasable);
}

TEST(CatalogFileTest, TitleFallsBackFromAvailabilityToSkuToProduct) {
  const StatusOr<Catalog> catalog = ParseCatalog(R"({"products": [{
      "id": "P1", "title": "Product title",
      "skus": [
        {"id": "S1", "title": "SKU title", "availabilities": [
          {"id": "A1", "title": "Availability title", "terms": [{"billingCycles": ["monthly"]}],
           "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]},
          {"id": "A2", "terms": [{"billingCycles": ["monthly"]}],
           "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]}]},
        {"id": "S2", "availabilities": [
          {"id": "A3", "terms": [{"billingCycles": ["monthly"]}],
           "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]}]}]}]})",
                                                 "t.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->Find("P1:S1:A1")->title, "Availability title");
  EXPECT_EQ(catalog->Find("P1:S1:A2")->title, "SKU title");
  EXPECT_EQ(catalog->Find("P1:S2:A3")->title, "Product title");
}

TEST(CatalogFileTest, StatedCatalogItemIdOfALegacyOffer) {
  const CatalogItem item =
      OnlyItem(OneItem(R"("catalogItemId": "91FD106F-4B2C-4938-95AC-F54F74E9A239", )" +
                       std::string(kTerms) + ", " + std::string(kPrices)));
  EXPECT_EQ(item.catalog_item_id, "91FD106F-4B2C-4938-95AC-F54F74E9A239");
  EXPECT_EQ(item.product_id, "");
  EXPECT_EQ(item.sku_id, "");
  EXPECT_EQ(item.availability_id, "");
  // Without purchaseSystem, the id's shape decides.
  EXPECT_EQ(item.purchase_system, PurchaseSystem::kLegacy);
}

TEST(CatalogFileTest, StatedCatalogItemIdInTheModernShapeNamesItsCatalogEntries) {
  const CatalogItem item = OnlyItem(OneItem(R"("catalogItemId": "PX:SX:AX", )" +
                                            std::string(kTerms) + ", " + std::string(kPrices)));
  EXPECT_EQ(item.catalog_item_id, "PX:SX:AX");
  EXPECT_EQ(item.product_id, "PX");
  EXPECT_EQ(item.sku_id, "SX");
  EXPECT_EQ(item.availability_id, "AX");
  EXPECT_EQ(item.purchase_system, PurchaseSystem::kModern);
}

TEST(CatalogFileTest, StatedPurchaseSystemWinsOverTheIdShape) {
  EXPECT_EQ(OnlyItem(GoodItem(R"("purchaseSystem": "legacy")")).purchase_system,
            PurchaseSystem::kLegacy);
}

TEST(CatalogFileTest, AddOnParentIsFoundIgnoringCaseAndStoredInItsOwnSpelling) {
  const StatusOr<Catalog> catalog = ParseCatalog(R"({"products": [{
      "id": "P1", "title": "Product", "skus": [{"id": "0001", "availabilities": [
        {"id": "ADDON", "addonTo": {"catalogItemId": "p1:0001:base", "minParentQuantity": 5},
         "terms": [{"billingCycles": ["monthly"]}],
         "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]},
        {"id": "PLAIN", "addonTo": {"catalogItemId": "P1:0001:BASE"},
         "terms": [{"billingCycles": ["monthly"]}],
         "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]},
        {"id": "BASE", "terms": [{"billingCycles": ["monthly"]}],
         "prices": [{"market": "US", "currency": "USD", "unitPrice": 1}]}]}]}]})",
                                                 "t.json");
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  const CatalogItem* addon = catalog->Find("P1:0001:ADDON");
  ASSERT_NE(addon, nullptr);
  EXPECT_EQ(addon->addon_parent, std::optional<std::string>("P1:0001:BASE"));
  EXPECT_EQ(addon->min_parent_quantity, 5);
  EXPECT_EQ(catalog->Find("P1:0001:PLAIN")->min_parent_quantity, 1);
}

TEST(CatalogFileTest, PricesConvertExactlyToMinorUnits) {
  EXPECT_EQ(MinorUnitsOf("36.00"), 3600);
  EXPECT_EQ(MinorUnitsOf("36"), 3600);
  EXPECT_EQ(MinorUnitsOf("30.40", "GBP"), 3040);
  EXPECT_EQ(MinorUnitsOf("1500", "JPY"), 1500);
  EXPECT_EQ(MinorUnitsOf("1500.000", "JPY"), 1500);
  EXPECT_EQ(MinorUnitsOf("0.1"), 10);
  EXPECT_EQ(MinorUnitsOf("19.99"), 1999);
  EXPECT_EQ(MinorUnitsOf("0.29"), 29);  // 0.29 * 100 is 28.999999999999996 in binary
  EXPECT_EQ(MinorUnitsOf("12.340"), 1234);
  EXPECT_EQ(MinorUnitsOf("3.6e1"), 3600);
  EXPECT_EQ(MinorUnitsOf("1E2"), 10000);
  EXPECT_EQ(MinorUnitsOf("1234.5e-1"), 12345);
  EXPECT_EQ(MinorUnitsOf("0"), 0);
  EXPECT_EQ(MinorUnitsOf("0.00"), 0);
  EXPECT_EQ(MinorUnitsOf("-0.00"), 0);
  EXPECT_EQ(MinorUnitsOf("0.005", "KWD"), 5);
  // Fifteen significant digits, what a price may have.
  EXPECT_EQ(MinorUnitsOf("9999999999999.99"), 999999999999999);
}

// ---------------------------------------------------------------------------------------------
// Refusals, each with its exact message

TEST(CatalogFileTest, RefusesInvalidJsonWithLineAndColumn) {
  EXPECT_EQ(ErrorOf("{\n  \"products\": [\n    {\"id\": \"P1\" \"title\": \"x\"}\n  ]\n}"),
            "t.json: Invalid JSON: unexpected character '\"' at line 3, column 17");
  // A trailing comma, as in the seed's request example.
  EXPECT_EQ(ErrorOf("{\"products\": [],}"),
            "t.json: Invalid JSON: unexpected character '}' at line 1, column 17");
  EXPECT_EQ(ErrorOf("{\n  // a comment\n}"),
            "t.json: Invalid JSON: unexpected character '/' at line 2, column 3");
  EXPECT_EQ(ErrorOf("{\"products\": [\n"),
            "t.json: Invalid JSON: unexpected end of input at line 2, column 1");
  EXPECT_EQ(ErrorOf(""), "t.json: Invalid JSON: empty body at line 1, column 1");
  EXPECT_EQ(ErrorOf("{} {}"),
            "t.json: Invalid JSON: unexpected content after the JSON value at line 1, column 4");
  // Columns count bytes.
  EXPECT_EQ(ErrorOf("{\"description\": \"é€\" x}"),
            "t.json: Invalid JSON: unexpected character 'x' at line 1, column 25");
}

TEST(CatalogFileTest, AcceptsAByteOrderMark) {
  const CatalogItem item = OnlyItem("\xEF\xBB\xBF" + GoodItem());
  EXPECT_EQ(item.catalog_item_id, "P1:0001:A1");
}

TEST(CatalogFileTest, RefusesADocumentOfTheWrongShape) {
  EXPECT_EQ(ErrorOf("[]"), "t.json: expected an object, found an array");
  EXPECT_EQ(ErrorOf("{}"), "t.json: products: at least one product is required");
  EXPECT_EQ(ErrorOf(R"({"products": []})"), "t.json: products: at least one product is required");
  EXPECT_EQ(ErrorOf(R"({"products": {}})"), "t.json: products: expected an array, found an object");
  EXPECT_EQ(ErrorOf(R"({"products": ["P1"]})"),
            "t.json: products[0]: expected an object, found a string");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T"}]})"),
            "t.json: products[0] (P1): skus: at least one SKU is required");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "S"}]}]})"),
            "t.json: products[0].skus[0] (P1:S): availabilities: at least one availability is "
            "required");
}

TEST(CatalogFileTest, RefusesUnknownMembers) {
  EXPECT_EQ(ErrorOf(R"({"product": []})"), "t.json: unknown member 'product'");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "titel": "T", "skus": []}]})"),
            "t.json: products[0] (P1): unknown member 'titel'");
  EXPECT_EQ(ErrorOf(GoodItem(R"("billingCycle": "monthly")")),
            std::string(kItem) + "unknown member 'billingCycle'");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": "P1M", "cycles": []}])")),
            std::string(kItem) + "terms[0]: unknown member 'cycles'");
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": {"catalogItemId": "X", "minQuantity": 2})")),
            std::string(kItem) + "addonTo: unknown member 'minQuantity'");
  // Member names are case-sensitive.
  EXPECT_EQ(ErrorOf(GoodItem(R"("Title": "x")")), std::string(kItem) + "unknown member 'Title'");
}

TEST(CatalogFileTest, RefusesAMemberGivenTwice) {
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "A", "title": "B"}]})"),
            "t.json: Invalid JSON: duplicate member 'title' (names are compared ignoring case) at "
            "line 1, column 48");
  EXPECT_EQ(ErrorOf(GoodItem(R"("minQuantity": 1, "MinQuantity": 2)")),
            "t.json: Invalid JSON: duplicate member 'MinQuantity' (names are compared ignoring "
            "case) at line 1, column 269");
}

TEST(CatalogFileTest, RefusesMissingIds) {
  EXPECT_EQ(ErrorOf(R"({"products": [{"title": "T", "skus": []}]})"),
            "t.json: products[0]: id is required");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "", "title": "T", "skus": []}]})"),
            "t.json: products[0]: id must not be empty");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"title": "S"}]}]})"),
            "t.json: products[0].skus[0]: id is required");
  EXPECT_EQ(ErrorOf(OneItem(std::string(kTerms) + ", " + std::string(kPrices))),
            "t.json: products[0].skus[0].availabilities[0]: id or catalogItemId is required");
  EXPECT_EQ(ErrorOf(GoodItem(R"("catalogItemId": "MS-AZR-0145P")")),
            "t.json: products[0].skus[0].availabilities[0] (MS-AZR-0145P): give either id or "
            "catalogItemId, not both");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": 7, "title": "T", "skus": []}]})"),
            "t.json: products[0]: id: expected a string, found a number");
}

TEST(CatalogFileTest, RefusesIdsWithCharactersCatalogIdsDoNotHave) {
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P 1", "title": "T", "skus": []}]})"),
            "t.json: products[0] (P 1): id: 'P 1' may contain only letters, digits, '-', '_' and "
            "'.'");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P:1", "title": "T", "skus": []}]})"),
            "t.json: products[0] (P:1): id: 'P:1' may contain only letters, digits, '-', '_' and "
            "'.'");
  EXPECT_EQ(ErrorOf(OneItem(R"("catalogItemId": "MS AZR", )" + std::string(kTerms) + ", " +
                            std::string(kPrices))),
            "t.json: products[0].skus[0].availabilities[0] (MS AZR): catalogItemId: 'MS AZR' may "
            "contain only letters, digits, ':', '-', '_' and '.'");
}

TEST(CatalogFileTest, RefusesMissingTitles) {
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "skus": []}]})"),
            "t.json: products[0] (P1): title is required");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "", "skus": []}]})"),
            "t.json: products[0] (P1): title must not be empty");
  EXPECT_EQ(
      ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "S", "title": ""}]}]})"),
      "t.json: products[0].skus[0] (P1:S): title must not be empty");
  EXPECT_EQ(ErrorOf(GoodItem(R"("title": "")")), std::string(kItem) + "title must not be empty");
}

TEST(CatalogFileTest, RefusesDuplicateCatalogItemIdsIgnoringCase) {
  const std::string item_rest = ", " + std::string(kTerms) + ", " + std::string(kPrices) + "}";
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "0001", )"
                    R"("availabilities": [{"id": "A1")" +
                    item_rest + R"(, {"id": "a1")" + item_rest + "]}]}]}"),
            "t.json: products[0].skus[0].availabilities[1] (P1:0001:a1): catalog item id "
            "P1:0001:a1 is already used by products[0].skus[0].availabilities[0] (P1:0001:A1)");
  // A stated id collides with a composed one just the same.
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "0001", )"
                    R"("availabilities": [{"id": "A1")" +
                    item_rest + R"(, {"catalogItemId": "p1:0001:A1")" + item_rest + "]}]}]}"),
            "t.json: products[0].skus[0].availabilities[1] (p1:0001:A1): catalog item id "
            "p1:0001:A1 is already used by products[0].skus[0].availabilities[0] (P1:0001:A1)");
}

TEST(CatalogFileTest, RefusesUnknownBillingCycles) {
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": "P1M", )"
                            R"("billingCycles": ["monthly", "weekly"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].billingCycles: 'weekly' is not a billing cycle");
  // Spellings are the wire's snake_case, exactly.
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": ["OneTime"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].billingCycles: 'OneTime' is not a billing cycle");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": ["unknown"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].billingCycles: 'unknown' is not a billing cycle");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": ["monthly", 2]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].billingCycles[1]: expected a string, found a number");
  EXPECT_EQ(
      ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": []}], )" + std::string(kPrices))),
      std::string(kItem) + "terms[0].billingCycles: at least one billing cycle is required");
  EXPECT_EQ(
      ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": "P1Y"}], )" + std::string(kPrices))),
      std::string(kItem) + "terms[0].billingCycles: at least one billing cycle is required");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": ["annual", "annual"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].billingCycles: 'annual' is listed twice");
}

TEST(CatalogFileTest, AcceptsEveryBillingCycleOfTheContract) {
  const CatalogItem item = OnlyItem(OneItem(
      R"("id": "A1", "terms": [{"billingCycles": ["monthly", "annual", "none", "one_time", )"
      R"("triennial", "biennial"]}], )" +
      std::string(kPrices)));
  ASSERT_EQ(item.terms.size(), 1u);
  EXPECT_EQ(item.terms[0].billing_cycles,
            (std::vector<BillingCycle>{BillingCycle::kMonthly, BillingCycle::kAnnual,
                                       BillingCycle::kNone, BillingCycle::kOneTime,
                                       BillingCycle::kTriennial, BillingCycle::kBiennial}));
}

TEST(CatalogFileTest, RefusesUnknownPurchaseSystems) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("purchaseSystem": "oms")")),
            std::string(kItem) +
                "purchaseSystem: 'oms' is not a purchase system (modern or "
                "legacy)");
  EXPECT_EQ(ErrorOf(GoodItem(R"("purchaseSystem": "Modern")")),
            std::string(kItem) +
                "purchaseSystem: 'Modern' is not a purchase system (modern or "
                "legacy)");
}

TEST(CatalogFileTest, RefusesTermDurationsThatAreNotMonthsOrYears) {
  for (const char* duration :
       {"P1W", "P1D", "1Y", "P0M", "P01Y", "p1y", "P1Y6M", "PY", "P1000Y", "PT1H", " P1Y"}) {
    SCOPED_TRACE(duration);
    EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": ")" + std::string(duration) +
                              R"(", "billingCycles": ["monthly"]}], )" + std::string(kPrices))),
              std::string(kItem) + "terms[0].duration: '" + duration +
                  "' is not a number of months or years (such as P1M, P1Y, P3Y)");
  }
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": 1, "billingCycles": []}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[0].duration: expected a string, found a number");
}

TEST(CatalogFileTest, AcceptsTermDurationsOfMonthsAndYears) {
  const CatalogItem item = OnlyItem(
      OneItem(R"("id": "A1", "terms": [{"duration": "P1M", "billingCycles": ["monthly"]}, )"
              R"({"duration": "P12M", "billingCycles": ["monthly"]}, )"
              R"({"duration": "P3Y", "billingCycles": ["triennial"]}, )"
              R"({"duration": "P999Y", "billingCycles": ["annual"]}, )"
              R"({"duration": "", "billingCycles": ["one_time"]}], )" +
              std::string(kPrices)));
  ASSERT_EQ(item.terms.size(), 5u);
  EXPECT_EQ(item.terms[1].duration, "P12M");
  EXPECT_EQ(item.terms[3].duration, "P999Y");
  EXPECT_EQ(item.terms[4].duration, "");
}

TEST(CatalogFileTest, RefusesATermListedTwice) {
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"duration": "P1Y", "billingCycles": )"
                            R"(["monthly"]}, {"duration": "P1Y", "billingCycles": ["annual"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[1].duration: 'P1Y' is already listed in terms[0]");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [{"billingCycles": ["one_time"]}, )"
                            R"({"duration": "", "billingCycles": ["monthly"]}], )" +
                            std::string(kPrices))),
            std::string(kItem) + "terms[1]: a term without duration is already listed in terms[0]");
}

TEST(CatalogFileTest, RefusesAnItemWithoutTerms) {
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kPrices))),
            std::string(kItem) + "terms: at least one term is required");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": [], )" + std::string(kPrices))),
            std::string(kItem) + "terms: at least one term is required");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": "P1M", )" + std::string(kPrices))),
            std::string(kItem) + "terms: expected an array, found a string");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", "terms": ["P1M"], )" + std::string(kPrices))),
            std::string(kItem) + "terms[0]: expected an object, found a string");
}

TEST(CatalogFileTest, RefusesMinQuantityAboveMaxQuantity) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("minQuantity": 5, "maxQuantity": 3)")),
            std::string(kItem) + "minQuantity 5 is greater than maxQuantity 3");
  // Without minQuantity the minimum is 1.
  EXPECT_EQ(OnlyItem(GoodItem(R"("maxQuantity": 1)")).max_quantity, std::optional<int>(1));
  EXPECT_EQ(OnlyItem(GoodItem(R"("minQuantity": 3, "maxQuantity": 3)")).min_quantity, 3);
}

TEST(CatalogFileTest, RefusesQuantitiesThatAreNotPositiveWholeNumbers) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("minQuantity": 0)")),
            std::string(kItem) + "minQuantity: must be at least 1");
  EXPECT_EQ(ErrorOf(GoodItem(R"("maxQuantity": -2)")),
            std::string(kItem) + "maxQuantity: must be at least 1");
  EXPECT_EQ(ErrorOf(GoodItem(R"("minQuantity": 1.5)")),
            std::string(kItem) + "minQuantity: must be a whole number");
  EXPECT_EQ(ErrorOf(GoodItem(R"("maxQuantity": 1e2)")),
            std::string(kItem) + "maxQuantity: must be a whole number");
  EXPECT_EQ(ErrorOf(GoodItem(R"("maxQuantity": 2147483648)")),
            std::string(kItem) + "maxQuantity: must be at most 2147483647");
  EXPECT_EQ(ErrorOf(GoodItem(R"("maxQuantity": 18446744073709551615)")),
            std::string(kItem) + "maxQuantity: must be at most 2147483647");
  EXPECT_EQ(ErrorOf(GoodItem(R"("minQuantity": "5")")),
            std::string(kItem) + "minQuantity: expected a number, found a string");
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "title": "T", "skus": [{"id": "0001", )"
                    R"("availabilities": [{"id": "B", )" +
                    std::string(kTerms) + ", " + std::string(kPrices) +
                    R"(}, {"id": "A1", "addonTo": {"catalogItemId": "P1:0001:B", )"
                    R"("minParentQuantity": 0}, )" +
                    std::string(kTerms) + ", " + std::string(kPrices) + "}]}]}]}"),
            "t.json: products[0].skus[0].availabilities[1] (P1:0001:A1): "
            "addonTo.minParentQuantity: must be at least 1");
}

TEST(CatalogFileTest, RefusesBadMarketAndCurrencyCodes) {
  const auto with_price = [](std::string_view market, std::string_view currency) {
    return OneItem(R"("id": "A1", )" + std::string(kTerms) + R"(, "prices": [{"market": ")" +
                   std::string(market) + R"(", "currency": ")" + std::string(currency) +
                   R"(", "unitPrice": 1}])");
  };
  const std::string bad_market = "' is not a country code (2 uppercase letters, ISO 3166-1)";
  const std::string bad_currency = "' is not a currency code (3 uppercase letters, ISO 4217)";
  EXPECT_EQ(ErrorOf(with_price("USA", "USD")),
            std::string(kItem) + "prices[0].market: 'USA" + bad_market);
  EXPECT_EQ(ErrorOf(with_price("us", "USD")),
            std::string(kItem) + "prices[0].market: 'us" + bad_market);
  EXPECT_EQ(ErrorOf(with_price("U1", "USD")),
            std::string(kItem) + "prices[0].market: 'U1" + bad_market);
  EXPECT_EQ(ErrorOf(with_price("US", "usd")),
            std::string(kItem) + "prices[0].currency: 'usd" + bad_currency);
  EXPECT_EQ(ErrorOf(with_price("US", "US")),
            std::string(kItem) + "prices[0].currency: 'US" + bad_currency);
  EXPECT_EQ(ErrorOf(with_price("US", "DOLLAR")),
            std::string(kItem) + "prices[0].currency: 'DOLLAR" + bad_currency);
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kTerms) +
                            R"(, "prices": [{"currency": "USD", "unitPrice": 1}])")),
            std::string(kItem) + "prices[0].market is required");
}

TEST(CatalogFileTest, RefusesAMarketPricedTwice) {
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kTerms) +
                            R"(, "prices": [{"market": "US", "currency": "USD", "unitPrice": 1},)"
                            R"( {"market": "US", "currency": "EUR", "unitPrice": 1}])")),
            std::string(kItem) + "prices[1].market: 'US' is already priced in prices[0]");
}

TEST(CatalogFileTest, RefusesPricesWithMoreDecimalsThanTheCurrencyHas) {
  const auto priced = [](std::string_view currency, std::string_view unit_price) {
    return OneItem(R"("id": "A1", )" + std::string(kTerms) +
                   R"(, "prices": [{"market": "US", "currency": ")" + std::string(currency) +
                   R"(", "unitPrice": )" + std::string(unit_price) + "}]");
  };
  EXPECT_EQ(ErrorOf(priced("USD", "12.345")),
            std::string(kItem) +
                "prices[0].unitPrice: 12.345 has more decimal places than USD "
                "has (2)");
  // Prices are read as numbers: the message shows the number, not how the file wrote it.
  EXPECT_EQ(ErrorOf(priced("USD", "1e-3")),
            std::string(kItem) +
                "prices[0].unitPrice: 0.001 has more decimal places than USD "
                "has (2)");
  EXPECT_EQ(ErrorOf(priced("JPY", "1500.5")),
            std::string(kItem) +
                "prices[0].unitPrice: 1500.5 has more decimal places than JPY "
                "has (0)");
  EXPECT_EQ(ErrorOf(priced("KWD", "1.0005")),
            std::string(kItem) +
                "prices[0].unitPrice: 1.0005 has more decimal places than KWD "
                "has (3)");
}

TEST(CatalogFileTest, RefusesNegativeTooLargeAndNonNumericPrices) {
  const auto priced = [](std::string_view unit_price) {
    return OneItem(R"("id": "A1", )" + std::string(kTerms) +
                   R"(, "prices": [{"market": "US", "currency": "USD", "unitPrice": )" +
                   std::string(unit_price) + "}]");
  };
  EXPECT_EQ(ErrorOf(priced("-1.00")),
            std::string(kItem) + "prices[0].unitPrice: must not be negative");
  EXPECT_EQ(ErrorOf(priced("-0.01")),
            std::string(kItem) + "prices[0].unitPrice: must not be negative");
  EXPECT_EQ(ErrorOf(priced("1e20")),
            std::string(kItem) + "prices[0].unitPrice: 1e+20 is too large");
  EXPECT_EQ(ErrorOf(priced("9999999999999999.99")),
            std::string(kItem) + "prices[0].unitPrice: 1e+16 is too large");
  EXPECT_EQ(ErrorOf(priced("1234567890123456")),
            std::string(kItem) +
                "prices[0].unitPrice: 1234567890123456 has more than 15 significant digits");
  EXPECT_EQ(ErrorOf(priced("0.1234567890123456")),
            std::string(kItem) +
                "prices[0].unitPrice: 0.1234567890123456 has more decimal places than USD has (2)");
  EXPECT_EQ(ErrorOf(priced("10000000000000000")),
            std::string(kItem) + "prices[0].unitPrice: 10000000000000000 is too large");
  EXPECT_EQ(ErrorOf(priced(R"("36.00")")),
            std::string(kItem) + "prices[0].unitPrice: expected a number, found a string");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kTerms) +
                            R"(, "prices": [{"market": "US", "currency": "USD"}])")),
            std::string(kItem) + "prices[0].unitPrice is required");
}

TEST(CatalogFileTest, RefusesAnItemWithoutPrices) {
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kTerms))),
            std::string(kItem) + "prices: at least one price is required");
  EXPECT_EQ(ErrorOf(OneItem(R"("id": "A1", )" + std::string(kTerms) + R"(, "prices": [])")),
            std::string(kItem) + "prices: at least one price is required");
}

TEST(CatalogFileTest, RefusesAnAddOnWhoseParentIsNotInTheCatalog) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": {"catalogItemId": "P9:0001:BASE"})")),
            std::string(kItem) + "addonTo.catalogItemId: 'P9:0001:BASE' is not in the catalog");
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": {"minParentQuantity": 2})")),
            std::string(kItem) + "addonTo.catalogItemId is required");
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": "P1:0001:A1")")),
            std::string(kItem) + "addonTo: expected an object, found a string");
}

TEST(CatalogFileTest, RefusesAnAddOnOfItself) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": {"catalogItemId": "P1:0001:A1"})")),
            std::string(kItem) + "addonTo.catalogItemId: an item cannot be an add-on of itself");
  EXPECT_EQ(ErrorOf(GoodItem(R"("addonTo": {"catalogItemId": "p1:0001:a1"})")),
            std::string(kItem) + "addonTo.catalogItemId: an item cannot be an add-on of itself");
}

TEST(CatalogFileTest, RefusesBadStringLists) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("provisioningVariables": ["Scope", "scope"])")),
            std::string(kItem) + "provisioningVariables: 'scope' is listed twice");
  EXPECT_EQ(ErrorOf(GoodItem(R"("provisioningVariables": "Scope")")),
            std::string(kItem) + "provisioningVariables: expected an array, found a string");
  EXPECT_EQ(ErrorOf(GoodItem(R"("promotionIds": ["P", ""])")),
            std::string(kItem) + "promotionIds[1] must not be empty");
  EXPECT_EQ(ErrorOf(GoodItem(R"("promotionIds": [true])")),
            std::string(kItem) + "promotionIds[0]: expected a string, found a boolean");
}

TEST(CatalogFileTest, RefusesFlagsThatAreNotBooleans) {
  EXPECT_EQ(ErrorOf(GoodItem(R"("purchasable": "no")")),
            std::string(kItem) + "purchasable: expected a boolean, found a string");
  EXPECT_EQ(ErrorOf(GoodItem(R"("attestationRequired": 1)")),
            std::string(kItem) + "attestationRequired: expected a boolean, found a number");
}

TEST(CatalogFileTest, ReportsTheFirstProblemInDocumentOrder) {
  // Both products are wrong; the first one is reported.
  EXPECT_EQ(ErrorOf(R"({"products": [{"id": "P1", "skus": []}, {"title": "T", "skus": []}]})"),
            "t.json: products[0] (P1): title is required");
}

// ---------------------------------------------------------------------------------------------
// Files

class CatalogFileOnDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "catalog_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path Write(const std::string& name, std::string_view content) {
    const std::filesystem::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(CatalogFileOnDiskTest, LoadsAFile) {
  const StatusOr<Catalog> catalog = LoadCatalogFile(Write("catalog.json", GoodItem()));
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  ASSERT_EQ(catalog->items().size(), 1u);
  EXPECT_EQ(catalog->items()[0].catalog_item_id, "P1:0001:A1");
}

TEST_F(CatalogFileOnDiskTest, MessagesNameTheFile) {
  const std::filesystem::path path = Write("broken.json", GoodItem(R"("minQuantity": 0)"));
  const StatusOr<Catalog> catalog = LoadCatalogFile(path);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(catalog.status().message(),
            path.string() +
                ": products[0].skus[0].availabilities[0] (P1:0001:A1): minQuantity: must be at "
                "least 1");
}

TEST_F(CatalogFileOnDiskTest, RefusesAMissingFile) {
  const std::filesystem::path path = dir_ / "absent.json";
  const StatusOr<Catalog> catalog = LoadCatalogFile(path);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(catalog.status().message(),
            path.string() + ": cannot read the catalog file: No such file or directory");
}

TEST_F(CatalogFileOnDiskTest, RefusesADirectory) {
  const StatusOr<Catalog> catalog = LoadCatalogFile(dir_);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(catalog.status().message(),
            dir_.string() + ": cannot read the catalog file: it is a directory");
}

}  // namespace
}  // namespace cartd::catalog
