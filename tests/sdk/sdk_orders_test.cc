// What follows checkout, through the SDK against a real cartd node over loopback: an order's
// provisioning status as the order goes from pending to completed, the integration sandbox's
// cancellation (PATCH) with the refusals the service answers, and the subscriptions the order
// lines created: all of them, those of one order, one by id; sync and async; and the error of each
// call for what does not exist.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

using partnercenter::AggregatePartner;
using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartCheckoutResult;
using partnercenter::CartLineItem;
using partnercenter::Credentials;
using partnercenter::ErrorKind;
using partnercenter::Order;
using partnercenter::PartnerService;
using partnercenter::PartnerServiceOptions;
using partnercenter::ProvisioningStatusCollection;
using partnercenter::Result;
using partnercenter::Subscription;
using partnercenter::SubscriptionCollection;

constexpr char kLicence[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";   // new commerce, monthly
constexpr char kSoftware[] = "DG7GMGF0DWM3:0002:DG7GMGF0DT1M";  // perpetual software, one_time
constexpr char kUnknownOrder[] = "0123456789ab";
constexpr char kUnknownSubscription[] = "0b5e7a3c-2d41-4f6e-9a8b-7c6d5e4f3a2b";

CartLineItem Line(std::string catalog_item_id, int quantity, BillingCycle cycle,
                  std::optional<std::string> term = std::nullopt) {
  CartLineItem line;
  line.catalog_item_id = std::move(catalog_item_id);
  line.quantity = quantity;
  line.billing_cycle = cycle;
  line.term_duration = std::move(term);
  return line;
}

class SdkOrdersTest : public CartdTest {
 protected:
  void SetUp() override {
    CartdTest::SetUp();
    SignIn();
  }

  // A partner with a token issued now, on the node's clock (tokens expire as it moves on).
  void SignIn() {
    PartnerServiceOptions options;
    options.api_root = "http://127.0.0.1:" + std::to_string(node_->port());
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(5);
    partner_ = PartnerService::Create(Credentials::BearerToken(Token()), options);
  }

  partnercenter::CustomerOperations Customer() const {
    return partner_->Customers().ById(demo::kCustomer);
  }

  // Creates a cart of `lines` and checks it out; returns the orders placed.
  std::vector<Order> Buy(std::vector<CartLineItem> lines) {
    Cart cart;
    cart.line_items = std::move(lines);
    Result<Cart> created = Customer().Carts().Create(cart);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    if (!created.ok()) return {};
    Result<CartCheckoutResult> checkout = Customer().Carts().ById(*created->id).Checkout();
    EXPECT_TRUE(checkout.ok()) << checkout.error().ToString();
    if (!checkout.ok()) return {};
    EXPECT_TRUE(checkout->order_errors.empty());
    return checkout->orders;
  }

  // An order of `quantity` perpetual software, which the integration sandbox cancels by the
  // order, completed: provisioned and past the provisioning delay.
  Order CompletedSoftwareOrder(int quantity = 2) {
    const std::vector<Order> orders = Buy({Line(kSoftware, quantity, BillingCycle::kOneTime)});
    EXPECT_EQ(orders.size(), 1u);
    clock_.Advance(std::chrono::seconds(2));
    return orders.empty() ? Order{} : orders[0];
  }

  static Order Cancelled(Order order) {
    order.status = "cancelled";
    return order;
  }

  std::shared_ptr<AggregatePartner> partner_;
};

// --- Provisioning status ------------------------------------------------------------------

TEST_F(SdkOrdersTest, AFreshOrderIsPendingProvisioningThenFulfilled) {
  const std::vector<Order> orders = Buy({Line(kLicence, 3, BillingCycle::kMonthly, "P1M")});
  ASSERT_EQ(orders.size(), 1u);
  ASSERT_EQ(orders[0].status, "pending");
  const auto status = Customer().Orders().ById(orders[0].id).ProvisioningStatus();

  Result<ProvisioningStatusCollection> pending = status.Get();
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  EXPECT_EQ(pending.info().http_status, 200);
  EXPECT_EQ(pending->total_count, 1);
  ASSERT_EQ(pending->items.size(), 1u);
  EXPECT_EQ(pending->items[0].line_item_number, 0);
  EXPECT_EQ(pending->items[0].status, "prefulfillmentpending");
  ASSERT_EQ(pending->items[0].quantity_provisioning_information.size(), 1u);
  EXPECT_EQ(pending->items[0].quantity_provisioning_information[0].quantity, 3);
  EXPECT_EQ(pending->items[0].quantity_provisioning_information[0].status, "prefulfillmentpending");
  ASSERT_TRUE(pending->attributes.has_value());
  EXPECT_EQ(pending->attributes->object_type, "Collection");

  clock_.Advance(std::chrono::seconds(2));
  Result<ProvisioningStatusCollection> fulfilled = status.GetAsync().get();
  ASSERT_TRUE(fulfilled.ok()) << fulfilled.error().ToString();
  ASSERT_EQ(fulfilled->items.size(), 1u);
  EXPECT_EQ(fulfilled->items[0].status, "fulfilled");
  EXPECT_EQ(fulfilled->items[0].quantity_provisioning_information.at(0).quantity, 3);
  EXPECT_EQ(fulfilled->items[0].quantity_provisioning_information.at(0).status, "fulfilled");
}

TEST_F(SdkOrdersTest, EveryLineOfAnOrderHasItsStatus) {
  const std::vector<Order> orders = Buy({Line(kLicence, 2, BillingCycle::kMonthly, "P1M"),
                                         Line(kLicence, 5, BillingCycle::kMonthly, "P1Y")});
  ASSERT_EQ(orders.size(), 1u);
  ASSERT_EQ(orders[0].line_items.size(), 2u);
  Result<ProvisioningStatusCollection> status =
      Customer().Orders().ById(orders[0].id).ProvisioningStatus().Get();
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_EQ(status->total_count, 2);
  ASSERT_EQ(status->items.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(status->items[i].line_item_number, orders[0].line_items[i].line_item_number);
    EXPECT_EQ(status->items[i].quantity_provisioning_information.at(0).quantity,
              orders[0].line_items[i].quantity);
  }
}

TEST_F(SdkOrdersTest, TheProvisioningStatusOfAnUnknownOrderIs404With20000) {
  Result<ProvisioningStatusCollection> status =
      Customer().Orders().ById(kUnknownOrder).ProvisioningStatus().Get();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(status.error().http_status, 404);
  EXPECT_EQ(status.error().code, 20000);
  EXPECT_EQ(status.error().description, std::string("Order ID ") + kUnknownOrder + " not found.");
  EXPECT_EQ(status.info().attempts, 1);
}

// --- Cancellation -------------------------------------------------------------------------

TEST_F(SdkOrdersTest, CancellingWithinTheWindowCancelsTheOrderAndItsSubscriptions) {
  const Order placed = CompletedSoftwareOrder();
  const auto order = Customer().Orders().ById(placed.id);
  // As the .NET SDK does it: the order as read, with the new status.
  Result<Order> current = order.Get();
  ASSERT_TRUE(current.ok()) << current.error().ToString();
  ASSERT_EQ(current->status, "completed");

  Result<Order> cancelled = order.Patch(Cancelled(*current));
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().ToString();
  EXPECT_EQ(cancelled.info().http_status, 200);
  EXPECT_EQ(cancelled->id, placed.id);
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(cancelled->line_items.size(), placed.line_items.size());
  ASSERT_TRUE(cancelled->attributes.has_value());
  EXPECT_EQ(cancelled->attributes->object_type, "Order");

  Result<Order> read = order.Get();
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->status, "cancelled");
  Result<ProvisioningStatusCollection> status = order.ProvisioningStatus().Get();
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_EQ(status->items.at(0).status, "unfulfilled");

  Result<SubscriptionCollection> subscriptions =
      Customer().Subscriptions().ByOrder(placed.id).Get();
  ASSERT_TRUE(subscriptions.ok()) << subscriptions.error().ToString();
  ASSERT_EQ(subscriptions->total_count, 1);
  EXPECT_EQ(subscriptions->items.at(0).status, "deleted");
  Result<Subscription> subscription =
      Customer().Subscriptions().ById(*placed.line_items.at(0).subscription_id).Get();
  ASSERT_TRUE(subscription.ok()) << subscription.error().ToString();
  EXPECT_EQ(subscription->status, "deleted");

  // Once cancelled, it cannot be cancelled again.
  Result<Order> again = order.Patch(Cancelled(*read));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 400);
  EXPECT_EQ(again.error().code, 800061);
}

