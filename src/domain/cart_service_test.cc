// The cart rules of CartService on the in-memory store (which the storage conformance suite holds
// to the contract of the real stores) and a fake clock: tenancy, server-assigned fields, expiry,
// If-Match, optimistic retries, exactly-once checkout and idempotency, in milliseconds.
#include "domain/cart_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/cart_errors.h"
#include "domain/list_pages.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/fault_injecting_store.h"
#include "tests/testing/status_matchers.h"

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;
using test::FaultInjectingStore;
using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using ::testing::HasSubstr;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
constexpr char kMonthlyItem[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
constexpr char kLegacyItem[] = "MS-AZR-0145P";

Timestamp Start() { return Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20)); }

std::shared_ptr<const Catalog> TestCatalog() {
  CatalogItem monthly;
  monthly.catalog_item_id = kMonthlyItem;
  monthly.product_id = "CFQ7TTC0LFLS";
  monthly.sku_id = "0002";
  monthly.availability_id = "CFQ7TTC0KDLJ";
  monthly.title = "Azure Active Directory Premium P1";
  monthly.terms = {{"P1M", {BillingCycle::kMonthly}},
                   {"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}}};
  monthly.prices = {{"US", "USD", 600}};
  monthly.max_quantity = 300;
  CatalogItem legacy;
  legacy.catalog_item_id = kLegacyItem;
  legacy.title = "Microsoft Azure";
  legacy.purchase_system = PurchaseSystem::kLegacy;
  legacy.terms = {{"", {BillingCycle::kMonthly}}};
  legacy.prices = {{"US", "USD", 0}};
  return std::make_shared<const Catalog>(std::vector<CatalogItem>{monthly, legacy});
}

CartLineItem Line(const std::string& item, int quantity, const std::string& term = "P1M") {
  CartLineItem line;
  line.catalog_item_id = item;
  line.quantity = quantity;
  line.billing_cycle = BillingCycle::kMonthly;
  if (!term.empty()) line.term_duration = term;
  return line;
}

Cart Draft(std::vector<CartLineItem> lines) {
  Cart cart;
  cart.line_items = std::move(lines);
  return cart;
}

IdempotencyKey KeyFor(const std::string& request_id) {
  return IdempotencyKey{.partner_tenant = kPartner,
                        .customer_id = kCustomer,
                        .request_id = request_id,
                        .method = "POST",
                        .path = "/v1/customers/c/carts",
                        .body_digest = "d"};
}

class CartServiceTest : public ::testing::Test {
 protected:
  CartServiceTest()
      : clock_(Start()), catalog_(TestCatalog()), service_(store_, clock_, catalog_, Options()) {
    EXPECT_THAT(store_.PutCustomer(customer_), IsOk());
  }

  CartServiceOptions Options() {
    CartServiceOptions options;
    options.max_write_attempts = 3;
    options.on_write_conflict = [this](std::string_view operation) {
      conflicts_.emplace_back(operation);
    };
    return options;
  }

  CartRecord MustCreate(std::vector<CartLineItem> lines) {
    StatusOr<CartRecord> created = service_.CreateCart(caller_, customer_, Draft(lines), nullptr);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : CartRecord{};
  }

  FakeClock clock_;
  CatalogHolder catalog_;
  FaultInjectingStore store_{std::make_unique<storage::MemoryStore>()};
  std::vector<std::string> conflicts_;
  CartService service_;
  Principal caller_{
      .partner_tenant = kPartner, .user_object_id = kUser, .app_id = "", .app_only = false};
  Customer customer_{.partner_tenant = kPartner,
                     .id = kCustomer,
                     .country = "US",
                     .currency = "USD",
                     .company_name = "Contoso"};
};

TEST_F(CartServiceTest, AnotherPartnersCustomerAndAnUnknownOneAreForbiddenAlike) {
  EXPECT_THAT(service_.AuthorizeCustomer(caller_, kCustomer), IsOkAndHolds(customer_));
  Principal other = caller_;
  other.partner_tenant = kOtherPartner;
  StatusOr<Customer> foreign = service_.AuthorizeCustomer(other, kCustomer);
  StatusOr<Customer> unknown =
      service_.AuthorizeCustomer(caller_, "11111111-2222-4333-8444-555555555555");
  EXPECT_THAT(foreign, StatusIs(ErrorCode::kCustomerForbidden));
  EXPECT_THAT(unknown, StatusIs(ErrorCode::kCustomerForbidden));
  EXPECT_THAT(foreign.status().message(), HasSubstr(kCustomer));
}

TEST_F(CartServiceTest, CreateAssignsTheServerFields) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 5)});
  EXPECT_EQ(cart.version, 1);
  EXPECT_EQ(cart.cart.id, cart.key.cart_id);
  EXPECT_EQ(cart.key.partner_tenant, kPartner);
  EXPECT_EQ(cart.cart.status, CartStatus::kActive);
  EXPECT_EQ(cart.cart.creation_timestamp, Start());
  EXPECT_EQ(cart.cart.last_modified_timestamp, Start());
  EXPECT_EQ(cart.cart.expiration_timestamp, Start() + std::chrono::days(7));
  EXPECT_EQ(cart.cart.last_modified_user, kUser);
  ASSERT_EQ(cart.cart.line_items.size(), 1u);
  EXPECT_EQ(cart.cart.line_items[0].currency_code, "USD");
  EXPECT_EQ(cart.cart.line_items[0].order_group, "0");
  EXPECT_EQ(cart.cart.line_items[0].id, 0);
  EXPECT_THAT(service_.GetCart(customer_, cart.key.cart_id), IsOkAndHolds(cart));
}

