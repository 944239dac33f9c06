// The SDK's StandIn client against a cartd node with the stand-in controls, over loopback: every
// call (sync and async), the controls' authentication, and what each fault kind, a moved clock, a
// reset and fixtures do to the SDK's own cart and order calls, checked through the request
// journal the node keeps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
#include "partnercenter/stand_in.h"
#include "tests/integration/cartd_fixture.h"
#include "tests/sdk/scripted_server.h"

namespace cartd::test {
namespace {

using partnercenter::AggregatePartner;
using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartCheckoutResult;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;
using partnercenter::Credentials;
using partnercenter::ErrorKind;
using partnercenter::FaultAction;
using partnercenter::FaultRule;
using partnercenter::FaultRuleCollection;
using partnercenter::JournalEntry;
using partnercenter::JournalEntryCollection;
using partnercenter::LoadedFixtures;
using partnercenter::MintedToken;
using partnercenter::Order;
using partnercenter::PartnerService;
using partnercenter::PartnerServiceOptions;
using partnercenter::RemovedCount;
using partnercenter::ResetTarget;
using partnercenter::Result;
using partnercenter::StandIn;
using partnercenter::StandInClock;
using partnercenter::StandInCustomerCollection;
using partnercenter::StandInService;
using ::testing::ElementsAre;

constexpr char kLicence[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";  // new commerce, monthly
constexpr char kCreateRoute[] = "POST /v1/customers/{customer-id}/carts";
constexpr char kGetRoute[] = "GET /v1/customers/{customer-id}/carts/{cart-id}";
constexpr char kPutRoute[] = "PUT /v1/customers/{customer-id}/carts/{cart-id}";
constexpr char kCheckoutRoute[] = "POST /v1/customers/{customer-id}/carts/{cart-id}/checkout";

// A customer and a cart of it that no demo data has.
constexpr char kFixtureCustomer[] = "4b9d2c8e-5f1a-4e3b-9c7d-2a6e8f0b1c3d";
constexpr char kFixtureCart[] = "7c1e5a9b-3d2f-4b8e-a6c4-0f9e8d7c6b5a";

CartLineItem Line(std::string catalog_item_id, int quantity, BillingCycle cycle,
                  std::optional<std::string> term = std::nullopt) {
  CartLineItem line;
  line.catalog_item_id = std::move(catalog_item_id);
  line.quantity = quantity;
  line.billing_cycle = cycle;
  line.term_duration = std::move(term);
  return line;
}

Cart LicenceCart(int quantity = 3) {
  Cart cart;
  cart.line_items = {Line(kLicence, quantity, BillingCycle::kMonthly, "P1M")};
  return cart;
}

class SdkControlsTest : public CartdTest {
 protected:
  // Controls on; orders stay pending for an hour of cartd's clock.
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.controls = true;
    options.orders.provisioning_delay = std::chrono::hours(1);
    return options;
  }

  void SetUp() override {
    CartdTest::SetUp();
    if (HasFatalFailure()) return;
    stand_in_ = StandInWith(node_->control_token());
    partner_ = Partner(Token());
  }

  PartnerServiceOptions ServiceOptions() const {
    PartnerServiceOptions options;
    options.api_root = "http://127.0.0.1:" + std::to_string(node_->port());
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(5);
    return options;
  }

  std::shared_ptr<StandIn> StandInWith(const std::string& token) const {
    return StandInService::Create(Credentials::BearerToken(token), ServiceOptions());
  }

  std::shared_ptr<AggregatePartner> Partner(const std::string& token, int max_attempts = 3) const {
    PartnerServiceOptions options = ServiceOptions();
    options.max_attempts = max_attempts;
    return PartnerService::Create(Credentials::BearerToken(token), options);
  }

  partnercenter::CartCollectionOperations Carts(
      const std::shared_ptr<AggregatePartner>& partner) const {
    return partner->Customers().ById(demo::kCustomer).Carts();
  }

  // The journal's entries of `route`, newest first.
  std::vector<JournalEntry> Journaled(const std::string& route) const {
    Result<JournalEntryCollection> journal = stand_in_->Requests().Get({.limit = 1000});
    EXPECT_TRUE(journal.ok()) << journal.error().ToString();
    std::vector<JournalEntry> out;
    if (!journal.ok()) return out;
    for (const JournalEntry& entry : journal->items) {
      if (entry.route == route) out.push_back(entry);
    }
    return out;
  }

  // The armed rule `id` as GET /_cartd/faults lists it.
  FaultRule Listed(const std::string& id) const {
    Result<FaultRuleCollection> rules = stand_in_->Faults().Get();
    EXPECT_TRUE(rules.ok()) << rules.error().ToString();
    if (rules.ok()) {
      for (const FaultRule& rule : rules->items) {
        if (rule.id == id) return rule;
      }
    }
    ADD_FAILURE() << "no rule " << id;
    return FaultRule{};
  }

  FaultRule Arm(const FaultRule& rule) const {
    Result<FaultRule> armed = stand_in_->Faults().Arm(rule);
    EXPECT_TRUE(armed.ok()) << armed.error().ToString();
    EXPECT_EQ(armed.info().http_status, 201);
    return armed.ok() ? *armed : FaultRule{};
  }

  std::shared_ptr<StandIn> stand_in_;
  std::shared_ptr<AggregatePartner> partner_;
};

// --- The calls themselves ---------------------------------------------------------------------

TEST_F(SdkControlsTest, TheClockStartsOnTheNodesClockAndOnlyMovesForward) {
  Result<StandInClock> clock = stand_in_->Clock().Get();
  ASSERT_TRUE(clock.ok()) << clock.error().ToString();
  EXPECT_EQ(clock.info().http_status, 200);
  EXPECT_EQ(clock->now, FixtureStartTime());
  EXPECT_EQ(clock->system_now, FixtureStartTime());
  EXPECT_EQ(clock->offset, std::chrono::milliseconds(0));

  Result<StandInClock> advanced = stand_in_->Clock().Advance(std::chrono::hours(36));
  ASSERT_TRUE(advanced.ok()) << advanced.error().ToString();
  EXPECT_EQ(advanced->offset, std::chrono::hours(36));
  EXPECT_EQ(advanced->now, FixtureStartTime() + std::chrono::hours(36));
  EXPECT_EQ(advanced->system_now, FixtureStartTime());

  // As the service reads it: ISO 8601 or cartd's spelling.
  Result<StandInClock> by_text = stand_in_->Clock().Advance("P1DT2H");
  ASSERT_TRUE(by_text.ok()) << by_text.error().ToString();
  EXPECT_EQ(by_text->offset, std::chrono::hours(36 + 26));
  Result<StandInClock> short_text = stand_in_->Clock().AdvanceAsync("90m").get();
  ASSERT_TRUE(short_text.ok()) << short_text.error().ToString();
  EXPECT_EQ(short_text->offset, std::chrono::hours(63) + std::chrono::minutes(30));

  const partnercenter::Timestamp target = FixtureStartTime() + std::chrono::days(7);
  Result<StandInClock> moved = stand_in_->Clock().AdvanceTo(target);
  ASSERT_TRUE(moved.ok()) << moved.error().ToString();
  EXPECT_EQ(moved->now, target);
  EXPECT_EQ(moved->offset, std::chrono::days(7));
  EXPECT_EQ(stand_in_->Clock().GetAsync().get()->now, target);

  Result<StandInClock> async = stand_in_->Clock().AdvanceAsync(std::chrono::seconds(1)).get();
  ASSERT_TRUE(async.ok()) << async.error().ToString();
  EXPECT_EQ(async->now, target + std::chrono::seconds(1));
  Result<StandInClock> async_to =
      stand_in_->Clock().AdvanceToAsync(target + std::chrono::days(1)).get();
  ASSERT_TRUE(async_to.ok()) << async_to.error().ToString();
  EXPECT_EQ(async_to->offset, std::chrono::days(8));

  // Backwards, months, nonsense: 400/800002, and the clock stays.
  Result<StandInClock> backwards = stand_in_->Clock().AdvanceTo(target);
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(backwards.error().http_status, 400);
  EXPECT_EQ(backwards.error().code, 800002);
  EXPECT_EQ(backwards.info().attempts, 1);
  Result<StandInClock> months = stand_in_->Clock().Advance("P1M");
  ASSERT_FALSE(months.ok());
  EXPECT_EQ(months.error().code, 800002);
  EXPECT_THAT(months.error().description, ::testing::HasSubstr("advance"));
  // A non-positive duration is refused before anything is sent.
  Result<StandInClock> zero = stand_in_->Clock().Advance(std::chrono::milliseconds(0));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(zero.info().attempts, 0);
  EXPECT_EQ(stand_in_->Clock().Get()->offset, std::chrono::days(8));
}

TEST_F(SdkControlsTest, FaultRulesAreArmedListedAndCleared) {
  const FaultRule throttle = Arm({.operation = "update", .status = 429, .count = 2});
  EXPECT_EQ(throttle.id, "fault-1");
  EXPECT_EQ(throttle.operation, "update");
  EXPECT_EQ(throttle.action, FaultAction::kError);
  EXPECT_EQ(throttle.status, 429);
  EXPECT_EQ(throttle.code, std::nullopt);  // a 429 has the gateway's body, without code
  EXPECT_EQ(throttle.retry_after_seconds, 1);
  EXPECT_EQ(throttle.count, 2);
  EXPECT_EQ(throttle.probability, 1.0);
  EXPECT_EQ(throttle.matched, 0);
  EXPECT_EQ(throttle.fired, 0);

  const FaultRule outage = Arm({.partner = demo::kPartnerTenant, .customer = demo::kCustomer});
  EXPECT_EQ(outage.operation, "any");
  EXPECT_EQ(outage.partner, demo::kPartnerTenant);
  EXPECT_EQ(outage.customer, demo::kCustomer);
  EXPECT_EQ(outage.status, 503);
  EXPECT_EQ(outage.code, 800003);
  EXPECT_EQ(outage.retry_after_seconds, std::nullopt);
  EXPECT_EQ(outage.count, std::nullopt);

  Result<FaultRule> slow = stand_in_->Faults()
                               .ArmAsync({.operation = "get",
                                          .action = FaultAction::kDelay,
                                          .delay = std::chrono::milliseconds(1500),
                                          .probability = 0.5})
                               .get();
  ASSERT_TRUE(slow.ok()) << slow.error().ToString();
  EXPECT_EQ(slow->action, FaultAction::kDelay);
  EXPECT_EQ(slow->delay, std::chrono::milliseconds(1500));
  EXPECT_EQ(slow->probability, 0.5);
  EXPECT_EQ(slow->status, std::nullopt);
  const FaultRule drop = Arm({.operation = "create", .action = FaultAction::kDrop, .count = 1});
  EXPECT_EQ(drop.action, FaultAction::kDrop);

  Result<FaultRuleCollection> listed = stand_in_->Faults().Get();
  ASSERT_TRUE(listed.ok()) << listed.error().ToString();
  EXPECT_EQ(listed->total_count, 4);
  EXPECT_THAT(listed->items, ElementsAre(throttle, outage, *slow, drop));
  EXPECT_EQ(*stand_in_->Faults().GetAsync().get(), *listed);

  // Refused rules: 400/800002 naming the member; nothing armed.
  Result<FaultRule> bad_status = stand_in_->Faults().Arm({.status = 200});
  ASSERT_FALSE(bad_status.ok());
  EXPECT_EQ(bad_status.error().http_status, 400);
  EXPECT_EQ(bad_status.error().code, 800002);
  EXPECT_THAT(bad_status.error().description, ::testing::HasSubstr("status"));
  Result<FaultRule> bad_operation = stand_in_->Faults().Arm({.operation = "delete"});
  ASSERT_FALSE(bad_operation.ok());
  EXPECT_THAT(bad_operation.error().description, ::testing::HasSubstr("operation"));
  Result<FaultRule> no_delay = stand_in_->Faults().Arm({.action = FaultAction::kDelay});
  ASSERT_FALSE(no_delay.ok());
  EXPECT_THAT(no_delay.error().description, ::testing::HasSubstr("delay"));

  Result<RemovedCount> one = stand_in_->Faults().ById(outage.id).Clear();
  ASSERT_TRUE(one.ok()) << one.error().ToString();
  EXPECT_EQ(one->removed, 1);
  Result<RemovedCount> again = stand_in_->Faults().ById(outage.id).ClearAsync().get();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().http_status, 404);
  EXPECT_EQ(stand_in_->Faults().Get()->total_count, 3);
  Result<RemovedCount> all = stand_in_->Faults().Clear();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all->removed, 3);
  EXPECT_EQ(stand_in_->Faults().ClearAsync().get()->removed, 0);
  EXPECT_EQ(stand_in_->Faults().Get()->total_count, 0);
}

