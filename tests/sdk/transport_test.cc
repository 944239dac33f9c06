// The SDK's side of the wire, checked from a real server's side: the headers of contract §4 on
// every call, the bodies and methods of each operation, retries (5xx, 429 with Retry-After,
// timeouts, lost connections) with one MS-RequestId per call, the bounds on retries, TLS
// verification, and the errors for answers the SDK cannot use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <stdexcept>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
#include "tests/sdk/scripted_server.h"
#include "tests/testing/test_certificate.h"

namespace partnercenter::testing {
namespace {

using cartd::http::Request;
using cartd::http::Response;
using std::chrono::milliseconds;
using ::testing::MatchesRegex;

constexpr char kCustomer[] = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d";
constexpr char kCart[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";
constexpr char kGuidPattern[] =
    "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

Cart SampleCart() {
  Cart cart;
  cart.id = kCart;
  CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
  line.quantity = 2;
  line.billing_cycle = BillingCycle::kOneTime;
  cart.line_items.push_back(line);
  return cart;
}

Response CartAnswer(int status, const std::string& etag = "\"7\"") {
  Response response = JsonAnswer(status, ToJson(SampleCart()));
  if (!etag.empty()) response.headers.Add("ETag", etag);
  return response;
}

Response FaultAnswer(int status, int code, const std::string& description) {
  return JsonAnswer(status, R"({"code":)" + std::to_string(code) + R"(,"description":")" +
                                description + R"(","data":[],"source":"PartnerFD"})");
}

// Options for tests: short waits, so that retries cost milliseconds.
PartnerServiceOptions FastOptions(const std::string& api_root) {
  PartnerServiceOptions options;
  options.api_root = api_root;
  options.initial_backoff = milliseconds(1);
  options.max_backoff = milliseconds(5);
  options.request_timeout = milliseconds(10'000);
  options.total_timeout = milliseconds(60'000);
  return options;
}

class TransportTest : public ::testing::Test {
 protected:
  // Starts a server answering with `script`.
  void Serve(ScriptedServer::Script script) {
    server_ = std::make_unique<ScriptedServer>(std::move(script));
    ASSERT_NO_FATAL_FAILURE(server_->Start());
  }

  std::shared_ptr<AggregatePartner> Partner(PartnerServiceOptions options,
                                            const std::string& token = "token-1") {
    return PartnerService::Create(Credentials::BearerToken(token), std::move(options));
  }
  std::shared_ptr<AggregatePartner> Partner() { return Partner(FastOptions(server_->url())); }

  CartOperations CartOf(const std::shared_ptr<AggregatePartner>& partner) {
    return partner->Customers().ById(kCustomer).Carts().ById(kCart);
  }

  std::unique_ptr<ScriptedServer> server_;
};

TEST_F(TransportTest, GetSendsTheContractHeaders) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto partner = Partner();
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(*cart, SampleCart());

  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 1u);
  const Arrival& get = arrivals[0];
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.target, std::string("/v1/customers/") + kCustomer + "/carts/" + kCart);
  EXPECT_EQ(get.headers.Get("Authorization"), "Bearer token-1");
  EXPECT_EQ(get.headers.Get("Accept"), "application/json");
  EXPECT_FALSE(get.headers.Has("Content-Type"));
  EXPECT_THAT(std::string(get.headers.Get("MS-RequestId")), MatchesRegex(kGuidPattern));
  EXPECT_THAT(partner->correlation_id(), MatchesRegex(kGuidPattern));
  EXPECT_EQ(get.headers.Get("MS-CorrelationId"), partner->correlation_id());
  EXPECT_EQ(get.headers.Get("X-Locale"), "en-US");
  EXPECT_EQ(get.headers.Get("MS-PartnerCenter-Client"), "Partner Center C++ SDK");
  EXPECT_EQ(get.headers.Get("MS-SdkVersion"), "0.1.0");
  EXPECT_EQ(std::string(SdkVersion()), "0.1.0");
  EXPECT_FALSE(get.headers.Has("MS-PartnerCenter-Application"));
  EXPECT_FALSE(get.headers.Has("If-Match"));

