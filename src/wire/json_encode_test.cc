#include <gtest/gtest.h>

#include <string>

#include "partnercenter/json.h"
#include "tests/testing/contract_samples.h"

namespace partnercenter {
namespace {

using test::FullApiFault;
using test::FullApiFaultJson;
using test::FullCart;
using test::FullCartJson;
using test::FullCheckoutResult;
using test::FullCheckoutResultJson;
using test::FullOrder;
using test::FullOrderCollection;
using test::FullOrderCollectionJson;
using test::FullOrderJson;

TEST(ToJsonTest, FullyPopulatedCart) { EXPECT_EQ(ToJson(FullCart()), FullCartJson()); }

TEST(ToJsonTest, FullyPopulatedOrder) { EXPECT_EQ(ToJson(FullOrder()), FullOrderJson()); }

TEST(ToJsonTest, FullyPopulatedCheckoutResult) {
  EXPECT_EQ(ToJson(FullCheckoutResult()), FullCheckoutResultJson());
}

TEST(ToJsonTest, FullyPopulatedOrderCollection) {
  EXPECT_EQ(ToJson(FullOrderCollection()), FullOrderCollectionJson());
}

TEST(ToJsonTest, FullyPopulatedApiFault) { EXPECT_EQ(ToJson(FullApiFault()), FullApiFaultJson()); }

TEST(ToJsonTest, EmptyValuesKeepOnlyTheirRequiredMembers) {
  EXPECT_EQ(ToJson(Cart{}), R"({"lineItems":[]})");
  EXPECT_EQ(ToJson(CartLineItem{}), R"({"quantity":0})");
  EXPECT_EQ(ToJson(Order{}), R"({"id":"","lineItems":[]})");
  EXPECT_EQ(ToJson(CartCheckoutResult{}), R"({"orders":[],"orderErrors":[]})");
  EXPECT_EQ(ToJson(OrderCollection{}), R"({"totalCount":0,"items":[]})");
  EXPECT_EQ(ToJson(ApiFault{}), R"({"code":0,"description":"","data":[]})");
}

TEST(ToJsonTest, EngagedEmptyContainersAreKept) {
  CartLineItem line;
  line.participants = std::vector<Participant>{};
  line.provisioning_context = StringPairs{};
  line.addon_items = std::vector<CartLineItem>{};
  line.renews_to = RenewsTo{};
  EXPECT_EQ(ToJson(line),
            R"({"quantity":0,"renewsTo":{},"participants":[],"provisioningContext":{},)"
            R"("addonItems":[]})");
  Cart cart;
  cart.links = StandardLinks{};
  cart.attributes = ResourceAttributes{};
  EXPECT_EQ(ToJson(cart), R"({"lineItems":[],"links":{},"attributes":{}})");
}

TEST(ToJsonTest, ProvisioningContextKeysAreCamelCasedAndValuesUntouched) {
  CartLineItem line;
  line.provisioning_context = StringPairs{{"SubscriptionId", "3D5ECED6-1151"},
                                          {"Scope", "Shared"},
                                          {"ID", "ABC"},
                                          {"URLValue", "Http://X"},
                                          {"quote\"Key", "v\n"}};
  EXPECT_EQ(ToJson(line),
            R"({"quantity":0,"provisioningContext":{"subscriptionId":"3D5ECED6-1151",)"
            R"("scope":"Shared","id":"ABC","urlValue":"Http://X",)"
            R"("quote\"Key":"v\u000a"}})");
}

TEST(ToJsonTest, EnumsInWireSpelling) {
  CartLineItem line;
  line.billing_cycle = BillingCycle::kOneTime;
  line.participants =
      std::vector<Participant>{{ParticipantType::kAdditionalTransactionReseller, "1"}};
  EXPECT_EQ(ToJson(line), R"({"quantity":0,"billingCycle":"one_time","participants":)"
                          R"([{"key":"additional_transaction_reseller","value":"1"}]})");
  Cart cart;
  cart.status = CartStatus::kActive;
  EXPECT_EQ(ToJson(cart), R"({"status":"Active","lineItems":[]})");
}

