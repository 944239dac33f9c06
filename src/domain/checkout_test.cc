#include "domain/checkout.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/cart_lines.h"

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::ParticipantType;

const Customer kCustomer{.partner_tenant = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                         .id = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d",
                         .country = "US",
                         .currency = "USD",
                         .company_name = "Contoso"};

CatalogItem Item(std::string id, std::string product, std::string sku, std::string availability,
                 PurchaseSystem system, CatalogTerm term, std::int64_t cents) {
  CatalogItem item;
  item.catalog_item_id = std::move(id);
  item.product_id = std::move(product);
  item.sku_id = std::move(sku);
  item.availability_id = std::move(availability);
  item.title = "Title of " + item.catalog_item_id;
  item.purchase_system = system;
  item.terms = {std::move(term)};
  item.prices = {MarketPrice{"US", "USD", cents}};
  return item;
}

Catalog MixedCatalog() {
  std::vector<CatalogItem> items;
  items.push_back(
      Item("MS-AZR-0145P", "", "", "", PurchaseSystem::kLegacy, {"", {BillingCycle::kMonthly}}, 0));
  items.push_back(Item("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", "DG7GMGF0DWTL", "0001", "DG7GMGF0DSJB",
                       PurchaseSystem::kModern, {"", {BillingCycle::kOneTime}}, 123456));
  items.push_back(Item("DG7GMGF0DWTL:0001:DG7GMGF0DSFM", "DG7GMGF0DWTL", "0001", "DG7GMGF0DSFM",
                       PurchaseSystem::kModern, {"", {BillingCycle::kOneTime}}, 99));
  items.push_back(Item("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", "CFQ7TTC0LFLS", "0002", "CFQ7TTC0KDLJ",
                       PurchaseSystem::kModern, {"P1Y", {BillingCycle::kMonthly}}, 3600));
  CatalogItem retired =
      Item("RETIRED00001:0001:RETIRED00001", "RETIRED00001", "0001", "RETIRED00001",
           PurchaseSystem::kModern, {"P1M", {BillingCycle::kAnnual}}, 100);
  retired.purchasable = false;
  items.push_back(retired);
  return Catalog(std::move(items));
}

CartLineItem Line(std::string id, int quantity, BillingCycle cycle,
                  std::optional<std::string> term = std::nullopt) {
  CartLineItem line;
  line.catalog_item_id = std::move(id);
  line.quantity = quantity;
  line.billing_cycle = cycle;
  line.term_duration = std::move(term);
  return line;
}

CartRecord MakeCart(std::vector<CartLineItem> lines, const Catalog& catalog) {
  CartRecord record;
  record.key =
      CartKey{kCustomer.partner_tenant, kCustomer.id, "65faf57b-0205-47ee-92b3-08dcf233ea73"};
  record.version = 1;
  record.cart.id = record.key.cart_id;
  record.cart.line_items = PrepareLines(std::move(lines), kCustomer, &catalog);
  return record;
}