  EXPECT_EQ(cart.info().http_status, 200);
  EXPECT_EQ(cart.etag(), "\"7\"");
  EXPECT_EQ(cart.info().request_id, get.headers.Get("MS-RequestId"));
  EXPECT_EQ(cart.info().correlation_id, partner->correlation_id());
  EXPECT_EQ(cart.info().attempts, 1);
}

TEST_F(TransportTest, ConfiguredHeaderValuesAreSent) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  PartnerServiceOptions options = FastOptions(server_->url() + "/");
  options.locale = "nl-NL";
  options.correlation_id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  options.application_name = "Contoso storefront";
  auto partner = Partner(options);
  ASSERT_TRUE(CartOf(partner).Get().ok());
  const Arrival arrival = server_->arrivals().at(0);
  EXPECT_EQ(arrival.target, std::string("/v1/customers/") + kCustomer + "/carts/" + kCart);
  EXPECT_EQ(arrival.headers.Get("X-Locale"), "nl-NL");
  EXPECT_EQ(arrival.headers.Get("MS-CorrelationId"), "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(arrival.headers.Get("MS-PartnerCenter-Application"), "Contoso storefront");
  EXPECT_EQ(partner->correlation_id(), "0f8fad5b-d9cb-469f-a165-70867728950e");
}

TEST_F(TransportTest, EachCallHasItsOwnRequestIdAndThePartnerOneCorrelationId) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto partner = Partner();
  ASSERT_TRUE(CartOf(partner).Get().ok());
  ASSERT_TRUE(CartOf(partner).Get().ok());
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_NE(arrivals[0].headers.Get("MS-RequestId"), arrivals[1].headers.Get("MS-RequestId"));
  EXPECT_EQ(arrivals[0].headers.Get("MS-CorrelationId"),
            arrivals[1].headers.Get("MS-CorrelationId"));
}

TEST_F(TransportTest, ReusesTheConnectionForLaterCalls) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto partner = Partner();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(CartOf(partner).Get().ok());
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 3u);
  // One client port for all three: one TCP connection, kept alive between calls.
  EXPECT_FALSE(arrivals[0].remote_address.empty());
  EXPECT_EQ(arrivals[1].remote_address, arrivals[0].remote_address);
  EXPECT_EQ(arrivals[2].remote_address, arrivals[0].remote_address);
}

TEST_F(TransportTest, PutSendsTheCartAsJsonWithIfMatch) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(201, "\"8\""); }));
  auto partner = Partner();
  Result<Cart> updated = CartOf(partner).Put(SampleCart(), {.if_match = "\"7\""});
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  EXPECT_EQ(updated.etag(), "\"8\"");
  EXPECT_EQ(updated.info().http_status, 201);

  const Arrival put = server_->arrivals().at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(put.headers.Get("If-Match"), "\"7\"");
  EXPECT_FALSE(put.headers.Has("Expect"));
  EXPECT_EQ(put.body, ToJson(SampleCart()));
}

TEST_F(TransportTest, PutWithoutIfMatchSendsNone) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(201); }));
  auto partner = Partner();
  ASSERT_TRUE(CartOf(partner).Put(SampleCart()).ok());
  EXPECT_FALSE(server_->arrivals().at(0).headers.Has("If-Match"));
}

TEST_F(TransportTest, CreatePostsTheCartToTheCollection) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(201); }));
  auto partner = Partner();
  Result<Cart> created = partner->Customers().ById(kCustomer).Carts().Create(SampleCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  const Arrival post = server_->arrivals().at(0);
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.target, std::string("/v1/customers/") + kCustomer + "/carts");
  EXPECT_EQ(post.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(post.body, ToJson(SampleCart()));
}

TEST_F(TransportTest, CheckoutPostsTheJsonStringSuccess) {
  CartCheckoutResult checkout;
  Order order;
  order.id = "f76c6b7f449d";
  checkout.orders.push_back(order);
  ASSERT_NO_FATAL_FAILURE(
      Serve([&](const Request&, int) { return JsonAnswer(201, ToJson(checkout)); }));
  auto partner = Partner();
  Result<CartCheckoutResult> result =
      CartOf(partner).Checkout({.if_match = "\"3\"", .customer_user_upn = "buyer@contoso.example"});
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(*result, checkout);
  const Arrival post = server_->arrivals().at(0);
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.target,
            std::string("/v1/customers/") + kCustomer + "/carts/" + kCart + "/checkout");
  EXPECT_EQ(post.body, "\"success\"");
  EXPECT_EQ(post.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(post.headers.Get("If-Match"), "\"3\"");
  EXPECT_EQ(post.headers.Get("x-ms-customeruser-upn"), "buyer@contoso.example");
}

