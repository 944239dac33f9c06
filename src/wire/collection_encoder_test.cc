// CollectionEncoder (partnercenter/json.h): a collection written an item at a time is byte for
// byte what ToJson writes of the whole collection.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "tests/testing/contract_samples.h"

namespace partnercenter {
namespace {

// `collection` written by a CollectionEncoder, after `prefix`.
template <typename T>
std::string Encoded(const ResourceCollection<T>& collection, const std::string& prefix = "") {
  std::string out = prefix;
  CollectionEncoder<T> encoder(out);
  for (const T& item : collection.items) encoder.Add(item);
  EXPECT_EQ(encoder.count(), static_cast<int>(collection.items.size()));
  encoder.Finish(collection.links, collection.attributes);
  return out;
}

// `count` orders, each a little different, so that a misplaced one would show.
OrderCollection Orders(int count) {
  OrderCollection collection = test::FullOrderCollection();
  const Order sample = test::FullOrder();
  collection.items.clear();
  for (int i = 0; i < count; ++i) {
    Order order = sample;
    order.id = "order-" + std::to_string(i);
    // Text that needs escaping, and text that is not UTF-8.
    order.line_items.at(0).friendly_name = "line \"" + std::to_string(i) + "\"\n\xFF";
    collection.items.push_back(order);
  }
  collection.total_count = count;
  return collection;
}

SubscriptionCollection Subscriptions(int count) {
  SubscriptionCollection collection;
  for (int i = 0; i < count; ++i) {
    Subscription subscription;
    subscription.id = "subscription-" + std::to_string(i);
    subscription.offer_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
    subscription.quantity = i;
    subscription.creation_date = test::SampleTime(i);
    subscription.status = i % 2 == 0 ? "active" : "pending";
    subscription.links = SubscriptionLinks{};
    subscription.links->self = Link{.uri = "/customers/c/subscriptions/" + subscription.id,
                                    .method = "GET",
                                    .headers = {},
                                    .body = {}};
    subscription.attributes = ResourceAttributes{.etag = {}, .object_type = "Subscription"};
    collection.items.push_back(subscription);
  }
  collection.total_count = count;
  collection.links = StandardLinks{.self = Link{.uri = "/customers/c/subscriptions?order_id=o",
                                                .method = "GET",
                                                .headers = {},
                                                .body = {}}};
  collection.attributes = ResourceAttributes{.etag = {}, .object_type = "Collection"};
  return collection;
}

TEST(CollectionEncoderTest, TheFullSampleIsWrittenAsToJsonWritesIt) {
  EXPECT_EQ(Encoded(test::FullOrderCollection()), test::FullOrderCollectionJson());
}

TEST(CollectionEncoderTest, EveryCountOfItemsIsWrittenAsToJsonWritesIt) {
  // 0 to 12 items: totalCount of one and two digits, and none at all.
  for (int count = 0; count <= 12; ++count) {
    SCOPED_TRACE(count);
    const OrderCollection orders = Orders(count);
    EXPECT_EQ(Encoded(orders), ToJson(orders));
    const SubscriptionCollection subscriptions = Subscriptions(count);
    EXPECT_EQ(Encoded(subscriptions), ToJson(subscriptions));
  }
  const OrderCollection many = Orders(1234);
  EXPECT_EQ(Encoded(many), ToJson(many));
}

TEST(CollectionEncoderTest, ACollectionWithoutLinksOrAttributesOmitsThem) {
  EXPECT_EQ(Encoded(OrderCollection{}), R"({"totalCount":0,"items":[]})");
  OrderCollection orders = Orders(3);
  orders.links.reset();
  EXPECT_EQ(Encoded(orders), ToJson(orders));
  orders.attributes.reset();
  EXPECT_EQ(Encoded(orders), ToJson(orders));
}

TEST(CollectionEncoderTest, WhatTheStringHeldBeforeIsKept) {
  const SubscriptionCollection subscriptions = Subscriptions(3);
  EXPECT_EQ(Encoded(subscriptions, "[1,"), "[1," + ToJson(subscriptions));
}

}  // namespace
}  // namespace partnercenter
