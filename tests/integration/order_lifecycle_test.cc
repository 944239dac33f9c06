// What follows checkout, over a real socket (SPEC §12): the order from pending to completed on
// the node's clock, its provisioning status, the subscriptions its lines created, the
// integration sandbox's cancellation with every documented refusal, and lists read from the store
// a page at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

constexpr char kGbCustomer[] = "28045616-a2f8-4c4e-b9c2-8b6b3b2c1a10";
constexpr char kLicence[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";   // new commerce, monthly
constexpr char kSoftware[] = "DG7GMGF0DWM3:0002:DG7GMGF0DT1M";  // perpetual software, one_time
constexpr char kAzure[] = "MS-AZR-0145P";                       // legacy Azure offer

std::string Line(int id, const std::string& item, int quantity, const std::string& cycle,
                 const std::string& term = "") {
  std::string line = R"({"id":)" + std::to_string(id) + R"(,"catalogItemId":")" + item +
                     R"(","quantity":)" + std::to_string(quantity) + R"(,"billingCycle":")" +
                     cycle + "\"";
  if (!term.empty()) line += R"(,"termDuration":")" + term + "\"";
  return line + "}";
}

class OrderLifecycleTest : public CartdTest {
 protected:
  std::string OrdersPath(const std::string& customer = demo::kCustomer) {
    return "/v1/customers/" + customer + "/orders";
  }
  std::string SubscriptionsPath(const std::string& customer = demo::kCustomer) {
    return "/v1/customers/" + customer + "/subscriptions";
  }

  // Creates a cart of `lines` for `customer` and checks it out; returns the orders placed.
  std::vector<partnercenter::Order> Buy(const std::vector<std::string>& lines,
                                        const std::string& customer = demo::kCustomer) {
    std::string body = R"({"lineItems":[)";
    for (std::size_t i = 0; i < lines.size(); ++i) body += (i ? "," : "") + lines[i];
    body += "]}";
    const HttpResult created = Call("POST", CartsPath(customer), body, Token());
    EXPECT_EQ(created.status, 201) << created.body;
    const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
    const HttpResult checkout =
        Call("POST", CartPath(cart, customer) + "/checkout", "\"success\"", Token());
    EXPECT_EQ(checkout.status, 201) << checkout.body;
    const auto result = partnercenter::ParseCartCheckoutResult(checkout.body);
    EXPECT_TRUE(result.ok()) << checkout.body;
    EXPECT_TRUE(result->order_errors.empty()) << checkout.body;
    return result.ok() ? result->orders : std::vector<partnercenter::Order>{};
  }

  partnercenter::Order GetOrder(const std::string& id,
                                const std::string& customer = demo::kCustomer) {
    const HttpResult r = Call("GET", OrdersPath(customer) + "/" + id, "", Token());
    EXPECT_EQ(r.status, 200) << r.body;
    return partnercenter::ParseOrder(r.body).value();
  }

  partnercenter::ProvisioningStatusCollection ProvisioningStatus(const std::string& id) {
    const HttpResult r = Call("GET", OrdersPath() + "/" + id + "/provisioningstatus", "", Token());
    EXPECT_EQ(r.status, 200) << r.body;
    return partnercenter::ParseProvisioningStatusCollection(r.body).value();
  }

  partnercenter::SubscriptionCollection Subscriptions(
      const std::string& query = "", const std::string& customer = demo::kCustomer) {
    const HttpResult r = Call("GET", SubscriptionsPath(customer) + query, "", Token());
    EXPECT_EQ(r.status, 200) << r.body;
    return partnercenter::ParseSubscriptionCollection(r.body).value();
  }

  HttpResult Cancel(const std::string& id, const std::string& body = R"({"status":"cancelled"})") {
    return Call("PATCH", OrdersPath() + "/" + id, body, Token());
  }
};