TEST_F(TransportTest, OrderPathsAndIdsAreEncoded) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request& request, int) {
    if (request.path.ends_with("/orders")) return JsonAnswer(200, R"({"totalCount":0,"items":[]})");
    return JsonAnswer(200, R"({"id":"abc","lineItems":[]})");
  }));
  auto partner = Partner();
  auto orders = partner->Customers().ById(kCustomer).Orders();
  Result<OrderCollection> list = orders.Get();
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(list->total_count, 0);
  Result<Order> order = orders.ById("../carts/x?y").Get();
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(order->id, "abc");
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[0].target, std::string("/v1/customers/") + kCustomer + "/orders");
  EXPECT_EQ(arrivals[1].target,
            std::string("/v1/customers/") + kCustomer + "/orders/..%2Fcarts%2Fx%3Fy");
}

TEST_F(TransportTest, PatchSendsTheOrderToItsPath) {
  Order cancelled;
  cancelled.id = "f76c6b7f449d";
  cancelled.status = "cancelled";
  ASSERT_NO_FATAL_FAILURE(
      Serve([&](const Request&, int) { return JsonAnswer(200, ToJson(cancelled)); }));
  auto partner = Partner();
  Result<Order> order =
      partner->Customers().ById(kCustomer).Orders().ById("f76c6b7f449d").Patch(cancelled);
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(*order, cancelled);
  EXPECT_EQ(order.info().http_status, 200);
  const Arrival patch = server_->arrivals().at(0);
  EXPECT_EQ(patch.method, "PATCH");
  EXPECT_EQ(patch.target, std::string("/v1/customers/") + kCustomer + "/orders/f76c6b7f449d");
  EXPECT_EQ(patch.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(patch.body, ToJson(cancelled));
}

TEST_F(TransportTest, ProvisioningStatusAndSubscriptionPathsAndQueriesAreEncoded) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request& request, int) {
    if (request.path.ends_with("/provisioningstatus")) {
      return JsonAnswer(200, R"({"totalCount":1,"items":[{"lineItemNumber":0,)"
                             R"("status":"fulfilled","quantityProvisioningInformation":[]}]})");
    }
    if (request.path.ends_with("/subscriptions")) {
      return JsonAnswer(200, R"({"totalCount":0,"items":[]})");
    }
    return JsonAnswer(200, R"({"id":"s1","quantity":2})");
  }));
  auto partner = Partner();
  auto customer = partner->Customers().ById(kCustomer);
  Result<ProvisioningStatusCollection> status =
      customer.Orders().ById("a/b").ProvisioningStatus().Get();
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_EQ(status->items.at(0).status, "fulfilled");
  Result<SubscriptionCollection> all = customer.Subscriptions().Get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all->total_count, 0);
  Result<SubscriptionCollection> of_order = customer.Subscriptions().ByOrder("a&b=c d").Get();
  ASSERT_TRUE(of_order.ok()) << of_order.error().ToString();
  Result<Subscription> one = customer.Subscriptions().ById("../x?y").Get();
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  EXPECT_EQ(one->id, "s1");
  EXPECT_EQ(one->quantity, 2);

  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 4u);
  const std::string customer_path = std::string("/v1/customers/") + kCustomer;
  for (const Arrival& arrival : arrivals) EXPECT_EQ(arrival.method, "GET") << arrival.target;
  EXPECT_EQ(arrivals[0].target, customer_path + "/orders/a%2Fb/provisioningstatus");
  EXPECT_EQ(arrivals[1].target, customer_path + "/subscriptions");
  EXPECT_EQ(arrivals[2].target, customer_path + "/subscriptions?order_id=a%26b%3Dc%20d");
  EXPECT_EQ(arrivals[3].target, customer_path + "/subscriptions/..%2Fx%3Fy");
}