TEST_F(SdkOrdersTest, AnOrderWithOnlyItsStatusSetIsEnoughToCancel) {
  const Order placed = CompletedSoftwareOrder(1);
  Order patch;
  patch.status = "cancelled";  // no id: the path's is used
  Result<Order> cancelled = Customer().Orders().ById(placed.id).PatchAsync(patch).get();
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->id, placed.id);
  EXPECT_EQ(cancelled->status, "cancelled");
}

TEST_F(SdkOrdersTest, CancellingAnUnknownOrderIs404With20000) {
  Order patch;
  patch.status = "cancelled";
  Result<Order> cancelled = Customer().Orders().ById(kUnknownOrder).Patch(patch);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(cancelled.error().http_status, 404);
  EXPECT_EQ(cancelled.error().code, 20000);
}

TEST_F(SdkOrdersTest, APendingOrderIs409With800060) {
  const std::vector<Order> orders = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  ASSERT_EQ(orders.size(), 1u);
  Result<Order> cancelled = Customer().Orders().ById(orders[0].id).Patch(Cancelled(orders[0]));
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().http_status, 409);
  EXPECT_EQ(cancelled.error().code, 800060);
  // Nothing changed: it is still pending, and completes as any order does.
  Result<Order> order = Customer().Orders().ById(orders[0].id).Get();
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(order->status, "pending");
}

