#include "tests/storage/store_conformance.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/ids.h"
#include "domain/list_pages.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::test {

std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

void StoreConformanceTest::SetUp() {
  store_ = GetParam().make_empty();
  ASSERT_NE(store_, nullptr) << "backend " << GetParam().name << " made no store";
}

void StoreConformanceTest::TearDown() { store_.reset(); }

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";

// Runs `body(i)` on `threads` threads at once (released together by a latch) and returns each
// call's status, by index.
std::vector<Status> RunConcurrently(int threads, const std::function<Status(int)>& body) {
  std::vector<Status> results(static_cast<std::size_t>(threads));
  std::latch start(threads);
  std::vector<std::thread> workers;
  workers.reserve(results.size());
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      start.arrive_and_wait();
      results[static_cast<std::size_t>(i)] = body(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
  return results;
}

int CountCode(const std::vector<Status>& results, ErrorCode code) {
  return static_cast<int>(std::count_if(results.begin(), results.end(),
                                        [code](const Status& s) { return s.code() == code; }));
}

// ---------------------------------------------------------------------------------------------
// Carts

TEST_P(StoreConformanceTest, FindCartOfUnknownKeyIsNullopt) {
  EXPECT_THAT(store().FindCart(NewCartKey(kPartner, kCustomer)), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, CreatedCartIsFoundWithEveryField) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRecord> found, store().FindCart(cart.key));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, cart);
  // Spot checks that make a failure readable; the comparison above covers every member.
  EXPECT_EQ(found->version, 1);
  ASSERT_EQ(found->cart.line_items.size(), 2u);
  ASSERT_TRUE(found->cart.line_items[0].addon_items.has_value());
  EXPECT_EQ(found->cart.line_items[0].addon_items->size(), 1u);
  EXPECT_EQ(found->cart.creation_timestamp, TestTime(Ticks(6'062'996)));
  EXPECT_EQ(found->checkout_result, std::nullopt);
}

TEST_P(StoreConformanceTest, CartWithOnlyAKeyAndVersionRoundTrips) {
  CartRecord cart;
  cart.key = NewCartKey(kPartner, kCustomer);
  cart.version = 1;
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
}

TEST_P(StoreConformanceTest, LinksAndAttributesAreNotStored) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  CartRecord rendered = cart;
  rendered.cart.links = partnercenter::StandardLinks{
      partnercenter::Link{"/customers/" + cart.key.customer_id + "/carts/" + cart.key.cart_id,
                          "GET",
                          {},
                          std::nullopt}};
  rendered.cart.attributes = partnercenter::ResourceAttributes{"\"1\"", "Cart"};
  ASSERT_THAT(store().Commit(CreateWrite(rendered)), IsOk());
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
}

// The codec writes provisioning context keys camel-cased (as Partner Center does), so a cart
// written with the .NET SDK's PascalCase keys reads back camel-cased, from any store or cache.
TEST_P(StoreConformanceTest, ProvisioningContextKeysReadBackCamelCased) {
  const CartKey key = NewCartKey(kPartner, kCustomer);
  CartRecord written = FullCart(key);
  written.cart.line_items[0].provisioning_context =
      partnercenter::StringPairs{{"SubscriptionId", "3D5ECED6"}, {"Scope", "shared"}};
  ASSERT_THAT(store().Commit(CreateWrite(written)), IsOk());
  CartRecord expected = written;
  expected.cart.line_items[0].provisioning_context =
      partnercenter::StringPairs{{"subscriptionId", "3D5ECED6"}, {"scope", "shared"}};
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(expected)));
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(expected)));
}

// FindChangedCart: the read of a caller that holds one state of the cart (a rendering of it).

TEST_P(StoreConformanceTest, FindChangedCartOfUnknownKeyIsNullopt) {
  CartHead head;
  head.version = 1;
  EXPECT_THAT(store().FindChangedCart(NewCartKey(kPartner, kCustomer), head),
              IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, FindChangedCartReturnsOnlyTheHeadWhenItIsTheOneHeld) {
  const CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRead> read,
                       store().FindChangedCart(cart.key, HeadOf(cart)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->head, HeadOf(cart));
  EXPECT_EQ(read->head.version, 1);
  EXPECT_EQ(read->head.expiration, cart.cart.expiration_timestamp);
  EXPECT_EQ(read->record, std::nullopt);
}

TEST_P(StoreConformanceTest, FindChangedCartReturnsTheWholeCartOnceItChanged) {
  const CartKey key = NewCartKey(kPartner, kCustomer);
  const CartRecord v1 = FullCart(key, 1);
  ASSERT_THAT(store().Commit(CreateWrite(v1)), IsOk());
  const CartRecord v2 = SimpleCart(key, 2, TestTime(std::chrono::hours(2)));
  ASSERT_THAT(store().Commit(UpdateWrite(v2)), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRead> read, store().FindChangedCart(key, HeadOf(v1)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->head, HeadOf(v2));
  EXPECT_THAT(read->record, Optional(v2));
}

TEST_P(StoreConformanceTest, FindChangedCartTellsACheckedOutCartFromTheActiveOne) {
  const CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  const OrderKey order_key = NewOrderKey(cart.key);
  const CartRecord ordered = OrderedCart(cart, {FullOrder(cart.key, order_key, TestTime())});
  ASSERT_THAT(store().Commit(UpdateWrite(ordered)), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRead> read,
                       store().FindChangedCart(cart.key, HeadOf(cart)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->head.status, partnercenter::CartStatus::kOrdered);
  EXPECT_THAT(read->record, Optional(ordered));
  ASSERT_OK_AND_ASSIGN(read, store().FindChangedCart(cart.key, HeadOf(ordered)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->record, std::nullopt);
}

// A reset stores carts again from version 1: the same version with another expiry is another cart.
TEST_P(StoreConformanceTest, FindChangedCartTellsACartStoredAgainAtTheSameVersion) {
  const CartKey key = NewCartKey(kPartner, kCustomer);
  const CartRecord before = SimpleCart(key, 1, TestTime(std::chrono::hours(1)));
  ASSERT_THAT(store().Commit(CreateWrite(before)), IsOk());
  ASSERT_THAT(store().DeleteEverything(), IsOk());
  const CartRecord after = FullCart(key, 1);
  ASSERT_THAT(store().Commit(CreateWrite(after)), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRead> read, store().FindChangedCart(key, HeadOf(before)));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->head, HeadOf(after));
  EXPECT_THAT(read->record, Optional(after));
}

TEST_P(StoreConformanceTest, FindChangedCartTakesACartWithoutStatusOrExpiryAsActiveForever) {
  CartRecord cart;
  cart.key = NewCartKey(kPartner, kCustomer);
  cart.version = 1;
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  CartHead held;
  held.version = 1;
  held.status = partnercenter::CartStatus::kActive;

  ASSERT_OK_AND_ASSIGN(std::optional<CartRead> read, store().FindChangedCart(cart.key, held));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->head, held);
  EXPECT_EQ(read->record, std::nullopt);
  held.expiration = TestTime();
  ASSERT_OK_AND_ASSIGN(read, store().FindChangedCart(cart.key, held));
  ASSERT_TRUE(read.has_value());
  EXPECT_THAT(read->record, Optional(cart));
}

TEST_P(StoreConformanceTest, CreateOfExistingCartIsConflictAndKeepsTheFirst) {
  CartRecord first = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(first)), IsOk());
  CartRecord second = SimpleCart(first.key, 1, TestTime(std::chrono::hours(3)));

  EXPECT_THAT(store().Commit(CreateWrite(second)), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(first.key), IsOkAndHolds(Optional(first)));
}

TEST_P(StoreConformanceTest, UpdateWithTheStoredVersionReplacesTheCart) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  ASSERT_THAT(store().Commit(CreateWrite(FullCart(key, 1))), IsOk());
  CartRecord v2 = SimpleCart(key, 2, TestTime(std::chrono::hours(2)));
  ASSERT_THAT(store().Commit(UpdateWrite(v2)), IsOk());
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(v2)));

  CartRecord v3 = FullCart(key, 3);
  v3.cart.line_items.pop_back();
  ASSERT_THAT(store().Commit(UpdateWrite(v3)), IsOk());
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(v3)));
}

TEST_P(StoreConformanceTest, UpdateWithAStaleVersionIsConflictAndKeepsTheCart) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  ASSERT_THAT(store().Commit(CreateWrite(FullCart(key, 1))), IsOk());
  CartRecord v2 = SimpleCart(key, 2, TestTime(std::chrono::hours(2)));
  ASSERT_THAT(store().Commit(UpdateWrite(v2)), IsOk());

  CartRecord late = FullCart(key, 2);  // computed from version 1, which is gone
  EXPECT_THAT(store().Commit(UpdateWrite(late)), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(v2)));
}

