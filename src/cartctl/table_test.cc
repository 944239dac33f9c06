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

}  // namespace
}  // namespace cartctl