TEST_F(SdkControlsTest, TheJournalIsQueriedAndCleared) {
  ASSERT_TRUE(Carts(partner_).ById(demo::kSeedCart).Get().ok());
  ASSERT_TRUE(Carts(partner_).Create(LicenceCart()).ok());
  // Another partner's request, refused for its customer: journaled with its tenant.
  auto other = Partner(Token(demo::kOtherPartnerTenant));
  ASSERT_FALSE(Carts(other).ById(demo::kSeedCart).Get().ok());
  // The controls' own requests are not journaled.
  ASSERT_TRUE(stand_in_->Clock().Get().ok());

  Result<JournalEntryCollection> all = stand_in_->Requests().Get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->total_count, 3);
  ASSERT_EQ(all->items.size(), 3u);
  // Newest first.
  EXPECT_EQ(all->items[0].partner_tenant, demo::kOtherPartnerTenant);
  EXPECT_EQ(all->items[0].status, 403);
  EXPECT_EQ(all->items[1].route, kCreateRoute);
  EXPECT_EQ(all->items[1].status, 201);
  EXPECT_EQ(all->items[2].route, kGetRoute);
  EXPECT_GT(all->items[0].sequence, all->items[1].sequence);
  EXPECT_GT(all->items[1].sequence, all->items[2].sequence);

  const JournalEntry& get = all->items[2];
  EXPECT_EQ(get.method, "GET");
  EXPECT_EQ(get.target,
            "/v1/customers/" + std::string(demo::kCustomer) + "/carts/" + demo::kSeedCart);
  EXPECT_EQ(get.partner_tenant, demo::kPartnerTenant);
  EXPECT_EQ(get.customer_id, demo::kCustomer);
  EXPECT_EQ(get.status, 200);
  // Received on cartd's clock (the test's FakeClock stands still): when the handling began.
  EXPECT_LE(get.received, FixtureStartTime());
  EXPECT_GT(get.received, FixtureStartTime() - std::chrono::seconds(5));
  EXPECT_EQ(get.correlation_id, partner_->correlation_id());
  // Header names compare ignoring case; the token is never shown.
  EXPECT_EQ(get.request_headers.at("authorization"), "Bearer [redacted]");
  EXPECT_EQ(get.request_headers.at("MS-CORRELATIONID"), partner_->correlation_id());
  EXPECT_EQ(get.request_headers.at("MS-RequestId"), get.request_id);
  EXPECT_EQ(get.request_headers.at("MS-PartnerCenter-Client"), "Partner Center C++ SDK");
  EXPECT_FALSE(get.response_headers.at("etag").empty());
  Result<Cart> body = partnercenter::ParseCart(get.response_body, {.max_string_bytes = 1 << 20});
  ASSERT_TRUE(body.ok()) << get.response_body;
  EXPECT_EQ(body->id, demo::kSeedCart);
  EXPECT_EQ(get.fault, "");

  Result<JournalEntryCollection> limited = stand_in_->Requests().Get({.limit = 1});
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->items.size(), 1u);
  EXPECT_EQ(limited->items[0], all->items[0]);
  Result<JournalEntryCollection> ours =
      stand_in_->Requests().GetAsync({.partner = demo::kPartnerTenant}).get();
  ASSERT_TRUE(ours.ok());
  EXPECT_THAT(ours->items, ElementsAre(all->items[1], all->items[2]));
  Result<JournalEntryCollection> for_customer =
      stand_in_->Requests().Get({.customer = demo::kCustomer});
  ASSERT_TRUE(for_customer.ok());
  EXPECT_EQ(for_customer->total_count, 3);
  Result<JournalEntryCollection> later =
      stand_in_->Requests().Get({.since = FixtureStartTime() + std::chrono::seconds(1)});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->total_count, 0);
  Result<JournalEntryCollection> bad = stand_in_->Requests().Get({.partner = "not-a-guid"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, 800002);

  Result<RemovedCount> cleared = stand_in_->Requests().Clear();
  ASSERT_TRUE(cleared.ok()) << cleared.error().ToString();
  EXPECT_EQ(cleared->removed, 3);
  EXPECT_EQ(stand_in_->Requests().Get()->total_count, 0);
  EXPECT_EQ(stand_in_->Requests().ClearAsync().get()->removed, 0);

  // Sequences go on after a clear.
  ASSERT_TRUE(Carts(partner_).ById(demo::kSeedCart).Get().ok());
  Result<JournalEntryCollection> after = stand_in_->Requests().Get();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->items.size(), 1u);
  EXPECT_GT(after->items[0].sequence, all->items[0].sequence);
}