TEST_P(StoreConformanceTest, UpdateFromAVersionNotYetStoredIsConflict) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  CartRecord v1 = FullCart(key, 1);
  ASSERT_THAT(store().Commit(CreateWrite(v1)), IsOk());

  EXPECT_THAT(store().Commit(UpdateWrite(FullCart(key, 6))), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(v1)));
}

TEST_P(StoreConformanceTest, UpdateOfAMissingCartIsConflictAndCreatesNothing) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  EXPECT_THAT(store().Commit(UpdateWrite(FullCart(key, 2))), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, CartsAreKeyedByPartnerCustomerAndId) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  CartKey other_customer{kPartner, kOtherCustomer, key.cart_id};
  CartKey other_partner{kOtherPartner, kCustomer, key.cart_id};
  CartRecord a = FullCart(key);
  CartRecord b = SimpleCart(other_customer, 1, TestTime(std::chrono::hours(1)));
  CartRecord c = SimpleCart(other_partner, 1, TestTime(std::chrono::hours(2)));

  ASSERT_THAT(store().Commit(CreateWrite(a)), IsOk());
  ASSERT_THAT(store().Commit(CreateWrite(b)), IsOk());
  ASSERT_THAT(store().Commit(CreateWrite(c)), IsOk());
  EXPECT_THAT(store().FindCart(key), IsOkAndHolds(Optional(a)));
  EXPECT_THAT(store().FindCart(other_customer), IsOkAndHolds(Optional(b)));
  EXPECT_THAT(store().FindCart(other_partner), IsOkAndHolds(Optional(c)));
}

// ---------------------------------------------------------------------------------------------
// Stored replies

TEST_P(StoreConformanceTest, ReplyStoredWithAWriteIsFoundFromItsCreationTime) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write = CreateWrite(cart);
  IdempotencyKey key = ReplyKey(cart.key, "2b7c5a1e-request");
  Timestamp created = TestTime(Ticks(777));
  write.reply = MakeReply(key, created);
  ASSERT_THAT(store().Commit(write), IsOk());

  EXPECT_THAT(store().FindReply(key, created - std::chrono::hours(24)),
              IsOkAndHolds(Optional(ExpectedReply(write))));
  EXPECT_THAT(store().FindReply(key, created), IsOkAndHolds(Optional(ExpectedReply(write))));
  EXPECT_THAT(store().FindReply(key, created + Ticks(1)), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
}

TEST_P(StoreConformanceTest, ReplyIsTheCartItsWriteLeftWithoutRendering) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  partnercenter::Link self;
  self.uri = "/customers/x/carts/y";
  self.method = "GET";
  cart.cart.links = partnercenter::StandardLinks{.self = self};
  cart.cart.attributes =
      partnercenter::ResourceAttributes{.etag = std::nullopt, .object_type = "Cart"};
  CartWrite write = CreateWrite(cart);
  IdempotencyKey key = ReplyKey(cart.key, "snapshot");
  write.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(write), IsOk());
  // A later change does not change what the request was answered.
  ASSERT_THAT(store().Commit(UpdateWrite(SimpleCart(cart.key, 2, TestTime(std::chrono::days(1))))),
              IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<StoredReply> found, store().FindReply(key, TestTime()));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, ReplyKind::kCart);
  EXPECT_EQ(found->cart_version, 1);
  EXPECT_FALSE(found->cart.links.has_value());
  EXPECT_FALSE(found->cart.attributes.has_value());
  EXPECT_EQ(*found, ExpectedReply(write));
}

TEST_P(StoreConformanceTest, CheckoutReplyIsTheCheckoutResultItsWriteStored) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  IdempotencyKey key = ReplyKey(cart.key, "checkout-request");
  checkout.reply = MakeReply(key, TestTime(), ReplyKind::kCheckout);
  ASSERT_THAT(store().Commit(checkout), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<StoredReply> found, store().FindReply(key, TestTime()));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, ReplyKind::kCheckout);
  EXPECT_EQ(found->cart_version, 2);
  ASSERT_EQ(found->checkout_result.orders.size(), 1u);
  EXPECT_EQ(found->checkout_result.orders[0].id, order.key.order_id);
  EXPECT_EQ(*found, ExpectedReply(checkout));
}

TEST_P(StoreConformanceTest, ReplyIsFoundOnlyUnderItsExactKey) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write = CreateWrite(cart);
  IdempotencyKey key = ReplyKey(cart.key, "exact");
  write.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(write), IsOk());

  std::vector<IdempotencyKey> others(6, key);
  others[0].partner_tenant = kOtherPartner;
  others[1].customer_id = kOtherCustomer;
  others[2].request_id = "exact2";
  others[3].method = "POST";
  others[4].path += "/checkout";
  others[5].body_digest[0] = 'a';
  for (const IdempotencyKey& other : others) {
    EXPECT_THAT(store().FindReply(other, TestTime() - std::chrono::hours(1)),
                IsOkAndHolds(std::nullopt))
        << other.partner_tenant << " " << other.customer_id << " " << other.request_id << " "
        << other.method << " " << other.path << " " << other.body_digest;
  }
  EXPECT_THAT(store().FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(write))));
}

TEST_P(StoreConformanceTest, TakenReplyKeyIsAlreadyExistsAndNothingIsWritten) {
  CartRecord first = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write1 = CreateWrite(first);
  IdempotencyKey key = ReplyKey(first.key, "same-request");
  write1.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(write1), IsOk());

  CartKey second_key = NewCartKey(kPartner, kCustomer);
  CartWrite write2 = CreateWrite(SimpleCart(second_key, 1, TestTime(std::chrono::hours(1))));
  OrderKey order_key = NewOrderKey(second_key);
  write2.new_orders.push_back(FullOrder(second_key, order_key, TestTime()));
  write2.reply = MakeReply(key, TestTime(Ticks(1)));

  EXPECT_THAT(store().Commit(write2), StatusIs(ErrorCode::kAlreadyExists));
  EXPECT_THAT(store().FindCart(second_key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindOrder(order_key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(write1))));
  EXPECT_THAT(store().FindCart(first.key), IsOkAndHolds(Optional(first)));
}

TEST_P(StoreConformanceTest, TakenReplyKeyIsReportedBeforeAVersionConflict) {
  CartRecord v1 = FullCart(NewCartKey(kPartner, kCustomer));
  CartRecord v2 = SimpleCart(v1.key, 2, TestTime(std::chrono::hours(5)));
  CartWrite update = UpdateWrite(v2);
  IdempotencyKey key = ReplyKey(v1.key, "retried-put");
  update.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(CreateWrite(v1)), IsOk());
  ASSERT_THAT(store().Commit(update), IsOk());

  // The same request retried: its version is stale now, but it was answered before.
  update.reply->created_at = TestTime(std::chrono::seconds(3));
  EXPECT_THAT(store().Commit(update), StatusIs(ErrorCode::kAlreadyExists));
  EXPECT_THAT(store().FindCart(v1.key), IsOkAndHolds(Optional(v2)));
}

TEST_P(StoreConformanceTest, FailedWriteStoresNoReply) {
  CartKey cart_key = NewCartKey(kPartner, kCustomer);
  ASSERT_THAT(store().Commit(CreateWrite(FullCart(cart_key, 1))), IsOk());
  CartWrite stale = UpdateWrite(FullCart(cart_key, 3));
  IdempotencyKey key = ReplyKey(cart_key, "conflicting");
  stale.reply = MakeReply(key, TestTime());

  EXPECT_THAT(store().Commit(stale), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindReply(key, TestTime() - std::chrono::hours(1)),
              IsOkAndHolds(std::nullopt));
}

// ---------------------------------------------------------------------------------------------
// Checkout and orders

