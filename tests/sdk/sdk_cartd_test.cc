// The SDK against a real cartd node over loopback: every operation, sync and async; every class
// of error the service answers with, as the SDK reports it; If-Match round trips; and a cart with
// every CartLineItem field set going through the service and back without losing any.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"
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
using partnercenter::LineError;
using partnercenter::Order;
using partnercenter::OrderCollection;
using partnercenter::Participant;
using partnercenter::ParticipantType;
using partnercenter::PartnerService;
using partnercenter::PartnerServiceOptions;
using partnercenter::Result;
using partnercenter::StringPairs;

constexpr char kUnknownCart[] = "0b5e7a3c-2d41-4f6e-9a8b-7c6d5e4f3a2b";

CartLineItem Line(std::string catalog_item_id, int quantity, BillingCycle cycle,
                  std::optional<std::string> term = std::nullopt) {
  CartLineItem line;
  line.catalog_item_id = std::move(catalog_item_id);
  line.quantity = quantity;
  line.billing_cycle = cycle;
  line.term_duration = std::move(term);
  return line;
}

class SdkCartdTest : public CartdTest {
 protected:
  std::string ApiRoot() const { return "http://127.0.0.1:" + std::to_string(node_->port()); }

  std::shared_ptr<AggregatePartner> Partner(const std::string& token) {
    PartnerServiceOptions options;
    options.api_root = ApiRoot();
    options.initial_backoff = std::chrono::milliseconds(1);
    options.max_backoff = std::chrono::milliseconds(5);
    return PartnerService::Create(Credentials::BearerToken(token), options);
  }
  std::shared_ptr<AggregatePartner> Partner() { return Partner(Token()); }

  partnercenter::CustomerOperations Customer(const std::shared_ptr<AggregatePartner>& partner) {
    return partner->Customers().ById(demo::kCustomer);
  }

  // A cart the catalog accepts: two monthly lines of one order group.
  static Cart SimpleCart() {
    Cart cart;
    cart.line_items = {Line("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", 3, BillingCycle::kMonthly, "P1M"),
                       Line("CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS", 1, BillingCycle::kMonthly, "P1Y")};
    return cart;
  }
};

// --- Every operation, sync ------------------------------------------------------------------

TEST_F(SdkCartdTest, TheSeedFlowGetBumpPut) {
  auto partner = Partner();
  auto cart_operations = Customer(partner).Carts().ById(demo::kSeedCart);
  Result<Cart> cart = cart_operations.Get();
  ASSERT_TRUE(cart.ok()) << cart.error().ToString();
  EXPECT_EQ(cart.info().http_status, 200);
  EXPECT_EQ(cart->id, demo::kSeedCart);
  EXPECT_EQ(cart->status, CartStatus::kActive);
  ASSERT_EQ(cart->line_items.size(), 1u);
  EXPECT_EQ(cart->line_items[0].catalog_item_id, "DG7GMGF0DWTL:0001:DG7GMGF0DSJB");
  const int before = cart->line_items[0].quantity;

  cart->line_items[0].quantity++;
  Result<Cart> updated = cart_operations.Put(*cart, {.if_match = cart.etag()});
  ASSERT_TRUE(updated.ok()) << updated.error().ToString();
  EXPECT_EQ(updated.info().http_status, 201);
  EXPECT_EQ(updated->line_items[0].quantity, before + 1);
  EXPECT_NE(updated.etag(), cart.etag());

  Result<Cart> again = cart_operations.Get();
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(again->line_items[0].quantity, before + 1);
  EXPECT_EQ(again.etag(), updated.etag());
  EXPECT_EQ(*again, *updated);
}

