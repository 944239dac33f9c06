// The stand-in controls over a real socket (SPEC §13, docs/controls.md): who may call them, the
// clock and what follows it (expiry, order completion, token times, restarts), each kind of fault
// and that a faulted request changes nothing stored, the request journal, reset, fixtures, and
// the integration sandbox's limits.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "auth/control_token.h"
#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

namespace json = boost::json;

constexpr char kLicence[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";  // new commerce, monthly, P1M
constexpr char kOtherCustomer[] = "f81d98dd-c2f4-499e-a194-5619e260344e";

std::string LicenceCart(int quantity, int lines = 1) {
  std::string body = R"({"lineItems":[)";
  for (int i = 0; i < lines; ++i) {
    body += std::string(i ? "," : "") + R"({"id":)" + std::to_string(i) + R"(,"catalogItemId":")" +
            kLicence + R"(","quantity":)" + std::to_string(quantity) +
            R"(,"billingCycle":"monthly","termDuration":"P1M"})";
  }
  return body + "]}";
}

json::object Object(const HttpResult& r) {
  boost::system::error_code ec;
  json::value value = json::parse(r.body, ec);
  EXPECT_FALSE(ec) << r.body;
  return !ec && value.is_object() ? value.as_object() : json::object{};
}

std::string Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t Int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return -1;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return -1;
}

class ControlsTest : public CartdTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.controls = true;
    // Orders stay pending for an hour of cartd's clock, unless the clock is moved.
    options.orders.provisioning_delay = std::chrono::hours(1);
    options.journal.max_entries = 50;
    return options;
  }

  // Calls a control with the control token.
  HttpResult Control(const std::string& method, const std::string& target,
                     const std::string& body = "") {
    return Call(method, target, body, node_->control_token());
  }

  // A token minted on cartd's clock (which the tests move), for the demo partner and user.
  std::string FreshToken() {
    const HttpResult r = Control("POST", "/_cartd/tokens",
                                 R"({"tenant":")" + std::string(demo::kPartnerTenant) +
                                     R"(","user":")" + demo::kUser + R"("})");
    EXPECT_EQ(r.status, 201) << r.body;
    return Text(Object(r), "token");
  }

  std::string CreateCart(const std::string& body, const std::string& token) {
    const HttpResult created = Call("POST", CartsPath(), body, token);
    EXPECT_EQ(created.status, 201) << created.body;
    return partnercenter::ParseCart(created.body)->id.value_or("");
  }

  std::string ArmFault(const std::string& rule) {
    const HttpResult armed = Control("POST", "/_cartd/faults", rule);
    EXPECT_EQ(armed.status, 201) << armed.body;
    return Text(Object(armed), "id");
  }

  json::array Journal(const std::string& query = "") {
    const HttpResult r = Control("GET", "/_cartd/requests" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    json::object o = Object(r);
    return o.contains("items") ? o["items"].as_array() : json::array{};
  }
};

// ---------------------------------------------------------------------------------------------
// Who may call them

TEST_F(CartdTest, ANodeWithoutControlsAnswers404UnderTheirPath) {
  for (const auto& [method, target] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/_cartd/clock"},
                                                        {"POST", "/_cartd/faults"},
                                                        {"DELETE", "/_cartd/requests"},
                                                        {"PUT", "/_cartd/clock"},
                                                        {"GET", "/_cartd/nothing"}}) {
    const HttpResult r = Call(method, target, method == "POST" ? "{}" : "", Token());
    EXPECT_EQ(r.status, 404) << method << " " << target << ": " << r.body;
  }
  EXPECT_EQ(node_->control_token(), "");
}