TEST_P(StoreConformanceTest, CheckoutStoresTheCartAndItsOrdersTogether) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());

  // Out of order on purpose: listing sorts by creation date, then id.
  OrderKey late{kPartner, kCustomer, "00000000000f"};
  OrderKey early_b{kPartner, kCustomer, "00000000000b"};
  OrderKey early_a{kPartner, kCustomer, "00000000000a"};
  std::vector<OrderRecord> orders = {
      FullOrder(cart.key, late, TestTime(std::chrono::minutes(2))),
      FullOrder(cart.key, early_b, TestTime(std::chrono::minutes(1))),
      FullOrder(cart.key, early_a, TestTime(std::chrono::minutes(1))),
  };
  CartRecord ordered = OrderedCart(cart, orders);
  CartWrite checkout = UpdateWrite(ordered);
  checkout.new_orders = orders;
  checkout.reply = MakeReply(ReplyKey(cart.key, "checkout"), TestTime(), ReplyKind::kCheckout);
  ASSERT_THAT(store().Commit(checkout), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<CartRecord> found, store().FindCart(cart.key));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, ordered);
  EXPECT_EQ(found->cart.status, partnercenter::CartStatus::kOrdered);
  ASSERT_TRUE(found->checkout_result.has_value());
  EXPECT_EQ(found->checkout_result->orders.size(), 3u);
  for (const OrderRecord& order : orders) {
    EXPECT_THAT(store().FindOrder(order.key), IsOkAndHolds(Optional(order))) << order.key.order_id;
  }
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer),
              IsOkAndHolds(ElementsAre(orders[2], orders[1], orders[0])));
}

TEST_P(StoreConformanceTest, ListOrdersHoldsOnlyThatCustomersOrders) {
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(IsEmpty()));

  std::vector<CartKey> carts = {NewCartKey(kPartner, kCustomer),
                                NewCartKey(kPartner, kOtherCustomer),
                                NewCartKey(kOtherPartner, kCustomer)};
  std::vector<OrderRecord> placed;
  for (std::size_t i = 0; i < carts.size(); ++i) {
    CartRecord cart = SimpleCart(carts[i], 1, TestTime(std::chrono::hours(1)));
    ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
    OrderRecord order = FullOrder(carts[i], NewOrderKey(carts[i]), TestTime());
    CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
    checkout.new_orders = {order};
    ASSERT_THAT(store().Commit(checkout), IsOk());
    placed.push_back(order);
  }

  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(ElementsAre(placed[0])));
  EXPECT_THAT(ListAllOrders(store(), kPartner, kOtherCustomer),
              IsOkAndHolds(ElementsAre(placed[1])));
  EXPECT_THAT(ListAllOrders(store(), kOtherPartner, kCustomer),
              IsOkAndHolds(ElementsAre(placed[2])));
  EXPECT_THAT(ListAllOrders(store(), kOtherPartner, kOtherCustomer), IsOkAndHolds(IsEmpty()));
}

TEST_P(StoreConformanceTest, FindOrderOfUnknownKeyIsNullopt) {
  EXPECT_THAT(store().FindOrder(OrderKey{kPartner, kCustomer, "0123456789ab"}),
              IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, TakenOrderIdIsConflictAndNothingIsWritten) {
  CartRecord a = SimpleCart(NewCartKey(kPartner, kCustomer), 1, TestTime(std::chrono::hours(1)));
  CartRecord b = SimpleCart(NewCartKey(kPartner, kCustomer), 1, TestTime(std::chrono::hours(2)));
  ASSERT_THAT(store().Commit(CreateWrite(a)), IsOk());
  ASSERT_THAT(store().Commit(CreateWrite(b)), IsOk());
  OrderKey taken = NewOrderKey(a.key);
  OrderRecord order_a = FullOrder(a.key, taken, TestTime());
  CartWrite checkout_a = UpdateWrite(OrderedCart(a, {order_a}));
  checkout_a.new_orders = {order_a};
  ASSERT_THAT(store().Commit(checkout_a), IsOk());

  OrderRecord fresh_b = FullOrder(b.key, NewOrderKey(b.key), TestTime(Ticks(1)));
  OrderRecord clash_b = FullOrder(b.key, taken, TestTime(Ticks(2)));
  CartWrite checkout_b = UpdateWrite(OrderedCart(b, {fresh_b, clash_b}));
  checkout_b.new_orders = {fresh_b, clash_b};
  IdempotencyKey reply_key = ReplyKey(b.key, "clash");
  checkout_b.reply = MakeReply(reply_key, TestTime(), ReplyKind::kCheckout);

  EXPECT_THAT(store().Commit(checkout_b), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(b.key), IsOkAndHolds(Optional(b)));
  EXPECT_THAT(store().FindOrder(fresh_b.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindOrder(taken), IsOkAndHolds(Optional(order_a)));
  EXPECT_THAT(store().FindReply(reply_key, TestTime()), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(ElementsAre(order_a)));
}

TEST_P(StoreConformanceTest, FailedCheckoutStoresNoOrders) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  CartRecord ordered = OrderedCart(cart, {order});
  ordered.version = 5;
  CartWrite checkout = UpdateWrite(ordered);  // from version 4, which never existed
  checkout.new_orders = {order};

  EXPECT_THAT(store().Commit(checkout), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindOrder(order.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
}

// ---------------------------------------------------------------------------------------------
// Lists in pages

// The pages of a list read straight from the store, `limit` at a time, each after the last record
// of the one before, until a page is short. `read(page)` reads one page.
template <typename Record, typename Read>
std::vector<std::vector<Record>> Pages(int limit, const Read& read) {
  std::vector<std::vector<Record>> pages;
  ListPage page{.after = std::nullopt, .limit = limit};
  while (true) {
    StatusOr<std::vector<Record>> records = read(page);
    EXPECT_THAT(records, IsOk());
    if (!records.ok()) return pages;
    pages.push_back(*records);
    if (records->size() < static_cast<std::size_t>(limit)) return pages;
    page.after = PositionOf(records->back());
    if (pages.size() > 100) {
      ADD_FAILURE() << "the list does not end";
      return pages;
    }
  }
}

std::vector<std::vector<OrderRecord>> OrderPages(CartStore& store, const std::string& partner,
                                                 const std::string& customer, int limit) {
  return Pages<OrderRecord>(
      limit, [&](const ListPage& page) { return store.ListOrders(partner, customer, page); });
}

std::vector<std::vector<SubscriptionRecord>> SubscriptionPages(CartStore& store,
                                                               const std::string& customer,
                                                               std::optional<std::string> order_id,
                                                               int limit) {
  return Pages<SubscriptionRecord>(limit, [&](const ListPage& page) {
    return store.ListSubscriptions(kPartner, customer, order_id, page);
  });
}

// Every page but the last holds `limit` records, the last fewer; concatenated, they are `list`.
template <typename Record>
void ExpectPagesOf(const std::vector<std::vector<Record>>& pages, int limit,
                   const std::vector<Record>& list) {
  std::vector<Record> read;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i + 1 < pages.size()) {
      EXPECT_EQ(pages[i].size(), static_cast<std::size_t>(limit)) << "page " << i;
    } else {
      EXPECT_LT(pages[i].size(), static_cast<std::size_t>(limit)) << "the last page";
    }
    read.insert(read.end(), pages[i].begin(), pages[i].end());
  }
  EXPECT_EQ(read, list) << "in pages of " << limit;
}

// Orders of one checkout with ids and creation dates that exercise the list's order: two without
// a date (first, by id), ties broken bytewise ('-' < digits < upper case < lower case).
struct ListedCheckout {
  std::vector<OrderRecord> orders;                // in list order
  std::vector<SubscriptionRecord> subscriptions;  // in list order: one per order, same place
};

ListedCheckout CheckoutForLists(CartStore& store, const std::string& customer = kCustomer) {
  const CartRecord cart = FullCart(NewCartKey(kPartner, customer));
  EXPECT_THAT(store.Commit(CreateWrite(cart)), IsOk());
  struct Placed {
    const char* id;
    std::optional<Timestamp> created;
  };
  const Timestamp t = TestTime();
  // In list order; placed below in another.
  const std::vector<Placed> listed = {
      {"00000000000a", std::nullopt},
      {"00000000000c", std::nullopt},
      {"00000000000f", t},
      {"0000000000-z", t + Ticks(1)},
      {"000000000003", t + Ticks(1)},
      {"00000000000B", t + Ticks(1)},
      {"00000000000b", t + Ticks(1)},
      {"000000000000", t + std::chrono::hours(1)},
      {"000000000001", t + std::chrono::hours(24)},
  };
  ListedCheckout placed;
  for (const Placed& p : listed) {
    OrderRecord order = FullOrder(cart.key, OrderKey{kPartner, customer, p.id}, t);
    order.order.creation_date = p.created;
    SubscriptionRecord subscription = FullSubscription(order);
    // Subscription ids in the same order as the order ids, so both lists have the same shape.
    subscription.key.subscription_id = std::string("sub-") + p.id;
    subscription.subscription.id = subscription.key.subscription_id;
    placed.orders.push_back(order);
    placed.subscriptions.push_back(subscription);
  }
  CartWrite checkout = UpdateWrite(OrderedCart(cart, placed.orders));
  // Stored in reverse, so that no backend can pass by keeping the order of insertion.
  checkout.new_orders.assign(placed.orders.rbegin(), placed.orders.rend());
  checkout.new_subscriptions.assign(placed.subscriptions.rbegin(), placed.subscriptions.rend());
  EXPECT_THAT(store.Commit(checkout), IsOk());
  return placed;
}

TEST_P(StoreConformanceTest, OrderPagesHoldEveryOrderOnceInListOrder) {
  const ListedCheckout placed = CheckoutForLists(store());
  CheckoutForLists(store(), kOtherCustomer);  // the same ids under another customer
  for (int limit : {1, 2, 3, 4, 8, 9, 10, 100}) {
    SCOPED_TRACE(limit);
    ExpectPagesOf(OrderPages(store(), kPartner, kCustomer, limit), limit, placed.orders);
  }
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer), IsOkAndHolds(placed.orders));
}