TEST_F(SdkOrdersTest, ALicenceOrderIsCancelledThroughItsSubscriptions400With800063) {
  const std::vector<Order> orders = Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")});
  ASSERT_EQ(orders.size(), 1u);
  clock_.Advance(std::chrono::seconds(2));
  Result<Order> cancelled = Customer().Orders().ById(orders[0].id).Patch(Cancelled(orders[0]));
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().http_status, 400);
  EXPECT_EQ(cancelled.error().code, 800063);
}

TEST_F(SdkOrdersTest, PastTheWindowIs400With900117) {
  const Order placed = CompletedSoftwareOrder();
  clock_.Advance(std::chrono::days(61));
  SignIn();
  Result<Order> cancelled = Customer().Orders().ById(placed.id).Patch(Cancelled(placed));
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.error().http_status, 400);
  EXPECT_EQ(cancelled.error().code, 900117);
  Result<Order> order = Customer().Orders().ById(placed.id).Get();
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(order->status, "completed");
}

TEST_F(SdkOrdersTest, AnyOtherChangeIs400With800002) {
  const Order placed = CompletedSoftwareOrder();
  Order changed = placed;
  changed.status = "completed";
  Result<Order> patched = Customer().Orders().ById(placed.id).Patch(changed);
  ASSERT_FALSE(patched.ok());
  EXPECT_EQ(patched.error().http_status, 400);
  EXPECT_EQ(patched.error().code, 800002);
}

// --- Subscriptions ------------------------------------------------------------------------

TEST_F(SdkOrdersTest, SubscriptionsAllOfOneOrderAndById) {
  Result<SubscriptionCollection> before = Customer().Subscriptions().Get();
  ASSERT_TRUE(before.ok()) << before.error().ToString();
  const std::vector<Order> orders = Buy({Line(kLicence, 3, BillingCycle::kMonthly, "P1M"),
                                         Line(kSoftware, 1, BillingCycle::kOneTime)});
  ASSERT_EQ(orders.size(), 2u);  // a monthly and a one-time order group
  clock_.Advance(std::chrono::seconds(2));

  Result<SubscriptionCollection> all = Customer().Subscriptions().Get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all.info().http_status, 200);
  EXPECT_EQ(all->total_count, before->total_count + 2);
  EXPECT_EQ(all->items.size(), static_cast<std::size_t>(all->total_count));
  ASSERT_TRUE(all->links.has_value() && all->links->self.has_value());
  EXPECT_EQ(all->links->self->uri, std::string("/customers/") + demo::kCustomer + "/subscriptions");
  EXPECT_EQ(all->attributes->object_type, "Collection");
  std::set<std::string> listed;
  for (const Subscription& subscription : all->items) listed.insert(subscription.id);

  for (const Order& order : orders) {
    SCOPED_TRACE(order.id);
    ASSERT_EQ(order.line_items.size(), 1u);
    const partnercenter::OrderLineItem& line = order.line_items[0];
    ASSERT_TRUE(line.subscription_id.has_value());
    EXPECT_TRUE(listed.contains(*line.subscription_id));

    Result<SubscriptionCollection> of_order = Customer().Subscriptions().ByOrder(order.id).Get();
    ASSERT_TRUE(of_order.ok()) << of_order.error().ToString();
    ASSERT_EQ(of_order->total_count, 1);
    ASSERT_EQ(of_order->items.size(), 1u);
    EXPECT_EQ(of_order->links->self->uri,
              std::string("/customers/") + demo::kCustomer + "/subscriptions?order_id=" + order.id);
    const Subscription& subscription = of_order->items[0];
    EXPECT_EQ(subscription.id, *line.subscription_id);
    EXPECT_EQ(subscription.order_id, order.id);
    EXPECT_EQ(subscription.offer_id, line.offer_id);
    EXPECT_EQ(subscription.quantity, line.quantity);
    EXPECT_EQ(subscription.billing_cycle, order.billing_cycle);
    EXPECT_EQ(subscription.status, "active");
    EXPECT_EQ(subscription.attributes->object_type, "Subscription");
    EXPECT_EQ(subscription.links->self->uri,
              std::string("/customers/") + demo::kCustomer + "/subscriptions/" + subscription.id);

    Result<Subscription> by_id = Customer().Subscriptions().ById(subscription.id).Get();
    ASSERT_TRUE(by_id.ok()) << by_id.error().ToString();
    EXPECT_EQ(by_id.info().http_status, 200);
    EXPECT_EQ(*by_id, subscription);
  }
}