TEST_F(CartServiceTest, AnAppOnlyCallerIsRecordedByItsAppId) {
  Principal app{
      .partner_tenant = kPartner, .user_object_id = "", .app_id = "app-1", .app_only = true};
  StatusOr<CartRecord> cart =
      service_.CreateCart(app, customer_, Draft({Line(kMonthlyItem, 1)}), nullptr);
  ASSERT_THAT(cart, IsOk());
  EXPECT_EQ(cart->cart.last_modified_user, "app-1");
}

TEST_F(CartServiceTest, ACartWithoutLinesIsInvalidAndNothingIsStored) {
  EXPECT_THAT(service_.CreateCart(caller_, customer_, Draft({}), nullptr),
              StatusIs(ErrorCode::kInvalidInput));
  EXPECT_EQ(store_.commits(), 0);
}

TEST_F(CartServiceTest, LineProblemsAreStoredOnTheLineNotRefused) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 301), Line("NOPE:0001:NOPE", 1)});
  ASSERT_TRUE(cart.cart.line_items[0].error.has_value());
  EXPECT_EQ(cart.cart.line_items[0].error->error_code, 10015);
  ASSERT_TRUE(cart.cart.line_items[1].error.has_value());
  EXPECT_EQ(cart.cart.line_items[1].error->error_code, 10001);
}

TEST_F(CartServiceTest, AnActiveCartExpiresAfterItsTtlAndAnOrderedOneNever) {
  const CartRecord active = MustCreate({Line(kMonthlyItem, 1)});
  const CartRecord ordered = MustCreate({Line(kMonthlyItem, 2)});
  ASSERT_THAT(service_.Checkout(caller_, customer_, ordered.key.cart_id, std::nullopt, nullptr),
              IsOk());

  clock_.Advance(std::chrono::days(7) - Ticks(1));
  EXPECT_THAT(service_.GetCart(customer_, active.key.cart_id), IsOk());
  clock_.Advance(Ticks(1));
  StatusOr<CartRecord> expired = service_.GetCart(customer_, active.key.cart_id);
  EXPECT_THAT(expired, StatusIs(ErrorCode::kNotFound));
  EXPECT_THAT(expired.status().message(), HasSubstr("expired"));
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, active.key.cart_id,
                                   Draft({Line(kMonthlyItem, 3)}), std::nullopt, nullptr),
              StatusIs(ErrorCode::kNotFound));
  EXPECT_THAT(service_.Checkout(caller_, customer_, active.key.cart_id, std::nullopt, nullptr),
              StatusIs(ErrorCode::kNotFound));
  EXPECT_THAT(service_.GetCart(customer_, ordered.key.cart_id), IsOk());
}

