// `cartctl orders status|cancel` and `cartctl subscriptions list|get` end to end: the built cartctl
// against a cartd process started with the demo data and no provisioning delay, so that an order
// is completed (and cancellable) as soon as it is placed. Every command in JSON (exactly the
// contract's JSON) and as a table, and the service's errors with their codes and exit codes.
#include <gtest/gtest.h>

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

constexpr char kLicenceItem[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ,3,monthly,P1M";
constexpr char kSoftwareItem[] = "DG7GMGF0DWM3:0002:DG7GMGF0DT1M,2,one_time";
constexpr char kUnknownOrder[] = "0123456789ab";
constexpr char kUnknownSubscription[] = "0b5e7a3c-2d41-4f6e-9a8b-7c6d5e4f3a2b";

class CartctlOrdersTest : public CartctlFixture {
 protected:
  // No provisioning delay: an order is completed, and can be cancelled, once it is placed.
  void SetUp() override { StartCartd({"--provisioning-delay", "0s"}); }

  // Creates a cart of the `--item` specs given and checks it out with cartctl; returns the
  // orders placed.
  std::vector<Order> Buy(const std::vector<std::string>& items) {
    std::vector<std::string> args = {"carts", "create"};
    for (const std::string& item : items) args.insert(args.end(), {"--item", item});
    const Cart cart = JsonOf<Cart>(args, ParseCart);
    EXPECT_TRUE(cart.id.has_value());
    const CartCheckoutResult checkout = JsonOf<CartCheckoutResult>(
        {"carts", "checkout", cart.id.value_or("")}, ParseCartCheckoutResult);
    EXPECT_TRUE(checkout.order_errors.empty());
    return checkout.orders;
  }

  // Expects `run` to have failed with the service's 4xx answer `code`: exit code 3, nothing on
  // standard output, one line "description (code)" on standard error.
  static void ExpectServiceError(const RunResult& run, int code) {
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_TRUE(run.err.ends_with(" (" + std::to_string(code) + ")\n")) << run.err;
    EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
  }
};

TEST_F(CartctlOrdersTest, TheStatusOfAnOrderAsJsonAndAsATable) {
  const std::vector<Order> orders = Buy({kSoftwareItem});
  ASSERT_EQ(orders.size(), 1u);
  const std::string id = orders[0].id;

  const ProvisioningStatusCollection status = JsonOf<ProvisioningStatusCollection>(
      {"orders", "status", id}, ParseProvisioningStatusCollection);
  EXPECT_EQ(status.total_count, 1);
  ASSERT_EQ(status.items.size(), 1u);
  EXPECT_EQ(status.items[0].line_item_number, 0);
  EXPECT_EQ(status.items[0].status, "fulfilled");
  ASSERT_EQ(status.items[0].quantity_provisioning_information.size(), 1u);
  EXPECT_EQ(status.items[0].quantity_provisioning_information[0].quantity, 2);
  EXPECT_EQ(status.items[0].quantity_provisioning_information[0].status, "fulfilled");

  const RunResult table = Cartctl({"orders", "status", id});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.err, "");
  EXPECT_EQ(table.out,
            "LINE  STATUS     QUANTITY\n"
            "0     fulfilled  2 fulfilled\n"
            "1 line\n");
}

TEST_F(CartctlOrdersTest, TheStatusOfAnUnknownOrderExitsThreeWith20000) {
  ExpectServiceError(Cartctl({"orders", "status", kUnknownOrder}), 20000);
}

TEST_F(CartctlOrdersTest, CancelCancelsTheOrderAndItsSubscriptions) {
  const std::vector<Order> orders = Buy({kSoftwareItem});
  ASSERT_EQ(orders.size(), 1u);
  const std::string id = orders[0].id;

  const Order cancelled = JsonOf<Order>({"orders", "cancel", id}, ParseOrder);
  EXPECT_EQ(cancelled.id, id);
  EXPECT_EQ(cancelled.status, "cancelled");
  ASSERT_EQ(cancelled.line_items.size(), 1u);
  EXPECT_EQ(cancelled.line_items[0].quantity, 2);

  EXPECT_EQ(JsonOf<Order>({"orders", "get", id}, ParseOrder).status, "cancelled");
  const ProvisioningStatusCollection status = JsonOf<ProvisioningStatusCollection>(
      {"orders", "status", id}, ParseProvisioningStatusCollection);
  ASSERT_EQ(status.items.size(), 1u);
  EXPECT_EQ(status.items[0].status, "unfulfilled");
  const SubscriptionCollection subscriptions = JsonOf<SubscriptionCollection>(
      {"subscriptions", "list", "--order", id}, ParseSubscriptionCollection);
  ASSERT_EQ(subscriptions.items.size(), 1u);
  EXPECT_EQ(subscriptions.items[0].status, "deleted");
  EXPECT_EQ(subscriptions.items[0].id, cancelled.line_items[0].subscription_id);

  // A second cancellation is refused: the order is cancelled already.
  ExpectServiceError(Cartctl({"orders", "cancel", id}), 800061);
}

