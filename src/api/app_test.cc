// App::Handle on request values, without sockets: the pipeline's order (routing, token, rate
// limit, ids, tenancy), the status, Partner Center code and headers of every answer, and the
// replay of idempotent requests. The service runs on the in-memory store.
#include "api/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "auth/token_minter.h"
#include "partnercenter/json.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/status_matchers.h"

namespace cartd::api {
namespace {

using ::testing::HasSubstr;

constexpr char kSecret[] = "app-test-secret-0123456789abcdef0123456789";
constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
constexpr char kLine[] =
    R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":5,)"
    R"("billingCycle":"monthly","termDuration":"P1M"}]})";

Timestamp Start() { return Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20)); }

partnercenter::ApiFault Fault(const http::Response& response) {
  partnercenter::Result<partnercenter::ApiFault> fault =
      partnercenter::ParseApiFault(response.body);
  EXPECT_TRUE(fault.ok()) << response.body;
  return fault.ok() ? *fault : partnercenter::ApiFault{};
}

class AppTest : public ::testing::Test {
 protected:
  AppTest()
      : clock_(Start()),
        service_(store_, clock_, catalog_, CartServiceOptions{}),
        orders_(store_, clock_, catalog_, OrderServiceOptions{}) {
    EXPECT_THAT(store_.PutCustomer(Customer{.partner_tenant = kPartner,
                                            .id = kCustomer,
                                            .country = "US",
                                            .currency = "USD",
                                            .company_name = "Contoso"}),
                test::IsOk());
    verifier_.Set(*auth::TokenVerifier::Create(auth::VerifierOptions{}, kSecret, ""));
    AppHooks hooks;
    hooks.rate_limit = [this](std::string_view) {
      return RateDecision{.allowed = !limited_, .retry_after = std::chrono::seconds(7)};
    };
    app_ =
        std::make_unique<App>(service_, orders_, verifier_, clock_, AppOptions{}, std::move(hooks));
  }

  std::string Token(const std::string& partner = kPartner) const {
    return auth::MintHs256Token(auth::MintOptions{.tenant = partner,
                                                  .user_object_id = kUser,
                                                  .app_id = "",
                                                  .issuer = std::nullopt,
                                                  .ttl = std::chrono::seconds(3600),
                                                  .now = clock_.Now()},
                                kSecret);
  }

  http::Response Call(std::string method, std::string path, std::string body = "",
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      bool with_token = true) {
    http::Request request;
    request.method = std::move(method);
    request.path = path;
    request.target = std::move(path);
    request.body = std::move(body);
    if (with_token) request.headers.Add("Authorization", "Bearer " + Token());
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return app_->Handle(request);
  }

  std::string CartsPath() const { return std::string("/v1/customers/") + kCustomer + "/carts"; }

  FakeClock clock_;
  storage::MemoryStore store_;
  CatalogHolder catalog_;
  Swappable<auth::TokenVerifier> verifier_;
  CartService service_;
  OrderService orders_;
  bool limited_ = false;
  std::unique_ptr<App> app_;
};