TEST_P(StoreConformanceTest, SubscriptionPagesHoldEverySubscriptionOnceInListOrder) {
  const ListedCheckout placed = CheckoutForLists(store());
  CheckoutForLists(store(), kOtherCustomer);
  for (int limit : {1, 2, 4, 9, 10}) {
    SCOPED_TRACE(limit);
    ExpectPagesOf(SubscriptionPages(store(), kCustomer, std::nullopt, limit), limit,
                  placed.subscriptions);
  }
}

TEST_P(StoreConformanceTest, SubscriptionPagesOfOneOrderHoldOnlyItsSubscriptions) {
  // Two orders of three lines each, created at the same instant: their subscriptions interleave
  // in the customer's list, by id.
  const CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  std::vector<OrderRecord> orders = {
      FullOrder(cart.key, OrderKey{kPartner, kCustomer, "00000000000a"}, TestTime()),
      FullOrder(cart.key, OrderKey{kPartner, kCustomer, "00000000000b"}, TestTime())};
  std::vector<SubscriptionRecord> all;
  std::vector<SubscriptionRecord> of_first;
  for (const char* id : {"s1", "s2", "s3", "s4", "s5", "s6"}) {
    const std::size_t index = all.size();
    SubscriptionRecord subscription = FullSubscription(orders[index % 2]);
    subscription.key.subscription_id = id;
    subscription.subscription.id = id;
    all.push_back(subscription);
    if (index % 2 == 0) of_first.push_back(subscription);
  }
  CartWrite checkout = UpdateWrite(OrderedCart(cart, orders));
  checkout.new_orders = orders;
  checkout.new_subscriptions.assign(all.rbegin(), all.rend());
  ASSERT_THAT(store().Commit(checkout), IsOk());

  for (int limit : {1, 2, 3, 4}) {
    SCOPED_TRACE(limit);
    ExpectPagesOf(SubscriptionPages(store(), kCustomer, "00000000000a", limit), limit, of_first);
  }
  ExpectPagesOf(SubscriptionPages(store(), kCustomer, std::nullopt, 4), 4, all);
  ExpectPagesOf(SubscriptionPages(store(), kCustomer, "0123456789ab", 2), 2,
                std::vector<SubscriptionRecord>{});
}

TEST_P(StoreConformanceTest, APageStartsAfterItsPositionWhetherOrNotARecordIsThere) {
  const ListedCheckout placed = CheckoutForLists(store());
  const auto from = [&](std::optional<Timestamp> created, std::string id) {
    return store().ListOrders(
        kPartner, kCustomer,
        ListPage{.after = ListPosition{.created = created, .id = std::move(id)}, .limit = 2});
  };
  const std::vector<OrderRecord>& o = placed.orders;
  // Between the two undated orders; after both; among the ties of t + 1 tick; after the last.
  EXPECT_THAT(from(std::nullopt, "00000000000b"), IsOkAndHolds(ElementsAre(o[1], o[2])));
  EXPECT_THAT(from(std::nullopt, "zzzz"), IsOkAndHolds(ElementsAre(o[2], o[3])));
  EXPECT_THAT(from(TestTime() + Ticks(1), "00000000000A"), IsOkAndHolds(ElementsAre(o[5], o[6])));
  EXPECT_THAT(from(TestTime() + Ticks(1), "00000000000b"), IsOkAndHolds(ElementsAre(o[7], o[8])));
  EXPECT_THAT(from(TestTime() + Ticks(2), ""), IsOkAndHolds(ElementsAre(o[7], o[8])));
  EXPECT_THAT(from(TestTime() + std::chrono::hours(24), "000000000001"), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(
      store().ListSubscriptions(kPartner, kCustomer, std::nullopt,
                                ListPage{.after = PositionOf(placed.subscriptions[3]), .limit = 3}),
      IsOkAndHolds(
          ElementsAre(placed.subscriptions[4], placed.subscriptions[5], placed.subscriptions[6])));
}

TEST_P(StoreConformanceTest, APageOfNoRecordsOrOfACustomerWithoutAnyIsEmpty) {
  EXPECT_THAT(store().ListOrders(kPartner, kCustomer, ListPage{.after = std::nullopt, .limit = 5}),
              IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().ListSubscriptions(kPartner, kCustomer, std::nullopt,
                                        ListPage{.after = std::nullopt, .limit = 5}),
              IsOkAndHolds(IsEmpty()));
  CheckoutForLists(store());
  EXPECT_THAT(
      store().ListOrders(kPartner, kOtherCustomer, ListPage{.after = std::nullopt, .limit = 5}),
      IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(
      store().ListOrders(kOtherPartner, kCustomer, ListPage{.after = std::nullopt, .limit = 5}),
      IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().ListSubscriptions(kPartner, kOtherCustomer, std::nullopt,
                                        ListPage{.after = std::nullopt, .limit = 5}),
              IsOkAndHolds(IsEmpty()));
  for (int limit : {0, -1}) {
    EXPECT_THAT(
        store().ListOrders(kPartner, kCustomer, ListPage{.after = std::nullopt, .limit = limit}),
        IsOkAndHolds(IsEmpty()));
    EXPECT_THAT(store().ListSubscriptions(kPartner, kCustomer, std::nullopt,
                                          ListPage{.after = std::nullopt, .limit = limit}),
                IsOkAndHolds(IsEmpty()));
  }
}

TEST_P(StoreConformanceTest, AnOrderPlacedBetweenPagesAfterTheLastReadIsInALaterPage) {
  const ListedCheckout placed = CheckoutForLists(store());
  ASSERT_OK_AND_ASSIGN(
      std::vector<OrderRecord> first,
      store().ListOrders(kPartner, kCustomer, ListPage{.after = std::nullopt, .limit = 5}));
  ASSERT_EQ(first.size(), 5u);
  // Placed after the first page was read: one later than everything, one before its end.
  const CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord late = FullOrder(cart.key, OrderKey{kPartner, kCustomer, "10000000000a"},
                               TestTime() + std::chrono::days(2));
  OrderRecord early =
      FullOrder(cart.key, OrderKey{kPartner, kCustomer, "10000000000b"}, TestTime());
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {late, early}));
  checkout.new_orders = {late, early};
  ASSERT_THAT(store().Commit(checkout), IsOk());

  EXPECT_THAT(store().ListOrders(kPartner, kCustomer,
                                 ListPage{.after = PositionOf(first.back()), .limit = 10}),
              IsOkAndHolds(ElementsAre(placed.orders[5], placed.orders[6], placed.orders[7],
                                       placed.orders[8], late)));
}

// ---------------------------------------------------------------------------------------------
// Sweeps

TEST_P(StoreConformanceTest, DeleteExpiredCartsDeletesOnlyExpiredActiveCarts) {
  const Timestamp cutoff = TestTime(std::chrono::days(10));
  CartRecord expired = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff - Ticks(1));
  CartRecord at_cutoff = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff);
  CartRecord live = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff + std::chrono::hours(1));
  CartRecord other_partner =
      SimpleCart(NewCartKey(kOtherPartner, kOtherCustomer), 1, cutoff - std::chrono::days(2));
  CartRecord never = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff);
  never.cart.expiration_timestamp.reset();
  CartRecord to_order =
      SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff - std::chrono::days(3));
  for (const CartRecord* cart : {&expired, &at_cutoff, &live, &other_partner, &never, &to_order}) {
    ASSERT_THAT(store().Commit(CreateWrite(*cart)), IsOk());
  }
  OrderRecord order = FullOrder(to_order.key, NewOrderKey(to_order.key), TestTime());
  CartRecord ordered = OrderedCart(to_order, {order});
  CartWrite checkout = UpdateWrite(ordered);
  checkout.new_orders = {order};
  ASSERT_THAT(store().Commit(checkout), IsOk());

  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 100), IsOkAndHolds(2));

  EXPECT_THAT(store().FindCart(expired.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindCart(other_partner.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindCart(at_cutoff.key), IsOkAndHolds(Optional(at_cutoff)));
  EXPECT_THAT(store().FindCart(live.key), IsOkAndHolds(Optional(live)));
  EXPECT_THAT(store().FindCart(never.key), IsOkAndHolds(Optional(never)));
  EXPECT_THAT(store().FindCart(ordered.key), IsOkAndHolds(Optional(ordered)));
  EXPECT_THAT(store().FindOrder(order.key), IsOkAndHolds(Optional(order)));
  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 100), IsOkAndHolds(0));
}

