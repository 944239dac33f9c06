#include "sdk/response_decoding.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// GET .../orders/{id}/provisioningstatus as the get-order-provisioning-status page shows it
// (with "orderLineItemId", which no model has), and a second line partly provisioned.
TEST(DecodeAnswerTest, DecodesAProvisioningStatusCollection) {
  Result<ProvisioningStatusCollection> status = DecodeAnswer<ProvisioningStatusCollection>(
      Answer(200, R"({"totalCount":2,"items":[)"
                  R"({"orderLineItemId":0,"lineItemNumber":0,"status":"fulfilled",)"
                  R"("quantityProvisioningInformation":)"
                  R"([{"quantity":3,"status":"fulfilled"}]},)"
                  R"({"lineItemNumber":1,"status":"prefulfillmentpending",)"
                  R"("quantityProvisioningInformation":[{"quantity":1,"status":"fulfilled"},)"
                  R"({"quantity":4,"status":"prefulfillmentpending"}]}],)"
                  R"("attributes":{"objectType":"Collection"}})"),
      ParseProvisioningStatusCollection);
  ASSERT_TRUE(status.ok()) << status.error().description;
  EXPECT_EQ(status->total_count, 2);
  ASSERT_EQ(status->items.size(), 2u);
  EXPECT_EQ(status->items[0].line_item_number, 0);
  EXPECT_EQ(status->items[0].status, "fulfilled");
  EXPECT_EQ(status->items[0].quantity_provisioning_information,
            (std::vector<QuantityProvisioningStatus>{{3, "fulfilled"}}));
  EXPECT_EQ(status->items[1].line_item_number, 1);
  EXPECT_EQ(status->items[1].status, "prefulfillmentpending");
  EXPECT_EQ(
      status->items[1].quantity_provisioning_information,
      (std::vector<QuantityProvisioningStatus>{{1, "fulfilled"}, {4, "prefulfillmentpending"}}));
  ASSERT_TRUE(status->attributes.has_value());
  EXPECT_EQ(status->attributes->object_type, "Collection");
}

// A subscription as Partner Center's get-a-subscription-by-id page shows it, members this SDK
// does not model (refundOptions, attentionNeeded, actionTaken) included.
constexpr char kSubscriptionJson[] =
    R"({"id":"a4c1340d-6911-4758-bba3-0c4c6007d161",)"
    R"("entitlementId":"11a0d2bb-d1a3-4bba-a5fe-a4a1e3edfe4e",)"
    R"("offerId":"CFQ7TTC0LH18:0001:CFQ7TTC0K971","offerName":"Microsoft 365 Business Basic",)"
    R"("friendlyName":"Basic for sales","quantity":5,"unitType":"Licenses",)"
    R"("hasPurchasableAddons":true,"creationDate":"2021-01-14T16:57:15.0966728Z",)"
    R"("effectiveStartDate":"2021-01-14T00:00:00Z","commitmentEndDate":"2022-01-13T00:00:00Z",)"
    R"("status":"active","autoRenewEnabled":true,"isTrial":false,"billingType":"license",)"
    R"("billingCycle":"monthly","termDuration":"P1Y","renewalTermDuration":"",)"
    R"("refundOptions":[{"type":"Full","expiresAt":"2021-01-21T16:57:14Z"}],)"
    R"("isMicrosoftProduct":true,"partnerId":"","attentionNeeded":false,"actionTaken":false,)"
    R"("contractType":"subscription","orderId":"34b37d7340dd",)"
    R"("links":{"self":{"uri":"/customers/c/subscriptions/a4c1340d-6911-4758-bba3-0c4c6007d161",)"
    R"("method":"GET","headers":[]}},)"
    R"("attributes":{"etag":"eyJpZCI6ImE0YzEzNDBkIn0=","objectType":"Subscription"}})";