TEST_F(ControlsTest, EveryControlNeedsTheControlTokenAndRefusesAPartnersToken) {
  const std::vector<std::pair<std::string, std::string>> controls = {
      {"GET", "/_cartd/clock"},     {"POST", "/_cartd/clock"},
      {"GET", "/_cartd/faults"},    {"POST", "/_cartd/faults"},
      {"DELETE", "/_cartd/faults"}, {"DELETE", "/_cartd/faults/fault-1"},
      {"GET", "/_cartd/requests"},  {"DELETE", "/_cartd/requests"},
      {"POST", "/_cartd/reset"},    {"POST", "/_cartd/fixtures"},
      {"POST", "/_cartd/tokens"},   {"GET", "/_cartd/customers"},
      {"GET", "/_cartd/carts"}};
  for (const auto& [method, target] : controls) {
    const std::string body = method == "POST" ? R"({"to":"demo"})" : "";
    const HttpResult none = Call(method, target, body);
    EXPECT_EQ(none.status, 401) << method << " " << target;
    EXPECT_EQ(ReadFault(none).code, 800001) << method << " " << target;

    const HttpResult partner = Call(method, target, body, Token());
    EXPECT_EQ(partner.status, 403) << method << " " << target;
    EXPECT_EQ(ReadFault(partner).code, 800101) << method << " " << target;

    const HttpResult forged = Call(method, target, body, node_->control_token() + "x");
    EXPECT_EQ(forged.status, 401) << method << " " << target;
    EXPECT_EQ(ReadFault(forged).code, 900420) << method << " " << target;
  }
  // Nothing was reset, armed or moved by the refused calls.
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", Token()).status, 200);
  EXPECT_EQ(Int(Object(Control("GET", "/_cartd/faults")), "totalCount"), 0);
  EXPECT_EQ(Text(Object(Control("GET", "/_cartd/clock")), "offset"), "PT0S");
}

TEST_F(ControlsTest, TheControlTokenIsTheOneCartdTokenControlPrints) {
  StatusOr<std::string> printed = auth::LoadOrCreateControlToken(data_dir_);
  ASSERT_TRUE(printed.ok()) << printed.status().ToString();
  EXPECT_EQ(*printed, node_->control_token());
  EXPECT_TRUE(printed->starts_with("cartd-control-"));
  // Kept across restarts: a test's configuration stays valid.
  RestartNode();
  EXPECT_EQ(node_->control_token(), *printed);
  // A control token is not a partner token.
  const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", *printed);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ReadFault(r).code, 900420);
}

TEST_F(CartdTest, ANodeWithoutControlsHasNoConsole) {
  EXPECT_EQ(Call("GET", "/console").status, 404);
  EXPECT_EQ(Call("GET", "/console/console.js").status, 404);
}