TEST_F(SdkControlsTest, TokensAreMintedOnCartdsClock) {
  ASSERT_TRUE(stand_in_->Clock().Advance(std::chrono::days(30)).ok());
  Result<MintedToken> user = stand_in_->Tokens().Mint(
      {.tenant = demo::kPartnerTenant, .user = demo::kUser, .ttl = std::chrono::hours(2)});
  ASSERT_TRUE(user.ok()) << user.error().ToString();
  EXPECT_EQ(user.info().http_status, 201);
  EXPECT_EQ(user->expires_on,
            std::chrono::floor<std::chrono::seconds>(FixtureStartTime() + std::chrono::days(30)) +
                std::chrono::hours(2));
  Result<Cart> cart = Carts(Partner(user->token)).ById(demo::kSeedCart).Get();
  // The seed cart was created 30 days ago on cartd's clock: expired, but the token is good.
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().http_status, 404);
  EXPECT_EQ(cart.error().code, 800008);

  Result<MintedToken> app = stand_in_->Tokens()
                                .MintAsync({.tenant = demo::kPartnerTenant,
                                            .app = "a1b2c3d4-0000-4000-8000-000000000001"})
                                .get();
  ASSERT_TRUE(app.ok()) << app.error().ToString();
  EXPECT_EQ(app->expires_on,
            std::chrono::floor<std::chrono::seconds>(FixtureStartTime() + std::chrono::days(30)) +
                std::chrono::hours(1));
  Result<Cart> created = Carts(Partner(app->token)).Create(LicenceCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();

  Result<MintedToken> both =
      stand_in_->Tokens().Mint({.tenant = demo::kPartnerTenant, .user = demo::kUser, .app = "app"});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().http_status, 400);
  EXPECT_EQ(both.error().code, 800002);
  Result<MintedToken> no_tenant = stand_in_->Tokens().Mint({.user = demo::kUser});
  ASSERT_FALSE(no_tenant.ok());
  EXPECT_EQ(no_tenant.error().code, 800002);
}