TEST_F(OrderLifecycleTest, ANewOrderIsPendingThenCompletedAfterTheProvisioningDelay) {
  const auto orders = Buy({Line(0, kLicence, 3, "monthly", "P1M")});
  ASSERT_EQ(orders.size(), 1u);
  EXPECT_EQ(orders[0].status, "pending");
  const std::string id = orders[0].id;
  EXPECT_EQ(GetOrder(id).status, "pending");
  const auto pending = ProvisioningStatus(id);
  ASSERT_EQ(pending.total_count, 1);
  EXPECT_EQ(pending.items[0].status, "prefulfillmentpending");
  EXPECT_EQ(pending.attributes->object_type, "Collection");
  EXPECT_EQ(Subscriptions().items.at(0).status, "pending");

  clock_.Advance(std::chrono::seconds(2));
  const partnercenter::Order completed = GetOrder(id);
  EXPECT_EQ(completed.status, "completed");
  const auto fulfilled = ProvisioningStatus(id);
  EXPECT_EQ(fulfilled.items[0].status, "fulfilled");
  EXPECT_EQ(fulfilled.items[0].quantity_provisioning_information.at(0).quantity, 3);
  EXPECT_EQ(Subscriptions().items.at(0).status, "active");
}

TEST_F(OrderLifecycleTest, CompletionIsEvaluatedOnReadSoARestartLosesNothing) {
  const std::string id = Buy({Line(0, kLicence, 1, "monthly", "P1M")})[0].id;
  RestartNode();
  EXPECT_EQ(GetOrder(id).status, "pending");
  clock_.Advance(std::chrono::minutes(1));
  RestartNode();
  EXPECT_EQ(GetOrder(id).status, "completed");
  EXPECT_EQ(Subscriptions().items.at(0).status, "active");
}

TEST_F(OrderLifecycleTest, TheJourneyInTwoMarketsForModernAndLegacyItems) {
  for (const std::string& customer : {std::string(demo::kCustomer), std::string(kGbCustomer)}) {
    SCOPED_TRACE(customer);
    const auto orders =
        Buy({Line(0, kLicence, 2, "monthly", "P1M"), Line(1, kAzure, 1, "monthly")}, customer);
    ASSERT_EQ(orders.size(), 2u);
    std::set<std::string> statuses;
    for (const auto& order : orders) statuses.insert(*order.status);
    // The legacy order is completed at once, the modern one pending.
    EXPECT_EQ(statuses, (std::set<std::string>{"completed", "pending"}));
    clock_.Advance(std::chrono::seconds(3));

    const HttpResult list = Call("GET", OrdersPath(customer), "", Token());
    ASSERT_EQ(list.status, 200);
    const auto collection = partnercenter::ParseOrderCollection(list.body).value();
    EXPECT_EQ(collection.links->self->uri, "/customers/" + customer + "/orders");
    for (const auto& order : collection.items) {
      EXPECT_EQ(order.status, "completed") << order.id;
      EXPECT_EQ(order.currency_code, customer == kGbCustomer ? "GBP" : "USD");
    }

    const auto subscriptions = Subscriptions("", customer);
    ASSERT_EQ(subscriptions.total_count, 2);
    EXPECT_EQ(subscriptions.links->self->uri, "/customers/" + customer + "/subscriptions");
    for (const auto& order : orders) {
      const auto of_order = Subscriptions("?order_id=" + order.id, customer);
      ASSERT_EQ(of_order.total_count, 1);
      const partnercenter::Subscription& subscription = of_order.items[0];
      EXPECT_EQ(subscription.order_id, order.id);
      EXPECT_EQ(subscription.id, order.line_items[0].subscription_id);
      EXPECT_EQ(subscription.offer_id, order.line_items[0].offer_id);
      EXPECT_EQ(subscription.status, "active");
      EXPECT_EQ(subscription.attributes->object_type, "Subscription");
      EXPECT_EQ(subscription.links->self->uri,
                "/customers/" + customer + "/subscriptions/" + subscription.id);
      const HttpResult by_id =
          Call("GET", SubscriptionsPath(customer) + "/" + subscription.id, "", Token());
      ASSERT_EQ(by_id.status, 200) << by_id.body;
      EXPECT_EQ(partnercenter::ParseSubscription(by_id.body)->id, subscription.id);
    }
  }
}