TEST_F(AppTest, EveryAnswerCarriesTheCorrelationHeaders) {
  const http::Response response =
      Call("GET", "/healthz", "", {{"MS-RequestId", "req-1"}, {"MS-CorrelationId", "cor-1"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
  EXPECT_EQ(response.headers.Get("MS-RequestId"), "req-1");
  EXPECT_EQ(response.headers.Get("MS-CorrelationId"), "cor-1");
  EXPECT_FALSE(response.headers.Get("MS-CV").empty());
  EXPECT_EQ(response.headers.Get("MS-ServerId"), "000001");
  EXPECT_EQ(response.headers.Get("X-Locale"), "en-US");
  EXPECT_FALSE(response.headers.Get("Date").empty());
}

TEST_F(AppTest, AnUnknownPathIs404WithCode1000) {
  const http::Response response = Call("GET", "/v1/nothing/here");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(Fault(response).code, 1000);
  EXPECT_EQ(Fault(response).source, "PartnerFD");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(AppTest, AKnownPathWithAnotherMethodIs405WithAllow) {
  const http::Response response = Call("DELETE", CartsPath());
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(Fault(response).code, 800002);
  EXPECT_EQ(response.headers.Get("Allow"), "POST");
}

TEST_F(AppTest, MissingAndBadTokensAre401WithTheirCodes) {
  const http::Response missing = Call("GET", CartsPath() + "/x", "", {}, /*with_token=*/false);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(Fault(missing).code, 800001);
  EXPECT_EQ(missing.headers.Get("WWW-Authenticate"), "Bearer realm=\"cartd\"");

  const http::Response bad =
      Call("GET", CartsPath() + "/x", "", {{"Authorization", "Bearer a.b.c"}}, false);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(Fault(bad).code, 900420);
  EXPECT_THAT(bad.headers.Get("WWW-Authenticate"), HasSubstr("invalid_token"));
}

TEST_F(AppTest, ARateLimitedPartnerGetsTheGatewaysAnswer) {
  limited_ = true;
  const http::Response response = Call("POST", CartsPath(), kLine);
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.headers.Get("Retry-After"), "7");
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(response.body,
            R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 7 seconds."})");
}

TEST_F(AppTest, PathIdsThatAreNotGuidsAre400) {
  const http::Response customer = Call("GET", "/v1/customers/nope/carts/x");
  EXPECT_EQ(customer.status, 400);
  EXPECT_EQ(Fault(customer).code, 800002);
  const http::Response cart = Call("GET", CartsPath() + "/not-a-guid");
  EXPECT_EQ(cart.status, 400);
  EXPECT_THAT(Fault(cart).description, HasSubstr("not-a-guid"));
}

TEST_F(AppTest, AnotherPartnersCallerIsForbidden) {
  http::Request request;
  request.method = "GET";
  request.path = request.target = CartsPath() + "/8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b";
  request.headers.Add("Authorization", "Bearer " + Token(kOtherPartner));
  const http::Response response = app_->Handle(request);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(Fault(response).code, 20002);
}

TEST_F(AppTest, CreateAnswers201WithTheCartAndItsETag) {
  const http::Response response = Call("POST", CartsPath(), kLine);
  ASSERT_EQ(response.status, 201) << response.body;
  EXPECT_EQ(response.headers.Get("ETag"), "\"1\"");
  const auto cart = partnercenter::ParseCart(response.body);
  ASSERT_TRUE(cart.ok());
  EXPECT_EQ(cart->attributes->object_type, "Cart");
  EXPECT_EQ(cart->links->self->uri,
            std::string("/customers/") + kCustomer + "/carts/" + cart->id.value_or(""));
}

TEST_F(AppTest, MalformedJsonIs400AndABadEnumIs900126) {
  const http::Response malformed = Call("POST", CartsPath(), "{{");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Fault(malformed).code, 800002);
  EXPECT_THAT(Fault(malformed).description, HasSubstr("line 1, column 2"));
  const http::Response bad_enum =
      Call("POST", CartsPath(),
           R"({"lineItems":[{"catalogItemId":"A:B:C","quantity":1,"billingCycle":"yearly"}]})");
  EXPECT_EQ(bad_enum.status, 400);
  EXPECT_EQ(Fault(bad_enum).code, 900126);
}

TEST_F(AppTest, AStaleIfMatchIs412WithTheCurrentETagInHeaderAndData) {
  const http::Response created = Call("POST", CartsPath(), kLine);
  const std::string path = CartsPath() + "/" + *partnercenter::ParseCart(created.body)->id;
  ASSERT_EQ(Call("PUT", path, kLine).status, 201);
  std::string changed = kLine;
  changed.replace(changed.find("\"quantity\":5"), 12, "\"quantity\":6");
  const http::Response stale = Call("PUT", path, changed, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Fault(stale).code, 800036);
  EXPECT_EQ(stale.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(Fault(stale).data_json, (std::vector<std::string>{R"({"currentETag":"\"2\""})"}));
}

TEST_F(AppTest, CheckoutOfACartWithLineErrorsListsThemInData) {
  const http::Response created =
      Call("POST", CartsPath(),
           R"({"lineItems":[{"catalogItemId":"A:B:C","quantity":1,"billingCycle":"monthly",)"
           R"("currencyCode":"EUR"}]})");
  const std::string path = CartsPath() + "/" + *partnercenter::ParseCart(created.body)->id;
  const http::Response refused = Call("POST", path + "/checkout", "\"success\"");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Fault(refused).code, 800009);
  ASSERT_EQ(Fault(refused).data_json.size(), 1u);
  EXPECT_THAT(Fault(refused).data_json[0], HasSubstr(R"("errorCode":10000)"));
}

TEST_F(AppTest, ARepeatedRequestIsReplayedWithoutRepeatingItsEffect) {
  const http::Response first = Call("POST", CartsPath(), kLine, {{"MS-RequestId", "once"}});
  ASSERT_EQ(first.status, 201);
  EXPECT_FALSE(first.headers.Has("Idempotent-Replayed"));
  const http::Response again = Call("POST", CartsPath(), kLine, {{"MS-RequestId", "once"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.headers.Get("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.Get("ETag"), first.headers.Get("ETag"));
  EXPECT_EQ(again.headers.Get("MS-RequestId"), "once");
  ASSERT_OK_AND_ASSIGN(CartCounts counts, store_.CountCarts());
  EXPECT_EQ(counts.active, 1);

  const std::string path = CartsPath() + "/" + *partnercenter::ParseCart(first.body)->id;
  const http::Response checkout = Call("POST", path + "/checkout", "", {{"MS-RequestId", "pay"}});
  ASSERT_EQ(checkout.status, 201);
  const http::Response replayed = Call("POST", path + "/checkout", "", {{"MS-RequestId", "pay"}});
  EXPECT_EQ(replayed.headers.Get("Idempotent-Replayed"), "true");
  EXPECT_EQ(replayed.body, checkout.body);
}

TEST_F(AppTest, TheTransportsRefusalsComeFromTheErrorTable) {
  const http::Response too_large = app_->Reject(http::RejectReason::kBodyTooLarge, "too big");
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(Fault(too_large).code, 800002);
  EXPECT_TRUE(too_large.close_connection);
  EXPECT_EQ(app_->Reject(http::RejectReason::kHeaderTooLarge, "x").status, 431);
  EXPECT_EQ(app_->Reject(http::RejectReason::kMalformed, "x").status, 400);
}

TEST_F(AppTest, ListsAlwaysGoToAWorkerAndSingleReadsMayStayOnTheIoThread) {
  AppOptions options;
  options.local_reads = true;
  App local(service_, orders_, verifier_, clock_, options, AppHooks{});
  const auto prompt = [&](std::string method, std::string path) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    return local.AnswersPromptly(request);
  };
  const std::string customer = std::string("/v1/customers/") + kCustomer;
  EXPECT_TRUE(prompt("GET", customer + "/carts/65faf57b-0205-47ee-92b3-08dcf233ea73"));
  EXPECT_TRUE(prompt("GET", customer + "/orders/f76c6b7f449d"));
  EXPECT_TRUE(prompt("GET", "/v1/products/DZH318Z0BQ3Q?country=US"));
  EXPECT_FALSE(prompt("GET", customer + "/orders"));
  EXPECT_FALSE(prompt("GET", customer + "/subscriptions"));
  EXPECT_FALSE(prompt("GET", "/v1/products"));
  EXPECT_FALSE(prompt("GET", "/v1/products/DZH318Z0BQ3Q/skus"));
  EXPECT_FALSE(prompt("POST", customer + "/carts"));
}

TEST_F(AppTest, AListThatGetsNoPassInTimeIs503) {
  // A gate with no room: every list waits its whole (short) wait and is refused.
  AppOptions options;
  options.lists = {.total = 0, .per_partner = 1, .max_wait = std::chrono::milliseconds(1)};
  App busy(service_, orders_, verifier_, clock_, options, AppHooks{});
  for (const std::string what : {"/orders", "/subscriptions"}) {
    http::Request request;
    request.method = "GET";
    request.path = std::string("/v1/customers/") + kCustomer + what;
    request.target = request.path;
    request.headers.Add("Authorization", "Bearer " + Token());
    const http::Response response = busy.Handle(request);
    EXPECT_EQ(response.status, 503) << what;
    EXPECT_EQ(Fault(response).code, 800003) << what;
  }
  // A single order is not a list: it does not wait (404: there is no such order).
  EXPECT_EQ(Call("GET", std::string("/v1/customers/") + kCustomer + "/orders/f76c6b7f449d").status,
            404);
}

}  // namespace
}  // namespace cartd::api