void ExpectTheDocumentedSubscription(const Subscription& subscription) {
  EXPECT_EQ(subscription.id, "a4c1340d-6911-4758-bba3-0c4c6007d161");
  EXPECT_EQ(subscription.entitlement_id, "11a0d2bb-d1a3-4bba-a5fe-a4a1e3edfe4e");
  EXPECT_EQ(subscription.offer_id, "CFQ7TTC0LH18:0001:CFQ7TTC0K971");
  EXPECT_EQ(subscription.offer_name, "Microsoft 365 Business Basic");
  EXPECT_EQ(subscription.friendly_name, "Basic for sales");
  EXPECT_EQ(subscription.quantity, 5);
  EXPECT_EQ(subscription.unit_type, "Licenses");
  EXPECT_EQ(subscription.has_purchasable_addons, true);
  EXPECT_EQ(subscription.creation_date, ParseTimestamp("2021-01-14T16:57:15.0966728Z"));
  EXPECT_EQ(subscription.commitment_end_date, ParseTimestamp("2022-01-13T00:00:00Z"));
  EXPECT_EQ(subscription.status, "active");
  EXPECT_EQ(subscription.auto_renew_enabled, true);
  EXPECT_EQ(subscription.is_trial, false);
  EXPECT_EQ(subscription.billing_type, "license");
  EXPECT_EQ(subscription.billing_cycle, BillingCycle::kMonthly);
  EXPECT_EQ(subscription.term_duration, "P1Y");
  EXPECT_EQ(subscription.renewal_term_duration, "");
  EXPECT_EQ(subscription.contract_type, "subscription");
  EXPECT_EQ(subscription.order_id, "34b37d7340dd");
  ASSERT_TRUE(subscription.links.has_value());
  ASSERT_TRUE(subscription.links->self.has_value());
  EXPECT_EQ(subscription.links->self->uri,
            "/customers/c/subscriptions/a4c1340d-6911-4758-bba3-0c4c6007d161");
  ASSERT_TRUE(subscription.attributes.has_value());
  EXPECT_EQ(subscription.attributes->object_type, "Subscription");
}

TEST(DecodeAnswerTest, DecodesADocumentedSubscription) {
  Result<Subscription> subscription =
      DecodeAnswer<Subscription>(Answer(200, kSubscriptionJson), ParseSubscription);
  ASSERT_TRUE(subscription.ok()) << subscription.error().description;
  ExpectTheDocumentedSubscription(*subscription);
}

TEST(DecodeAnswerTest, DecodesASubscriptionCollection) {
  Result<SubscriptionCollection> subscriptions = DecodeAnswer<SubscriptionCollection>(
      Answer(200, std::string(R"({"totalCount":1,"items":[)") + kSubscriptionJson +
                      R"(],"links":{"self":{"uri":"/customers/c/subscriptions?order_id=)"
                      R"(34b37d7340dd","method":"GET","headers":[]}},)"
                      R"("attributes":{"objectType":"Collection"}})"),
      ParseSubscriptionCollection);
  ASSERT_TRUE(subscriptions.ok()) << subscriptions.error().description;
  EXPECT_EQ(subscriptions->total_count, 1);
  ASSERT_EQ(subscriptions->items.size(), 1u);
  ExpectTheDocumentedSubscription(subscriptions->items[0]);
  ASSERT_TRUE(subscriptions->links.has_value());
  EXPECT_EQ(subscriptions->links->self->uri, "/customers/c/subscriptions?order_id=34b37d7340dd");
  EXPECT_EQ(subscriptions->attributes->object_type, "Collection");
}

TEST(DecodeAnswerTest, RefusesASubscriptionWithAMistypedMember) {
  Result<Subscription> subscription = DecodeAnswer<Subscription>(
      Answer(200, R"({"id":"a4c1340d","quantity":"five"})"), ParseSubscription);
  ASSERT_FALSE(subscription.ok());
  EXPECT_EQ(subscription.error().kind, ErrorKind::kInvalidResponse);
  EXPECT_EQ(subscription.error().http_status, 200);
  EXPECT_NE(subscription.error().description.find("quantity"), std::string::npos)
      << subscription.error().description;
}

TEST(HttpResponseTest, FindsHeadersIgnoringCase) {
  const HttpResponse response = Answer(200, "", {{"ETag", "\"1\""}, {"etag", "\"2\""}});
  EXPECT_EQ(response.Header("etag"), "\"1\"");
  EXPECT_EQ(response.Header("ETAG"), "\"1\"");
  EXPECT_EQ(response.Header("MS-RequestId"), "");
}

}  // namespace
}  // namespace partnercenter::internal