TEST_F(ControlsTest, TheConsoleIsServedFromTheBinaryWithoutAToken) {
  const HttpResult page = Call("GET", "/console");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers.Get("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.headers.Get("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_NE(page.body.find("/console/console.js"), std::string::npos);
  EXPECT_EQ(Call("GET", "/console/").body, page.body);
  const HttpResult script = Call("GET", "/console/console.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.headers.Get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Call("GET", "/console/console.css").headers.Get("Content-Type"),
            "text/css; charset=utf-8");
  EXPECT_EQ(Call("GET", "/console/secrets.txt").status, 404);
  EXPECT_EQ(Call("POST", "/console", "{}").status, 405);
}

TEST_F(ControlsTest, CartsOfACustomerAreListedWithTheirETagsAndExpiry) {
  const std::string token = Token();
  const std::string cart = CreateCart(LicenceCart(2), token);
  const HttpResult listed =
      Control("GET", "/_cartd/carts?partner=" + std::string(demo::kPartnerTenant) +
                         "&customer=" + demo::kCustomer);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::array items = Object(listed).at("items").as_array();
  ASSERT_EQ(items.size(), 2u);  // the seed cart and this one, by id
  bool found = false;
  for (const json::value& item : items) {
    const json::object& entry = item.as_object();
    if (Text(entry.at("cart").as_object(), "id") != cart) continue;
    found = true;
    EXPECT_EQ(Text(entry, "etag"), "\"1\"");
    EXPECT_FALSE(entry.at("expired").as_bool());
    EXPECT_EQ(Text(entry.at("cart").as_object(), "status"), "Active");
  }
  EXPECT_TRUE(found) << listed.body;
  Control("POST", "/_cartd/clock", R"({"advance":"P8D"})");
  const json::array later =
      Object(Control("GET", "/_cartd/carts?partner=" + std::string(demo::kPartnerTenant) +
                                "&customer=" + demo::kCustomer))
          .at("items")
          .as_array();
  for (const json::value& item : later) EXPECT_TRUE(item.as_object().at("expired").as_bool());
  EXPECT_EQ(Control("GET", "/_cartd/carts?partner=x&customer=y").status, 400);
}

// ---------------------------------------------------------------------------------------------
// The clock

TEST_F(ControlsTest, AdvancingTheClockExpiresACartAndCompletesAnOrder) {
  const std::string token = Token();
  const std::string expiring = CreateCart(LicenceCart(2), token);
  const std::string bought = CreateCart(LicenceCart(3), token);
  const HttpResult checkout = Call("POST", CartPath(bought) + "/checkout", "", token);
  ASSERT_EQ(checkout.status, 201) << checkout.body;
  const std::string order = partnercenter::ParseCartCheckoutResult(checkout.body)->orders.at(0).id;
  const std::string order_path = "/v1/customers/" + std::string(demo::kCustomer) + "/orders/";
  EXPECT_EQ(partnercenter::ParseOrder(Call("GET", order_path + order, "", token).body)->status,
            "pending");

  const HttpResult moved = Control("POST", "/_cartd/clock", R"({"advance":"P7DT1S"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  const json::object clock = Object(moved);
  EXPECT_EQ(Text(clock, "offset"), "PT604801S");
  EXPECT_EQ(partnercenter::ParseTimestamp(Text(clock, "now")),
            clock_.Now() + std::chrono::seconds(604801));

  // The partner's hour-long token has expired on cartd's clock: token times follow it.
  const HttpResult stale = Call("GET", CartPath(expiring), "", token);
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(ReadFault(stale).code, 900420);

  const std::string fresh = FreshToken();
  const HttpResult expired = Call("GET", CartPath(expiring), "", fresh);
  EXPECT_EQ(expired.status, 404) << expired.body;
  EXPECT_EQ(ReadFault(expired).code, 800008);
  EXPECT_NE(ReadFault(expired).description.find("expired"), std::string::npos);
  EXPECT_EQ(partnercenter::ParseOrder(Call("GET", order_path + order, "", fresh).body)->status,
            "completed");
}

TEST_F(ControlsTest, TheClockOnlyMovesForwardAndRefusesCalendarUnits) {
  ASSERT_EQ(Control("POST", "/_cartd/clock", R"({"advance":"PT2H"})").status, 200);
  for (const std::string body :
       {R"({"advance":"P1M"})", R"({"advance":"-P1D"})", R"({"advance":"PT0S"})",
        R"({"now":"2001-01-01T00:00:00Z"})", R"({"now":"tomorrow"})", R"({})",
        R"({"advance":"P1D","now":"2040-01-01T00:00:00Z"})", R"({"advance":"P100000000D"})",
        R"({"now":"10000-01-01T00:00:00Z"})", "not json"}) {
    const HttpResult r = Control("POST", "/_cartd/clock", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_EQ(ReadFault(r).code, 800002) << body;
  }
  EXPECT_EQ(Text(Object(Control("GET", "/_cartd/clock")), "offset"), "PT7200S");
  const HttpResult set = Control("POST", "/_cartd/clock", R"({"now":"2040-01-01T00:00:00Z"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Text(Object(set), "now"), "2040-01-01T00:00:00.0000000Z");
}

TEST_F(ControlsTest, TheMovedClockSurvivesARestart) {
  ASSERT_EQ(Control("POST", "/_cartd/clock", R"({"advance":"P2D"})").status, 200);
  const std::string cart = CreateCart(LicenceCart(1), FreshToken());
  RestartNode();
  EXPECT_EQ(Text(Object(Control("GET", "/_cartd/clock")), "offset"), "PT172800S");
  EXPECT_EQ(node_->clock().Now(), clock_.Now() + std::chrono::hours(48));
  // The cart made on the moved clock is still 5 days from expiry after the restart.
  EXPECT_EQ(Call("GET", CartPath(cart), "", FreshToken()).status, 200);
}

// ---------------------------------------------------------------------------------------------
// Faults

TEST_F(ControlsTest, AnErrorFaultOnCheckoutOrdersNothingAndFiresCountTimes) {
  const std::string token = Token();
  const std::string cart = CreateCart(LicenceCart(2), token);
  const HttpResult before = Call("GET", CartPath(cart), "", token);
  const std::string fault =
      ArmFault(R"({"operation":"checkout","status":503,"retryAfter":3,"count":1})");

  const HttpResult failed = Call("POST", CartPath(cart) + "/checkout", "", token);
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(ReadFault(failed).code, 800003);
  EXPECT_EQ(failed.headers.Get("Retry-After"), "3");
  const HttpResult after = Call("GET", CartPath(cart), "", token);
  EXPECT_EQ(after.body, before.body);
  EXPECT_EQ(after.headers.Get("ETag"), before.headers.Get("ETag"));
  const HttpResult orders =
      Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders", "", token);
  EXPECT_EQ(partnercenter::ParseOrderCollection(orders.body)->total_count, 0) << orders.body;

  // Spent after one: the retry goes through.
  EXPECT_EQ(Call("POST", CartPath(cart) + "/checkout", "", token).status, 201);
  const json::object listed = Object(Control("GET", "/_cartd/faults"));
  const json::object rule = listed.at("items").as_array().at(0).as_object();
  EXPECT_EQ(Text(rule, "id"), fault);
  EXPECT_EQ(Int(rule, "fired"), 1);
  EXPECT_EQ(Int(rule, "matched"), 1);
}

TEST_F(ControlsTest, A429FaultAnswersTheGatewaysBodyWithRetryAfter) {
  ArmFault(R"({"operation":"get","status":429,"retryAfter":2})");
  const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", Token());
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.headers.Get("Retry-After"), "2");
  EXPECT_EQ(r.body,
            R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 2 seconds."})");
  // Only reads of carts: an update is not affected.
  EXPECT_EQ(Call("PUT", CartPath(demo::kSeedCart), demo::kSeedUpdateBody, Token()).status, 201);
}

TEST_F(ControlsTest, ADroppedConnectionGetsNoAnswerAndChangesNothing) {
  const std::string token = Token();
  const HttpResult before = Call("GET", CartPath(demo::kSeedCart), "", token);
  // Twice: the test client sends once more on a new connection when one closes unanswered.
  ArmFault(R"({"operation":"update","action":"drop","count":2})");
  const HttpResult dropped = Call("PUT", CartPath(demo::kSeedCart), demo::kSeedUpdateBody, token);
  EXPECT_EQ(dropped.status, 0) << "an answer came: " << dropped.body;
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).headers.Get("ETag"),
            before.headers.Get("ETag"));
  const json::array journal = Journal("?limit=3");
  ASSERT_EQ(journal.size(), 3u);
  for (std::size_t i : {1u, 2u}) {  // after them: the GET above
    const json::object drop = journal.at(i).as_object();
    EXPECT_EQ(Text(drop, "method"), "PUT");
    EXPECT_EQ(Int(drop, "status"), 0);
    EXPECT_EQ(Text(drop, "fault"), "fault-1");
  }
  EXPECT_EQ(Call("PUT", CartPath(demo::kSeedCart), demo::kSeedUpdateBody, token).status, 201);
}

TEST_F(ControlsTest, ADelayFaultWaitsThenAnswersAsUsual) {
  ArmFault(R"({"operation":"get","action":"delay","delay":"PT0.3S","count":1})");
  const HttpResult r = Call("GET", CartPath(demo::kSeedCart), "", Token());
  EXPECT_EQ(r.status, 200);
  const json::object entry = Journal("?limit=1").at(0).as_object();
  EXPECT_EQ(Text(entry, "fault"), "fault-1");
  EXPECT_GE(entry.at("latencyMs").to_number<double>(), 300.0);
}

TEST_F(ControlsTest, AFaultForOneCustomerLeavesOthersAlone) {
  ArmFault(R"({"operation":"any","customer":")" + std::string(demo::kCustomer) +
           R"(","status":500})");
  const HttpResult faulted = Call("POST", CartsPath(), LicenceCart(1), Token());
  EXPECT_EQ(faulted.status, 500);
  EXPECT_EQ(ReadFault(faulted).code, 800003);
  EXPECT_EQ(Call("POST", CartsPath(kOtherCustomer), LicenceCart(1), Token()).status, 201);
  // Another partner's faults do not reach this one.
  Control("DELETE", "/_cartd/faults");
  ArmFault(R"({"partner":")" + std::string(demo::kOtherPartnerTenant) + R"(","status":503})");
  EXPECT_EQ(Call("POST", CartsPath(), LicenceCart(1), Token()).status, 201);
}