TEST_P(StoreConformanceTest, DeleteExpiredCartsHonoursTheLimit) {
  const Timestamp cutoff = TestTime(std::chrono::days(10));
  std::vector<CartKey> keys;
  for (int i = 0; i < 5; ++i) {
    keys.push_back(NewCartKey(kPartner, kCustomer));
    ASSERT_THAT(store().Commit(
                    CreateWrite(SimpleCart(keys.back(), 1, cutoff - std::chrono::minutes(10 - i)))),
                IsOk());
  }
  auto remaining = [&] {
    int count = 0;
    for (const CartKey& key : keys) {
      StatusOr<std::optional<CartRecord>> found = store().FindCart(key);
      EXPECT_THAT(found, IsOk());
      if (found.ok() && found->has_value()) ++count;
    }
    return count;
  };

  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 0), IsOkAndHolds(0));
  EXPECT_EQ(remaining(), 5);
  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 2), IsOkAndHolds(2));
  EXPECT_EQ(remaining(), 3);
  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 10), IsOkAndHolds(3));
  EXPECT_EQ(remaining(), 0);
  EXPECT_THAT(store().DeleteExpiredCarts(cutoff, 10), IsOkAndHolds(0));
}

TEST_P(StoreConformanceTest, DeleteRepliesBeforeDeletesOnlyOlderRepliesUpToTheLimit) {
  const Timestamp cutoff = TestTime(std::chrono::days(1));
  const std::vector<Timestamp> created = {cutoff - std::chrono::hours(3),
                                          cutoff - std::chrono::hours(2), cutoff - Ticks(1), cutoff,
                                          cutoff + std::chrono::hours(1)};
  std::vector<IdempotencyKey> keys;
  std::vector<CartKey> carts;
  std::vector<CartWrite> writes;
  for (std::size_t i = 0; i < created.size(); ++i) {
    carts.push_back(NewCartKey(kPartner, kCustomer));
    CartWrite write = CreateWrite(SimpleCart(carts.back(), 1, cutoff + std::chrono::days(7)));
    keys.push_back(ReplyKey(carts.back(), "request-" + std::to_string(i)));
    write.reply = MakeReply(keys.back(), created[i]);
    ASSERT_THAT(store().Commit(write), IsOk());
    writes.push_back(std::move(write));
  }
  const Timestamp any = cutoff - std::chrono::days(30);

  EXPECT_THAT(store().DeleteRepliesBefore(cutoff, 0), IsOkAndHolds(0));
  EXPECT_THAT(store().DeleteRepliesBefore(cutoff, 2), IsOkAndHolds(2));
  EXPECT_THAT(store().DeleteRepliesBefore(cutoff, 10), IsOkAndHolds(1));
  EXPECT_THAT(store().DeleteRepliesBefore(cutoff, 10), IsOkAndHolds(0));

  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_THAT(store().FindReply(keys[i], any), IsOkAndHolds(std::nullopt)) << i;
  }
  EXPECT_THAT(store().FindReply(keys[3], any), IsOkAndHolds(Optional(ExpectedReply(writes[3]))));
  EXPECT_THAT(store().FindReply(keys[4], any), IsOkAndHolds(Optional(ExpectedReply(writes[4]))));
  for (const CartKey& cart : carts) {
    ASSERT_OK_AND_ASSIGN(std::optional<CartRecord> found, store().FindCart(cart));
    EXPECT_TRUE(found.has_value()) << "the reply's cart was deleted with it";
  }
}

TEST_P(StoreConformanceTest, DeletedReplyKeyCanBeStoredAgain) {
  CartKey cart = NewCartKey(kPartner, kCustomer);
  IdempotencyKey key = ReplyKey(cart, "reused");
  CartWrite first = CreateWrite(SimpleCart(cart, 1, TestTime(std::chrono::days(7))));
  first.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(first), IsOk());
  ASSERT_THAT(store().DeleteRepliesBefore(TestTime(std::chrono::days(1)), 10), IsOkAndHolds(1));

  CartWrite second = UpdateWrite(SimpleCart(cart, 2, TestTime(std::chrono::days(7))));
  second.reply = MakeReply(key, TestTime(std::chrono::days(2)));
  EXPECT_THAT(store().Commit(second), IsOk());
  EXPECT_THAT(store().FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(second))));
}

TEST_P(StoreConformanceTest, AReplyPastItsRetentionIsReplaced) {
  CartKey cart = NewCartKey(kPartner, kCustomer);
  IdempotencyKey key = ReplyKey(cart, "pinned-for-days");
  CartWrite first = CreateWrite(SimpleCart(cart, 1, TestTime(std::chrono::days(7))));
  first.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store().Commit(first), IsOk());

  // Still within its retention: the key is taken.
  CartWrite too_soon = UpdateWrite(SimpleCart(cart, 2, TestTime(std::chrono::days(7))));
  too_soon.reply = MakeReply(key, TestTime(std::chrono::hours(12)));
  too_soon.reply->expired_before = TestTime();
  EXPECT_THAT(store().Commit(too_soon), StatusIs(ErrorCode::kAlreadyExists));

  // Past it (not swept yet): the new answer replaces the old one.
  CartWrite later = too_soon;
  later.reply->created_at = TestTime(std::chrono::days(2));
  later.reply->expired_before = TestTime(std::chrono::days(1));
  EXPECT_THAT(store().Commit(later), IsOk());
  EXPECT_THAT(store().FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(later))));
  EXPECT_EQ(ExpectedReply(later).cart_version, 2);
  EXPECT_THAT(store().FindCart(cart), IsOkAndHolds(Optional(later.cart)));
}

TEST_P(StoreConformanceTest, CountCartsCountsByStatus) {
  EXPECT_THAT(store().CountCarts(), IsOkAndHolds(::testing::FieldsAre(0, 0)));
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(store().Commit(CreateWrite(SimpleCart(NewCartKey(kPartner, kCustomer), 1,
                                                      TestTime(std::chrono::days(7))))),
                IsOk());
  }
  CartRecord ordered =
      SimpleCart(NewCartKey(kOtherPartner, kOtherCustomer), 1, TestTime(std::chrono::days(7)));
  ordered.cart.status = partnercenter::CartStatus::kOrdered;
  ordered.checkout_result = partnercenter::CartCheckoutResult{};
  ASSERT_THAT(store().Commit(CreateWrite(ordered)), IsOk());
  EXPECT_THAT(store().CountCarts(), IsOkAndHolds(::testing::FieldsAre(3, 1)));
}

// ---------------------------------------------------------------------------------------------
// Stored bytes (what the storage quota limits) and CartWrite::admit

// `write` with an admit that records in `bytes` what it is told, and lets the write through.
CartWrite Measured(CartWrite write, std::int64_t& bytes) {
  bytes = -1;
  write.admit = [&bytes](std::int64_t stored_bytes) {
    bytes = stored_bytes;
    return Status::Ok();
  };
  return write;
}

TEST_P(StoreConformanceTest, StoredBytesOfAPartnerWithNothingStoredIsZero) {
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(0));
  ASSERT_THAT(store().PutCustomer(MakeCustomer(kPartner, kCustomer)), IsOk());
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(0));
}

TEST_P(StoreConformanceTest, StoredBytesAddsWhatAdmitWasToldOfEachNewCartAndReply) {
  std::int64_t with_reply = 0;
  CartRecord first = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write = Measured(CreateWrite(first), with_reply);
  write.reply = MakeReply(ReplyKey(first.key, "measured"), TestTime());
  ASSERT_THAT(store().Commit(write), IsOk());
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(with_reply));

  std::int64_t without_reply = 0;
  CartRecord second = FullCart(NewCartKey(kPartner, kOtherCustomer));
  ASSERT_THAT(store().Commit(Measured(CreateWrite(second), without_reply)), IsOk());
  // The reply is about as large as the cart it repeats.
  EXPECT_GT(without_reply, 1000);
  EXPECT_GT(with_reply, 2 * without_reply - 100);
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(with_reply + without_reply));

  // Another partner's data is another partner's.
  EXPECT_THAT(store().StoredBytes(kOtherPartner), IsOkAndHolds(0));
  std::int64_t others = 0;
  ASSERT_THAT(
      store().Commit(Measured(CreateWrite(FullCart(NewCartKey(kOtherPartner, kCustomer))), others)),
      IsOk());
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(with_reply + without_reply));
  EXPECT_THAT(store().StoredBytes(kOtherPartner), IsOkAndHolds(others));
}