TEST_F(CartServiceTest, GetChangedCartSkipsAnUnchangedCartButNotItsExpiry) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  ASSERT_OK_AND_ASSIGN(CartRead unchanged,
                       service_.GetChangedCart(customer_, cart.key.cart_id, HeadOf(cart)));
  EXPECT_EQ(unchanged.head, HeadOf(cart));
  EXPECT_EQ(unchanged.record, std::nullopt);

  ASSERT_OK_AND_ASSIGN(CartRead whole,
                       service_.GetChangedCart(customer_, cart.key.cart_id, std::nullopt));
  EXPECT_THAT(whole.record, ::testing::Optional(cart));

  ASSERT_OK_AND_ASSIGN(const CartRecord v2,
                       service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                            Draft({Line(kMonthlyItem, 2)}), std::nullopt, nullptr));
  ASSERT_OK_AND_ASSIGN(CartRead changed,
                       service_.GetChangedCart(customer_, cart.key.cart_id, HeadOf(cart)));
  EXPECT_EQ(changed.head.version, 2);
  EXPECT_THAT(changed.record, ::testing::Optional(v2));

  clock_.Advance(std::chrono::days(7));
  StatusOr<CartRead> expired = service_.GetChangedCart(customer_, cart.key.cart_id, HeadOf(v2));
  EXPECT_THAT(expired, StatusIs(ErrorCode::kNotFound));
  EXPECT_THAT(expired.status().message(), HasSubstr("expired"));
  EXPECT_THAT(
      service_.GetChangedCart(customer_, "00000000-0000-4000-8000-000000000000", HeadOf(v2)),
      StatusIs(ErrorCode::kNotFound));
}

TEST_F(CartServiceTest, SweepDeletesExpiredCartsAfterTheGraceAndOldReplies) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  const IdempotencyKey key = KeyFor("swept");
  ASSERT_THAT(service_.CreateCart(caller_, customer_, Draft({Line(kMonthlyItem, 1)}), &key),
              IsOk());

  clock_.Advance(std::chrono::days(7) + std::chrono::minutes(30));
  EXPECT_THAT(service_.Sweep(std::chrono::hours(1), 100), IsOkAndHolds(1));  // the reply
  EXPECT_THAT(store_.FindCart(cart.key), IsOkAndHolds(::testing::Optional(cart)));
  clock_.Advance(std::chrono::hours(1));
  EXPECT_THAT(service_.Sweep(std::chrono::hours(1), 100), IsOkAndHolds(2));  // both carts
  EXPECT_THAT(store_.FindCart(cart.key), IsOkAndHolds(std::nullopt));
}

TEST_F(CartServiceTest, ReplaceTakesTheNewLinesAndKeepsTheExpiration) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  clock_.Advance(std::chrono::hours(2));
  StatusOr<CartRecord> replaced = service_.ReplaceCart(
      caller_, customer_, cart.key.cart_id,
      Draft({Line(kMonthlyItem, 7), Line(kLegacyItem, 1, "")}), std::nullopt, nullptr);
  ASSERT_THAT(replaced, IsOk());
  EXPECT_EQ(replaced->version, 2);
  EXPECT_EQ(replaced->cart.expiration_timestamp, cart.cart.expiration_timestamp);
  EXPECT_EQ(replaced->cart.last_modified_timestamp, Start() + std::chrono::hours(2));
  ASSERT_EQ(replaced->cart.line_items.size(), 2u);
  EXPECT_EQ(replaced->cart.line_items[0].quantity, 7);
  EXPECT_EQ(replaced->cart.line_items[1].order_group, "OMS-0");
}

TEST_F(CartServiceTest, AnIfMatchThatDoesNotMatchFailsWithTheCurrentETag) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  ASSERT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 2)}), std::nullopt, nullptr),
              IsOk());
  const ETagCondition stale{.any = false, .tags = {"\"1\""}};
  StatusOr<CartRecord> refused = service_.ReplaceCart(
      caller_, customer_, cart.key.cart_id, Draft({Line(kMonthlyItem, 3)}), stale, nullptr);
  ASSERT_THAT(refused, StatusIs(ErrorCode::kPreconditionFailed));
  const CurrentETag* current = refused.status().detail<CurrentETag>();
  ASSERT_NE(current, nullptr);
  EXPECT_EQ(current->etag, "\"2\"");

  StatusOr<CheckoutOutcome> checkout =
      service_.Checkout(caller_, customer_, cart.key.cart_id, stale, nullptr);
  ASSERT_THAT(checkout, StatusIs(ErrorCode::kPreconditionFailed));
  ASSERT_NE(checkout.status().detail<CurrentETag>(), nullptr);
  EXPECT_EQ(checkout.status().detail<CurrentETag>()->etag, "\"2\"");
}