TEST_F(ControlsTest, FaultRulesAreListedClearedAndChecked) {
  const std::string first = ArmFault(R"({"operation":"create","status":409})");
  const std::string second = ArmFault(R"({"operation":"orders","status":503,"probability":0.5})");
  const HttpResult conflict = Call("POST", CartsPath(), LicenceCart(1), Token());
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(ReadFault(conflict).code, 800064);

  EXPECT_EQ(Int(Object(Control("GET", "/_cartd/faults")), "totalCount"), 2);
  EXPECT_EQ(Int(Object(Control("DELETE", "/_cartd/faults/" + first)), "removed"), 1);
  const HttpResult unknown = Control("DELETE", "/_cartd/faults/" + first);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Int(Object(Control("DELETE", "/_cartd/faults")), "removed"), 1);
  EXPECT_EQ(Call("POST", CartsPath(), LicenceCart(1), Token()).status, 201);

  for (const std::string bad :
       {R"({"operation":"everything"})", R"({"status":302})", R"({"action":"explode"})",
        R"({"action":"delay"})", R"({"action":"delay","delay":"PT1H"})", R"({"count":0})",
        R"({"probability":0})", R"({"probability":1.5})", R"({"partner":"x"})",
        R"({"retryAfter":0})", R"({"code":-5})", "[]"}) {
    const HttpResult r = Control("POST", "/_cartd/faults", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(ReadFault(r).code, 800002) << bad;
  }
}