TEST_F(SdkControlsTest, CustomersAreListedForAllPartnersOrOne) {
  Result<StandInCustomerCollection> all = stand_in_->Customers().Get();
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  EXPECT_EQ(all->total_count, 6);
  ASSERT_EQ(all->items.size(), 6u);
  Result<StandInCustomerCollection> other =
      stand_in_->Customers().GetAsync(demo::kOtherPartnerTenant).get();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  ASSERT_EQ(other->items.size(), 1u);
  EXPECT_EQ(other->items[0].id, demo::kOtherPartnersCustomer);
  EXPECT_EQ(other->items[0].partner_tenant, demo::kOtherPartnerTenant);
  EXPECT_EQ(other->items[0].country, "US");
  EXPECT_EQ(other->items[0].currency, "USD");
  EXPECT_EQ(other->items[0].company_name, "Adventure Works");
}

// --- Authentication ---------------------------------------------------------------------------

TEST_F(SdkControlsTest, WithoutATokenTheControlsAnswer401With800001) {
  auto anonymous = StandInWith("");
  Result<StandInClock> clock = anonymous->Clock().Get();
  ASSERT_FALSE(clock.ok());
  EXPECT_EQ(clock.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(clock.error().http_status, 401);
  EXPECT_EQ(clock.error().code, 800001);
  EXPECT_EQ(clock.info().attempts, 1);  // a 4xx is not retried
  Result<FaultRule> armed = anonymous->Faults().Arm({});
  ASSERT_FALSE(armed.ok());
  EXPECT_EQ(armed.error().code, 800001);
  EXPECT_EQ(stand_in_->Faults().Get()->total_count, 0);
}

TEST_F(SdkControlsTest, APartnersTokenGets403With800101) {
  auto partner_token = StandInWith(Token());
  Result<StandInClock> clock = partner_token->Clock().Get();
  ASSERT_FALSE(clock.ok());
  EXPECT_EQ(clock.error().http_status, 403);
  EXPECT_EQ(clock.error().code, 800101);
  Result<LoadedFixtures> reset = partner_token->Reset(ResetTarget::kEmpty);
  ASSERT_FALSE(reset.ok());
  EXPECT_EQ(reset.error().http_status, 403);
  EXPECT_EQ(reset.error().code, 800101);
  Result<JournalEntryCollection> journal = partner_token->Requests().Get();
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.error().code, 800101);
  // Nothing was reset.
  EXPECT_TRUE(Carts(partner_).ById(demo::kSeedCart).Get().ok());
}

