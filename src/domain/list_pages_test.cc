// Reading lists a page at a time (domain/list_pages.h) on the in-memory store: pages in order,
// each read after the one before was visited, no read after a short page, and what a walk sees of
// orders placed while it is under way.
#include "domain/list_pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/cart_store_wrapper.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd {
namespace {

using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using ::testing::ElementsAre;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";

// Counts the pages read.
class CountingStore final : public CartStoreWrapper {
 public:
  using CartStoreWrapper::CartStoreWrapper;
  int reads = 0;

  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override {
    ++reads;
    return CartStoreWrapper::ListOrders(partner_tenant, customer_id, page);
  }
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override {
    ++reads;
    return CartStoreWrapper::ListSubscriptions(partner_tenant, customer_id, order_id, page);
  }
};

class ListPagesTest : public ::testing::Test {
 protected:
  // Places an order created `minutes` after TestTime(), with one subscription.
  OrderRecord Place(int minutes) {
    const CartRecord cart = test::SimpleCart(test::NewCartKey(kPartner, kCustomer), 1,
                                             test::TestTime(std::chrono::hours(1)));
    EXPECT_THAT(store_.Commit(test::CreateWrite(cart)), IsOk());
    OrderRecord order = test::FullOrder(cart.key, test::NewOrderKey(cart.key),
                                        test::TestTime(std::chrono::minutes(minutes)));
    CartWrite checkout = test::UpdateWrite(test::OrderedCart(cart, {order}));
    checkout.new_orders = {order};
    checkout.new_subscriptions = {test::FullSubscription(order)};
    EXPECT_THAT(store_.Commit(checkout), IsOk());
    return order;
  }

  // The ids of the pages ListOrdersByPage visits, page by page.
  std::vector<std::vector<std::string>> Walk(int page_size) {
    std::vector<std::vector<std::string>> pages;
    EXPECT_THAT(ListOrdersByPage(store_, kPartner, kCustomer, page_size,
                                 [&](std::vector<OrderRecord>& page) {
                                   pages.emplace_back();
                                   for (const OrderRecord& order : page) {
                                     pages.back().push_back(order.key.order_id);
                                   }
                                 }),
                IsOk());
    return pages;
  }

  CountingStore store_{std::make_unique<storage::MemoryStore>()};
};

TEST_F(ListPagesTest, PagesComeInOrderAndAShortOneIsTheLastRead) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Place(i).key.order_id);
  EXPECT_THAT(Walk(2), ElementsAre(ElementsAre(ids[0], ids[1]), ElementsAre(ids[2], ids[3]),
                                   ElementsAre(ids[4])));
  EXPECT_EQ(store_.reads, 3);
}

TEST_F(ListPagesTest, AFullLastPageTakesOneMoreReadThatVisitsNothing) {
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Place(i).key.order_id);
  EXPECT_THAT(Walk(2), ElementsAre(ElementsAre(ids[0], ids[1]), ElementsAre(ids[2], ids[3])));
  EXPECT_EQ(store_.reads, 3);
}

TEST_F(ListPagesTest, AnEmptyListIsOneReadAndNoVisit) {
  EXPECT_TRUE(Walk(3).empty());
  EXPECT_EQ(store_.reads, 1);
}

TEST_F(ListPagesTest, TheVisitorMayMoveFromThePage) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(Place(i).key.order_id);
  std::vector<OrderRecord> taken;
  ASSERT_THAT(ListOrdersByPage(store_, kPartner, kCustomer, 2,
                               [&](std::vector<OrderRecord>& page) {
                                 for (OrderRecord& order : page) taken.push_back(std::move(order));
                                 page.clear();
                               }),
              IsOk());
  ASSERT_EQ(taken.size(), 5u);
  for (std::size_t i = 0; i < taken.size(); ++i) EXPECT_EQ(taken[i].key.order_id, ids[i]);
}

TEST_F(ListPagesTest, AnOrderPlacedDuringAWalkIsSeenOnceWhenItComesAfterWhereTheWalkIs) {
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(Place(10 * i).key.order_id);
  std::string late;
  std::string early;
  std::vector<std::string> seen;
  ASSERT_THAT(ListOrdersByPage(store_, kPartner, kCustomer, 2,
                               [&](std::vector<OrderRecord>& page) {
                                 for (const OrderRecord& order : page) {
                                   seen.push_back(order.key.order_id);
                                 }
                                 if (late.empty()) {
                                   late = Place(100).key.order_id;  // after everything
                                   early = Place(5).key.order_id;   // before the walk's place
                                 }
                               }),
              IsOk());
  EXPECT_THAT(seen, ElementsAre(ids[0], ids[1], ids[2], ids[3], late));
}

TEST_F(ListPagesTest, SubscriptionsComeInPagesFilteredOrNot) {
  const OrderRecord first = Place(0);
  const OrderRecord second = Place(1);
  std::vector<std::size_t> sizes;
  ASSERT_THAT(ListSubscriptionsByPage(
                  store_, kPartner, kCustomer, std::nullopt, 1,
                  [&](std::vector<SubscriptionRecord>& page) { sizes.push_back(page.size()); }),
              IsOk());
  EXPECT_THAT(sizes, ElementsAre(1, 1));
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> of_second,
                       ListAllSubscriptions(store_, kPartner, kCustomer, second.key.order_id));
  ASSERT_EQ(of_second.size(), 1u);
  EXPECT_EQ(of_second[0].order_id, second.key.order_id);
  ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> all, ListAllOrders(store_, kPartner, kCustomer));
  EXPECT_THAT(all, ElementsAre(first, second));
}

TEST_F(ListPagesTest, APageSizeBelowOneIsABugOfTheCaller) {
  Place(0);
  int visits = 0;
  EXPECT_THAT(ListOrdersByPage(store_, kPartner, kCustomer, 0,
                               [&](std::vector<OrderRecord>&) { ++visits; }),
              StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(ListSubscriptionsByPage(store_, kPartner, kCustomer, std::nullopt, -1,
                                      [&](std::vector<SubscriptionRecord>&) { ++visits; }),
              StatusIs(ErrorCode::kInternal));
  EXPECT_EQ(visits, 0);
  EXPECT_EQ(store_.reads, 0);
}

}  // namespace
}  // namespace cartd