TEST(PlaceOrdersTest, OneOrderPerGroupWithEveryField) {
  const Catalog catalog = MixedCatalog();
  CartLineItem monthly = Line("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", 2, BillingCycle::kMonthly, "P1Y");
  monthly.participants = std::vector<partnercenter::Participant>{
      {ParticipantType::kTransactionReseller, "5357564"},
      {ParticipantType::kAdditionalTransactionReseller, "517285"},
      {ParticipantType::kAdditionalTransactionReseller, "517286"}};
  monthly.renews_to = partnercenter::RenewsTo{.term_duration = "P1Y"};
  CartLineItem ri = Line("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", 2, BillingCycle::kOneTime);
  ri.provisioning_context =
      partnercenter::StringPairs{{"SubscriptionId", "3D5E"}, {"Scope", "shared"}};
  const CartRecord cart =
      MakeCart({Line("MS-AZR-0145P", 1, BillingCycle::kMonthly), ri,
                Line("DG7GMGF0DWTL:0001:DG7GMGF0DSFM", 3, BillingCycle::kOneTime), monthly},
               catalog);
  const Timestamp now = Timestamp(Ticks(638000000000000000));
  const PlacedOrders placed = PlaceOrders(cart, kCustomer, &catalog, now);

  ASSERT_EQ(placed.result.orders.size(), 3u);
  EXPECT_TRUE(placed.result.order_errors.empty());
  ASSERT_EQ(placed.records.size(), 3u);

  // Groups in order of first appearance: OMS-0 (legacy monthly), 0 (one_time), 1 (monthly).
  const auto& legacy = placed.result.orders[0];
  const auto& one_time = placed.result.orders[1];
  const auto& modern_monthly = placed.result.orders[2];
  std::set<std::string> ids;
  for (const auto& order : placed.result.orders) {
    EXPECT_EQ(order.id.size(), 12u);
    EXPECT_EQ(order.id.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(order.alternate_id, order.id);
    EXPECT_EQ(order.reference_customer_id, kCustomer.id);
    EXPECT_EQ(order.currency_code, "USD");
    EXPECT_EQ(order.currency_symbol, "$");
    EXPECT_EQ(order.creation_date, now);
    // Legacy (OMS) orders are completed at once; modern ones are provisioned first.
    const bool is_legacy = order.line_items[0].offer_id == "MS-AZR-0145P";
    EXPECT_EQ(order.status, is_legacy ? "completed" : "pending") << order.line_items[0].offer_id;
    EXPECT_EQ(order.transaction_type, "UserPurchase");
    EXPECT_EQ(order.links, std::nullopt);       // rendered by the API layer
    EXPECT_EQ(order.attributes, std::nullopt);  // rendered by the API layer
    ids.insert(order.id);
  }
  EXPECT_EQ(ids.size(), 3u);

  EXPECT_EQ(legacy.billing_cycle, BillingCycle::kMonthly);
  ASSERT_EQ(legacy.line_items.size(), 1u);
  EXPECT_EQ(legacy.line_items[0].offer_id, "MS-AZR-0145P");
  EXPECT_EQ(legacy.line_items[0].links, std::nullopt);  // legacy offers have no catalog links

  EXPECT_EQ(one_time.billing_cycle, BillingCycle::kOneTime);
  ASSERT_EQ(one_time.line_items.size(), 2u);
  const auto& ri_line = one_time.line_items[0];
  EXPECT_EQ(ri_line.line_item_number, 0);
  EXPECT_EQ(ri_line.offer_id, "DG7GMGF0DWTL:0001:DG7GMGF0DSJB");
  EXPECT_EQ(ri_line.friendly_name, "Title of DG7GMGF0DWTL:0001:DG7GMGF0DSJB");
  EXPECT_EQ(ri_line.quantity, 2);
  EXPECT_EQ(ri_line.transaction_type, "New");
  ASSERT_TRUE(ri_line.subscription_id.has_value());
  EXPECT_EQ(ri_line.subscription_id->size(), 36u);
  ASSERT_TRUE(ri_line.pricing.has_value());
  EXPECT_EQ(ri_line.pricing->list_price, 1234.56);
  EXPECT_EQ(ri_line.pricing->price, 1234.56);
  EXPECT_EQ(ri_line.pricing->extended_price, 2469.12);
  EXPECT_EQ(ri_line.provisioning_context, ri.provisioning_context);
  ASSERT_TRUE(ri_line.links.has_value());
  EXPECT_EQ(ri_line.links->product->uri, "/products/DG7GMGF0DWTL?country=US");
  EXPECT_EQ(ri_line.links->sku->uri, "/products/DG7GMGF0DWTL/skus/0001?country=US");
  EXPECT_EQ(ri_line.links->availability->uri,
            "/products/DG7GMGF0DWTL/skus/0001/availabilities/DG7GMGF0DSJB?country=US");
  EXPECT_EQ(ri_line.links->availability->method, "GET");
  EXPECT_EQ(one_time.line_items[1].line_item_number, 1);
  EXPECT_EQ(one_time.line_items[1].quantity, 3);
  ASSERT_TRUE(one_time.total_price.has_value());
  EXPECT_DOUBLE_EQ(*one_time.total_price, 2472.09);

  EXPECT_EQ(modern_monthly.billing_cycle, BillingCycle::kMonthly);
  ASSERT_EQ(modern_monthly.line_items.size(), 1u);
  const auto& licence = modern_monthly.line_items[0];
  EXPECT_EQ(licence.line_item_number, 0);
  EXPECT_EQ(licence.term_duration, "P1Y");
  EXPECT_EQ(licence.renews_to, monthly.renews_to);
  EXPECT_EQ(licence.partner_id_on_record, "5357564");
  EXPECT_EQ(licence.additional_partner_ids_on_record,
            (std::vector<std::string>{"517285", "517286"}));
  EXPECT_EQ(licence.pricing->extended_price, 72.0);
  EXPECT_EQ(modern_monthly.total_price, 72.0);

  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(placed.records[i].order, placed.result.orders[i]);
    EXPECT_EQ(placed.records[i].cart_id, cart.key.cart_id);
    EXPECT_EQ(placed.records[i].key.order_id, placed.result.orders[i].id);
    EXPECT_EQ(placed.records[i].key.customer_id, kCustomer.id);
  }
}

