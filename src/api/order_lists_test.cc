// The lists of orders and subscriptions as OrderHandlers answers them, rendered a page at a time:
// byte for byte the body the whole list rendered at once gives (the list read whole, each record
// rendered, the collection encoded by ToJson), whatever the page size, filtered or not, empty or
// not; and a store failure between pages is an error answer, never part of a list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "api/list_gate.h"
#include "api/order_handlers.h"
#include "api/rendering.h"
#include "common/ids.h"
#include "domain/cart_store_wrapper.h"
#include "domain/list_pages.h"
#include "partnercenter/json.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::api {
namespace {

using test::IsOk;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

// A store that fails the `nth` list read from now (1: the next one) with kUnavailable.
class FailingListStore final : public CartStoreWrapper {
 public:
  using CartStoreWrapper::CartStoreWrapper;
  void FailListRead(int nth) { fail_in_ = nth; }

  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override {
    if (--fail_in_ == 0) return Unavailable("the store went away (injected)");
    return CartStoreWrapper::ListOrders(partner_tenant, customer_id, page);
  }
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override {
    if (--fail_in_ == 0) return Unavailable("the store went away (injected)");
    return CartStoreWrapper::ListSubscriptions(partner_tenant, customer_id, order_id, page);
  }

 private:
  int fail_in_ = 0;
};

class OrderListsTest : public ::testing::Test {
 protected:
  OrderListsTest() : clock_(test::TestTime(std::chrono::minutes(5))) {
    EXPECT_THAT(store_.PutCustomer(customer_), IsOk());
  }

  // Places `count` orders of `lines` lines each, a minute apart from TestTime() on (so that as of
  // now some are completed and some pending), each line with its subscription: one of every
  // third order a legacy offer without catalog links, the others add-ons of a parent. Two
  // orders share their creation date, so that the lists break a tie by id.
  void Place(int count, int lines) {
    for (int i = 0; i < count; ++i) {
      const CartRecord cart = test::SimpleCart(test::NewCartKey(kPartner, kCustomer), 1,
                                               test::TestTime(std::chrono::hours(1)));
      ASSERT_THAT(store_.Commit(test::CreateWrite(cart)), IsOk());
      const Timestamp created = test::TestTime(std::chrono::minutes(i == 1 ? 0 : i));
      OrderRecord order = test::FullOrder(cart.key, test::NewOrderKey(cart.key), created);
      for (int line = 1; line < lines; ++line) {
        partnercenter::OrderLineItem copy = order.order.line_items.at(0);
        copy.line_item_number = line;
        copy.subscription_id = NewGuid();
        order.order.line_items.push_back(copy);
      }
      CartWrite checkout = test::UpdateWrite(test::OrderedCart(cart, {order}));
      checkout.new_orders = {order};
      for (int line = 0; line < lines; ++line) {
        SubscriptionRecord subscription = test::FullSubscription(order, line);
        if (i % 3 == 2) subscription.subscription.offer_id = "MS-AZR-0145P";
        checkout.new_subscriptions.push_back(subscription);
      }
      ASSERT_THAT(store_.Commit(checkout), IsOk());
      placed_.push_back(order.key.order_id);
    }
  }

  OrderServiceOptions Pages(int orders, int subscriptions) const {
    OrderServiceOptions options;
    options.orders_per_page = orders;
    options.subscriptions_per_page = subscriptions;
    return options;
  }

  http::Response ListOrders(const OrderServiceOptions& options, const Customer& customer) {
    OrderService service(store_, clock_, catalog_, options);
    OrderHandlers handlers(service, gate_, partnercenter::ParseOptions{});
    http::Request request;
    request.method = "GET";
    request.path = "/v1/customers/" + customer.id + "/orders";
    request.target = request.path;
    return handlers.ListOrders(RequestContext{request, principal_, customer, ""});
  }

  http::Response ListSubscriptions(const OrderServiceOptions& options, const std::string& query,
                                   const Customer& customer) {
    OrderService service(store_, clock_, catalog_, options);
    OrderHandlers handlers(service, gate_, partnercenter::ParseOptions{});
    http::Request request;
    request.method = "GET";
    request.path = "/v1/customers/" + customer.id + "/subscriptions";
    request.query = query;
    request.target = request.path + (query.empty() ? "" : "?" + query);
    return handlers.ListSubscriptions(RequestContext{request, principal_, customer, ""});
  }

  // What the list of orders answered when it was built whole: every order read at once and made
  // as of now (as GetOrder makes it), each rendered, the collection encoded by ToJson.
  std::string WholeOrderList(const Customer& customer) {
    OrderService service(store_, clock_, catalog_, OrderServiceOptions{});
    StatusOr<std::vector<OrderRecord>> stored =
        ListAllOrders(store_, customer.partner_tenant, customer.id);
    EXPECT_THAT(stored, IsOk());
    partnercenter::OrderCollection collection;
    for (const OrderRecord& record : *stored) {
      StatusOr<OrderRecord> now = service.GetOrder(customer, record.key.order_id);
      EXPECT_THAT(now, IsOk());
      collection.items.push_back(RenderOrder(now->order, customer.id));
    }
    collection.total_count = static_cast<int>(collection.items.size());
    collection.links = partnercenter::StandardLinks{
        .self = partnercenter::Link{.uri = "/customers/" + customer.id + "/orders",
                                    .method = "GET",
                                    .headers = {},
                                    .body = {}}};
    collection.attributes =
        partnercenter::ResourceAttributes{.etag = std::nullopt, .object_type = "Collection"};
    return partnercenter::ToJson(collection);
  }