// ---------------------------------------------------------------------------------------------
// The request journal

TEST_F(ControlsTest, TheJournalKeepsWhatTheClientSentWithTheTokenRedacted) {
  const std::string token = Token();
  const HttpResult put = Call("PUT", CartPath(demo::kSeedCart), demo::kSeedUpdateBody, token,
                              {{"MS-RequestId", "7d1c6f2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"}});
  ASSERT_EQ(put.status, 201);
  Call("GET", CartPath(demo::kSeedCart, kOtherCustomer), "", token);
  Control("GET", "/_cartd/clock");  // the controls' own requests are not kept
  Call("GET", "/healthz");

  const HttpResult listed = Control("GET", "/_cartd/requests");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(token), std::string::npos) << "the token leaked into the journal";
  const json::array items = Object(listed).at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << listed.body;
  const json::object newest = items.at(0).as_object();
  EXPECT_EQ(Text(newest, "customerId"), kOtherCustomer);
  const json::object entry = items.at(1).as_object();
  EXPECT_EQ(Text(entry, "method"), "PUT");
  EXPECT_EQ(Text(entry, "target"), CartPath(demo::kSeedCart));
  EXPECT_EQ(Text(entry, "route"), "PUT /v1/customers/{customer-id}/carts/{cart-id}");
  EXPECT_EQ(Text(entry, "partnerTenant"), demo::kPartnerTenant);
  EXPECT_EQ(Text(entry, "customerId"), demo::kCustomer);
  EXPECT_EQ(Text(entry, "requestId"), "7d1c6f2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f");
  EXPECT_EQ(Text(entry.at("requestHeaders").as_object(), "Authorization"), "Bearer [redacted]");
  EXPECT_EQ(Text(entry, "requestBody"), demo::kSeedUpdateBody);
  EXPECT_EQ(Int(entry, "status"), 201);
  EXPECT_EQ(Text(entry, "responseBody"), put.body);
  EXPECT_EQ(Text(entry.at("responseHeaders").as_object(), "ETag"), put.headers.Get("ETag"));
  EXPECT_LT(Int(entry, "sequence"), Int(newest, "sequence"));

  // Filters.
  EXPECT_EQ(Journal("?customer=" + std::string(kOtherCustomer)).size(), 1u);
  EXPECT_EQ(Journal("?partner=" + std::string(demo::kOtherPartnerTenant)).size(), 0u);
  EXPECT_EQ(Journal("?limit=1").size(), 1u);
  Control("POST", "/_cartd/clock", R"({"advance":"PT1H"})");
  const std::string since = Text(Object(Control("GET", "/_cartd/clock")), "now");
  EXPECT_EQ(Journal("?since=" + since).size(), 0u);
  const HttpResult bad = Control("GET", "/_cartd/requests?limit=zero");
  EXPECT_EQ(bad.status, 400);

  EXPECT_EQ(Int(Object(Control("DELETE", "/_cartd/requests")), "removed"), 2);
  EXPECT_EQ(Journal().size(), 0u);
}

