// cartctl (and the update_cart example) end to end: the built binaries against a cartd process
// started with the demo data on a port the OS picks. Checks output and exit codes.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "tests/sdk/cartctl_fixture.h"
#include "tests/testing/cartd_process.h"

namespace partnercenter {
namespace {

using namespace cartctl_test;  // the suites share one fixture and its constants

constexpr char kSeedCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";

class CartctlTest : public CartctlFixture {
 protected:
  // Orders stay pending for the whole test whatever the machine's speed: what they show does
  // not depend on when they are read.
  void SetUp() override { StartCartd({"--provisioning-delay", "1h"}); }
};

TEST_F(CartctlTest, TheSeedFlowGetUpdateGet) {
  const Cart before = JsonOf<Cart>({"carts", "get", kSeedCart}, ParseCart);
  ASSERT_EQ(before.line_items.size(), 1u);
  EXPECT_EQ(before.id, kSeedCart);
  EXPECT_EQ(before.line_items[0].quantity, 1);

  const RunResult update = Cartctl({"carts", "update", kSeedCart, "--set-quantity", "0=2"});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_EQ(update.err, "");
  // The table: the cart's header block, then the lines.
  EXPECT_EQ(update.out.rfind(std::string("Cart              ") + kSeedCart + "\n", 0), 0u)
      << update.out;
  EXPECT_NE(update.out.find("\nStatus            Active\n"), std::string::npos) << update.out;
  EXPECT_NE(update.out.find("\nID  CATALOG ITEM                    QUANTITY  BILLING CYCLE  TERM  "
                            "ORDER GROUP  ERROR\n"
                            "0   DG7GMGF0DWTL:0001:DG7GMGF0DSJB  2         one_time       -     "
                            "0            -\n"),
            std::string::npos)
      << update.out;

  const Cart after = JsonOf<Cart>({"carts", "get", kSeedCart}, ParseCart);
  ASSERT_EQ(after.line_items.size(), 1u);
  EXPECT_EQ(after.line_items[0].quantity, 2);
  EXPECT_EQ(after.line_items[0].provisioning_context, before.line_items[0].provisioning_context);
}

TEST_F(CartctlTest, CreateCheckoutAndTheOrders) {
  const Cart created =
      JsonOf<Cart>({"carts", "create", "--item", "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ,3,monthly,P1M",
                    "--item", "DZH318Z0BXWC:0002:DZH318Z0BMRV,1,annual,P1Y"},
                   ParseCart);
  ASSERT_TRUE(created.id.has_value());
  ASSERT_EQ(created.line_items.size(), 2u);
  EXPECT_EQ(created.line_items[0].quantity, 3);
  EXPECT_EQ(created.line_items[1].billing_cycle, BillingCycle::kAnnual);
  EXPECT_EQ(created.line_items[1].term_duration, "P1Y");

  const RunResult checkout = Cartctl({"carts", "checkout", *created.id});
  ASSERT_EQ(checkout.exit_code, 0) << checkout.err;
  EXPECT_EQ(checkout.out.rfind("ORDER         BILLING CYCLE  CURRENCY  STATUS   LINES  TOTAL\n", 0),
            0u)
      << checkout.out;

  const OrderCollection orders = JsonOf<OrderCollection>({"orders", "list"}, ParseOrderCollection);
  EXPECT_EQ(orders.total_count, 2);  // a monthly and an annual order group
  ASSERT_EQ(orders.items.size(), 2u);
  const Order order = JsonOf<Order>({"orders", "get", orders.items[0].id}, ParseOrder);
  EXPECT_EQ(order, orders.items[0]);
  EXPECT_NE(checkout.out.find(order.id), std::string::npos) << checkout.out;

  const RunResult table = Cartctl({"orders", "get", order.id});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("Order          " + order.id + "\nStatus         pending\n", 0), 0u)
      << table.out;

  // The cart is ordered now: updating it is refused by the service.
  const RunResult late = Cartctl({"carts", "update", *created.id, "--set-quantity", "0=4"});
  EXPECT_EQ(late.exit_code, 3);
  EXPECT_EQ(late.out, "");
  EXPECT_TRUE(late.err.ends_with("(800065)\n")) << late.err;
}

TEST_F(CartctlTest, CreateFromAFile) {
  const std::string file = (dir_.path() / "cart.json").string();
  cartd::test::WriteFile(file, R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
                               R"("quantity":4,"billingCycle":"monthly","termDuration":"P1M"}]})");
  const Cart created = JsonOf<Cart>({"carts", "create", "--file", file}, ParseCart);
  ASSERT_EQ(created.line_items.size(), 1u);
  EXPECT_EQ(created.line_items[0].quantity, 4);
}

TEST_F(CartctlTest, AUsageErrorExitsTwo) {
  const RunResult run = Cartctl({"carts", "update"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("CART_ID"), std::string::npos) << run.err;

  const RunResult no_line = Cartctl({"carts", "update", kSeedCart, "--set-quantity", "9=2"});
  EXPECT_EQ(no_line.exit_code, 2);
  EXPECT_EQ(no_line.err, std::string("cartctl: cart ") + kSeedCart +
                             " has no line 9\nRun with --help for more information.\n");
}

TEST_F(CartctlTest, AnUnknownCartExitsThreeWithTheServiceError) {
  const RunResult run = Cartctl({"carts", "get", "0b5e7a3c-2d41-4f6e-9a8b-7c6d5e4f3a2b"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out, "");
  EXPECT_TRUE(run.err.ends_with(" (800008)\n")) << run.err;
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;  // one line
}

TEST_F(CartctlTest, NoServerExitsFour) {
  cartd_->Signal(SIGTERM);
  ASSERT_EQ(cartd_->Wait(), 0);
  const RunResult run = Cartctl({"orders", "list"});
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err.rfind("Cannot connect to " + base_url_ + ": ", 0), 0u) << run.err;
}

TEST_F(CartctlTest, TheUpdateCartExampleBumpsTheFirstLine) {
  const RunResult run = RunToCompletion(UPDATE_CART_BINARY, {base_url_, kCustomer, kSeedCart},
                                        {{"PARTNER_CENTER_TOKEN", token_}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, std::string("line 0 of cart ") + kSeedCart + ": quantity 2\n");
  const Cart after = JsonOf<Cart>({"carts", "get", kSeedCart}, ParseCart);
  EXPECT_EQ(after.line_items[0].quantity, 2);
}

}  // namespace
}  // namespace partnercenter