  std::string WholeSubscriptionList(const Customer& customer, const std::string& order_id) {
    OrderService service(store_, clock_, catalog_, OrderServiceOptions{});
    StatusOr<std::vector<SubscriptionRecord>> stored = ListAllSubscriptions(
        store_, customer.partner_tenant, customer.id,
        order_id.empty() ? std::nullopt : std::optional<std::string_view>(order_id));
    EXPECT_THAT(stored, IsOk());
    partnercenter::SubscriptionCollection collection;
    for (const SubscriptionRecord& record : *stored) {
      StatusOr<SubscriptionRecord> now =
          service.GetSubscription(customer, record.key.subscription_id);
      EXPECT_THAT(now, IsOk());
      collection.items.push_back(RenderSubscription(*now, customer));
    }
    collection.total_count = static_cast<int>(collection.items.size());
    std::string self = "/customers/" + customer.id + "/subscriptions";
    if (!order_id.empty()) self += "?order_id=" + order_id;
    collection.links = partnercenter::StandardLinks{
        .self = partnercenter::Link{.uri = self, .method = "GET", .headers = {}, .body = {}}};
    collection.attributes =
        partnercenter::ResourceAttributes{.etag = std::nullopt, .object_type = "Collection"};
    return partnercenter::ToJson(collection);
  }

  FakeClock clock_;
  FailingListStore store_{std::make_unique<storage::MemoryStore>()};
  CatalogHolder catalog_;
  ListGate gate_;
  Principal principal_{.partner_tenant = kPartner,
                       .user_object_id = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc",
                       .app_id = "",
                       .app_only = false};
  Customer customer_{.partner_tenant = kPartner,
                     .id = kCustomer,
                     .country = "US",
                     .currency = "USD",
                     .company_name = "Contoso"};
  std::vector<std::string> placed_;  // order ids, oldest first
};

TEST_F(OrderListsTest, TheOrderListIsByteForByteTheWholeRenderingForEveryPageSize) {
  Place(10, 2);
  const std::string whole = WholeOrderList(customer_);
  // Spot checks that the reference is what it should be: ten orders, some due, some not.
  const auto parsed = partnercenter::ParseOrderCollection(whole);
  ASSERT_TRUE(parsed.ok()) << whole;
  ASSERT_EQ(parsed->total_count, 10);
  EXPECT_EQ(parsed->items.front().status, "completed");
  EXPECT_EQ(parsed->items.back().status, "pending");

  for (int per_page : {1, 2, 3, 9, 10, 11, 50}) {
    SCOPED_TRACE(per_page);
    const http::Response response = ListOrders(Pages(per_page, 4), customer_);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(response.body, whole);
  }
}

TEST_F(OrderListsTest, TheSubscriptionListsAreByteForByteTheWholeRenderingFilteredOrNot) {
  Place(7, 3);
  const std::string whole = WholeSubscriptionList(customer_, "");
  const auto all = partnercenter::ParseSubscriptionCollection(whole);
  ASSERT_TRUE(all.ok()) << whole;
  ASSERT_EQ(all->total_count, 21);
  const std::string of_second = WholeSubscriptionList(customer_, placed_[1]);
  const auto filtered = partnercenter::ParseSubscriptionCollection(of_second);
  ASSERT_TRUE(filtered.ok()) << of_second;
  ASSERT_EQ(filtered->total_count, 3);

  for (int per_page : {1, 2, 3, 4, 20, 21, 22, 500}) {
    SCOPED_TRACE(per_page);
    EXPECT_EQ(ListSubscriptions(Pages(3, per_page), "", customer_).body, whole);
    EXPECT_EQ(ListSubscriptions(Pages(3, per_page), "order_id=" + placed_[1], customer_).body,
              of_second);
  }
}

TEST_F(OrderListsTest, EmptyListsAreByteForByteTheWholeRendering) {
  Place(2, 1);
  const Customer other{.partner_tenant = kPartner,
                       .id = kOtherCustomer,
                       .country = "GB",
                       .currency = "GBP",
                       .company_name = "Fabrikam"};
  const http::Response orders = ListOrders(Pages(3, 3), other);
  EXPECT_EQ(orders.status, 200);
  EXPECT_EQ(orders.body, WholeOrderList(other));
  EXPECT_EQ(orders.body,
            "{\"totalCount\":0,\"items\":[],\"links\":{\"self\":{\"uri\":\"/customers/" +
                std::string(kOtherCustomer) +
                "/orders\",\"method\":\"GET\",\"headers\":[]}},"
                "\"attributes\":{\"objectType\":\"Collection\"}}");
  EXPECT_EQ(ListSubscriptions(Pages(3, 3), "", other).body, WholeSubscriptionList(other, ""));
  const http::Response unknown_order =
      ListSubscriptions(Pages(3, 3), "order_id=0123456789ab", customer_);
  EXPECT_EQ(unknown_order.status, 200);
  EXPECT_EQ(unknown_order.body, WholeSubscriptionList(customer_, "0123456789ab"));
}

TEST_F(OrderListsTest, AStoreFailureBetweenPagesIsAnErrorAnswerNotPartOfAList) {
  Place(5, 1);
  store_.FailListRead(2);
  const http::Response orders = ListOrders(Pages(2, 2), customer_);
  EXPECT_EQ(orders.status, 503);
  const auto fault = partnercenter::ParseApiFault(orders.body);
  ASSERT_TRUE(fault.ok()) << orders.body;
  EXPECT_EQ(fault->code, 800003);

  store_.FailListRead(3);
  EXPECT_EQ(ListSubscriptions(Pages(2, 2), "", customer_).status, 503);
  // The gate's pass was given back each time.
  EXPECT_EQ(gate_.InFlight(), 0);
  EXPECT_EQ(ListOrders(Pages(2, 2), customer_).body, WholeOrderList(customer_));
}

}  // namespace
}  // namespace cartd::api
