#include "cartctl/table.h"

#include <gtest/gtest.h>

namespace cartctl {
namespace {

using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartLineItem;

partnercenter::Timestamp At(int seconds) {
  using namespace std::chrono;
  return time_point_cast<partnercenter::Ticks>(sys_days{year{2026} / November / 20}) +
         std::chrono::seconds(seconds) + partnercenter::Ticks(1234567);
}

TEST(FormatColumnsTest, PadsColumnsToTheWidestCellAndTrimsTrailingSpace) {
  EXPECT_EQ(FormatColumns({{"A", "BB", "C"}, {"long", "", ""}, {"x", "y", "z"}}),
            "A     BB  C\n"
            "long\n"
            "x     y   z\n");
}

TEST(FormatCartTest, ShowsTheHeaderAndOneRowPerLineWithAddOnsUnderTheirParent) {
  Cart cart;
  cart.id = "65faf57b-0205-47ee-92b3-08dcf233ea73";
  cart.status = partnercenter::CartStatus::kActive;
  cart.creation_timestamp = At(0);
  cart.last_modified_timestamp = At(60);
  cart.expiration_timestamp = At(3600);
  cart.last_modified_user = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
  CartLineItem base;
  base.id = 0;
  base.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
  base.quantity = 2;
  base.billing_cycle = BillingCycle::kOneTime;
  base.order_group = "0";
  CartLineItem addon;
  addon.id = 1;
  addon.catalog_item_id = "CFQ7TTC0LH0R:0001:CFQ7TTC0K5G1";
  addon.quantity = 3;
  addon.billing_cycle = BillingCycle::kMonthly;
  addon.term_duration = "P1M";
  addon.order_group = "0";
  addon.error = partnercenter::CartError{10018, "Not enough\nseats", std::nullopt};
  base.addon_items = std::vector<CartLineItem>{addon};
  cart.line_items = {base};

  EXPECT_EQ(
      FormatCart(cart, "\"4\""),
      "Cart              65faf57b-0205-47ee-92b3-08dcf233ea73\n"
      "Status            Active\n"
      "Created           2026-11-20T00:00:00.1234567Z\n"
      "Last modified     2026-11-20T00:01:00.1234567Z\n"
      "Last modified by  2713ccd7-ea3b-470a-9cfb-451d5d0482cc\n"
      "Expires           2026-11-20T01:00:00.1234567Z\n"
      "ETag              \"4\"\n"
      "\n"
      "ID  CATALOG ITEM                        QUANTITY  BILLING CYCLE  TERM  ORDER GROUP  "
      "ERROR\n"
      "0   DG7GMGF0DWTL:0001:DG7GMGF0DSJB      2         one_time       -     0            -\n"
      "1     + CFQ7TTC0LH0R:0001:CFQ7TTC0K5G1  3         monthly        P1M   0            "
      "Not enough seats (10018)\n");
}

TEST(FormatCartTest, ShowsAbsentValuesAsDashesAndOmitsAnEmptyETag) {
  Cart cart;
  cart.line_items = {CartLineItem{}};
  EXPECT_EQ(FormatCart(cart, ""),
            "Cart              -\n"
            "Status            -\n"
            "Created           -\n"
            "Last modified     -\n"
            "Last modified by  -\n"
            "Expires           -\n"
            "\n"
            "ID  CATALOG ITEM  QUANTITY  BILLING CYCLE  TERM  ORDER GROUP  ERROR\n"
            "-   -             0         -              -     -            -\n");
}

partnercenter::Order SampleOrder() {
  partnercenter::Order order;
  order.id = "f76c6b7f449d";
  order.billing_cycle = BillingCycle::kMonthly;
  order.currency_code = "USD";
  order.status = "pending";
  order.creation_date = At(120);
  order.total_price = 24.5;
  partnercenter::OrderLineItem line;
  line.line_item_number = 0;
  line.offer_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  line.quantity = 2;
  line.term_duration = "P1Y";
  line.subscription_id = "261bac40-7d88-4327-dfa3-dacd09222d62";
  line.pricing.emplace().extended_price = 24.5;
  line.partner_id_on_record = "5357564";
  order.line_items = {line};
  return order;
}

TEST(FormatOrderTest, ShowsTheHeaderAndTheLines) {
  EXPECT_EQ(FormatOrder(SampleOrder()),
            "Order          f76c6b7f449d\n"
            "Status         pending\n"
            "Created        2026-11-20T00:02:00.1234567Z\n"
            "Billing cycle  monthly\n"
            "Currency       USD\n"
            "Total          24.50\n"
            "\n"
            "LINE  OFFER                           QUANTITY  TERM  SUBSCRIPTION                    "
            "      PRICE  PARTNER ON RECORD\n"
            "0     CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ  2         P1Y   "
            "261bac40-7d88-4327-dfa3-dacd09222d62  24.50  5357564\n");
}

TEST(FormatOrdersTest, ShowsOneRowPerOrderAndTheCount) {
  partnercenter::OrderCollection orders;
  orders.total_count = 1;
  orders.items = {SampleOrder()};
  EXPECT_EQ(FormatOrders(orders),
            "ID            BILLING CYCLE  CURRENCY  STATUS   CREATED                       LINES  "
            "TOTAL\n"
            "f76c6b7f449d  monthly        USD       pending  2026-11-20T00:02:00.1234567Z  1      "
            "24.50\n"
            "1 order\n");
  EXPECT_EQ(FormatOrders({}),
            "ID  BILLING CYCLE  CURRENCY  STATUS  CREATED  LINES  TOTAL\n"
            "0 orders\n");
}

TEST(FormatCheckoutTest, ShowsOrdersThenOrderErrors) {
  partnercenter::CartCheckoutResult result;
  result.orders = {SampleOrder()};
  result.order_errors = {{"1", 800010, "Inventory not available", std::nullopt}};
  EXPECT_EQ(FormatCheckout(result),
            "ORDER         BILLING CYCLE  CURRENCY  STATUS   LINES  TOTAL\n"
            "f76c6b7f449d  monthly        USD       pending  1      24.50\n"
            "\n"
            "ORDER GROUP  CODE    DESCRIPTION\n"
            "1            800010  Inventory not available\n");
}

TEST(FormatProvisioningStatusTest, ShowsOneRowPerLineWithItsQuantitiesThenTheCount) {
  partnercenter::ProvisioningStatusCollection status;
  status.total_count = 2;
  status.items = {
      {.line_item_number = 0,
       .status = "fulfilled",
       .quantity_provisioning_information = {{.quantity = 3, .status = "fulfilled"}}},
      {.line_item_number = 1,
       .status = "prefulfillmentpending",
       .quantity_provisioning_information = {{.quantity = 1, .status = "fulfilled"},
                                             {.quantity = 2, .status = "prefulfillmentpending"}}}};
  EXPECT_EQ(FormatProvisioningStatus(status),
            "LINE  STATUS                 QUANTITY\n"
            "0     fulfilled              3 fulfilled\n"
            "1     prefulfillmentpending  1 fulfilled, 2 prefulfillmentpending\n"
            "2 lines\n");
  EXPECT_EQ(FormatProvisioningStatus({}), "LINE  STATUS  QUANTITY\n0 lines\n");
}

partnercenter::Subscription SampleSubscription() {
  partnercenter::Subscription subscription;
  subscription.id = "261bac40-7d88-4327-dfa3-dacd09222d62";
  subscription.offer_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  subscription.offer_name = "Azure Active Directory Premium P1";
  subscription.friendly_name = "Azure Active Directory Premium P1";
  subscription.quantity = 2;
  subscription.unit_type = "Licenses";
  subscription.status = "active";
  subscription.order_id = "f76c6b7f449d";
  subscription.billing_cycle = BillingCycle::kMonthly;
  subscription.billing_type = "license";
  subscription.term_duration = "P1Y";
  subscription.auto_renew_enabled = true;
  subscription.is_trial = false;
  subscription.creation_date = At(120);
  subscription.effective_start_date = At(120);
  return subscription;
}

TEST(FormatSubscriptionsTest, ShowsOneRowPerSubscriptionAndTheCount) {
  partnercenter::SubscriptionCollection subscriptions;
  subscriptions.total_count = 1;
  subscriptions.items = {SampleSubscription()};
  EXPECT_EQ(FormatSubscriptions(subscriptions),
            "ID                                    OFFER                           QUANTITY  "
            "STATUS  BILLING CYCLE  TERM  ORDER\n"
            "261bac40-7d88-4327-dfa3-dacd09222d62  CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ  2         "
            "active  monthly        P1Y   f76c6b7f449d\n"
            "1 subscription\n");
  EXPECT_EQ(FormatSubscriptions({}),
            "ID  OFFER  QUANTITY  STATUS  BILLING CYCLE  TERM  ORDER\n"
            "0 subscriptions\n");
}

TEST(FormatSubscriptionTest, ShowsEveryFieldWithDashesForAbsentOnes) {
  EXPECT_EQ(FormatSubscription(SampleSubscription()),
            "Subscription       261bac40-7d88-4327-dfa3-dacd09222d62\n"
            "Offer              CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ\n"
            "Offer name         Azure Active Directory Premium P1\n"
            "Friendly name      Azure Active Directory Premium P1\n"
            "Quantity           2\n"
            "Unit type          Licenses\n"
            "Status             active\n"
            "Order              f76c6b7f449d\n"
            "Parent             -\n"
            "Billing cycle      monthly\n"
            "Billing type       license\n"
            "Term               P1Y\n"
            "Auto renew         yes\n"
            "Trial              no\n"
            "Created            2026-11-20T00:02:00.1234567Z\n"
            "Starts             2026-11-20T00:02:00.1234567Z\n"
            "Commitment ends    -\n"
            "Cancellable until  -\n");
}

partnercenter::Link GetLink(std::string uri) {
  return partnercenter::Link{.uri = std::move(uri), .method = "GET", .headers = {}, .body = {}};
}

partnercenter::Sku ReservationSku() {
  partnercenter::Sku sku;
  sku.id = "0001";
  sku.product_id = "DZH318Z0BQ3Q";
  sku.title = "Reserved VM Instance, Standard_DS1_v2";
  sku.description = "Reserved Virtual Machines Instance,\nStandard_DS1_v2";
  sku.minimum_quantity = 1;
  sku.maximum_quantity = 999999999;
  sku.supported_billing_cycles = {BillingCycle::kOneTime};
  sku.purchase_prerequisites = {"AzureSubscriptionRegistration", "InventoryCheck"};
  sku.inventory_variables = std::vector<std::string>{"CustomerId", "AzureSubscriptionId"};
  sku.provisioning_variables = {"SubscriptionId", "Scope"};
  return sku;
}

TEST(FormatCatalogTest, ProductsAreOneRowEachThenTheirCount) {
  partnercenter::ProductCollection products;
  partnercenter::Product product;
  product.id = "DZH318Z0BQ3Q";
  product.title = "Virtual Machines DSv2 Series";
  product.product_type = partnercenter::ItemType{
      .id = "Azure",
      .display_name = "Azure",
      .sub_type = partnercenter::ItemSubType{.id = "VirtualMachines", .display_name = "VMs"}};
  product.publisher_name = "Microsoft";
  partnercenter::Product other;
  other.id = "CFQ7TTC0LFLS";
  other.title = "Azure Active Directory Premium P1";
  other.product_type.id = "OnlineServicesNCE";
  products.items = {product, other};
  products.total_count = 2;
  EXPECT_EQ(FormatProducts(products),
            "ID            TITLE                              TYPE                   PUBLISHER\n"
            "DZH318Z0BQ3Q  Virtual Machines DSv2 Series       Azure/VirtualMachines  Microsoft\n"
            "CFQ7TTC0LFLS  Azure Active Directory Premium P1  OnlineServicesNCE      -\n"
            "2 products\n");
  EXPECT_EQ(FormatProduct(product),
            "Product      DZH318Z0BQ3Q\n"
            "Title        Virtual Machines DSv2 Series\n"
            "Type         Azure/VirtualMachines\n"
            "Publisher    Microsoft\n"
            "Description  -\n");
}

TEST(FormatCatalogTest, SkusShowQuantitiesCyclesAndVariables) {
  partnercenter::SkuCollection skus;
  skus.items = {ReservationSku()};
  skus.total_count = 1;
  EXPECT_EQ(FormatSkus(skus),
            "ID    TITLE                                  QUANTITY     BILLING CYCLES  TRIAL\n"
            "0001  Reserved VM Instance, Standard_DS1_v2  1-999999999  one_time        no\n"
            "1 SKU\n");
  EXPECT_EQ(FormatSku(ReservationSku()),
            "SKU             0001\n"
            "Product         DZH318Z0BQ3Q\n"
            "Title           Reserved VM Instance, Standard_DS1_v2\n"
            "Description     Reserved Virtual Machines Instance, Standard_DS1_v2\n"
            "Quantity        1-999999999\n"
            "Billing cycles  one_time\n"
            "Trial           no\n"
            "Prerequisites   AzureSubscriptionRegistration, InventoryCheck\n"
            "Provisioning    SubscriptionId, Scope\n"
            "Inventory       CustomerId, AzureSubscriptionId\n");
}

TEST(FormatCatalogTest, AvailabilitiesShowTheirCatalogItemIdCurrencyAndTerms) {
  partnercenter::Availability availability;
  availability.id = "CFQ7TTC0KDLJ";
  availability.product_id = "CFQ7TTC0LFLS";
  availability.sku_id = "0002";
  availability.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  availability.default_currency = partnercenter::DefaultCurrency{.code = "GBP", .symbol = "£"};
  availability.segment = "commercial";
  availability.country = "GB";
  availability.is_purchasable = true;
  availability.is_renewable = true;
  availability.terms = {
      partnercenter::Term{.id = std::nullopt,
                          .duration = "P1M",
                          .description = "One-Month commitment for monthly billing",
                          .billing_cycle = "Monthly"},
      partnercenter::Term{.id = std::nullopt,
                          .duration = "P1Y",
                          .description = "One-Year commitment for monthly/yearly billing",
                          .billing_cycle = "Annual"}};
  availability.links = partnercenter::StandardLinks{.self = GetLink("/products/x")};
  partnercenter::AvailabilityCollection availabilities;
  availabilities.items = {availability};
  availabilities.total_count = 1;
  EXPECT_EQ(FormatAvailabilities(availabilities),
            "ID            CATALOG ITEM                    CURRENCY  SEGMENT     "
            "TERMS                    PURCHASABLE\n"
            "CFQ7TTC0KDLJ  CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ  GBP       commercial  "
            "P1M monthly, P1Y annual  yes\n"
            "1 availability\n");
  EXPECT_EQ(FormatAvailability(availability),
            "Availability  CFQ7TTC0KDLJ\n"
            "Catalog item  CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ\n"
            "Product       CFQ7TTC0LFLS\n"
            "SKU           0002\n"
            "Country       GB\n"
            "Currency      GBP (£)\n"
            "Segment       commercial\n"
            "Purchasable   yes\n"
            "Renewable     yes\n"
            "\n"
            "TERM  BILLING CYCLE  DESCRIPTION\n"
            "P1M   Monthly        One-Month commitment for monthly billing\n"
            "P1Y   Annual         One-Year commitment for monthly/yearly billing\n");
}

}  // namespace
}  // namespace cartctl