TEST_F(TransportTest, AnEmptyTokenSendsNoAuthorization) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto partner = Partner(FastOptions(server_->url()), "");
  ASSERT_TRUE(CartOf(partner).Get().ok());
  EXPECT_FALSE(server_->arrivals().at(0).headers.Has("Authorization"));
}

// --- Retries ------------------------------------------------------------------------------

TEST_F(TransportTest, RetriesServiceUnavailableWithTheSameRequestId) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int n) {
    return n < 2 ? FaultAnswer(503, 800003, "The service is temporarily unavailable.")
                 : CartAnswer(201);
  }));
  auto partner = Partner();
  Result<Cart> created = partner->Customers().ById(kCustomer).Carts().Create(SampleCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created.info().attempts, 3);
  EXPECT_EQ(created.info().http_status, 201);

  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 3u);
  const std::string request_id(arrivals[0].headers.Get("MS-RequestId"));
  EXPECT_THAT(request_id, MatchesRegex(kGuidPattern));
  for (const Arrival& arrival : arrivals) {
    EXPECT_EQ(arrival.headers.Get("MS-RequestId"), request_id);
    EXPECT_EQ(arrival.body, ToJson(SampleCart()));
  }
  EXPECT_EQ(created.info().request_id, request_id);
}

TEST_F(TransportTest, DoesNotRetryABadRequest) {
  ASSERT_NO_FATAL_FAILURE(Serve(
      [](const Request&, int) { return FaultAnswer(400, 800002, "lineItems is required."); }));
  auto partner = Partner();
  Result<Cart> created = partner->Customers().ById(kCustomer).Carts().Create(Cart{});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(created.error().http_status, 400);
  EXPECT_EQ(created.error().code, 800002);
  EXPECT_EQ(created.error().description, "lineItems is required.");
  EXPECT_EQ(created.info().attempts, 1);
  EXPECT_EQ(server_->arrivals().size(), 1u);
  EXPECT_EQ(created.error().request_id, server_->arrivals()[0].headers.Get("MS-RequestId"));
  EXPECT_EQ(created.error().correlation_id, partner->correlation_id());
}

TEST_F(TransportTest, DoesNotRetryOtherClientErrors) {
  for (int status : {401, 403, 404, 409, 412}) {
    ASSERT_NO_FATAL_FAILURE(Serve(
        [status](const Request&, int) { return FaultAnswer(status, 800000 + status, "refused"); }));
    auto partner = Partner();
    Result<Cart> cart = CartOf(partner).Get();
    ASSERT_FALSE(cart.ok());
    EXPECT_EQ(cart.error().http_status, status);
    EXPECT_EQ(server_->arrivals().size(), 1u) << status;
  }
}

TEST_F(TransportTest, HonoursRetryAfterOnThrottling) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int n) {
    if (n > 0) return CartAnswer(200);
    Response throttled = JsonAnswer(
        429, R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."})");
    throttled.headers.Add("Retry-After", "1");
    return throttled;
  }));
  auto partner = Partner();
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(cart.info().attempts, 2);
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_GE(arrivals[1].at - arrivals[0].at, milliseconds(900));
  EXPECT_EQ(arrivals[0].headers.Get("MS-RequestId"), arrivals[1].headers.Get("MS-RequestId"));
}

TEST_F(TransportTest, ThrottlingThatOutlastsTheAttemptsIsReported) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) {
    Response throttled = JsonAnswer(
        429, R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 0 seconds."})");
    throttled.headers.Add("Retry-After", "0");
    return throttled;
  }));
  auto partner = Partner();
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(cart.error().http_status, 429);
  EXPECT_EQ(cart.error().code, 0);
  EXPECT_EQ(cart.error().description, "Rate limit is exceeded. Try again in 0 seconds.");
  EXPECT_EQ(cart.error().retry_after_seconds, 0);
  EXPECT_EQ(cart.info().attempts, 3);
  EXPECT_EQ(server_->arrivals().size(), 3u);
}