TEST_F(OrderLifecycleTest, EveryOrderAndSubscriptionLinkResolves) {
  const auto orders =
      Buy({Line(0, kSoftware, 1, "one_time"), Line(1, kLicence, 1, "monthly", "P1M")});
  clock_.Advance(std::chrono::seconds(2));
  std::vector<partnercenter::Link> links;
  for (const auto& placed : orders) {
    const partnercenter::Order order = GetOrder(placed.id);
    links.push_back(*order.links->self);
    links.push_back(*order.links->provisioning_status);
    for (const auto& line : order.line_items) {
      for (const auto& link : {line.links->subscription, line.links->product, line.links->sku,
                               line.links->availability}) {
        ASSERT_TRUE(link.has_value()) << order.id;
        links.push_back(*link);
      }
    }
  }
  for (const auto& subscription : Subscriptions().items) {
    for (const auto& link : {subscription.links->self, subscription.links->product,
                             subscription.links->sku, subscription.links->availability}) {
      ASSERT_TRUE(link.has_value()) << subscription.id;
      links.push_back(*link);
    }
  }
  for (const partnercenter::Link& link : links) {
    ASSERT_EQ(link.method, "GET") << link.uri;
    const HttpResult r = Call("GET", "/v1" + link.uri, "", Token());
    EXPECT_EQ(r.status, 200) << link.uri << " " << r.body;
  }
}

TEST_F(OrderLifecycleTest, ASoftwareOrderIsCancelledWithinItsWindowWithItsSubscriptions) {
  const std::string id = Buy({Line(0, kSoftware, 2, "one_time")})[0].id;
  clock_.Advance(std::chrono::seconds(2));
  // The .NET SDK sends the whole order back with the new status.
  partnercenter::Order order = GetOrder(id);
  order.status = "cancelled";
  const HttpResult cancelled = Cancel(id, partnercenter::ToJson(order));
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  const auto answer = partnercenter::ParseOrder(cancelled.body).value();
  EXPECT_EQ(answer.status, "cancelled");
  EXPECT_EQ(answer.id, id);
  EXPECT_EQ(answer.attributes->object_type, "Order");
  EXPECT_EQ(GetOrder(id).status, "cancelled");
  EXPECT_EQ(Subscriptions("?order_id=" + id).items.at(0).status, "deleted");
  EXPECT_EQ(ProvisioningStatus(id).items.at(0).status, "unfulfilled");

  const HttpResult again = Cancel(id);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(ReadFault(again).code, 800061);
}

TEST_F(OrderLifecycleTest, CancellationRefusalsCarryTheirDocumentedCodes) {
  const std::string software = Buy({Line(0, kSoftware, 1, "one_time")})[0].id;
  const HttpResult in_progress = Cancel(software);
  EXPECT_EQ(in_progress.status, 409);
  EXPECT_EQ(ReadFault(in_progress).code, 800060);

  const std::string licence = Buy({Line(0, kLicence, 1, "monthly", "P1M")})[0].id;
  clock_.Advance(std::chrono::seconds(2));
  const HttpResult through_subscriptions = Cancel(licence);
  EXPECT_EQ(through_subscriptions.status, 400);
  const Fault fault = ReadFault(through_subscriptions);
  EXPECT_EQ(fault.code, 800063);
  EXPECT_NE(fault.description.find("/subscriptions/"), std::string::npos) << fault.description;

  const HttpResult not_cancel = Cancel(software, R"({"status":"completed"})");
  EXPECT_EQ(not_cancel.status, 400);
  EXPECT_EQ(ReadFault(not_cancel).code, 800002);
  const HttpResult malformed = Cancel(software, R"({"id":"x","status":"cancelled",})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ReadFault(malformed).code, 800002);
  const HttpResult unknown = Cancel("0123456789ab");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ReadFault(unknown).code, 20000);

  clock_.Advance(std::chrono::days(60));
  const HttpResult too_late = Cancel(software);
  EXPECT_EQ(too_late.status, 400);
  EXPECT_EQ(ReadFault(too_late).code, 900117);
  EXPECT_EQ(GetOrder(software).status, "completed");
  EXPECT_EQ(Subscriptions("?order_id=" + software).items.at(0).status, "active");
}