TEST_F(CartctlOrdersTest, CancelPrintsTheCancelledOrderAsATable) {
  const std::vector<Order> orders = Buy({kSoftwareItem});
  ASSERT_EQ(orders.size(), 1u);
  const RunResult run = Cartctl({"orders", "cancel", orders[0].id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_EQ(run.out.rfind("Order          " + orders[0].id + "\nStatus         cancelled\n", 0), 0u)
      << run.out;
  EXPECT_NE(run.out.find("\nLINE  OFFER  "), std::string::npos) << run.out;
}

TEST_F(CartctlOrdersTest, CancelRefusalsExitThreeWithTheServiceCode) {
  ExpectServiceError(Cartctl({"orders", "cancel", kUnknownOrder}), 20000);
  // New-commerce licences are cancelled through their subscriptions, not their order.
  const std::vector<Order> orders = Buy({kLicenceItem});
  ASSERT_EQ(orders.size(), 1u);
  ExpectServiceError(Cartctl({"orders", "cancel", orders[0].id}), 800063);
  EXPECT_EQ(JsonOf<Order>({"orders", "get", orders[0].id}, ParseOrder).status, "completed");
}

TEST_F(CartctlOrdersTest, SubscriptionsListFilterAndGet) {
  const std::vector<Order> orders = Buy({kLicenceItem, kSoftwareItem});
  ASSERT_EQ(orders.size(), 2u);  // a monthly and a one-time order group

  const SubscriptionCollection all =
      JsonOf<SubscriptionCollection>({"subscriptions", "list"}, ParseSubscriptionCollection);
  EXPECT_EQ(all.total_count, 2);
  ASSERT_EQ(all.items.size(), 2u);
  ASSERT_TRUE(all.links.has_value() && all.links->self.has_value());
  EXPECT_EQ(all.links->self->uri, std::string("/customers/") + kCustomer + "/subscriptions");

  for (const Order& order : orders) {
    SCOPED_TRACE(order.id);
    ASSERT_EQ(order.line_items.size(), 1u);
    const SubscriptionCollection of_order = JsonOf<SubscriptionCollection>(
        {"subscriptions", "list", "--order", order.id}, ParseSubscriptionCollection);
    EXPECT_EQ(of_order.total_count, 1);
    ASSERT_EQ(of_order.items.size(), 1u);
    const Subscription& listed = of_order.items[0];
    EXPECT_EQ(listed.id, order.line_items[0].subscription_id);
    EXPECT_EQ(listed.order_id, order.id);
    EXPECT_EQ(listed.offer_id, order.line_items[0].offer_id);
    EXPECT_EQ(listed.quantity, order.line_items[0].quantity);
    EXPECT_EQ(listed.status, "active");

    const Subscription got =
        JsonOf<Subscription>({"subscriptions", "get", listed.id}, ParseSubscription);
    EXPECT_EQ(got, listed);

    const RunResult table = Cartctl({"subscriptions", "get", listed.id});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(table.out.rfind("Subscription       " + listed.id + "\nOffer              " +
                                  order.line_items[0].offer_id + "\n",
                              0),
              0u)
        << table.out;
    EXPECT_NE(table.out.find("\nStatus             active\nOrder              " + order.id + "\n"),
              std::string::npos)
        << table.out;
  }

  const RunResult table = Cartctl({"subscriptions", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out.rfind("ID                                    OFFER  ", 0), 0u) << table.out;
  EXPECT_TRUE(table.out.ends_with("\n2 subscriptions\n")) << table.out;
  for (const Subscription& subscription : all.items) {
    EXPECT_NE(table.out.find("\n" + subscription.id + "  "), std::string::npos) << table.out;
  }
}

TEST_F(CartctlOrdersTest, AnOrderWithoutSubscriptionsListsNone) {
  const SubscriptionCollection none = JsonOf<SubscriptionCollection>(
      {"subscriptions", "list", "--order", kUnknownOrder}, ParseSubscriptionCollection);
  EXPECT_EQ(none.total_count, 0);
  EXPECT_TRUE(none.items.empty());
  const RunResult table = Cartctl({"subscriptions", "list", "--order", kUnknownOrder});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out,
            "ID  OFFER  QUANTITY  STATUS  BILLING CYCLE  TERM  ORDER\n"
            "0 subscriptions\n");
}

TEST_F(CartctlOrdersTest, SubscriptionErrorsExitThreeWithTheServiceCode) {
  ExpectServiceError(Cartctl({"subscriptions", "get", kUnknownSubscription}), 20003);
  ExpectServiceError(Cartctl({"subscriptions", "get", "not-a-guid"}), 800002);
  ExpectServiceError(Cartctl({"subscriptions", "list", "--order", "not an id"}), 800002);
}

}  // namespace
}  // namespace partnercenter