TEST_F(ControlsTest, TheJournalIsARingOfTheConfiguredSize) {
  const std::string token = Token();
  for (int i = 0; i < 60; ++i) Call("GET", "/v1/customers/not-a-guid/carts", "", token);
  const json::array items = Journal("?limit=1000");
  ASSERT_EQ(items.size(), 50u);
  // The newest 50 of 60: sequences 11 to 60.
  EXPECT_EQ(Int(items.front().as_object(), "sequence"), 60);
  EXPECT_EQ(Int(items.back().as_object(), "sequence"), 11);
}

// ---------------------------------------------------------------------------------------------
// State: reset and fixtures

TEST_F(ControlsTest, ResetEmptiesTheStoreOrReturnsItToTheDemoState) {
  const std::string token = Token();
  Call("PUT", CartPath(demo::kSeedCart), demo::kSeedUpdateBody, token);
  const std::string cart = CreateCart(LicenceCart(1), token);
  Control("POST", "/_cartd/clock", R"({"advance":"PT30M"})");

  const HttpResult emptied = Control("POST", "/_cartd/reset", R"({"to":"empty"})");
  ASSERT_EQ(emptied.status, 200) << emptied.body;
  EXPECT_EQ(Text(Object(emptied), "to"), "empty");
  EXPECT_EQ(Int(Object(Control("GET", "/_cartd/customers")), "totalCount"), 0);
  EXPECT_EQ(Text(Object(Control("GET", "/_cartd/clock")), "offset"), "PT0S");
  // No customer is left, so no cart of one can be reached.
  EXPECT_EQ(ReadFault(Call("GET", CartPath(cart), "", token)).code, 20002);

  const HttpResult demo = Control("POST", "/_cartd/reset", "");
  ASSERT_EQ(demo.status, 200) << demo.body;
  EXPECT_EQ(Int(Object(demo), "customers"), 6);
  const HttpResult seed = Call("GET", CartPath(demo::kSeedCart), "", token);
  ASSERT_EQ(seed.status, 200);
  EXPECT_EQ(partnercenter::ParseCart(seed.body)->line_items.at(0).quantity, 1);
  EXPECT_EQ(Call("GET", CartPath(cart), "", token).status, 404);
  EXPECT_EQ(Control("POST", "/_cartd/reset", R"({"to":"yesterday"})").status, 400);
}