TEST_F(SdkControlsTest, AnyOtherTokenGets401With900420) {
  auto wrong = StandInWith("cartd-control-0000000000000000");
  Result<StandInClock> clock = wrong->Clock().Get();
  ASSERT_FALSE(clock.ok());
  EXPECT_EQ(clock.error().http_status, 401);
  EXPECT_EQ(clock.error().code, 900420);
}

// --- Faults as the SDK's own calls meet them --------------------------------------------------

TEST_F(SdkControlsTest, AThrottledUpdateIsRetriedAfterRetryAfterAndSucceeds) {
  const FaultRule rule =
      Arm({.operation = "update", .status = 429, .retry_after_seconds = 1, .count = 2});
  auto cart = Carts(partner_).ById(demo::kSeedCart);
  Result<Cart> current = cart.Get();
  ASSERT_TRUE(current.ok()) << current.error().ToString();
  current->line_items[0].quantity = 4;

  const auto started = std::chrono::steady_clock::now();
  Result<Cart> updated = cart.Put(*current, {.if_match = current.etag()});
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  EXPECT_EQ(updated.info().http_status, 201);
  EXPECT_EQ(updated.info().attempts, 3);
  EXPECT_EQ(updated->line_items[0].quantity, 4);
  // Retry-After: 1 was waited for before each retry (the test's backoff is 1-5 ms).
  EXPECT_GE(took, std::chrono::seconds(2));

  const std::vector<JournalEntry> puts = Journaled(kPutRoute);
  ASSERT_EQ(puts.size(), 3u);
  // Newest first: the 201, then the two 429s the rule answered.
  EXPECT_EQ(puts[0].status, 201);
  EXPECT_EQ(puts[0].fault, "");
  for (const JournalEntry& throttled : {puts[1], puts[2]}) {
    EXPECT_EQ(throttled.status, 429);
    EXPECT_EQ(throttled.fault, rule.id);
    EXPECT_EQ(throttled.response_headers.at("Retry-After"), "1");
    EXPECT_THAT(throttled.response_body, ::testing::HasSubstr("\"statusCode\":429"));
  }
  // One call: one MS-RequestId on every attempt, and the partner's correlation id.
  for (const JournalEntry& put : puts) {
    EXPECT_EQ(put.request_id, updated.info().request_id);
    EXPECT_EQ(put.request_headers.at("MS-RequestId"), updated.info().request_id);
    EXPECT_EQ(put.correlation_id, partner_->correlation_id());
    EXPECT_EQ(put.request_headers.at("If-Match"), current.etag());
  }
  const FaultRule spent = Listed(rule.id);
  EXPECT_EQ(spent.matched, 2);
  EXPECT_EQ(spent.fired, 2);
}

TEST_F(SdkControlsTest, AFailedCheckoutLeavesTheCartActiveAndUnchanged) {
  auto carts = Carts(partner_);
  Result<Cart> created = carts.Create(LicenceCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  auto cart = carts.ById(*created->id);
  const FaultRule rule = Arm({.operation = "checkout", .status = 503, .code = 800003});

  Result<CartCheckoutResult> checkout = cart.Checkout({.if_match = created.etag()});
  ASSERT_FALSE(checkout.ok());
  EXPECT_EQ(checkout.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(checkout.error().http_status, 503);
  EXPECT_EQ(checkout.error().code, 800003);
  // A 503 is retried: every attempt met the rule.
  EXPECT_EQ(checkout.info().attempts, 3);
  const std::vector<JournalEntry> attempts = Journaled(kCheckoutRoute);
  ASSERT_EQ(attempts.size(), 3u);
  for (const JournalEntry& attempt : attempts) {
    EXPECT_EQ(attempt.status, 503);
    EXPECT_EQ(attempt.fault, rule.id);
    EXPECT_EQ(attempt.request_id, checkout.error().request_id);
  }
  EXPECT_EQ(Listed(rule.id).fired, 3);

  Result<Cart> after = cart.Get();
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_EQ(after->status, CartStatus::kActive);
  EXPECT_EQ(after.etag(), created.etag());
  EXPECT_EQ(*after, *created);
  Result<partnercenter::OrderCollection> orders =
      partner_->Customers().ById(demo::kCustomer).Orders().Get();
  ASSERT_TRUE(orders.ok()) << orders.error().ToString();
  EXPECT_EQ(orders->total_count, 0);

  // Cleared, the same checkout goes through.
  ASSERT_TRUE(stand_in_->Faults().ById(rule.id).Clear().ok());
  Result<CartCheckoutResult> second = cart.Checkout({.if_match = created.etag()});
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->orders.size(), 1u);
}

TEST_F(SdkControlsTest, ADroppedCreateIsANetworkErrorOrARetryThatCreatesOneCart) {
  const FaultRule first = Arm({.operation = "create", .action = FaultAction::kDrop, .count = 1});
  // Without retries the SDK reports the lost connection; nothing was stored.
  Result<Cart> lost = Carts(Partner(Token(), /*max_attempts=*/1)).Create(LicenceCart());
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(lost.error().http_status, 0);
  EXPECT_EQ(lost.info().attempts, 1);
  std::vector<JournalEntry> creates = Journaled(kCreateRoute);
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0].status, 0);
  EXPECT_EQ(creates[0].fault, first.id);
  EXPECT_EQ(creates[0].response_body, "");
  EXPECT_EQ(Listed(first.id).fired, 1);

  // With retries (the SDK retries a lost connection, a create included), the second attempt
  // creates the cart, once.
  ASSERT_TRUE(stand_in_->Requests().Clear().ok());
  const FaultRule second = Arm({.operation = "create", .action = FaultAction::kDrop, .count = 1});
  Result<Cart> created = Carts(partner_).Create(LicenceCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created.info().attempts, 2);
  creates = Journaled(kCreateRoute);
  ASSERT_EQ(creates.size(), 2u);
  EXPECT_EQ(creates[0].status, 201);
  EXPECT_EQ(creates[0].fault, "");
  EXPECT_EQ(creates[1].status, 0);
  EXPECT_EQ(creates[1].fault, second.id);
  EXPECT_EQ(creates[0].request_id, creates[1].request_id);
  EXPECT_EQ(creates[0].request_id, created.info().request_id);
  const FaultRule spent = Listed(second.id);
  EXPECT_EQ(spent.fired, 1);
  EXPECT_EQ(spent.matched, 1);
  // One 201 in the journal, and it is the cart the SDK returned.
  Result<Cart> answered =
      partnercenter::ParseCart(creates[0].response_body, {.max_string_bytes = 1 << 20});
  ASSERT_TRUE(answered.ok()) << creates[0].response_body;
  EXPECT_EQ(answered->id, created->id);
  EXPECT_TRUE(Carts(partner_).ById(*created->id).Get().ok());
}

