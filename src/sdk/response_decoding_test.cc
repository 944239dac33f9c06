#include "sdk/response_decoding.h"

#include <gtest/gtest.h>

#include "partnercenter/json.h"

namespace partnercenter::internal {
namespace {

HttpResponse Answer(int status, std::string body, HeaderFields headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

const auto kNow = std::chrono::system_clock::from_time_t(1'700'000'000);

TEST(ErrorFromAnswerTest, ReadsThePartnerCenterFault) {
  const Error error = ErrorFromAnswer(
      Answer(404, R"({"code":800008,"description":"Unable to retrieve cart Id","data":[],)"
                  R"("source":"PartnerFD"})"),
      kNow);
  EXPECT_EQ(error.kind, ErrorKind::kHttp);
  EXPECT_EQ(error.http_status, 404);
  EXPECT_EQ(error.code, 800008);
  EXPECT_EQ(error.description, "Unable to retrieve cart Id");
  EXPECT_TRUE(error.line_errors.empty());
  EXPECT_EQ(error.retry_after_seconds, std::nullopt);
  EXPECT_EQ(error.ToString(), "Unable to retrieve cart Id (800008)");
}

TEST(ErrorFromAnswerTest, AcceptsTheCodeAsAString) {
  const Error error =
      ErrorFromAnswer(Answer(403, R"({"code":"20002","description":"Not your customer"})"), kNow);
  EXPECT_EQ(error.code, 20002);
  EXPECT_EQ(error.description, "Not your customer");
}

TEST(ErrorFromAnswerTest, ListsLineErrorsAndSkipsOtherData) {
  const Error error = ErrorFromAnswer(
      Answer(400, R"({"code":800009,"description":"Error in Cart item(s).","data":[)"
                  R"({"id":0,"error":{"errorCode":10001,"errorDescription":"Unknown item"}},)"
                  R"("a string",{"currentETag":"\"3\""},{"id":4},)"
                  R"({"id":2,"error":{"errorCode":10015,"errorDescription":"Too many"}}]})"),
      kNow);
  EXPECT_EQ(error.code, 800009);
  ASSERT_EQ(error.line_errors.size(), 2u);
  EXPECT_EQ(error.line_errors[0], (LineError{0, 10001, "Unknown item"}));
  EXPECT_EQ(error.line_errors[1], (LineError{2, 10015, "Too many"}));
}

TEST(ErrorFromAnswerTest, ReadsTheGatewayThrottlingBodyAndRetryAfter) {
  const Error error = ErrorFromAnswer(
      Answer(429,
             R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."})",
             {{"retry-after", "57"}}),
      kNow);
  EXPECT_EQ(error.http_status, 429);
  EXPECT_EQ(error.code, 0);
  EXPECT_EQ(error.description, "Rate limit is exceeded. Try again in 57 seconds.");
  EXPECT_EQ(error.retry_after_seconds, 57);
  EXPECT_EQ(error.ToString(), "Rate limit is exceeded. Try again in 57 seconds.");
}

TEST(ErrorFromAnswerTest, FallsBackToTheStatusForOtherBodies) {
  EXPECT_EQ(ErrorFromAnswer(Answer(502, ""), kNow).description, "HTTP 502");
  EXPECT_EQ(ErrorFromAnswer(Answer(502, "<html>Bad Gateway</html>"), kNow).description, "HTTP 502");
  EXPECT_EQ(ErrorFromAnswer(Answer(500, R"({"unrelated":true})"), kNow).description, "HTTP 500");
  EXPECT_EQ(ErrorFromAnswer(Answer(503, "", {{"Retry-After", "soon"}}), kNow).retry_after_seconds,
            std::nullopt);
}

TEST(ErrorFromFailureTest, ClassifiesTransportFailures) {
  TransportResult timeout{TransportFailure::kTimeout, "Operation timed out", {}};
  Error error = ErrorFromFailure(timeout, "http://127.0.0.1:9", std::chrono::milliseconds(250));
  EXPECT_EQ(error.kind, ErrorKind::kTimeout);
  EXPECT_EQ(error.http_status, 0);
  EXPECT_EQ(error.description, "No answer from http://127.0.0.1:9 within 250 ms");

  TransportResult refused{TransportFailure::kConnect, "Connection refused", {}};
  error = ErrorFromFailure(refused, "http://127.0.0.1:9", std::chrono::milliseconds(250));
  EXPECT_EQ(error.kind, ErrorKind::kNetwork);
  EXPECT_EQ(error.description, "Cannot connect to http://127.0.0.1:9: Connection refused");

  TransportResult large{TransportFailure::kResponseTooLarge, "over 10 bytes", {}};
  EXPECT_EQ(ErrorFromFailure(large, "http://h", std::chrono::milliseconds(1)).kind,
            ErrorKind::kInvalidResponse);
  TransportResult tls{TransportFailure::kTls, "certificate verify failed", {}};
  EXPECT_EQ(ErrorFromFailure(tls, "https://h", std::chrono::milliseconds(1)).kind,
            ErrorKind::kNetwork);
}

TEST(DecodeAnswerTest, DecodesTheBody) {
  Result<Cart> cart = DecodeAnswer<Cart>(
      Answer(200, R"({"id":"c","lineItems":[{"id":0,"quantity":3}]})"), ParseCart);
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  EXPECT_EQ(cart->id, "c");
  ASSERT_EQ(cart->line_items.size(), 1u);
  EXPECT_EQ(cart->line_items[0].quantity, 3);
}

TEST(DecodeAnswerTest, RefusesEmptyAndMalformedBodies) {
  Result<Cart> empty = DecodeAnswer<Cart>(Answer(201, ""), ParseCart);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalidResponse);
  EXPECT_EQ(empty.error().http_status, 201);
  EXPECT_EQ(empty.error().description,
            "The service answered HTTP 201 with an empty body where the contract has a JSON "
            "object");

  Result<Cart> malformed = DecodeAnswer<Cart>(Answer(200, "{\"id\":"), ParseCart);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().kind, ErrorKind::kInvalidResponse);
  EXPECT_EQ(malformed.error().http_status, 200);
  EXPECT_EQ(malformed.error().description.rfind("The service's answer is not the contract's JSON: "
                                                "Invalid JSON",
                                                0),
            0u)
      << malformed.error().description;
}

TEST(HttpResponseTest, FindsHeadersIgnoringCase) {
  const HttpResponse response = Answer(200, "", {{"ETag", "\"1\""}, {"etag", "\"2\""}});
  EXPECT_EQ(response.Header("etag"), "\"1\"");
  EXPECT_EQ(response.Header("ETAG"), "\"1\"");
  EXPECT_EQ(response.Header("MS-RequestId"), "");
}

}  // namespace
}  // namespace partnercenter::internal
