#include "storage/common/reply_payload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "storage/common/encoded_write.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::storage {
namespace {

using test::CreateWrite;
using test::ExpectedReply;
using test::FullCart;
using test::FullOrder;
using test::IsOk;
using test::IsOkAndHolds;
using test::MakeReply;
using test::NewCartKey;
using test::NewOrderKey;
using test::OrderedCart;
using test::ReplyKey;
using test::StatusIs;
using test::TestTime;
using test::UpdateWrite;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";

std::string PayloadOf(const CartWrite& write) {
  std::optional<EncodedWrite> encoded;
  EXPECT_THAT(EncodeWrite(write, encoded), IsOk());
  return encoded && encoded->reply_payload ? *encoded->reply_payload : "";
}

TEST(ReplyPayloadTest, CartReplyRoundTripsWithItsVersion) {
  CartWrite write = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  write.reply = MakeReply(ReplyKey(write.cart.key, "r"), TestTime());
  const std::string payload = PayloadOf(write);
  EXPECT_TRUE(payload.starts_with("cartd-reply/2\ncart\n1\n{")) << payload;
  EXPECT_THAT(DecodeReplyPayload(payload), IsOkAndHolds(ExpectedReply(write)));
}

TEST(ReplyPayloadTest, CheckoutReplyRoundTripsWithItsResult) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  CartWrite write = UpdateWrite(OrderedCart(cart, {order}));
  write.new_orders = {order};
  write.reply = MakeReply(ReplyKey(cart.key, "c"), TestTime(), ReplyKind::kCheckout);
  const std::string payload = PayloadOf(write);
  EXPECT_TRUE(payload.starts_with("cartd-reply/2\ncheckout\n2\n{")) << payload;
  EXPECT_THAT(DecodeReplyPayload(payload), IsOkAndHolds(ExpectedReply(write)));
}

// What cartd 0.1 stored: the rendered answer. It still replays after an upgrade.
TEST(ReplyPayloadTest, Format1CartAnswerIsReadWithoutItsRendering) {
  const std::string payload =
      "201\nContent-Type: application/json; charset=utf-8\nETag: \"3\"\n\n"
      R"({"id":"8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b","status":"Active","lineItems":[)"
      R"({"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":5,)"
      R"("billingCycle":"monthly"}],"links":{"self":{"uri":"/customers/c/carts/x",)"
      R"("method":"GET","headers":[]}},"attributes":{"objectType":"Cart"}})";
  ASSERT_OK_AND_ASSIGN(StoredReply reply, DecodeReplyPayload(payload));
  EXPECT_EQ(reply.kind, ReplyKind::kCart);
  EXPECT_EQ(reply.cart_version, 3);
  EXPECT_EQ(reply.cart.id, "8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b");
  ASSERT_EQ(reply.cart.line_items.size(), 1u);
  EXPECT_EQ(reply.cart.line_items[0].quantity, 5);
  EXPECT_FALSE(reply.cart.links.has_value());
  EXPECT_FALSE(reply.cart.attributes.has_value());
}

TEST(ReplyPayloadTest, Format1CheckoutAnswerIsReadWithoutItsRendering) {
  const std::string payload =
      "201\nContent-Type: application/json; charset=utf-8\nETag: \"2\"\n\n"
      R"({"orders":[{"id":"a1b2c3d4e5f6","lineItems":[{"lineItemNumber":0,"offerId":"X:1:Y",)"
      R"("quantity":1,"links":{"sku":{"uri":"/products/X/skus/1?country=US","method":"GET",)"
      R"("headers":[]}}}],"status":"pending","links":{"self":{"uri":"/customers/c/orders/)"
      R"(a1b2c3d4e5f6","method":"GET","headers":[]}},"attributes":{"objectType":"Order"}}],)"
      R"("orderErrors":[],"attributes":{"objectType":"CartCheckoutResult"}})";
  ASSERT_OK_AND_ASSIGN(StoredReply reply, DecodeReplyPayload(payload));
  EXPECT_EQ(reply.kind, ReplyKind::kCheckout);
  EXPECT_EQ(reply.cart_version, 2);
  ASSERT_EQ(reply.checkout_result.orders.size(), 1u);
  EXPECT_EQ(reply.checkout_result.orders[0].id, "a1b2c3d4e5f6");
  EXPECT_FALSE(reply.checkout_result.orders[0].links.has_value());
  EXPECT_FALSE(reply.checkout_result.orders[0].line_items[0].links.has_value());
  EXPECT_FALSE(reply.checkout_result.attributes.has_value());
}

TEST(ReplyPayloadTest, PayloadOfNeitherFormatIsInternal) {
  EXPECT_THAT(DecodeReplyPayload(""), StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(DecodeReplyPayload("cartd-reply/2\nbasket\n1\n{}"), StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(DecodeReplyPayload("cartd-reply/2\ncart\nx\n{}"), StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(DecodeReplyPayload("201\nContent-Type: application/json\n\n{}"),
              StatusIs(ErrorCode::kInternal));
}

}  // namespace
}  // namespace cartd::storage