TEST_P(StoreConformanceTest, StoredBytesCountsTheCartsLatestStateAndNotItsOrders) {
  CartKey key = NewCartKey(kPartner, kCustomer);
  std::int64_t full = 0;
  ASSERT_THAT(store().Commit(Measured(CreateWrite(FullCart(key, 1)), full)), IsOk());

  // Bytes, not characters.
  CartRecord simple = SimpleCart(key, 2, TestTime(std::chrono::days(7)));
  simple.cart.last_modified_user = "Gr\u00f6\u00dfe \u20ac \U0001F6D2";
  std::int64_t replaced = 0;
  ASSERT_THAT(store().Commit(Measured(UpdateWrite(simple), replaced)), IsOk());
  EXPECT_LT(replaced, full);
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(replaced));

  OrderRecord order = FullOrder(key, NewOrderKey(key), TestTime());
  CartWrite checkout = UpdateWrite(OrderedCart(simple, {order}));
  checkout.new_orders = {order};
  checkout.new_subscriptions = {FullSubscription(order)};
  checkout.reply = MakeReply(ReplyKey(key, "checkout"), TestTime(), ReplyKind::kCheckout);
  std::int64_t ordered = 0;
  ASSERT_THAT(store().Commit(Measured(checkout, ordered)), IsOk());
  EXPECT_GT(ordered, replaced);
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(ordered));
}

TEST_P(StoreConformanceTest, AWriteItsAdmitRefusesStoresNothing) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  std::int64_t stored = 0;
  ASSERT_THAT(store().Commit(Measured(CreateWrite(cart), stored)), IsOk());

  auto refuse = [](std::int64_t) { return Status(ErrorCode::kStorageQuotaExceeded, "full"); };
  CartRecord other = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite create = CreateWrite(other);
  create.reply = MakeReply(ReplyKey(other.key, "refused-create"), TestTime());
  create.admit = refuse;
  EXPECT_THAT(store().Commit(create), StatusIs(ErrorCode::kStorageQuotaExceeded));
  CartWrite update = UpdateWrite(SimpleCart(cart.key, 2, TestTime(std::chrono::days(7))));
  update.reply = MakeReply(ReplyKey(cart.key, "refused-update"), TestTime());
  update.admit = refuse;
  EXPECT_THAT(store().Commit(update), StatusIs(ErrorCode::kStorageQuotaExceeded));

  EXPECT_THAT(store().FindCart(other.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
  EXPECT_THAT(store().FindReply(create.reply->key, TestTime()), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindReply(update.reply->key, TestTime()), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(stored));
}

TEST_P(StoreConformanceTest, AdmitMayReadTheStoreAndIsNotAskedAboutAMalformedWrite) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write = CreateWrite(cart);
  std::optional<StatusOr<std::int64_t>> read_inside;
  write.admit = [&](std::int64_t) {
    read_inside = store().StoredBytes(kPartner);
    return Status::Ok();
  };
  ASSERT_THAT(store().Commit(write), IsOk());
  ASSERT_TRUE(read_inside.has_value());
  EXPECT_THAT(*read_inside, IsOkAndHolds(0));

  bool asked = false;
  CartWrite skipped = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer), 2));  // from nothing
  skipped.admit = [&asked](std::int64_t) {
    asked = true;
    return Status::Ok();
  };
  EXPECT_THAT(store().Commit(skipped), StatusIs(ErrorCode::kInternal));
  EXPECT_FALSE(asked);
}

TEST_P(StoreConformanceTest, SweepsTakeAwayWhatTheyDeleteFromStoredBytes) {
  const Timestamp cutoff = TestTime(std::chrono::days(10));
  CartRecord expired = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff - Ticks(1));
  std::int64_t expired_bytes = 0;
  ASSERT_THAT(store().Commit(Measured(CreateWrite(expired), expired_bytes)), IsOk());
  CartRecord live = SimpleCart(NewCartKey(kPartner, kCustomer), 1, cutoff + std::chrono::days(1));
  std::int64_t live_bytes = 0;
  ASSERT_THAT(store().Commit(Measured(CreateWrite(live), live_bytes)), IsOk());
  // The live cart's replaced state, with a reply: the reply alone is what the second write adds.
  CartRecord live2 = live;
  live2.version = 2;
  CartWrite with_reply = UpdateWrite(live2);
  with_reply.reply = MakeReply(ReplyKey(live.key, "old-reply"), cutoff - std::chrono::days(2));
  std::int64_t live2_and_reply = 0;
  ASSERT_THAT(store().Commit(Measured(with_reply, live2_and_reply)), IsOk());
  const std::int64_t reply_bytes = live2_and_reply - live_bytes;
  EXPECT_GT(reply_bytes, 0);
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(expired_bytes + live2_and_reply));

  ASSERT_THAT(store().DeleteExpiredCarts(cutoff, 100), IsOkAndHolds(1));
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(live2_and_reply));
  ASSERT_THAT(store().DeleteRepliesBefore(cutoff, 100), IsOkAndHolds(1));
  EXPECT_THAT(store().StoredBytes(kPartner), IsOkAndHolds(live_bytes));
}

// ---------------------------------------------------------------------------------------------
// Customers

TEST_P(StoreConformanceTest, FindCustomerOfUnknownIdIsNullopt) {
  EXPECT_THAT(store().FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, PutCustomerAddsThenReplaces) {
  Customer customer = MakeCustomer(kPartner, kCustomer, "Contoso");
  ASSERT_THAT(store().PutCustomer(customer), IsOk());
  EXPECT_THAT(store().FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(customer)));

  Customer moved{kPartner, kCustomer, "DE", "EUR", "Contoso GmbH"};
  ASSERT_THAT(store().PutCustomer(moved), IsOk());
  EXPECT_THAT(store().FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(moved)));
  EXPECT_THAT(store().ListCustomers(kPartner), IsOkAndHolds(ElementsAre(moved)));
}

TEST_P(StoreConformanceTest, RemoveCustomerReportsWhetherOneWasRemoved) {
  ASSERT_THAT(store().PutCustomer(MakeCustomer(kPartner, kCustomer)), IsOk());
  Customer other = MakeCustomer(kPartner, kOtherCustomer, "Fabrikam");
  ASSERT_THAT(store().PutCustomer(other), IsOk());

  EXPECT_THAT(store().RemoveCustomer(kOtherPartner, kCustomer), IsOkAndHolds(false));
  EXPECT_THAT(store().RemoveCustomer(kPartner, kCustomer), IsOkAndHolds(true));
  EXPECT_THAT(store().RemoveCustomer(kPartner, kCustomer), IsOkAndHolds(false));
  EXPECT_THAT(store().FindCustomer(kPartner, kCustomer), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindCustomer(kPartner, kOtherCustomer), IsOkAndHolds(Optional(other)));
}

TEST_P(StoreConformanceTest, ListCustomersOrdersByPartnerThenIdAndScopesToAPartner) {
  const std::string p1 = "11111111-0000-4000-8000-000000000000";
  const std::string p2 = "22222222-0000-4000-8000-000000000000";
  Customer p2_a = MakeCustomer(p2, "0aaaaaaa-0000-4000-8000-000000000000", "P2 A");
  Customer p1_c = MakeCustomer(p1, "cccccccc-0000-4000-8000-000000000000", "P1 C");
  Customer p1_a = MakeCustomer(p1, "aaaaaaaa-0000-4000-8000-000000000000", "P1 A");
  Customer p1_b = MakeCustomer(p1, "bbbbbbbb-0000-4000-8000-000000000000", "P1 B");
  for (const Customer* customer : {&p2_a, &p1_c, &p1_a, &p1_b}) {
    ASSERT_THAT(store().PutCustomer(*customer), IsOk());
  }

  EXPECT_THAT(store().ListCustomers(p1), IsOkAndHolds(ElementsAre(p1_a, p1_b, p1_c)));
  EXPECT_THAT(store().ListCustomers(p2), IsOkAndHolds(ElementsAre(p2_a)));
  EXPECT_THAT(store().ListCustomers(""), IsOkAndHolds(ElementsAre(p1_a, p1_b, p1_c, p2_a)));
  EXPECT_THAT(store().ListCustomers(kOtherPartner), IsOkAndHolds(IsEmpty()));
}