TEST_F(ControlsTest, FixturesLoadCustomersAndCartsThatTheApiThenServes) {
  const std::string partner = "11111111-2222-4333-8444-555555555555";
  const std::string customer = "66666666-7777-4888-8999-AAAAAAAAAAAA";
  const std::string cart = "0f0e0d0c-0b0a-4909-8807-060504030201";
  const std::string fixtures =
      R"({"Customers":[{"partnerTenant":")" + partner + R"(","id":")" + customer +
      R"(","country":"gb","currency":"GBP","companyName":"Fixture Ltd"}],
          "carts":[{"partnerTenant":")" +
      partner + R"(","customerId":")" + customer + R"(","cart":{"Id":")" + cart +
      R"(","LineItems":[{"CatalogItemId":")" + kLicence +
      R"(","Quantity":4,"BillingCycle":"Monthly","TermDuration":"P1M"}]}},
                   {"partnerTenant":")" +
      partner + R"(","customerId":")" + customer + R"(","cart":{"lineItems":[{"catalogItemId":")" +
      kLicence + R"(","quantity":1,"billingCycle":"annual","termDuration":"P1M"}]}}]})";
  const HttpResult loaded = Control("POST", "/_cartd/fixtures", fixtures);
  ASSERT_EQ(loaded.status, 201) << loaded.body;
  const json::object summary = Object(loaded);
  EXPECT_EQ(Int(summary, "customers"), 1);
  const json::array carts = summary.at("carts").as_array();
  ASSERT_EQ(carts.size(), 2u);
  EXPECT_EQ(Text(carts.at(0).as_object(), "id"), cart);
  const std::string generated = Text(carts.at(1).as_object(), "id");
  EXPECT_EQ(generated.size(), 36u);

  const std::string token = Token(partner);
  const std::string lower_customer = "66666666-7777-4888-8999-aaaaaaaaaaaa";
  const HttpResult read = Call("GET", CartPath(cart, lower_customer), "", token);
  ASSERT_EQ(read.status, 200) << read.body;
  const auto parsed = partnercenter::ParseCart(read.body);
  EXPECT_EQ(parsed->status, partnercenter::CartStatus::kActive);
  EXPECT_EQ(parsed->line_items.at(0).quantity, 4);
  EXPECT_EQ(parsed->line_items.at(0).currency_code, "GBP");
  // The second cart's line is checked as a create would: the item is not sold annually for P1M.
  const HttpResult second = Call("GET", CartPath(generated, lower_customer), "", token);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(partnercenter::ParseCart(second.body)->line_items.at(0).error->error_code, 10013);

  // Loading again replaces the cart (a test's known state), at a new version.
  ASSERT_EQ(Control("POST", "/_cartd/fixtures", fixtures).status, 201);
  EXPECT_EQ(Call("GET", CartPath(cart, lower_customer), "", token).headers.Get("ETag"), "\"2\"");

  const HttpResult unknown = Control(
      "POST", "/_cartd/fixtures",
      R"({"carts":[{"partnerTenant":")" + partner +
          R"(","customerId":"99999999-7777-4888-8999-aaaaaaaaaaaa","cart":{"lineItems":[{"catalogItemId":"X","quantity":1,"billingCycle":"monthly"}]}}]})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(ReadFault(unknown).description.find("neither in the fixtures nor stored"),
            std::string::npos);
  const HttpResult malformed =
      Control("POST", "/_cartd/fixtures", R"({"customers":[{"partnerTenant":"x"}]})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ReadFault(malformed).description,
            "fixtures: customers[0].partnerTenant: 'x' is not a GUID");
}