TEST_F(SdkCartdTest, CreateCheckoutAndReadTheOrders) {
  auto partner = Partner();
  auto carts = Customer(partner).Carts();
  Result<Cart> created = carts.Create(SimpleCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created.info().http_status, 201);
  ASSERT_TRUE(created->id.has_value());
  EXPECT_EQ(created->status, CartStatus::kActive);
  EXPECT_EQ(created->last_modified_user, demo::kUser);
  ASSERT_EQ(created->line_items.size(), 2u);
  EXPECT_EQ(created->line_items[0].id, 0);
  EXPECT_EQ(created->line_items[1].id, 1);
  EXPECT_EQ(created->line_items[0].order_group, "0");
  EXPECT_EQ(created->line_items[0].currency_code, "USD");
  EXPECT_EQ(created->line_items[0].error, std::nullopt);
  EXPECT_FALSE(created.etag().empty());

  Result<CartCheckoutResult> checkout = carts.ById(*created->id).Checkout();
  ASSERT_TRUE(checkout.ok()) << checkout.error().ToString();
  EXPECT_EQ(checkout.info().http_status, 201);
  ASSERT_EQ(checkout->orders.size(), 1u);
  EXPECT_TRUE(checkout->order_errors.empty());
  const Order& placed = checkout->orders[0];
  EXPECT_EQ(placed.line_items.size(), 2u);
  EXPECT_EQ(placed.billing_cycle, BillingCycle::kMonthly);
  EXPECT_EQ(placed.reference_customer_id, demo::kCustomer);

  Result<Cart> ordered = carts.ById(*created->id).Get();
  ASSERT_TRUE(ordered.ok());
  EXPECT_EQ(ordered->status, CartStatus::kOrdered);

  Result<Order> order = Customer(partner).Orders().ById(placed.id).Get();
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(order.info().http_status, 200);
  EXPECT_EQ(*order, placed);

  Result<OrderCollection> orders = Customer(partner).Orders().Get();
  ASSERT_TRUE(orders.ok()) << orders.error().ToString();
  EXPECT_EQ(orders->total_count, 1);
  ASSERT_EQ(orders->items.size(), 1u);
  EXPECT_EQ(orders->items[0], placed);

  // Checking out again repeats the first result.
  Result<CartCheckoutResult> repeated = carts.ById(*created->id).Checkout();
  ASSERT_TRUE(repeated.ok()) << repeated.error().ToString();
  EXPECT_EQ(*repeated, *checkout);
}

// --- Every operation, async -----------------------------------------------------------------

TEST_F(SdkCartdTest, AsyncFormsOfEveryOperation) {
  auto partner = Partner();
  auto carts = Customer(partner).Carts();
  Result<Cart> created = carts.CreateAsync(SimpleCart()).get();
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  const std::string id = *created->id;

  Result<Cart> got = carts.ById(id).GetAsync().get();
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, *created);

  got->line_items[1].quantity = 4;
  std::future<Result<Cart>> pending = carts.ById(id).PutAsync(*got, {.if_match = got.etag()});
  Result<Cart> put = pending.get();
  ASSERT_TRUE(put.ok()) << put.error().ToString();
  EXPECT_EQ(put->line_items[1].quantity, 4);

  Result<CartCheckoutResult> checkout =
      carts.ById(id).CheckoutAsync({.if_match = put.etag()}).get();
  ASSERT_TRUE(checkout.ok()) << checkout.error().ToString();
  ASSERT_EQ(checkout->orders.size(), 1u);

  Result<Order> order = Customer(partner).Orders().ById(checkout->orders[0].id).GetAsync().get();
  ASSERT_TRUE(order.ok()) << order.error().ToString();
  EXPECT_EQ(*order, checkout->orders[0]);
  Result<OrderCollection> orders = Customer(partner).Orders().GetAsync().get();
  ASSERT_TRUE(orders.ok()) << orders.error().ToString();
  EXPECT_EQ(orders->items, checkout->orders);
}

// --- Every class of error -------------------------------------------------------------------

TEST_F(SdkCartdTest, BadInputIs400With800002) {
  Result<Cart> created = Customer(Partner()).Carts().Create(Cart{});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(created.error().http_status, 400);
  EXPECT_EQ(created.error().code, 800002);
  EXPECT_FALSE(created.error().description.empty());
  EXPECT_EQ(created.info().attempts, 1);
  EXPECT_EQ(created.error().request_id, created.info().request_id);
}

TEST_F(SdkCartdTest, NoTokenIs401With800001) {
  Result<Cart> cart = Customer(Partner("")).Carts().ById(demo::kSeedCart).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().http_status, 401);
  EXPECT_EQ(cart.error().code, 800001);
}

TEST_F(SdkCartdTest, ABadTokenIs401With900420) {
  Result<Cart> cart = Customer(Partner("not.a.token")).Carts().ById(demo::kSeedCart).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().http_status, 401);
  EXPECT_EQ(cart.error().code, 900420);
}

TEST_F(SdkCartdTest, AnotherPartnersCustomerIs403With20002) {
  auto partner = Partner();
  Result<Cart> cart =
      partner->Customers().ById(demo::kOtherPartnersCustomer).Carts().ById(demo::kSeedCart).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().http_status, 403);
  EXPECT_EQ(cart.error().code, 20002);
}