TEST_F(SdkControlsTest, ADelayedReadSucceedsAndTheJournalShowsTheWait) {
  const FaultRule rule = Arm({.operation = "get",
                              .customer = demo::kCustomer,
                              .action = FaultAction::kDelay,
                              .delay = std::chrono::milliseconds(300),
                              .count = 1});
  Result<Cart> cart = Carts(partner_).ById(demo::kSeedCart).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(cart.info().attempts, 1);
  const std::vector<JournalEntry> gets = Journaled(kGetRoute);
  ASSERT_EQ(gets.size(), 1u);
  EXPECT_EQ(gets[0].status, 200);
  EXPECT_EQ(gets[0].fault, rule.id);
  EXPECT_GE(gets[0].latency_ms, 300.0);
  EXPECT_EQ(Listed(rule.id).fired, 1);
}

// --- The clock as the SDK's calls meet it -----------------------------------------------------

TEST_F(SdkControlsTest, EightDaysOnACartIsGoneAndTheOldTokenExpired) {
  Result<Cart> created = Carts(partner_).Create(LicenceCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(stand_in_->Clock().Advance(std::chrono::days(8)).ok());

  // The token minted at the start expired an hour into those eight days.
  Result<Cart> old_token = Carts(partner_).ById(*created->id).Get();
  ASSERT_FALSE(old_token.ok());
  EXPECT_EQ(old_token.error().http_status, 401);
  EXPECT_EQ(old_token.error().code, 900420);

  Result<MintedToken> fresh =
      stand_in_->Tokens().Mint({.tenant = demo::kPartnerTenant, .user = demo::kUser});
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  Result<Cart> expired = Carts(Partner(fresh->token)).ById(*created->id).Get();
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().http_status, 404);
  EXPECT_EQ(expired.error().code, 800008);
}

TEST_F(SdkControlsTest, AnOrderCompletesOnceTheClockPassesTheProvisioningDelay) {
  auto carts = Carts(partner_);
  Result<Cart> created = carts.Create(LicenceCart(2));
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  Result<CartCheckoutResult> checkout = carts.ById(*created->id).Checkout();
  ASSERT_TRUE(checkout.ok()) << checkout.error().ToString();
  ASSERT_EQ(checkout->orders.size(), 1u);
  const std::string order_id = checkout->orders[0].id;
  EXPECT_EQ(checkout->orders[0].status, "pending");
  auto orders = partner_->Customers().ById(demo::kCustomer).Orders();
  Result<Order> pending = orders.ById(order_id).Get();
  ASSERT_TRUE(pending.ok()) << pending.error().ToString();
  EXPECT_EQ(pending->status, "pending");
  EXPECT_EQ(orders.ById(order_id).ProvisioningStatus().Get()->items.at(0).status,
            "prefulfillmentpending");

  ASSERT_TRUE(stand_in_->Clock().Advance("PT2H").ok());
  Result<MintedToken> fresh =
      stand_in_->Tokens().Mint({.tenant = demo::kPartnerTenant, .user = demo::kUser});
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  auto later = Partner(fresh->token)->Customers().ById(demo::kCustomer).Orders();
  Result<Order> completed = later.ById(order_id).Get();
  ASSERT_TRUE(completed.ok()) << completed.error().ToString();
  EXPECT_EQ(completed->status, "completed");
  EXPECT_EQ(later.ById(order_id).ProvisioningStatus().Get()->items.at(0).status, "fulfilled");
}

// --- Reset and fixtures -----------------------------------------------------------------------