TEST_F(ControlsTest, TokensAreMintedOnCartdsClock) {
  Control("POST", "/_cartd/clock", R"({"advance":"P30D"})");
  const HttpResult minted =
      Control("POST", "/_cartd/tokens",
              R"({"tenant":")" + std::string(demo::kPartnerTenant) +
                  R"(","app":"1950a258-227b-4e31-a9cf-717495945fc2","ttl":"PT10M"})");
  ASSERT_EQ(minted.status, 201) << minted.body;
  const json::object token = Object(minted);
  EXPECT_EQ(
      partnercenter::ParseTimestamp(Text(token, "expiresOn")),
      std::chrono::floor<std::chrono::seconds>(node_->clock().Now()) + std::chrono::minutes(10));
  const HttpResult created = Call("POST", CartsPath(), LicenceCart(1), Text(token, "token"));
  ASSERT_EQ(created.status, 201) << created.body;
  // App-only: the app id is the cart's lastModifiedUser.
  EXPECT_EQ(partnercenter::ParseCart(created.body)->last_modified_user,
            "1950a258-227b-4e31-a9cf-717495945fc2");
  EXPECT_EQ(Control("POST", "/_cartd/tokens", R"({"tenant":"x","user":"u"})").status, 400);
  EXPECT_EQ(Control("POST", "/_cartd/tokens",
                    R"({"tenant":")" + std::string(demo::kPartnerTenant) + R"("})")
                .status,
            400);
}

// ---------------------------------------------------------------------------------------------
// The integration sandbox's limits

class SandboxLimitsTest : public ControlsTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = ControlsTest::Options();
    options.service.sandbox_limits.enabled = true;
    options.orders.provisioning_delay = Ticks(0);
    return options;
  }
};

TEST_F(SandboxLimitsTest, ALineAbove25LicencesGetsLineError10015) {
  const HttpResult created = Call("POST", CartsPath(), LicenceCart(26), Token());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto line = partnercenter::ParseCart(created.body)->line_items.at(0);
  ASSERT_TRUE(line.error.has_value());
  EXPECT_EQ(line.error->error_code, 10015);
  EXPECT_NE(line.error->error_description.find("25 licences"), std::string::npos);
  const HttpResult at_limit = Call("POST", CartsPath(), LicenceCart(25), Token());
  EXPECT_FALSE(partnercenter::ParseCart(at_limit.body)->line_items.at(0).error.has_value());
}

TEST_F(SandboxLimitsTest, ACheckoutPastFiveSubscriptionsPerCustomerIsRefused) {
  const std::string token = Token();
  const std::string four = CreateCart(LicenceCart(1, 4), token);
  ASSERT_EQ(Call("POST", CartPath(four) + "/checkout", "", token).status, 201);
  const std::string two = CreateCart(LicenceCart(1, 2), token);
  const HttpResult refused = Call("POST", CartPath(two) + "/checkout", "", token);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(ReadFault(refused).code, 800066);
  EXPECT_EQ(partnercenter::ParseCart(Call("GET", CartPath(two), "", token).body)->status,
            partnercenter::CartStatus::kActive);
  const std::string one = CreateCart(LicenceCart(1, 1), token);
  EXPECT_EQ(Call("POST", CartPath(one) + "/checkout", "", token).status, 201);
}

TEST_F(SandboxLimitsTest, ThePartnersSeventySixthCustomerIsRefused) {
  // The demo partner has 5 customers: 70 more reach the limit of 75, the 71st passes it.
  std::string customers;
  for (int i = 0; i < 71; ++i) {
    char id[37];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
    customers += std::string(i ? "," : "") + R"({"partnerTenant":")" + demo::kPartnerTenant +
                 R"(","id":")" + id + R"(","country":"US","currency":"USD"})";
  }
  const HttpResult r = Control("POST", "/_cartd/fixtures", R"({"customers":[)" + customers + "]}");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(ReadFault(r).code, 800018);
  EXPECT_EQ(
      Int(Object(Control("GET", "/_cartd/customers?partner=" + std::string(demo::kPartnerTenant))),
          "totalCount"),
      75);
}

}  // namespace
}  // namespace cartd::test