TEST_F(SdkCartdTest, AnUnknownCartOrOrderIs404With800008) {
  auto partner = Partner();
  Result<Cart> cart = Customer(partner).Carts().ById(kUnknownCart).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(cart.error().http_status, 404);
  EXPECT_EQ(cart.error().code, 800008);
  EXPECT_EQ(cart.info().http_status, 404);
  EXPECT_EQ(cart.info().attempts, 1);

  Result<Order> order = Customer(partner).Orders().ById("0123456789ab").Get();
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().http_status, 404);
  EXPECT_EQ(order.error().code, 800008);
}

TEST_F(SdkCartdTest, AStaleIfMatchIs412With800036AndShowsTheCurrentETag) {
  auto partner = Partner();
  auto cart_operations = Customer(partner).Carts().ById(demo::kSeedCart);
  Result<Cart> first = cart_operations.Get();
  ASSERT_TRUE(first.ok());
  Result<Cart> second = cart_operations.Get();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first.etag(), second.etag());

  // The first writer wins; the second, holding the same (now stale) ETag, is refused.
  first->line_items[0].quantity = 5;
  Result<Cart> won = cart_operations.Put(*first, {.if_match = first.etag()});
  ASSERT_TRUE(won.ok()) << won.error().ToString();
  second->line_items[0].quantity = 7;
  Result<Cart> lost = cart_operations.Put(*second, {.if_match = second.etag()});
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(lost.error().http_status, 412);
  EXPECT_EQ(lost.error().code, 800036);
  EXPECT_EQ(lost.etag(), won.etag());
  EXPECT_EQ(lost.info().attempts, 1);

  Result<Cart> now = cart_operations.Get();
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->line_items[0].quantity, 5);

  // Rebased on the current ETag, the second write goes through.
  now->line_items[0].quantity = 7;
  Result<Cart> rebased = cart_operations.Put(*now, {.if_match = lost.etag()});
  ASSERT_TRUE(rebased.ok()) << rebased.error().ToString();
  EXPECT_EQ(rebased->line_items[0].quantity, 7);

  Result<CartCheckoutResult> stale_checkout = cart_operations.Checkout({.if_match = first.etag()});
  ASSERT_FALSE(stale_checkout.ok());
  EXPECT_EQ(stale_checkout.error().http_status, 412);
  EXPECT_EQ(stale_checkout.error().code, 800036);
}

TEST_F(SdkCartdTest, UpdatingAnOrderedCartIs400With800065) {
  auto partner = Partner();
  auto carts = Customer(partner).Carts();
  Result<Cart> created = carts.Create(SimpleCart());
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(carts.ById(*created->id).Checkout().ok());
  Result<Cart> put = carts.ById(*created->id).Put(SimpleCart());
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().http_status, 400);
  EXPECT_EQ(put.error().code, 800065);
}

TEST_F(SdkCartdTest, CheckingOutACartWithLineErrorsIs400With800009AndListsThem) {
  auto partner = Partner();
  auto carts = Customer(partner).Carts();
  Cart cart = SimpleCart();
  cart.line_items.push_back(Line("NOPE0000:0001:NOPE", 1, BillingCycle::kMonthly, "P1M"));
  cart.line_items.push_back(
      Line("CARTDDEMO003:0001:CARTDDEMOC01", 11, BillingCycle::kMonthly, "P1M"));
  Result<Cart> created = carts.Create(cart);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  ASSERT_TRUE(created->line_items[2].error.has_value());
  ASSERT_TRUE(created->line_items[3].error.has_value());

  Result<CartCheckoutResult> checkout = carts.ById(*created->id).Checkout();
  ASSERT_FALSE(checkout.ok());
  EXPECT_EQ(checkout.error().kind, ErrorKind::kHttp);
  EXPECT_EQ(checkout.error().http_status, 400);
  EXPECT_EQ(checkout.error().code, 800009);
  EXPECT_THAT(checkout.error().line_errors,
              ::testing::ElementsAre(
                  LineError{2, partnercenter::cart_error::kCatalogItemIdIsNotValid,
                            created->line_items[2].error->error_description},
                  LineError{3, partnercenter::cart_error::kMaxAllowedSeatsPerSubscriptionExceeded,
                            created->line_items[3].error->error_description}));
}