// ---------------------------------------------------------------------------------------------
// Isolation between partners and customers

TEST_P(StoreConformanceTest, AnotherPartnersKeysNeverSeeData) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  IdempotencyKey reply = ReplyKey(cart.key, "mine");
  checkout.reply = MakeReply(reply, TestTime(), ReplyKind::kCheckout);
  ASSERT_THAT(store().Commit(checkout), IsOk());
  ASSERT_THAT(store().PutCustomer(MakeCustomer(kPartner, kCustomer)), IsOk());

  for (const char* partner : {kPartner, kOtherPartner}) {
    for (const char* customer : {kCustomer, kOtherCustomer}) {
      if (partner == kPartner && customer == kCustomer) continue;
      SCOPED_TRACE(std::string(partner) + " / " + customer);
      EXPECT_THAT(store().FindCart(CartKey{partner, customer, cart.key.cart_id}),
                  IsOkAndHolds(std::nullopt));
      EXPECT_THAT(store().FindOrder(OrderKey{partner, customer, order.key.order_id}),
                  IsOkAndHolds(std::nullopt));
      EXPECT_THAT(ListAllOrders(store(), partner, customer), IsOkAndHolds(IsEmpty()));
      IdempotencyKey other_reply = reply;
      other_reply.partner_tenant = partner;
      other_reply.customer_id = customer;
      EXPECT_THAT(store().FindReply(other_reply, TestTime() - std::chrono::hours(1)),
                  IsOkAndHolds(std::nullopt));
      EXPECT_THAT(store().FindCustomer(partner, customer), IsOkAndHolds(std::nullopt));
    }
  }
  EXPECT_THAT(store().ListCustomers(kOtherPartner), IsOkAndHolds(IsEmpty()));
}

// ---------------------------------------------------------------------------------------------
// Subscriptions and the order lifecycle

// A checkout of a new FullCart placing `orders` (each with one subscription per line).
struct PlacedCheckout {
  CartRecord cart;
  std::vector<OrderRecord> orders;
  std::vector<SubscriptionRecord> subscriptions;
};

PlacedCheckout Checkout(CartStore& store, std::vector<Timestamp> created,
                        const std::string& customer = kCustomer) {
  PlacedCheckout placed;
  placed.cart = FullCart(NewCartKey(kPartner, customer));
  EXPECT_THAT(store.Commit(CreateWrite(placed.cart)), IsOk());
  for (Timestamp when : created) {
    placed.orders.push_back(FullOrder(placed.cart.key, NewOrderKey(placed.cart.key), when));
    placed.subscriptions.push_back(FullSubscription(placed.orders.back()));
  }
  CartWrite checkout = UpdateWrite(OrderedCart(placed.cart, placed.orders));
  checkout.new_orders = placed.orders;
  checkout.new_subscriptions = placed.subscriptions;
  EXPECT_THAT(store.Commit(checkout), IsOk());
  return placed;
}

TEST_P(StoreConformanceTest, CheckoutStoresItsSubscriptionsWithTheOrders) {
  PlacedCheckout placed =
      Checkout(store(), {TestTime(std::chrono::minutes(2)), TestTime(std::chrono::minutes(1))});
  for (const SubscriptionRecord& subscription : placed.subscriptions) {
    EXPECT_THAT(store().FindSubscription(subscription.key), IsOkAndHolds(Optional(subscription)));
  }
  // Oldest first.
  EXPECT_THAT(ListAllSubscriptions(store(), kPartner, kCustomer, std::nullopt),
              IsOkAndHolds(ElementsAre(placed.subscriptions[1], placed.subscriptions[0])));
  EXPECT_THAT(ListAllSubscriptions(store(), kPartner, kCustomer, placed.orders[0].key.order_id),
              IsOkAndHolds(ElementsAre(placed.subscriptions[0])));
  EXPECT_THAT(ListAllSubscriptions(store(), kPartner, kCustomer, "0123456789ab"),
              IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(store().FindSubscription(SubscriptionKey{kPartner, kCustomer, NewGuid()}),
              IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, SubscriptionsAreKeyedByPartnerAndCustomer) {
  PlacedCheckout placed = Checkout(store(), {TestTime()});
  const SubscriptionKey& key = placed.subscriptions[0].key;
  EXPECT_THAT(
      store().FindSubscription(SubscriptionKey{kOtherPartner, kCustomer, key.subscription_id}),
      IsOkAndHolds(std::nullopt));
  EXPECT_THAT(
      store().FindSubscription(SubscriptionKey{kPartner, kOtherCustomer, key.subscription_id}),
      IsOkAndHolds(std::nullopt));
  EXPECT_THAT(ListAllSubscriptions(store(), kOtherPartner, kCustomer, std::nullopt),
              IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(ListAllSubscriptions(store(), kPartner, kOtherCustomer, std::nullopt),
              IsOkAndHolds(IsEmpty()));
}

TEST_P(StoreConformanceTest, TakenSubscriptionIdIsConflictAndNothingIsWritten) {
  PlacedCheckout first = Checkout(store(), {TestTime()});
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  SubscriptionRecord clash = FullSubscription(order);
  clash.key.subscription_id = first.subscriptions[0].key.subscription_id;
  clash.subscription.id = clash.key.subscription_id;
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  checkout.new_subscriptions = {clash};

  EXPECT_THAT(store().Commit(checkout), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart)));
  EXPECT_THAT(store().FindOrder(order.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store().FindSubscription(clash.key), IsOkAndHolds(Optional(first.subscriptions[0])));
}

TEST_P(StoreConformanceTest, ASubscriptionOutsideTheWritesOrdersIsRefused) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  SubscriptionRecord stray = FullSubscription(order);
  stray.order_id = "ffffffffffff";
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  checkout.new_subscriptions = {stray};
  EXPECT_THAT(store().Commit(checkout), StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(store().FindOrder(order.key), IsOkAndHolds(std::nullopt));
}

TEST_P(StoreConformanceTest, AnOrderChangeReplacesTheOrderAndItsSubscriptionsTogether) {
  PlacedCheckout placed = Checkout(store(), {TestTime()});
  const OrderRecord& order = placed.orders[0];
  EXPECT_EQ(order.version, 1);
  OrderChange change = ChangeOrder(order, "cancelled", placed.subscriptions, "deleted");
  ASSERT_THAT(store().CommitOrderChange(change), IsOk());

  ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> found, store().FindOrder(order.key));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->order.status, "cancelled");
  EXPECT_EQ(*found, change.order);
  EXPECT_THAT(store().FindSubscription(placed.subscriptions[0].key),
              IsOkAndHolds(Optional(change.subscriptions[0])));
  EXPECT_EQ(change.subscriptions[0].subscription.status, "deleted");
}

TEST_P(StoreConformanceTest, AStaleOrderChangeIsConflictAndChangesNothing) {
  PlacedCheckout placed = Checkout(store(), {TestTime()});
  const OrderRecord& order = placed.orders[0];
  ASSERT_THAT(store().CommitOrderChange(ChangeOrder(order, "completed", placed.subscriptions)),
              IsOk());
  OrderChange stale = ChangeOrder(order, "cancelled", placed.subscriptions, "deleted");
  EXPECT_THAT(store().CommitOrderChange(stale), StatusIs(ErrorCode::kConflict));

  ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> found, store().FindOrder(order.key));
  EXPECT_EQ(found->order.status, "completed");
  ASSERT_OK_AND_ASSIGN(std::optional<SubscriptionRecord> subscription,
                       store().FindSubscription(placed.subscriptions[0].key));
  EXPECT_EQ(subscription->subscription.status, "active");

  OrderChange unknown_order = ChangeOrder(order, "cancelled");
  unknown_order.order.key.order_id = "0123456789ab";
  EXPECT_THAT(store().CommitOrderChange(unknown_order), StatusIs(ErrorCode::kConflict));
}