TEST_F(TransportTest, MaxAttemptsBoundsTheRetries) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) {
    return FaultAnswer(503, 800003, "The service is temporarily unavailable.");
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.max_attempts = 4;
  auto partner = Partner(options);
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(cart.error().http_status, 503);
  EXPECT_EQ(cart.error().code, 800003);
  EXPECT_EQ(cart.info().attempts, 4);
  EXPECT_EQ(cart.info().http_status, 503);
  EXPECT_EQ(server_->arrivals().size(), 4u);

  options.max_attempts = 1;
  Result<Cart> once = CartOf(Partner(options)).Get();
  ASSERT_FALSE(once.ok());
  EXPECT_EQ(once.info().attempts, 1);
  EXPECT_EQ(server_->arrivals().size(), 5u);
}

TEST_F(TransportTest, TheTotalDeadlineBoundsTheRetries) {
  // Every answer asks for a 2 s wait. With 3 s in all, the second attempt (at ~2 s) fits and a
  // third (at ~4 s) would not, whatever max_attempts allows.
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) {
    Response unavailable = FaultAnswer(503, 800003, "The service is temporarily unavailable.");
    unavailable.headers.Add("Retry-After", "2");
    return unavailable;
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.max_attempts = 10;
  options.total_timeout = milliseconds(3'000);
  auto partner = Partner(options);
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().http_status, 503);
  EXPECT_EQ(cart.error().retry_after_seconds, 2);
  EXPECT_EQ(cart.info().attempts, 2);
  EXPECT_EQ(server_->arrivals().size(), 2u);
}

TEST_F(TransportTest, RetriesAfterATimeout) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_NO_FATAL_FAILURE(Serve([released](const Request&, int n) {
    // The first attempt gets no answer until the client has given up on it.
    if (n == 0) released.wait();
    return CartAnswer(200);
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.request_timeout = milliseconds(1'000);
  auto partner = Partner(options);
  Result<Cart> cart = CartOf(partner).Get();
  release.set_value();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(cart.info().attempts, 2);
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[0].headers.Get("MS-RequestId"), arrivals[1].headers.Get("MS-RequestId"));
}

TEST_F(TransportTest, ATimeoutOnEveryAttemptIsReportedAsATimeout) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_NO_FATAL_FAILURE(Serve([released](const Request&, int) {
    released.wait();
    return CartAnswer(200);
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.request_timeout = milliseconds(200);
  options.max_attempts = 2;
  auto partner = Partner(options);
  Result<Cart> cart = CartOf(partner).Get();
  release.set_value();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(cart.error().http_status, 0);
  EXPECT_EQ(cart.error().description, "No answer from " + server_->url() + " within 200 ms");
  EXPECT_EQ(cart.info().attempts, 2);
  EXPECT_EQ(cart.info().http_status, 0);
}

TEST_F(TransportTest, AClosedPortIsANetworkErrorAfterEveryAttempt) {
  const std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  auto partner = Partner(FastOptions(url));
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(cart.error().http_status, 0);
  EXPECT_EQ(cart.error().code, 0);
  EXPECT_EQ(cart.error().description.rfind("Cannot connect to " + url + ": ", 0), 0u)
      << cart.error().description;
  EXPECT_THAT(cart.error().request_id, MatchesRegex(kGuidPattern));
  EXPECT_EQ(cart.info().attempts, 3);
}

TEST_F(TransportTest, TheTokenProviderIsAskedBeforeEveryAttempt) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int n) {
    return n == 0 ? FaultAnswer(500, 800003, "An unexpected error occurred.") : CartAnswer(200);
  }));
  std::atomic<int> calls{0};
  auto partner =
      PartnerService::Create(Credentials::TokenProvider([&calls]() -> Result<std::string> {
                               return "token-" + std::to_string(++calls);
                             }),
                             FastOptions(server_->url()));
  ASSERT_TRUE(CartOf(partner).Get().ok());
  const std::vector<Arrival> arrivals = server_->arrivals();
  ASSERT_EQ(arrivals.size(), 2u);
  EXPECT_EQ(arrivals[0].headers.Get("Authorization"), "Bearer token-1");
  EXPECT_EQ(arrivals[1].headers.Get("Authorization"), "Bearer token-2");
}