TEST_F(SdkControlsTest, ResetToEmptyThenToDemo) {
  Result<Cart> created = Carts(partner_).Create(LicenceCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(stand_in_->Clock().Advance(std::chrono::hours(2)).ok());
  const FaultRule rule = Arm({.operation = "catalog"});

  Result<LoadedFixtures> empty = stand_in_->Reset(ResetTarget::kEmpty);
  ASSERT_TRUE(empty.ok()) << empty.error().ToString();
  EXPECT_EQ(empty->to, "empty");
  EXPECT_EQ(empty->customers, 0);
  EXPECT_TRUE(empty->carts.empty());
  EXPECT_EQ(stand_in_->Customers().Get()->total_count, 0);
  // The clock is back on the system's time; fault rules stay.
  EXPECT_EQ(stand_in_->Clock().Get()->offset, std::chrono::milliseconds(0));
  EXPECT_EQ(stand_in_->Faults().Get()->total_count, 1);
  // The partner's token is good again on the system's time; its customers and carts are gone.
  for (const std::string& id : {std::string(demo::kSeedCart), *created->id}) {
    Result<Cart> gone = Carts(partner_).ById(id).Get();
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().kind, ErrorKind::kHttp);
    EXPECT_NE(gone.error().http_status, 401);
    EXPECT_GE(gone.error().http_status, 400);
    EXPECT_LT(gone.error().http_status, 500);
  }

  Result<LoadedFixtures> demo_data = stand_in_->ResetAsync(ResetTarget::kDemo).get();
  ASSERT_TRUE(demo_data.ok()) << demo_data.error().ToString();
  EXPECT_EQ(demo_data->to, "demo");
  EXPECT_EQ(demo_data->customers, 6);
  ASSERT_EQ(demo_data->carts.size(), 1u);
  EXPECT_EQ(demo_data->carts[0].id, demo::kSeedCart);
  EXPECT_EQ(demo_data->carts[0].customer_id, demo::kCustomer);
  EXPECT_EQ(demo_data->carts[0].partner_tenant, demo::kPartnerTenant);
  EXPECT_EQ(stand_in_->Customers().Get()->total_count, 6);
  Result<Cart> seed = Carts(partner_).ById(demo::kSeedCart).Get();
  ASSERT_TRUE(seed.ok()) << seed.error().ToString();
  EXPECT_EQ(seed->status, CartStatus::kActive);
  EXPECT_EQ(seed->line_items.at(0).quantity, 1);
  EXPECT_EQ(Listed(rule.id).id, rule.id);
}

TEST_F(SdkControlsTest, FixturesLoadedAreReadableThroughTheApi) {
  const std::string partner = demo::kPartnerTenant;
  const std::string customer = kFixtureCustomer;
  const std::string line = R"({"catalogItemId": ")" + std::string(kLicence) +
                           R"(", "billingCycle": "monthly", "termDuration": "P1M", "quantity": )";
  const std::string fixtures =
      R"({"customers": [{"partnerTenant": ")" + partner + R"(", "id": ")" + customer +
      R"(", "country": "US", "currency": "USD", "companyName": "Litware"}],)" +
      R"("carts": [{"partnerTenant": ")" + partner + R"(", "customerId": ")" + customer +
      R"(", "cart": {"id": ")" + kFixtureCart + R"(", "lineItems": [)" + line + "7}]}}," +
      R"({"partnerTenant": ")" + partner + R"(", "customerId": ")" + customer +
      R"(", "cart": {"lineItems": [)" + line + "1}]}}]}";
  Result<LoadedFixtures> loaded = stand_in_->Fixtures().Load(fixtures);
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded.info().http_status, 201);
  EXPECT_EQ(loaded->to, "");
  EXPECT_EQ(loaded->customers, 1);
  ASSERT_EQ(loaded->carts.size(), 2u);
  EXPECT_EQ(loaded->carts[0].id, kFixtureCart);
  EXPECT_EQ(loaded->carts[0].customer_id, kFixtureCustomer);
  EXPECT_FALSE(loaded->carts[1].id.empty());
  EXPECT_NE(loaded->carts[1].id, kFixtureCart);

  auto carts = partner_->Customers().ById(kFixtureCustomer).Carts();
  Result<Cart> cart = carts.ById(kFixtureCart).Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(cart->status, CartStatus::kActive);
  ASSERT_EQ(cart->line_items.size(), 1u);
  EXPECT_EQ(cart->line_items[0].catalog_item_id, kLicence);
  EXPECT_EQ(cart->line_items[0].quantity, 7);
  EXPECT_EQ(cart->line_items[0].currency_code, "USD");
  EXPECT_EQ(cart->creation_timestamp, FixtureStartTime());
  Result<Cart> unnamed = carts.ById(loaded->carts[1].id).Get();
  ASSERT_TRUE(unnamed.ok()) << unnamed.error().ToString();
  EXPECT_EQ(unnamed->line_items.at(0).quantity, 1);
  // A fixtures cart is a cart like any other: it checks out.
  EXPECT_TRUE(carts.ById(kFixtureCart).Checkout().ok());

  Result<StandInCustomerCollection> customers = stand_in_->Customers().Get(demo::kPartnerTenant);
  ASSERT_TRUE(customers.ok());
  EXPECT_EQ(customers->total_count, 6);

  Result<LoadedFixtures> again = stand_in_->Fixtures().LoadAsync(fixtures).get();
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->carts[0].id, kFixtureCart);  // replaced under the same id

  Result<LoadedFixtures> bad = stand_in_->Fixtures().Load(R"({"carts": 3})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status, 400);
  EXPECT_EQ(bad.error().code, 800002);
}

// --- What the client sends, seen from a scripted server --------------------------------------