TEST_P(StoreConformanceTest, AnOrderChangeNamingAMissingSubscriptionIsConflictAndChangesNothing) {
  PlacedCheckout placed = Checkout(store(), {TestTime()});
  SubscriptionRecord missing = placed.subscriptions[0];
  missing.key.subscription_id = NewGuid();
  OrderChange change =
      ChangeOrder(placed.orders[0], "cancelled", {placed.subscriptions[0], missing}, "deleted");
  EXPECT_THAT(store().CommitOrderChange(change), StatusIs(ErrorCode::kConflict));
  EXPECT_THAT(store().FindOrder(placed.orders[0].key), IsOkAndHolds(Optional(placed.orders[0])));
  EXPECT_THAT(store().FindSubscription(placed.subscriptions[0].key),
              IsOkAndHolds(Optional(placed.subscriptions[0])));

  SubscriptionRecord foreign = placed.subscriptions[0];
  foreign.order_id = "ffffffffffff";
  EXPECT_THAT(store().CommitOrderChange(ChangeOrder(placed.orders[0], "cancelled", {foreign})),
              StatusIs(ErrorCode::kInternal));
}

TEST_P(StoreConformanceTest, ListPendingOrdersListsOldPendingOrdersOfEveryCustomerOldestFirst) {
  PlacedCheckout first =
      Checkout(store(), {TestTime(std::chrono::minutes(3)), TestTime(std::chrono::minutes(1))});
  PlacedCheckout other = Checkout(store(), {TestTime(std::chrono::minutes(2))}, kOtherCustomer);
  PlacedCheckout recent = Checkout(store(), {TestTime(std::chrono::hours(1))});
  ASSERT_THAT(store().CommitOrderChange(ChangeOrder(first.orders[0], "completed")), IsOk());

  const Timestamp cutoff = TestTime(std::chrono::minutes(30));
  ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> pending, store().ListPendingOrders(cutoff, 10));
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0], first.orders[1]);
  EXPECT_EQ(pending[1], other.orders[0]);
  ASSERT_OK_AND_ASSIGN(pending, store().ListPendingOrders(cutoff, 1));
  EXPECT_THAT(pending, ElementsAre(first.orders[1]));
  EXPECT_THAT(store().ListPendingOrders(cutoff, 0), IsOkAndHolds(IsEmpty()));
}

TEST_P(StoreConformanceTest, ConcurrentChangesOfOneOrderHaveExactlyOneWinner) {
  constexpr int kThreads = 16;
  PlacedCheckout placed = Checkout(store(), {TestTime()});
  std::vector<OrderChange> changes;
  for (int i = 0; i < kThreads; ++i) {
    changes.push_back(ChangeOrder(placed.orders[0], i % 2 == 0 ? "completed" : "cancelled",
                                  placed.subscriptions, i % 2 == 0 ? "active" : "deleted"));
  }
  std::vector<Status> results = RunConcurrently(kThreads, [&](int i) {
    return store().CommitOrderChange(changes[static_cast<std::size_t>(i)]);
  });
  EXPECT_EQ(CountCode(results, ErrorCode::kOk), 1);
  EXPECT_EQ(CountCode(results, ErrorCode::kConflict), kThreads - 1);
  const auto winner =
      std::find_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); });
  ASSERT_NE(winner, results.end());
  const OrderChange& won = changes[static_cast<std::size_t>(winner - results.begin())];
  EXPECT_THAT(store().FindOrder(won.order.key), IsOkAndHolds(Optional(won.order)));
  EXPECT_THAT(store().FindSubscription(won.subscriptions[0].key),
              IsOkAndHolds(Optional(won.subscriptions[0])));
}

// ---------------------------------------------------------------------------------------------
// Health

TEST_P(StoreConformanceTest, PingAnswersOk) { EXPECT_THAT(store().Ping(), IsOk()); }

// ---------------------------------------------------------------------------------------------
// Concurrency

TEST_P(StoreConformanceTest, ConcurrentUpdatesFromOneVersionHaveExactlyOneWinner) {
  constexpr int kThreads = 32;
  CartKey key = NewCartKey(kPartner, kCustomer);
  ASSERT_THAT(store().Commit(CreateWrite(FullCart(key, 1))), IsOk());
  ASSERT_THAT(store().Commit(UpdateWrite(FullCart(key, 2))), IsOk());
  std::vector<CartRecord> attempts;
  for (int i = 0; i < kThreads; ++i) {
    attempts.push_back(SimpleCart(key, 3, TestTime(std::chrono::minutes(i + 1))));
  }

  std::vector<Status> results = RunConcurrently(
      kThreads, [&](int i) { return store().Commit(UpdateWrite(attempts[std::size_t(i)])); });

  EXPECT_EQ(CountCode(results, ErrorCode::kOk), 1);
  EXPECT_EQ(CountCode(results, ErrorCode::kConflict), kThreads - 1);
  auto winner =
      std::find_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); });
  ASSERT_NE(winner, results.end());
  EXPECT_THAT(store().FindCart(key),
              IsOkAndHolds(Optional(attempts[std::size_t(winner - results.begin())])));
}

TEST_P(StoreConformanceTest, ConcurrentCreatesWithOneReplyKeyStoreExactlyOneCart) {
  constexpr int kThreads = 16;
  IdempotencyKey key = ReplyKey(NewCartKey(kPartner, kCustomer), "one-request");
  key.method = "POST";
  key.path = "/v1/customers/" + std::string(kCustomer) + "/carts";
  std::vector<CartWrite> writes;
  for (int i = 0; i < kThreads; ++i) {
    CartWrite write = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
    write.reply = MakeReply(key, TestTime());
    writes.push_back(std::move(write));
  }

  std::vector<Status> results =
      RunConcurrently(kThreads, [&](int i) { return store().Commit(writes[std::size_t(i)]); });

  EXPECT_EQ(CountCode(results, ErrorCode::kOk), 1);
  EXPECT_EQ(CountCode(results, ErrorCode::kAlreadyExists), kThreads - 1);
  int stored = 0;
  for (int i = 0; i < kThreads; ++i) {
    const CartWrite& write = writes[std::size_t(i)];
    ASSERT_OK_AND_ASSIGN(std::optional<CartRecord> found, store().FindCart(write.cart.key));
    EXPECT_EQ(found.has_value(), results[std::size_t(i)].ok()) << i;
    if (found.has_value()) {
      ++stored;
      EXPECT_THAT(store().FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(write))));
    }
  }
  EXPECT_EQ(stored, 1);
}

TEST_P(StoreConformanceTest, ConcurrentCreatesOfDistinctCartsAllSucceed) {
  constexpr int kThreads = 64;
  std::vector<CartRecord> carts;
  for (int i = 0; i < kThreads; ++i) carts.push_back(FullCart(NewCartKey(kPartner, kCustomer)));

  std::vector<Status> results = RunConcurrently(
      kThreads, [&](int i) { return store().Commit(CreateWrite(carts[std::size_t(i)])); });

  EXPECT_EQ(CountCode(results, ErrorCode::kOk), kThreads);
  for (const CartRecord& cart : carts) {
    EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(cart))) << cart.key.cart_id;
  }
}

TEST_P(StoreConformanceTest, ConcurrentCheckoutsOfOneCartPlaceOneSetOfOrdersAndSubscriptions) {
  constexpr int kThreads = 8;
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store().Commit(CreateWrite(cart)), IsOk());
  std::vector<CartWrite> checkouts;
  for (int i = 0; i < kThreads; ++i) {
    std::vector<OrderRecord> orders = {
        FullOrder(cart.key, NewOrderKey(cart.key), TestTime(std::chrono::seconds(i))),
        FullOrder(cart.key, NewOrderKey(cart.key), TestTime(std::chrono::seconds(i) + Ticks(1)))};
    CartWrite checkout = UpdateWrite(OrderedCart(cart, orders));
    checkout.new_orders = orders;
    checkout.new_subscriptions = {FullSubscription(orders[0]), FullSubscription(orders[1])};
    checkouts.push_back(std::move(checkout));
  }

  std::vector<Status> results =
      RunConcurrently(kThreads, [&](int i) { return store().Commit(checkouts[std::size_t(i)]); });

  EXPECT_EQ(CountCode(results, ErrorCode::kOk), 1);
  EXPECT_EQ(CountCode(results, ErrorCode::kConflict), kThreads - 1);
  auto winner =
      std::find_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); });
  ASSERT_NE(winner, results.end());
  const CartWrite& won = checkouts[std::size_t(winner - results.begin())];
  EXPECT_THAT(ListAllOrders(store(), kPartner, kCustomer),
              IsOkAndHolds(ElementsAre(won.new_orders[0], won.new_orders[1])));
  EXPECT_THAT(ListAllSubscriptions(store(), kPartner, kCustomer, std::nullopt),
              IsOkAndHolds(ElementsAre(won.new_subscriptions[0], won.new_subscriptions[1])));
  EXPECT_THAT(store().FindCart(cart.key), IsOkAndHolds(Optional(won.cart)));
}

}  // namespace
}  // namespace cartd::test