TEST(ToJsonTest, TimestampsOfYearOne) {
  Cart cart;
  cart.expiration_timestamp = ParseTimestamp("0001-01-01T00:00:00");
  EXPECT_EQ(ToJson(cart),
            R"({"expirationTimestamp":"0001-01-01T00:00:00.0000000Z","lineItems":[]})");
}

TEST(ToJsonTest, InvalidUtf8InDataIsReplaced) {
  CartLineItem line;
  line.friendly_name = "caf\xE9";
  EXPECT_EQ(ToJson(line), "{\"friendlyName\":\"caf\xEF\xBF\xBD\",\"quantity\":0}");
}

TEST(RoundTripTest, Cart) {
  Result<Cart> read = ParseCart(ToJson(FullCart()));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullCart());
}

TEST(RoundTripTest, CartLineItem) {
  const CartLineItem line = FullCart().line_items[0];
  Result<CartLineItem> read = ParseCartLineItem(ToJson(line));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, line);
}

TEST(RoundTripTest, Order) {
  Result<Order> read = ParseOrder(ToJson(FullOrder()));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullOrder());
}

TEST(RoundTripTest, CheckoutResult) {
  Result<CartCheckoutResult> read = ParseCartCheckoutResult(ToJson(FullCheckoutResult()));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullCheckoutResult());
}

TEST(RoundTripTest, OrderCollection) {
  Result<OrderCollection> read = ParseOrderCollection(ToJson(FullOrderCollection()));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullOrderCollection());
}

TEST(RoundTripTest, ApiFault) {
  Result<ApiFault> read = ParseApiFault(ToJson(FullApiFault()));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, FullApiFault());
}

TEST(RoundTripTest, DoublesSurviveExactly) {
  Order order;
  order.total_price = 0.1 + 0.2;
  order.line_items = {OrderLineItem{}};
  order.line_items[0].pricing = Pricing{.list_price = 1e23,
                                        .discounted_price = 5e-324,
                                        .prorated_price = -0.0,
                                        .price = 123456789.12345679,
                                        .extended_price = 1.7976931348623157e308};
  Result<Order> read = ParseOrder(ToJson(order));
  ASSERT_TRUE(read.ok()) << read.error().description;
  EXPECT_EQ(*read, order);
}

TEST(CamelCaseKeyTest, FollowsNewtonsoft) {
  EXPECT_EQ(CamelCaseKey("SubscriptionId"), "subscriptionId");
  EXPECT_EQ(CamelCaseKey("subscriptionId"), "subscriptionId");
  EXPECT_EQ(CamelCaseKey("ID"), "id");
  EXPECT_EQ(CamelCaseKey("URLValue"), "urlValue");
  EXPECT_EQ(CamelCaseKey("Scope"), "scope");
  EXPECT_EQ(CamelCaseKey("S"), "s");
  EXPECT_EQ(CamelCaseKey(""), "");
  EXPECT_EQ(CamelCaseKey("ABC"), "abc");
  EXPECT_EQ(CamelCaseKey("IPAddress"), "ipAddress");
  EXPECT_EQ(CamelCaseKey("Parent_SubscriptionId"), "parent_SubscriptionId");
  EXPECT_EQ(CamelCaseKey("FOO bar"), "foo bar");
  EXPECT_EQ(CamelCaseKey("A1b"), "a1b");
  EXPECT_EQ(CamelCaseKey("AB1"), "aB1");
  EXPECT_EQ(CamelCaseKey("_Id"), "_Id");
  EXPECT_EQ(CamelCaseKey("1Year"), "1Year");
  EXPECT_EQ(CamelCaseKey("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");
}

}  // namespace
}  // namespace partnercenter