TEST_F(CartServiceTest, ARetryWithoutKeyOfAChangeAlreadyMadeSucceedsWhateverItsTag) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  const ETagCondition first{.any = false, .tags = {"\"1\""}};
  ASSERT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 2)}), first, nullptr),
              IsOk());
  // The answer was lost and the client sends the same change again with the same tag.
  StatusOr<CartRecord> again = service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                                    Draft({Line(kMonthlyItem, 2)}), first, nullptr);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->version, 2);
  // With an idempotency key, the key decides: a stale tag is a second change, refused.
  const IdempotencyKey key = KeyFor("another-client");
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 2)}), first, &key),
              StatusIs(ErrorCode::kPreconditionFailed));
}

TEST_F(CartServiceTest, RequiredIfMatchRefusesAnUpdateWithoutOne) {
  CartServiceOptions options = Options();
  options.require_if_match = true;
  CartService strict(store_, clock_, catalog_, options);
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  EXPECT_THAT(strict.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                 Draft({Line(kMonthlyItem, 2)}), std::nullopt, nullptr),
              StatusIs(ErrorCode::kPreconditionRequired));
}

TEST_F(CartServiceTest, ALostRaceIsRetriedOnTheNewVersionAndCounted) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  store_.ConflictNext(2);
  StatusOr<CartRecord> replaced = service_.ReplaceCart(
      caller_, customer_, cart.key.cart_id, Draft({Line(kMonthlyItem, 4)}), std::nullopt, nullptr);
  ASSERT_THAT(replaced, IsOk());
  EXPECT_EQ(replaced->version, 2);
  EXPECT_EQ(conflicts_, (std::vector<std::string>{"update", "update"}));
}

TEST_F(CartServiceTest, AChangeThatLandsBetweenReadAndWriteIsNotOverwrittenUnderIfMatch) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  // Another client's PUT lands after this request read version 1.
  store_.BeforeNextCommit([&](CartStore& inner) {
    CartRecord theirs = cart;
    theirs.version = 2;
    theirs.cart.line_items[0].quantity = 9;
    EXPECT_THAT(inner.Commit(CartWrite{.cart = theirs,
                                       .expected_version = 1,
                                       .new_orders = {},
                                       .new_subscriptions = {},
                                       .reply = std::nullopt,
                                       .admit = nullptr}),
                IsOk());
  });
  const ETagCondition tag{.any = false, .tags = {"\"1\""}};
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 4)}), tag, nullptr),
              StatusIs(ErrorCode::kPreconditionFailed));
  ASSERT_OK_AND_ASSIGN(CartRecord now, service_.GetCart(customer_, cart.key.cart_id));
  EXPECT_EQ(now.cart.line_items[0].quantity, 9);
}

TEST_F(CartServiceTest, WritesThatKeepLosingEndRetryably) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  store_.ConflictNext(3);
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 2)}), std::nullopt, nullptr),
              StatusIs(ErrorCode::kUnavailable));
  store_.ConflictNext(3);
  EXPECT_THAT(service_.Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, nullptr),
              StatusIs(ErrorCode::kCheckoutInProgress));
  ASSERT_OK_AND_ASSIGN(CartRecord unchanged, service_.GetCart(customer_, cart.key.cart_id));
  EXPECT_EQ(unchanged, cart);
}

TEST_F(CartServiceTest, AFailedCommitIsReportedAndChangesNothing) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  store_.FailCommit(1, Unavailable("disk gone"));
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 2)}), std::nullopt, nullptr),
              StatusIs(ErrorCode::kUnavailable));
  store_.GoUnavailable();
  EXPECT_THAT(service_.GetCart(customer_, cart.key.cart_id), StatusIs(ErrorCode::kUnavailable));
  store_.Recover();
  EXPECT_THAT(service_.GetCart(customer_, cart.key.cart_id), IsOkAndHolds(cart));
}