TEST_F(OrderLifecycleTest, UnknownOrdersAndSubscriptionsHaveTheirErrors) {
  const HttpResult status =
      Call("GET", OrdersPath() + "/0123456789ab/provisioningstatus", "", Token());
  EXPECT_EQ(status.status, 404);
  EXPECT_EQ(ReadFault(status).code, 20000);
  const HttpResult subscription =
      Call("GET", SubscriptionsPath() + "/3e22b548-647d-4223-9675-1fcb6cb57665", "", Token());
  EXPECT_EQ(subscription.status, 404);
  EXPECT_EQ(ReadFault(subscription).code, 20003);
  const HttpResult not_a_guid = Call("GET", SubscriptionsPath() + "/nope", "", Token());
  EXPECT_EQ(not_a_guid.status, 400);
  EXPECT_EQ(ReadFault(not_a_guid).code, 800002);
  const HttpResult bad_filter = Call("GET", SubscriptionsPath() + "?order_id=a%20b", "", Token());
  EXPECT_EQ(bad_filter.status, 400);
  EXPECT_EQ(ReadFault(bad_filter).code, 800002);
  EXPECT_EQ(Subscriptions("?order_id=0123456789ab").total_count, 0);
  // Another partner sees none of it.
  const HttpResult foreign =
      Call("GET", SubscriptionsPath(), "", Token(demo::kOtherPartnerTenant, demo::kUser));
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(ReadFault(foreign).code, 20002);
  const HttpResult no_token = Call("GET", SubscriptionsPath());
  EXPECT_EQ(no_token.status, 401);
}

TEST_F(OrderLifecycleTest, CartLinesWithoutProvisioningContextReadBackWithAnEmptyOne) {
  const HttpResult created =
      Call("POST", CartsPath(), R"({"lineItems":[)" + Line(0, kLicence, 1, "monthly", "P1M") + "]}",
           Token());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find(R"("provisioningContext":{})"), std::string::npos) << created.body;
}

TEST_F(OrderLifecycleTest, ACustomTermEndDateIsCheckedOnTheLine) {
  // The fixture's clock stands at 2026-11-20: a month's term ends 2026-12-19, so the end of
  // November aligns and the 3rd of December does not.
  const std::string aligned = R"({"lineItems":[{"catalogItemId":")" + std::string(kLicence) +
                              R"(","quantity":1,"billingCycle":"monthly","termDuration":"P1M",)"
                              R"("customTermEndDate":"2026-11-30T00:00:00Z"}]})";
  const HttpResult ok = Call("POST", CartsPath(), aligned, Token());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_FALSE(partnercenter::ParseCart(ok.body)->line_items[0].error.has_value()) << ok.body;

  std::string wrong = aligned;
  wrong.replace(wrong.find("2026-11-30"), 10, "2026-12-03");
  const HttpResult refused = Call("POST", CartsPath(), wrong, Token());
  ASSERT_EQ(refused.status, 201) << refused.body;
  const auto line = partnercenter::ParseCart(refused.body)->line_items[0];
  ASSERT_TRUE(line.error.has_value()) << refused.body;
  EXPECT_EQ(line.error->error_code, 10017);

  const std::string software = R"({"lineItems":[{"catalogItemId":")" + std::string(kSoftware) +
                               R"(","quantity":1,"billingCycle":"one_time",)"
                               R"("customTermEndDate":"2026-11-30T00:00:00Z"}]})";
  const HttpResult not_for_software = Call("POST", CartsPath(), software, Token());
  ASSERT_EQ(not_for_software.status, 201);
  EXPECT_EQ(partnercenter::ParseCart(not_for_software.body)->line_items[0].error->error_code,
            10016);
}