// A server that answers every request 503: which calls are retried, and the bodies sent.
class StandInRetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<partnercenter::testing::ScriptedServer>([](const http::Request&, int) {
          return partnercenter::testing::JsonAnswer(
              503, R"({"code":800003,"description":"Down.","data":[],"source":"PartnerFD"})");
        });
    ASSERT_NO_FATAL_FAILURE(server_->Start());
    PartnerServiceOptions options;
    options.api_root = server_->url();
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(5);
    stand_in_ = StandInService::Create(Credentials::BearerToken("cartd-control-x"), options);
  }

  // The requests that arrived since the last call, and forgets them.
  std::vector<partnercenter::testing::Arrival> Arrived() {
    std::vector<partnercenter::testing::Arrival> all = server_->arrivals();
    std::vector<partnercenter::testing::Arrival> fresh(all.begin() + seen_, all.end());
    seen_ = all.size();
    return fresh;
  }

  template <typename T>
  void ExpectAttempts(const Result<T>& result, int attempts) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().http_status, 503);
    EXPECT_EQ(result.error().code, 800003);
    EXPECT_EQ(result.info().attempts, attempts);
  }

  std::unique_ptr<partnercenter::testing::ScriptedServer> server_;
  std::shared_ptr<StandIn> stand_in_;
  std::size_t seen_ = 0;
};

TEST_F(StandInRetryTest, CallsThatWouldActTwiceAreSentOnce) {
  ExpectAttempts(stand_in_->Clock().Advance(std::chrono::hours(36)), 1);
  std::vector<partnercenter::testing::Arrival> sent = Arrived();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].target, "/_cartd/clock");
  EXPECT_EQ(sent[0].body, R"({"advance":"PT129600S"})");
  EXPECT_EQ(sent[0].headers.Get("Authorization"), "Bearer cartd-control-x");
  EXPECT_EQ(sent[0].headers.Get("Content-Type"), "application/json");

  ExpectAttempts(stand_in_->Clock().Advance("P7D"), 1);
  EXPECT_EQ(Arrived().at(0).body, R"({"advance":"P7D"})");
  ExpectAttempts(stand_in_->Clock().AdvanceTo(FixtureStartTime()), 1);
  EXPECT_EQ(Arrived().at(0).body, R"({"now":"2026-11-20T10:00:00.1234567Z"})");

  ExpectAttempts(stand_in_->Faults().Arm({.operation = "update",
                                          .status = 429,
                                          .retry_after_seconds = 2,
                                          .count = 2,
                                          .matched = 7}),
                 1);
  sent = Arrived();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].target, "/_cartd/faults");
  // Only what the caller set; never id, matched or fired.
  EXPECT_EQ(sent[0].body,
            R"({"operation":"update","action":"error","status":429,"retryAfter":2,"count":2})");
  ExpectAttempts(stand_in_->Faults().Arm({.action = FaultAction::kDelay,
                                          .delay = std::chrono::milliseconds(1500),
                                          .probability = 0.25}),
                 1);
  EXPECT_EQ(Arrived().at(0).body, R"({"action":"delay","delay":"PT1.5S","probability":2.5E-1})");

  ExpectAttempts(stand_in_->Fixtures().Load(R"({"customers":[]})"), 1);
  sent = Arrived();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].target, "/_cartd/fixtures");
  EXPECT_EQ(sent[0].body, R"({"customers":[]})");
}

TEST_F(StandInRetryTest, TheOtherCallsAreRetriedAsTheApisAre) {
  ExpectAttempts(stand_in_->Clock().Get(), 3);
  std::vector<partnercenter::testing::Arrival> sent = Arrived();
  ASSERT_EQ(sent.size(), 3u);
  // One call: one MS-RequestId on every attempt.
  EXPECT_EQ(sent[0].headers.Get("MS-RequestId"), sent[2].headers.Get("MS-RequestId"));

  ExpectAttempts(stand_in_->Reset(ResetTarget::kEmpty), 3);
  sent = Arrived();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].target, "/_cartd/reset");
  EXPECT_EQ(sent[0].body, R"({"to":"empty"})");

  ExpectAttempts(stand_in_->Requests().Get({.limit = 5,
                                            .partner = demo::kPartnerTenant,
                                            .customer = demo::kCustomer,
                                            .since = FixtureStartTime()}),
                 3);
  EXPECT_EQ(Arrived().at(0).target, std::string("/_cartd/requests?limit=5&partner=") +
                                        demo::kPartnerTenant + "&customer=" + demo::kCustomer +
                                        "&since=2026-11-20T10%3A00%3A00.1234567Z");
  ExpectAttempts(stand_in_->Faults().ById("fault/1").Clear(), 3);
  sent = Arrived();
  EXPECT_EQ(sent.at(0).method, "DELETE");
  EXPECT_EQ(sent.at(0).target, "/_cartd/faults/fault%2F1");
  ExpectAttempts(
      stand_in_->Tokens().Mint(
          {.tenant = demo::kPartnerTenant, .app = "app-1", .ttl = std::chrono::hours(2)}),
      3);
  EXPECT_EQ(Arrived().at(0).body, std::string(R"({"tenant":")") + demo::kPartnerTenant +
                                      R"(","app":"app-1","ttl":"PT7200S"})");
  ExpectAttempts(stand_in_->Customers().Get(demo::kOtherPartnerTenant), 3);
  EXPECT_EQ(Arrived().at(0).target,
            std::string("/_cartd/customers?partner=") + demo::kOtherPartnerTenant);

  // An empty id is refused before anything is sent.
  Result<RemovedCount> no_id = stand_in_->Faults().ById("").Clear();
  ASSERT_FALSE(no_id.ok());
  EXPECT_EQ(no_id.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_TRUE(Arrived().empty());
}

}  // namespace
}  // namespace cartd::test
