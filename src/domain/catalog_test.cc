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

}  // namespace
}  // namespace cartd
