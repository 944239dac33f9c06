#include "api/replies.h"

#include <gtest/gtest.h>

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

TEST(RepliesTest, NoRequestIdMeansNoIdempotency) {
  EXPECT_EQ(IdempotencyKeyFor(MakeRequest("", "{}"), "p", "c"), std::nullopt);
}

TEST(RepliesTest, TheKeyCoversPartnerRequestIdMethodPathAndBody) {
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

TEST(RepliesTest, EncodeDecodeRoundTripsStatusReplayedHeadersAndBody) {
  http::Response response;
  response.status = 201;
  response.headers.Add("Content-Type", "application/json; charset=utf-8");
  response.headers.Add("ETag", "\"1\"");
  response.headers.Add("MS-RequestId", "not replayed");
  response.body = "{\"id\":\"x\"}\n\nwith blank lines";
  const auto decoded = DecodeReply(EncodeReply(response));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->status, 201);
  EXPECT_EQ(decoded->headers.Get("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(decoded->headers.Get("ETag"), "\"1\"");
  EXPECT_FALSE(decoded->headers.Has("MS-RequestId"));
  EXPECT_EQ(decoded->body, response.body);
}

TEST(RepliesTest, DecodeRefusesWhatEncodeDidNotWrite) {
  EXPECT_EQ(DecodeReply(""), std::nullopt);
  EXPECT_EQ(DecodeReply("abc\n\n"), std::nullopt);
  EXPECT_EQ(DecodeReply("201\nno-colon-here\n\n"), std::nullopt);
  EXPECT_EQ(DecodeReply("201\nETag: x\n"), std::nullopt);
}

}  // namespace
}  // namespace cartd::api
