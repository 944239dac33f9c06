#include "cartctl/line_items.h"

#include <gtest/gtest.h>

namespace cartctl {
namespace {

using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartLineItem;
using partnercenter::ErrorKind;

TEST(ParseItemSpecTest, ReadsThreeOrFourFields) {
  auto line = ParseItemSpec("DZH318Z0BQ3Q:0007:DZH318Z0BJP7,2,monthly");
  ASSERT_TRUE(line.ok()) << line.error().description;
  EXPECT_EQ(line->catalog_item_id, "DZH318Z0BQ3Q:0007:DZH318Z0BJP7");
  EXPECT_EQ(line->quantity, 2);
  EXPECT_EQ(line->billing_cycle, BillingCycle::kMonthly);
  EXPECT_EQ(line->term_duration, std::nullopt);
  EXPECT_EQ(line->id, std::nullopt);

  line = ParseItemSpec("CFQ7TTC0LH18:0001:CFQ7TTC0K971,5,annual,P1Y");
  ASSERT_TRUE(line.ok()) << line.error().description;
  EXPECT_EQ(line->billing_cycle, BillingCycle::kAnnual);
  EXPECT_EQ(line->term_duration, "P1Y");
}

TEST(ParseItemSpecTest, ReadsBillingCyclesInAnyCaseWithOrWithoutUnderscores) {
  for (const char* spelling : {"one_time", "ONE_TIME", "OneTime", "onetime"}) {
    auto line = ParseItemSpec(std::string("A:B:C,1,") + spelling);
    ASSERT_TRUE(line.ok()) << spelling;
    EXPECT_EQ(line->billing_cycle, BillingCycle::kOneTime) << spelling;
  }
  EXPECT_EQ(ParseItemSpec("A:B:C,1,triennial")->billing_cycle, BillingCycle::kTriennial);
  EXPECT_EQ(ParseItemSpec("A:B:C,1,none")->billing_cycle, BillingCycle::kNone);
}

TEST(ParseItemSpecTest, RefusesMalformedSpecs) {
  const auto error = [](const char* spec) {
    auto line = ParseItemSpec(spec);
    EXPECT_FALSE(line.ok()) << spec;
    if (line.ok()) return std::string();
    EXPECT_EQ(line.error().kind, ErrorKind::kInvalidArgument);
    return line.error().description;
  };
  EXPECT_EQ(error("A:B:C,1"),
            "--item 'A:B:C,1': expected CATALOG_ITEM_ID,QUANTITY,BILLING_CYCLE[,TERM]");
  EXPECT_EQ(
      error("A:B:C,1,monthly,P1M,x"),
      "--item 'A:B:C,1,monthly,P1M,x': expected CATALOG_ITEM_ID,QUANTITY,BILLING_CYCLE[,TERM]");
  EXPECT_EQ(error(",1,monthly"), "--item ',1,monthly': the catalog item id is empty");
  EXPECT_EQ(error("A:B:C,two,monthly"),
            "--item 'A:B:C,two,monthly': the quantity is not an integer");
  EXPECT_EQ(error("A:B:C,1.5,monthly"),
            "--item 'A:B:C,1.5,monthly': the quantity is not an integer");
  EXPECT_EQ(error("A:B:C,1,yearly"),
            "--item 'A:B:C,1,yearly': unknown billing cycle 'yearly' (monthly, annual, triennial, "
            "biennial, one_time, none)");
  EXPECT_EQ(error("A:B:C,1,monthly,"), "--item 'A:B:C,1,monthly,': the term is empty");
}

TEST(ParseQuantityChangeTest, ReadsLineAndQuantity) {
  auto change = ParseQuantityChange("0=2");
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(*change, (QuantityChange{0, 2}));
  EXPECT_EQ(*ParseQuantityChange("12=0"), (QuantityChange{12, 0}));
}

TEST(ParseQuantityChangeTest, RefusesMalformedChanges) {
  for (const char* bad : {"", "0", "=2", "0=", "a=2", "0=b", "0=2=3", "0=1.5"}) {
    auto change = ParseQuantityChange(bad);
    ASSERT_FALSE(change.ok()) << bad;
    EXPECT_EQ(change.error().kind, ErrorKind::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ParseQuantityChange("0").error().description, "--set-quantity '0': expected LINE=N");
}

TEST(ApplyQuantityChangeTest, FindsLinesAndAddOnsById) {
  Cart cart;
  CartLineItem base;
  base.id = 0;
  base.quantity = 1;
  CartLineItem addon;
  addon.id = 1;
  addon.quantity = 1;
  base.addon_items = std::vector<CartLineItem>{addon};
  CartLineItem other;
  other.id = 2;
  other.quantity = 1;
  cart.line_items = {base, other};

  EXPECT_TRUE(ApplyQuantityChange(cart, {1, 7}));
  EXPECT_EQ((*cart.line_items[0].addon_items)[0].quantity, 7);
  EXPECT_EQ(cart.line_items[0].quantity, 1);
  EXPECT_TRUE(ApplyQuantityChange(cart, {2, 3}));
  EXPECT_EQ(cart.line_items[1].quantity, 3);
  EXPECT_FALSE(ApplyQuantityChange(cart, {5, 3}));
}

}  // namespace
}  // namespace cartctl