// A node whose lists are read from the store in small pages, so that a few orders take several.
class PagedListsTest : public OrderLifecycleTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = OrderLifecycleTest::Options();
    options.orders.orders_per_page = 3;
    options.orders.subscriptions_per_page = 4;
    return options;
  }
};

TEST_F(PagedListsTest, ManyOrdersAreListedOverHttpEachOnceInOrderWithTheirCount) {
  // Eleven carts of two lines each: eleven orders, twenty-two subscriptions. Orders placed in
  // pairs share a creation date, so that the lists break ties by id.
  std::vector<partnercenter::Order> placed;
  for (int i = 0; i < 11; ++i) {
    if (i % 2 == 0) clock_.Advance(std::chrono::seconds(1));
    const auto orders =
        Buy({Line(0, kLicence, i + 1, "monthly", "P1M"), Line(1, kLicence, 1, "monthly", "P1Y")});
    ASSERT_EQ(orders.size(), 1u);
    placed.push_back(orders[0]);
  }
  const auto by_place = [](const auto& a, const auto& b) {
    return std::tie(a.creation_date, a.id) < std::tie(b.creation_date, b.id);
  };
  std::sort(placed.begin(), placed.end(), by_place);
  // The first few are completed by now, the rest still pending.
  clock_.Advance(std::chrono::seconds(1));

  const HttpResult list = Call("GET", OrdersPath(), "", Token());
  ASSERT_EQ(list.status, 200) << list.body;
  const auto orders = partnercenter::ParseOrderCollection(list.body);
  ASSERT_TRUE(orders.ok()) << list.body;
  EXPECT_EQ(orders->total_count, 11);
  ASSERT_EQ(orders->items.size(), placed.size());
  std::set<std::string> statuses;
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const partnercenter::Order& order = orders->items[i];
    EXPECT_EQ(order.id, placed[i].id) << i;
    EXPECT_EQ(order.creation_date, placed[i].creation_date) << i;
    EXPECT_EQ(order.line_items.size(), 2u) << i;
    EXPECT_EQ(order.links->self->uri,
              "/customers/" + std::string(demo::kCustomer) + "/orders/" + order.id);
    EXPECT_EQ(order.status, GetOrder(order.id).status) << i;
    statuses.insert(order.status.value_or(""));
  }
  EXPECT_EQ(statuses, (std::set<std::string>{"completed", "pending"}));
  EXPECT_EQ(orders->links->self->uri, "/customers/" + std::string(demo::kCustomer) + "/orders");
  EXPECT_EQ(orders->attributes->object_type, "Collection");

  const auto subscriptions = Subscriptions();
  EXPECT_EQ(subscriptions.total_count, 22);
  ASSERT_EQ(subscriptions.items.size(), 22u);
  std::set<std::string> ids;
  for (std::size_t i = 0; i < subscriptions.items.size(); ++i) {
    const partnercenter::Subscription& subscription = subscriptions.items[i];
    ids.insert(subscription.id);
    if (i > 0) {
      EXPECT_TRUE(by_place(subscriptions.items[i - 1], subscription)) << i;
    }
  }
  EXPECT_EQ(ids.size(), 22u);
  std::set<std::string> bought;
  for (const auto& order : placed) {
    for (const auto& line : order.line_items) bought.insert(line.subscription_id.value_or(""));
  }
  EXPECT_EQ(ids, bought);

  const auto of_one = Subscriptions("?order_id=" + placed[4].id);
  EXPECT_EQ(of_one.total_count, 2);
  ASSERT_EQ(of_one.items.size(), 2u);
  for (const auto& subscription : of_one.items) EXPECT_EQ(subscription.order_id, placed[4].id);
  EXPECT_EQ(of_one.links->self->uri, "/customers/" + std::string(demo::kCustomer) +
                                         "/subscriptions?order_id=" + placed[4].id);
}

}  // namespace
}  // namespace cartd::test