TEST_F(TransportTest, AFailingTokenProviderFailsTheCallBeforeSending) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto refusing = PartnerService::Create(Credentials::TokenProvider([]() -> Result<std::string> {
                                           Error error;
                                           error.description = "refresh token expired";
                                           return error;
                                         }),
                                         FastOptions(server_->url()));
  Result<Cart> cart = CartOf(refusing).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(cart.error().description, "refresh token expired");
  EXPECT_EQ(cart.info().attempts, 0);

  auto throwing = PartnerService::Create(
      Credentials::TokenProvider([]() -> Result<std::string> { throw std::runtime_error("boom"); }),
      FastOptions(server_->url()));
  cart = CartOf(throwing).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kCredentials);
  EXPECT_EQ(cart.error().description, "the token provider failed: boom");
  EXPECT_TRUE(server_->arrivals().empty());
}

// --- Answers the SDK cannot use, and arguments it refuses -----------------------------------

TEST_F(TransportTest, AnEmptySuccessBodyIsAnInvalidResponse) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return JsonAnswer(201, ""); }));
  auto partner = Partner();
  Result<Cart> cart = CartOf(partner).Put(SampleCart());
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kInvalidResponse);
  EXPECT_EQ(cart.error().http_status, 201);
  EXPECT_EQ(cart.info().http_status, 201);
  EXPECT_FALSE(cart.error().request_id.empty());
}

TEST_F(TransportTest, AnOversizedAnswerIsAnInvalidResponse) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) {
    return JsonAnswer(200, R"({"id":")" + std::string(4096, 'x') + R"("})");
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.max_response_bytes = 1024;
  auto partner = Partner(options);
  Result<Cart> cart = CartOf(partner).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kInvalidResponse);
  EXPECT_EQ(cart.info().attempts, 1);
}

TEST_F(TransportTest, UnusableOptionsFailEveryCallWithoutSending) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  const auto error_with = [&](auto change) {
    PartnerServiceOptions options = FastOptions(server_->url());
    change(options);
    Result<Cart> cart = CartOf(Partner(options)).Get();
    EXPECT_FALSE(cart.ok());
    if (cart.ok()) return std::string();
    EXPECT_EQ(cart.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(cart.info().attempts, 0);
    return cart.error().description;
  };
  EXPECT_EQ(error_with([](auto& o) { o.api_root = "127.0.0.1:8080"; }),
            "api_root must be an http:// or https:// URL with a host, without query or fragment: "
            "'127.0.0.1:8080'");
  EXPECT_EQ(error_with([](auto& o) { o.max_attempts = 0; }), "max_attempts must be at least 1");
  EXPECT_EQ(error_with([](auto& o) { o.request_timeout = milliseconds(0); }),
            "connect_timeout, request_timeout and total_timeout must be at least 1 ms");
  EXPECT_EQ(error_with([](auto& o) {
              o.max_backoff = milliseconds(0);
              o.initial_backoff = milliseconds(5);
            }),
            "initial_backoff must be >= 0 and max_backoff >= initial_backoff");
  EXPECT_EQ(error_with([](auto& o) { o.async_threads = 0; }), "async_threads must be at least 1");
  EXPECT_EQ(error_with([](auto& o) { o.locale = "en-US\r\nX-Evil: 1"; }),
            "locale, correlation_id and application_name must not contain line breaks");
  EXPECT_TRUE(server_->arrivals().empty());
}