TEST(PlaceOrdersTest, AnUnpurchasableGroupBecomesAnOrderError) {
  const Catalog catalog = MixedCatalog();
  const CartRecord cart =
      MakeCart({Line("RETIRED00001:0001:RETIRED00001", 1, BillingCycle::kAnnual, "P1M"),
                Line("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", 1, BillingCycle::kMonthly, "P1Y")},
               catalog);
  const PlacedOrders placed = PlaceOrders(cart, kCustomer, &catalog, Timestamp());
  ASSERT_EQ(placed.result.order_errors.size(), 1u);
  EXPECT_EQ(placed.result.order_errors[0].order_group_id, "0");
  EXPECT_EQ(placed.result.order_errors[0].code, kOrderErrorNotPurchasable);
  EXPECT_EQ(placed.result.order_errors[0].description,
            "Catalog item RETIRED00001:0001:RETIRED00001 is not eligible for purchase.");
  ASSERT_EQ(placed.result.orders.size(), 1u);
  EXPECT_EQ(placed.result.orders[0].line_items[0].offer_id, "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
}

TEST(PlaceOrdersTest, AddOnsFollowTheirParentWithItsSubscription) {
  std::vector<CatalogItem> items;
  items.push_back(Item("BASE00000001:0001:AV0000000001", "BASE00000001", "0001", "AV0000000001",
                       PurchaseSystem::kModern, {"P1M", {BillingCycle::kMonthly}}, 1000));
  CatalogItem addon = Item("ADDON0000001:0001:AV0000000005", "ADDON0000001", "0001", "AV0000000005",
                           PurchaseSystem::kModern, {"P1M", {BillingCycle::kMonthly}}, 200);
  addon.addon_parent = "BASE00000001:0001:AV0000000001";
  items.push_back(addon);
  const Catalog catalog(std::move(items));
  CartLineItem base = Line("BASE00000001:0001:AV0000000001", 5, BillingCycle::kMonthly, "P1M");
  base.addon_items = std::vector<CartLineItem>{
      Line("ADDON0000001:0001:AV0000000005", 5, BillingCycle::kMonthly, "P1M")};
  const CartRecord cart = MakeCart({base}, catalog);
  const PlacedOrders placed = PlaceOrders(cart, kCustomer, &catalog, Timestamp());
  ASSERT_EQ(placed.result.orders.size(), 1u);
  const auto& lines = placed.result.orders[0].line_items;
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].parent_subscription_id, std::nullopt);
  EXPECT_EQ(lines[1].line_item_number, 1);
  EXPECT_EQ(lines[1].parent_subscription_id, lines[0].subscription_id);
}

}  // namespace
}  // namespace cartd

namespace cartd {
namespace {

TEST(TermEndTest, ATermEndsTheDayBeforeTheSameDayMonthsLater) {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar types
  const Timestamp start(sys_days(year(2026) / 1 / 15) + hours(13));
  EXPECT_EQ(TermEnd(start, "P1M"), Timestamp(sys_days(year(2026) / 2 / 14)));
  EXPECT_EQ(TermEnd(start, "P1Y"), Timestamp(sys_days(year(2027) / 1 / 14)));
  EXPECT_EQ(TermEnd(start, "P3Y"), Timestamp(sys_days(year(2029) / 1 / 14)));
  // 31 January + 1 month is 28 February (2026 is no leap year), so the term ends 27 February.
  EXPECT_EQ(TermEnd(Timestamp(sys_days(year(2026) / 1 / 31)), "P1M"),
            Timestamp(sys_days(year(2026) / 2 / 27)));
  EXPECT_EQ(TermEnd(start, ""), std::nullopt);
  EXPECT_EQ(TermEnd(start, "P0M"), std::nullopt);
  EXPECT_EQ(TermEnd(start, "P1D"), std::nullopt);
}

}  // namespace
}  // namespace cartd
