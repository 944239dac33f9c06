// The conformance cases of the stand-in's storage (domain/cart_store.h, last section): the clock
// offset and the reset. Part of the one suite in store_conformance.h, run against every backend.
#include <gmock/gmock.h>

#include <chrono>
#include <optional>
#include <vector>

#include "domain/list_pages.h"
#include "tests/storage/store_conformance.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::test {
namespace {

using ::testing::IsEmpty;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";

TEST_P(StoreConformanceTest, ClockOffsetIsZeroUntilAdvanced) {
  EXPECT_THAT(store().FindClockOffset(), IsOkAndHolds(Ticks(0)));
}

TEST_P(StoreConformanceTest, ClockOffsetOnlyMovesForward) {
  const Ticks week = std::chrono::hours(24 * 7);
  EXPECT_THAT(store().AdvanceClockOffset(week), IsOkAndHolds(week));
  EXPECT_THAT(store().FindClockOffset(), IsOkAndHolds(week));
  // An earlier offset leaves the stored one as it is, and says so.
  EXPECT_THAT(store().AdvanceClockOffset(std::chrono::hours(1)), IsOkAndHolds(week));
  EXPECT_THAT(store().FindClockOffset(), IsOkAndHolds(week));
  EXPECT_THAT(store().AdvanceClockOffset(week + Ticks(1)), IsOkAndHolds(week + Ticks(1)));
}

TEST_P(StoreConformanceTest, DeleteEverythingLeavesAnEmptyStoreAtTheSystemTime) {
  ASSERT_THAT(store().PutCustomer(MakeCustomer(kPartner, kCustomer)), IsOk());
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  const OrderKey order_key = NewOrderKey(cart.key);
  const OrderRecord order = FullOrder(cart.key, order_key, TestTime());
  const SubscriptionRecord subscription = FullSubscription(order);
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  checkout.new_subscriptions = {subscription};
  checkout.reply = MakeReply(ReplyKey(cart.key, "checkout"), TestTime(), ReplyKind::kCheckout);
  ASSERT_THAT(store().Commit(checkout), IsOk());
  ASSERT_THAT(store().AdvanceClockOffset(std::chrono::hours(48)), IsOk());

  ASSERT_THAT(store().DeleteEverything(), IsOk());

  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(std::optional<CartRecord>()));
  EXPECT_THAT(store().FindOrder(order_key), IsOkAndHolds(std::optional<OrderRecord>()));
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().FindSubscription(subscription.key),
              IsOkAndHolds(std::optional<SubscriptionRecord>()));
  EXPECT_THAT(store().FindReply(ReplyKey(cart.key, "checkout"), TestTime(-std::chrono::hours(1))),
              IsOkAndHolds(std::optional<StoredReply>()));
  EXPECT_THAT(store().ListCustomers(""), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(0));
  ASSERT_OK_AND_ASSIGN(CartCounts counts, store().CountCarts());
  EXPECT_EQ(counts.active + counts.ordered, 0);
  EXPECT_THAT(store().FindClockOffset(), IsOkAndHolds(Ticks(0)));

  // The store is as usable as a new one: the same keys can be written again.
  ASSERT_THAT(store().PutCustomer(MakeCustomer(kPartner, kCustomer)), IsOk());
  EXPECT_THAT(store().Commit(CreateWrite(cart)), IsOk());
}

TEST_P(StoreConformanceTest, ListCartsHoldsEveryCartOfThatCustomerById) {
  EXPECT_THAT(store().ListCarts(kPartner, kCustomer), IsOkAndHolds(IsEmpty()));
  CartRecord active =
      FullCart(CartKey{kPartner, kCustomer, "b0000000-0000-4000-8000-000000000000"});
  CartRecord other = FullCart(CartKey{kPartner, kCustomer, "a0000000-0000-4000-8000-000000000000"});
  ASSERT_THAT(store().Commit(CreateWrite(active)), IsOk());
  ASSERT_THAT(store().Commit(CreateWrite(other)), IsOk());
  const OrderRecord order = FullOrder(other.key, NewOrderKey(other.key), TestTime());
  CartRecord ordered = OrderedCart(other, {order});
  CartWrite checkout = UpdateWrite(ordered);
  checkout.new_orders = {order};
  ASSERT_THAT(store().Commit(checkout), IsOk());
  // Another customer's and another partner's carts are not listed.
  ASSERT_THAT(store().Commit(CreateWrite(
                  FullCart(NewCartKey(kPartner, "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5")))),
              IsOk());
  ASSERT_THAT(store().Commit(CreateWrite(
                  FullCart(NewCartKey("f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b", kCustomer)))),
              IsOk());

  ASSERT_OK_AND_ASSIGN(std::vector<CartRecord> carts, store().ListCarts(kPartner, kCustomer));
  ASSERT_EQ(carts.size(), 2u);
  EXPECT_EQ(carts[0], ordered);
  EXPECT_EQ(carts[1], active);
}

}  // namespace
}  // namespace cartd::test