TEST_F(TransportTest, EmptyIdsAndHeaderInjectionAreRefusedWithoutSending) {
  ASSERT_NO_FATAL_FAILURE(Serve([](const Request&, int) { return CartAnswer(200); }));
  auto partner = Partner();
  Result<Cart> no_customer = partner->Customers().ById("").Carts().ById(kCart).Get();
  ASSERT_FALSE(no_customer.ok());
  EXPECT_EQ(no_customer.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(no_customer.error().description, "the customer id is empty");
  Result<Cart> no_cart = partner->Customers().ById(kCustomer).Carts().ById("").Get();
  EXPECT_EQ(no_cart.error().description, "the cart id is empty");
  Result<Order> no_order = partner->Customers().ById(kCustomer).Orders().ById("").Get();
  EXPECT_EQ(no_order.error().description, "the order id is empty");
  auto customer = partner->Customers().ById(kCustomer);
  EXPECT_EQ(customer.Orders().ById("").Patch(Order{}).error().description, "the order id is empty");
  EXPECT_EQ(customer.Orders().ById("").ProvisioningStatus().Get().error().description,
            "the order id is empty");
  EXPECT_EQ(customer.Subscriptions().ByOrder("").Get().error().description,
            "the order id is empty");
  Result<Subscription> no_subscription = customer.Subscriptions().ById("").Get();
  ASSERT_FALSE(no_subscription.ok());
  EXPECT_EQ(no_subscription.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(no_subscription.error().description, "the subscription id is empty");
  EXPECT_EQ(partner->Customers().ById("").Subscriptions().Get().error().description,
            "the customer id is empty");
  Result<Cart> injected = CartOf(partner).Put(SampleCart(), {.if_match = "\"1\"\r\nX-Evil: 1"});
  ASSERT_FALSE(injected.ok());
  EXPECT_EQ(injected.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(injected.error().description, "If-Match must not contain line breaks");
  auto bad_token = Partner(FastOptions(server_->url()), "abc\ndef");
  Result<Cart> bad = CartOf(bad_token).Get();
  EXPECT_EQ(bad.error().kind, ErrorKind::kCredentials);
  EXPECT_TRUE(server_->arrivals().empty());
}

// --- Async ----------------------------------------------------------------------------------

TEST_F(TransportTest, AsyncCallsRunConcurrentlyAndOutliveThePartner) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::latch arrived(3);
  ASSERT_NO_FATAL_FAILURE(Serve([&arrived, released](const Request&, int) {
    arrived.count_down();
    released.wait();
    return CartAnswer(200);
  }));
  PartnerServiceOptions options = FastOptions(server_->url());
  options.async_threads = 3;
  auto partner = Partner(options);
  std::vector<std::future<Result<Cart>>> pending;
  pending.push_back(CartOf(partner).GetAsync());
  pending.push_back(CartOf(partner).PutAsync(SampleCart(), {.if_match = "\"7\""}));
  pending.push_back(partner->Customers().ById(kCustomer).Carts().CreateAsync(SampleCart()));
  // All three requests reach the server before any is answered: they run at once.
  arrived.wait();
  release.set_value();
  // The futures stay valid without the partner: its last owner waits for them.
  partner.reset();
  for (auto& future : pending) {
    Result<Cart> cart = future.get();
    ASSERT_TRUE(cart.ok()) << cart.error().ToString();
    EXPECT_EQ(cart.etag(), "\"7\"");
  }
  std::vector<std::string> methods;
  for (const Arrival& arrival : server_->arrivals()) methods.push_back(arrival.method);
  EXPECT_THAT(methods, ::testing::UnorderedElementsAre("GET", "PUT", "POST"));
}

// --- TLS ------------------------------------------------------------------------------------

class TlsTest : public TransportTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certificate_.ok());
    server_ = std::make_unique<ScriptedServer>([](const Request&, int) { return CartAnswer(200); });
    ASSERT_NO_FATAL_FAILURE(server_->Start(certificate_.cert_file(), certificate_.key_file()));
  }
  cartd::test::SelfSignedCertificate certificate_;
};

TEST_F(TlsTest, AnUntrustedCertificateIsRefusedAndNotRetried) {
  Result<Cart> cart = CartOf(Partner()).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(cart.info().attempts, 1);
  EXPECT_TRUE(server_->arrivals().empty());
}

TEST_F(TlsTest, ACaBundleMakesTheCertificateTrusted) {
  PartnerServiceOptions options = FastOptions(server_->url());
  options.ca_bundle_path = certificate_.cert_file();
  Result<Cart> cart = CartOf(Partner(options)).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(server_->arrivals().size(), 1u);
}

TEST_F(TlsTest, VerificationCanBeTurnedOffExplicitly) {
  PartnerServiceOptions options = FastOptions(server_->url());
  options.insecure_skip_tls_verify = true;
  Result<Cart> cart = CartOf(Partner(options)).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
}

}  // namespace
}  // namespace partnercenter::testing