TEST_F(SdkOrdersTest, SubscriptionCallsAsync) {
  const std::vector<Order> orders = Buy({Line(kLicence, 4, BillingCycle::kMonthly, "P1M")});
  ASSERT_EQ(orders.size(), 1u);
  const std::string id = orders[0].line_items.at(0).subscription_id.value_or("");

  Result<SubscriptionCollection> all = Customer().Subscriptions().GetAsync().get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  Result<SubscriptionCollection> of_order =
      Customer().Subscriptions().ByOrder(orders[0].id).GetAsync().get();
  ASSERT_TRUE(of_order.ok()) << of_order.error().ToString();
  ASSERT_EQ(of_order->items.size(), 1u);
  EXPECT_EQ(of_order->items[0].id, id);
  EXPECT_EQ(of_order->items[0].status, "pending");  // the order is still being provisioned
  Result<Subscription> by_id = Customer().Subscriptions().ById(id).GetAsync().get();
  ASSERT_TRUE(by_id.ok()) << by_id.error().ToString();
  EXPECT_EQ(by_id->quantity, 4);
  EXPECT_EQ(*by_id, of_order->items[0]);
}

TEST_F(SdkOrdersTest, AnOrderWithoutSubscriptionsListsNone) {
  Result<SubscriptionCollection> none = Customer().Subscriptions().ByOrder(kUnknownOrder).Get();
  ASSERT_TRUE(none.ok()) << none.error().ToString();
  EXPECT_EQ(none->total_count, 0);
  EXPECT_TRUE(none->items.empty());
}

TEST_F(SdkOrdersTest, AnOrderIdFilterThatIsNoOrderIdIs400With800002) {
  Result<SubscriptionCollection> bad = Customer().Subscriptions().ByOrder("not an id").Get();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status, 400);
  EXPECT_EQ(bad.error().code, 800002);
}

TEST_F(SdkOrdersTest, AnUnknownSubscriptionIs404With20003) {
  Result<Subscription> subscription = Customer().Subscriptions().ById(kUnknownSubscription).Get();
  ASSERT_FALSE(subscription.ok());
  EXPECT_EQ(subscription.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(subscription.error().http_status, 404);
  EXPECT_EQ(subscription.error().code, 20003);
  EXPECT_EQ(subscription.error().description,
            std::string("Subscription with ID ") + kUnknownSubscription + " not found.");
}

TEST_F(SdkOrdersTest, ASubscriptionIdThatIsNoGuidIs400With800002) {
  Result<Subscription> subscription = Customer().Subscriptions().ById("not-a-guid").Get();
  ASSERT_FALSE(subscription.ok());
  EXPECT_EQ(subscription.error().http_status, 400);
  EXPECT_EQ(subscription.error().code, 800002);
}

TEST_F(SdkOrdersTest, AnotherPartnersCustomerIs403With20002) {
  auto customer = partner_->Customers().ById(demo::kOtherPartnersCustomer);
  Result<SubscriptionCollection> subscriptions = customer.Subscriptions().Get();
  ASSERT_FALSE(subscriptions.ok());
  EXPECT_EQ(subscriptions.error().http_status, 403);
  EXPECT_EQ(subscriptions.error().code, 20002);
  Result<ProvisioningStatusCollection> status =
      customer.Orders().ById(kUnknownOrder).ProvisioningStatus().Get();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().http_status, 403);
  EXPECT_EQ(status.error().code, 20002);
}

}  // namespace
}  // namespace cartd::test
