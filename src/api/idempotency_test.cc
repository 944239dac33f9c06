#include "api/idempotency.h"

#include <gtest/gtest.h>

#include "partnercenter/json.h"

namespace cartd::api {
namespace {

http::Request MakeRequest(std::string request_id, std::string body) {
  http::Request request;
  request.method = "POST";
  request.path = "/v1/customers/c/carts";
  request.body = std::move(body);
  if (!request_id.empty()) request.headers.Add("MS-RequestId", std::move(request_id));
  return request;
}

TEST(IdempotencyTest, NoRequestIdMeansNoIdempotency) {
  EXPECT_EQ(IdempotencyKeyFor(MakeRequest("", "{}"), "p", "c"), std::nullopt);
}

TEST(IdempotencyTest, TheKeyCoversPartnerRequestIdMethodPathAndBody) {
  const auto key = IdempotencyKeyFor(MakeRequest("r-1", "{}"), "p", "c");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->partner_tenant, "p");
  EXPECT_EQ(key->customer_id, "c");
  EXPECT_EQ(key->request_id, "r-1");
  EXPECT_EQ(key->method, "POST");
  EXPECT_EQ(key->path, "/v1/customers/c/carts");
  EXPECT_EQ(key->body_digest,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");  // SHA-256("{}")
  EXPECT_NE(IdempotencyKeyFor(MakeRequest("r-1", "{ }"), "p", "c"), key);
}

TEST(IdempotencyTest, ACartReplyReplaysAs201WithTheCartItsVersionAndLinks) {
  StoredReply reply;
  reply.cart_version = 4;
  reply.cart.id = "8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b";
  reply.cart.status = partnercenter::CartStatus::kActive;
  IdempotencyKey key;
  key.partner_tenant = "p";
  key.customer_id = "c";
  key.request_id = "r";

  const http::Response response = ReplayResponse(reply, key);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.headers.Get("ETag"), "\"4\"");
  EXPECT_EQ(response.headers.Get("Idempotent-Replayed"), "true");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
  const partnercenter::Result<partnercenter::Cart> cart = partnercenter::ParseCart(response.body);
  ASSERT_TRUE(cart.ok()) << response.body;
  EXPECT_EQ(cart->id, reply.cart.id);
  ASSERT_TRUE(cart->links && cart->links->self);
  EXPECT_EQ(cart->links->self->uri, "/customers/c/carts/8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b");
  EXPECT_EQ(cart->attributes->object_type, "Cart");
}

TEST(IdempotencyTest, ACheckoutReplyReplaysAs201WithTheRenderedResult) {
  StoredReply reply;
  reply.kind = ReplyKind::kCheckout;
  reply.cart_version = 2;
  partnercenter::Order order;
  order.id = "a1b2c3d4e5f6";
  reply.checkout_result.orders.push_back(order);
  IdempotencyKey key;
  key.partner_tenant = "p";
  key.customer_id = "c";
  key.request_id = "r";

  const http::Response response = ReplayResponse(reply, key);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(response.headers.Get("Idempotent-Replayed"), "true");
  const auto result = partnercenter::ParseCartCheckoutResult(response.body);
  ASSERT_TRUE(result.ok()) << response.body;
  EXPECT_EQ(result->attributes->object_type, "CartCheckoutResult");
  ASSERT_EQ(result->orders.size(), 1u);
  ASSERT_TRUE(result->orders[0].links && result->orders[0].links->self);
  EXPECT_EQ(result->orders[0].links->self->uri, "/customers/c/orders/a1b2c3d4e5f6");
}

}  // namespace
}  // namespace cartd::api