TEST_F(CartServiceTest, CheckoutPlacesOneOrderPerGroupOnceAndRepeatsItsResult) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 2), Line(kLegacyItem, 1, "")});
  StatusOr<CheckoutOutcome> first =
      service_.Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, nullptr);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->repeated);
  EXPECT_EQ(first->cart.cart.status, CartStatus::kOrdered);
  EXPECT_EQ(first->cart.version, 2);
  ASSERT_EQ(first->result.orders.size(), 2u);
  EXPECT_EQ(first->result.orders[0].line_items[0].offer_id, kMonthlyItem);
  EXPECT_EQ(first->result.orders[0].status, "pending");
  ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> orders, ListAllOrders(store_, kPartner, kCustomer));
  EXPECT_EQ(orders.size(), 2u);

  StatusOr<CheckoutOutcome> again =
      service_.Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, nullptr);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->repeated);
  EXPECT_EQ(again->result, first->result);
  ASSERT_OK_AND_ASSIGN(orders, ListAllOrders(store_, kPartner, kCustomer));
  EXPECT_EQ(orders.size(), 2u);
  EXPECT_THAT(service_.ReplaceCart(caller_, customer_, cart.key.cart_id,
                                   Draft({Line(kMonthlyItem, 1)}), std::nullopt, nullptr),
              StatusIs(ErrorCode::kCartOrdered));
}

TEST_F(CartServiceTest, CheckoutOfACartWithLineErrorsListsThem) {
  const CartRecord cart =
      MustCreate({Line(kMonthlyItem, 1), Line("NOPE:0001:NOPE", 1), Line(kMonthlyItem, 400)});
  StatusOr<CheckoutOutcome> refused =
      service_.Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, nullptr);
  ASSERT_THAT(refused, StatusIs(ErrorCode::kCartHasErrors));
  const CartLineErrors* errors = refused.status().detail<CartLineErrors>();
  ASSERT_NE(errors, nullptr);
  ASSERT_EQ(errors->lines.size(), 2u);
  EXPECT_EQ(errors->lines[0].id, 1);
  EXPECT_EQ(errors->lines[0].error.error_code, 10001);
  EXPECT_EQ(errors->lines[1].id, 2);
  EXPECT_EQ(errors->lines[1].error.error_code, 10015);
  ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> orders, ListAllOrders(store_, kPartner, kCustomer));
  EXPECT_TRUE(orders.empty());
}

TEST_F(CartServiceTest, AnIdempotentRequestStoresItsAnswerWithItsEffect) {
  const IdempotencyKey key = KeyFor("create-once");
  StatusOr<CartRecord> created =
      service_.CreateCart(caller_, customer_, Draft({Line(kMonthlyItem, 3)}), &key);
  ASSERT_THAT(created, IsOk());
  ASSERT_OK_AND_ASSIGN(std::optional<StoredReply> reply, service_.FindReply(key));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->kind, ReplyKind::kCart);
  EXPECT_EQ(reply->cart_version, 1);
  EXPECT_EQ(reply->cart, created->cart);

  // The same request again is recognised by the store: no second cart.
  EXPECT_THAT(service_.CreateCart(caller_, customer_, Draft({Line(kMonthlyItem, 3)}), &key),
              StatusIs(ErrorCode::kAlreadyExists));
  // Past the retention it is a new request.
  clock_.Advance(std::chrono::hours(24) + Ticks(1));
  EXPECT_THAT(service_.FindReply(key), IsOkAndHolds(std::nullopt));
}

TEST_F(CartServiceTest, ACheckoutReplyHoldsTheCheckoutResult) {
  const CartRecord cart = MustCreate({Line(kMonthlyItem, 1)});
  const IdempotencyKey key = KeyFor("checkout-once");
  ASSERT_OK_AND_ASSIGN(CheckoutOutcome outcome,
                       service_.Checkout(caller_, customer_, cart.key.cart_id, std::nullopt, &key));
  ASSERT_OK_AND_ASSIGN(std::optional<StoredReply> reply, service_.FindReply(key));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->kind, ReplyKind::kCheckout);
  EXPECT_EQ(reply->cart_version, 2);
  EXPECT_EQ(reply->checkout_result, outcome.result);
}

}  // namespace
}  // namespace cartd