TEST_F(SdkCartdTest, AClosedPortIsANetworkError) {
  PartnerServiceOptions options;
  options.api_root = "http://127.0.0.1:" + std::to_string(partnercenter::testing::ClosedPort());
  options.initial_backoff = std::chrono::milliseconds(1);
  options.max_backoff = std::chrono::milliseconds(1);
  auto partner = PartnerService::Create(Credentials::BearerToken(Token()), options);
  Result<Cart> cart = Customer(partner).Carts().ById(demo::kSeedCart).Get();
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(cart.error().http_status, 0);
  EXPECT_EQ(cart.info().attempts, 3);
}

// --- The whole model through the service ----------------------------------------------------

// A line with every member a client may set.
CartLineItem FullLine(int id, std::string catalog_item_id, int quantity,
                      std::optional<std::string> promotion_id) {
  CartLineItem line = Line(std::move(catalog_item_id), quantity, BillingCycle::kMonthly, "P1Y");
  line.id = id;
  line.friendly_name = "line " + std::to_string(id) + ": ünïcode \"quoted\"";
  line.currency_code = "USD";
  line.promotion_id = std::move(promotion_id);
  line.participants =
      std::vector<Participant>{{ParticipantType::kTransactionReseller, "5357564"},
                               {ParticipantType::kAdditionalTransactionReseller, "517285"}};
  // Keys already camel-cased: the service camel-cases them on output.
  line.provisioning_context =
      StringPairs{{"subscriptionId", "1C461A25-F729-4FA5-AADB-280947DD05E8"}, {"scope", "shared"}};
  line.renews_to = partnercenter::RenewsTo{"P1Y"};
  line.custom_term_end_date = partnercenter::ParseTimestamp("2027-10-31T00:00:00.1234567Z");
  line.attestation_accepted = true;
  return line;
}

// The members the service sets, cleared, to compare what the client sent with what came back
// (currencyCode stays: the client sent the customer's currency, which the service keeps).
std::vector<CartLineItem> ClientMembers(std::vector<CartLineItem> lines) {
  for (CartLineItem& line : lines) {
    line.order_group.reset();
    line.error.reset();
    if (line.addon_items) *line.addon_items = ClientMembers(*line.addon_items);
  }
  return lines;
}

TEST_F(SdkCartdTest, EveryLineMemberSurvivesTheRoundTrip) {
  CartLineItem base = FullLine(0, "CARTDDEMO002:0001:CARTDDEMOB01", 5, std::nullopt);
  base.addon_items =
      std::vector<CartLineItem>{FullLine(1, "CARTDDEMO002:0002:CARTDDEMOB02", 2, std::nullopt)};
  Cart cart;
  cart.line_items = {base, FullLine(2, "CARTDDEMO005:0001:CARTDDEMOE01", 3, "39NFJQT1Q5KV")};
  cart.partner_on_record_attestation_accepted = true;

  auto partner = Partner();
  auto carts = Customer(partner).Carts();
  Result<Cart> created = carts.Create(cart);
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  for (const CartLineItem& line : created->line_items) {
    EXPECT_EQ(line.error, std::nullopt) << partnercenter::ToJson(line);
  }
  // Compared as JSON: a difference then shows as readable text.
  Cart sent_members, returned_members;
  sent_members.line_items = cart.line_items;
  returned_members.line_items = ClientMembers(created->line_items);
  EXPECT_EQ(partnercenter::ToJson(returned_members), partnercenter::ToJson(sent_members));
  EXPECT_EQ(returned_members.line_items, sent_members.line_items);
  EXPECT_EQ(created->partner_on_record_attestation_accepted, true);
  EXPECT_EQ(created->line_items[0].currency_code, "USD");
  EXPECT_EQ(created->line_items[0].order_group, "0");
  EXPECT_EQ((*created->line_items[0].addon_items)[0].order_group, "0");

  Result<Cart> got = carts.ById(*created->id).Get();
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, *created);

  // What was read goes back unchanged (the .NET SDK's habit of echoing everything).
  Result<Cart> put = carts.ById(*created->id).Put(*got, {.if_match = got.etag()});
  ASSERT_TRUE(put.ok()) << put.error().ToString();
  EXPECT_EQ(put->line_items, got->line_items);
  EXPECT_EQ(put->id, got->id);
  EXPECT_EQ(put->creation_timestamp, got->creation_timestamp);
  EXPECT_EQ(put->expiration_timestamp, got->expiration_timestamp);
  EXPECT_EQ(put->partner_on_record_attestation_accepted, true);
}

}  // namespace
}  // namespace cartd::test
