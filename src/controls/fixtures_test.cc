// Fixtures: reading the fixtures document (names in any case, canonical GUIDs and codes, errors
// naming the source and the entry), then loading it into the in-memory store on a fake clock,
// with what loading does to a cart already stored under a fixture's id.
#include "controls/fixtures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/ids.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::controls {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;
using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using test::TestTime;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::StartsWith;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kGbCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
constexpr char kCartId[] = "65faf57b-0205-47ee-92b3-08dcf233ea73";
constexpr char kUser[] = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc";
constexpr char kModernItem[] = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
constexpr char kLegacyItem[] = "031C9E47-4802-4248-838E-778FB1D2CC05";

// A document with two customers (one given in upper case and odd member spellings) and two carts:
// one with an id and two lines, one without an id.
constexpr char kDocument[] = R"json({
  "Customers": [
    {"PARTNERTENANT": "{0D9B9D2A-7AC3-4C4A-9B0C-5D8C6F0A1E21}",
     "Id": "6B1F3A2C-9D8E-4F7A-B6C5-D4E3F2A1B0C9",
     "country": "us", "Currency": "usd", "companyName": "Contoso", "notes": "ignored"},
    {"partnerTenant": "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21",
     "id": "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
     "country": "GB", "currency": "GBP"}
  ],
  "generator": {"name": "ignored", "version": 3},
  "CARTS": [
    {"partnerTenant": "0D9B9D2A-7AC3-4C4A-9B0C-5D8C6F0A1E21",
     "CustomerId": "6B1F3A2C-9D8E-4F7A-B6C5-D4E3F2A1B0C9",
     "comment": "ignored",
     "Cart": {
       "id": "65FAF57B-0205-47EE-92B3-08DCF233EA73",
       "lastModifiedUser": "2713ccd7-ea3b-470a-9cfb-451d5d0482cc",
       "someFutureMember": true,
       "lineItems": [
         {"id": 0, "catalogItemId": "DG7GMGF0DWTL:0001:DG7GMGF0DSJB", "friendlyName": "RI",
          "quantity": 2, "billingCycle": "one_time",
          "provisioningContext": {"Scope": "shared"}},
         {"id": 1, "catalogItemId": "031C9E47-4802-4248-838E-778FB1D2CC05", "quantity": 5,
          "billingCycle": "monthly", "currencyCode": "EUR"}
       ]
     }},
    {"partnerTenant": "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21",
     "customerId": "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
     "cart": {"lineItems": [{"catalogItemId": "DG7GMGF0DWTL:0001:DG7GMGF0DSJB", "quantity": 1,
                             "billingCycle": "annual", "termDuration": "P1Y"}]}}
  ]
})json";

// A document whose only cart is kCartId of kCustomer (declared in it) with one line of
// `quantity` of kModernItem.
std::string OneCartDocument(int quantity) {
  return std::string(R"json({"customers": [{"partnerTenant": ")json") + kPartner +
         R"json(", "id": ")json" + kCustomer +
         R"json(", "country": "US", "currency": "USD"}],
  "carts": [{"partnerTenant": ")json" +
         kPartner + R"json(", "customerId": ")json" + kCustomer + R"json(", "cart": {"id": ")json" +
         kCartId +
         R"json(", "lineItems": [{"catalogItemId": "DG7GMGF0DWTL:0001:DG7GMGF0DSJB", "quantity": )json" +
         std::to_string(quantity) + R"json(, "billingCycle": "one_time"}]}}]})json";
}

// The message of a ParseFixtures error (empty when it succeeded).
std::string ParseError(std::string_view json, std::string_view source = "f.json") {
  StatusOr<Fixtures> parsed = ParseFixtures(json, source, CartServiceOptions{});
  EXPECT_THAT(parsed, StatusIs(ErrorCode::kInvalidInput));
  return parsed.ok() ? std::string() : parsed.status().message();
}

std::string Customers(const std::string& entry) { return R"({"customers": [)" + entry + "]}"; }

std::string Carts(const std::string& entry) { return R"({"carts": [)" + entry + "]}"; }

TEST(ParseFixturesTest, ReadsAFullDocument) {
  ASSERT_OK_AND_ASSIGN(Fixtures fixtures, ParseFixtures(kDocument, "f.json", {}));

  ASSERT_EQ(fixtures.customers.size(), 2u);
  EXPECT_EQ(fixtures.customers[0], (Customer{.partner_tenant = kPartner,
                                             .id = kCustomer,
                                             .country = "US",
                                             .currency = "USD",
                                             .company_name = "Contoso"}));
  EXPECT_EQ(fixtures.customers[1], (Customer{.partner_tenant = kPartner,
                                             .id = kGbCustomer,
                                             .country = "GB",
                                             .currency = "GBP",
                                             .company_name = ""}));

  ASSERT_EQ(fixtures.carts.size(), 2u);
  const FixtureCart& first = fixtures.carts[0];
  EXPECT_EQ(first.partner_tenant, kPartner);
  EXPECT_EQ(first.customer_id, kCustomer);
  EXPECT_EQ(first.id, kCartId);
  EXPECT_EQ(first.last_modified_user, kUser);
  ASSERT_EQ(first.line_items.size(), 2u);
  EXPECT_EQ(first.line_items[0].id, std::optional<int>(0));
  EXPECT_EQ(first.line_items[0].catalog_item_id, std::optional<std::string>(kModernItem));
  EXPECT_EQ(first.line_items[0].friendly_name, std::optional<std::string>("RI"));
  EXPECT_EQ(first.line_items[0].quantity, 2);
  EXPECT_EQ(first.line_items[0].billing_cycle, std::optional<BillingCycle>(BillingCycle::kOneTime));
  EXPECT_EQ(first.line_items[1].catalog_item_id, std::optional<std::string>(kLegacyItem));
  EXPECT_EQ(first.line_items[1].quantity, 5);
  EXPECT_EQ(first.line_items[1].billing_cycle, std::optional<BillingCycle>(BillingCycle::kMonthly));

  const FixtureCart& second = fixtures.carts[1];
  EXPECT_EQ(second.partner_tenant, kPartner);
  EXPECT_EQ(second.customer_id, kGbCustomer);
  EXPECT_EQ(second.id, "");
  EXPECT_EQ(second.last_modified_user, "");
  ASSERT_EQ(second.line_items.size(), 1u);
  EXPECT_EQ(second.line_items[0].term_duration, std::optional<std::string>("P1Y"));
}

TEST(ParseFixturesTest, AnEmptyDocumentHasNothing) {
  ASSERT_OK_AND_ASSIGN(Fixtures empty, ParseFixtures("{}", "f.json", {}));
  EXPECT_THAT(empty.customers, IsEmpty());
  EXPECT_THAT(empty.carts, IsEmpty());
  ASSERT_OK_AND_ASSIGN(Fixtures empty_lists,
                       ParseFixtures(R"({"customers": [], "carts": []})", "f.json", {}));
  EXPECT_THAT(empty_lists.customers, IsEmpty());
  EXPECT_THAT(empty_lists.carts, IsEmpty());
}

TEST(ParseFixturesTest, ErrorsNameTheSourceAndTheEntry) {
  const std::string partner = std::string(R"("partnerTenant": ")") + kPartner + R"(")";
  const std::string customer = std::string(R"("customerId": ")") + kCustomer + R"(")";

  EXPECT_EQ(
      ParseError(Customers("{" + partner + R"(, "id": "x", "country": "US", "currency": "USD"})")),
      "f.json: customers[0].id: 'x' is not a GUID");
  EXPECT_EQ(ParseError(Customers("{" + partner + R"(, "id": ")" + kCustomer +
                                 R"(", "country": "US", "currency": "USD"}, {"id": "x"})"),
                       "other.json"),
            "other.json: customers[1]: 'partnerTenant' is missing");
  EXPECT_EQ(ParseError(Customers("{" + partner + R"(, "id": ")" + kCustomer +
                                 R"(", "country": "USA", "currency": "USD"})")),
            "f.json: customers[0].country: 'USA' is not 2 letters");
  EXPECT_EQ(ParseError(Customers("{" + partner + R"(, "id": ")" + kCustomer +
                                 R"(", "country": "US", "currency": 840})")),
            "f.json: customers[0].currency: expected a string");
  EXPECT_EQ(ParseError(Customers(R"("not an object")")),
            "f.json: customers[0]: expected an object");
  EXPECT_EQ(ParseError(R"({"customers": {}})"), "f.json: customers: expected an array");

  EXPECT_EQ(ParseError(Carts("{" + partner + ", " + customer + "}")),
            "f.json: carts[0]: 'cart' is missing");
  EXPECT_EQ(ParseError(Carts("{" + partner + R"(, "customerId": "nope", "cart": {}})")),
            "f.json: carts[0].customerId: 'nope' is not a GUID");
  EXPECT_EQ(ParseError(Carts("{" + partner + ", " + customer + R"(, "cart": {"id": "x"}})")),
            "f.json: carts[0].cart: lineItems is required and must not be empty");
  EXPECT_EQ(ParseError(Carts("{" + partner + ", " + customer + R"(, "cart": {"lineItems": []}})")),
            "f.json: carts[0].cart: lineItems is required and must not be empty");
  EXPECT_EQ(ParseError(Carts("{" + partner + ", " + customer +
                             R"(, "cart": {"id": "not-a-guid", "lineItems": [{"catalogItemId":
                             "A:B:C", "quantity": 1, "billingCycle": "monthly"}]}})")),
            "f.json: carts[0].cart.id: 'not-a-guid' is not a GUID");
}

TEST(ParseFixturesTest, ALineCheckErrorNamesTheLine) {
  const std::string document = std::string(R"({"carts": [{"partnerTenant": ")") + kPartner +
                               R"(", "customerId": ")" + kCustomer + R"(", "cart": {"lineItems": [
      {"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"},
      {"catalogItemId": "A:B:C", "quantity": 0, "billingCycle": "monthly"}]}}]})";
  const std::string message = ParseError(document);
  EXPECT_THAT(message, StartsWith("f.json: carts[0].cart: "));
  EXPECT_THAT(message, HasSubstr("lineItems[1]"));
}

TEST(ParseFixturesTest, TheLineLimitsOfTheOptionsApply) {
  CartServiceOptions options;
  options.limits.max_line_items = 1;
  const std::string document = std::string(R"({"carts": [{"partnerTenant": ")") + kPartner +
                               R"(", "customerId": ")" + kCustomer + R"(", "cart": {"lineItems": [
      {"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"},
      {"catalogItemId": "A:B:D", "quantity": 1, "billingCycle": "monthly"}]}}]})";
  StatusOr<Fixtures> parsed = ParseFixtures(document, "f.json", options);
  EXPECT_THAT(parsed, StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(parsed.status().message(),
              StartsWith("f.json: carts[0].cart: a cart holds at most 1"));
  EXPECT_THAT(ParseFixtures(document, "f.json", {}), IsOk());
}

TEST(ParseFixturesTest, InvalidJsonIsRefused) {
  EXPECT_THAT(ParseError(R"({"customers": [)"), StartsWith("f.json: the document: not valid JSON"));
  EXPECT_THAT(ParseError(""), StartsWith("f.json: the document: not valid JSON"));
  EXPECT_EQ(ParseError("[]"), "f.json: the document: expected an object");
}

class LoadFixturesTest : public ::testing::Test {
 protected:
  LoadFixturesTest() { options_.cart_ttl = std::chrono::hours(48); }

  Fixtures Parse(std::string_view json) {
    StatusOr<Fixtures> parsed = ParseFixtures(json, "f.json", options_);
    EXPECT_THAT(parsed, IsOk());
    return parsed.ok() ? *parsed : Fixtures{};
  }

  StatusOr<LoadedFixtures> Load(const Fixtures& fixtures, ExistingCart existing) {
    return LoadFixtures(store_, nullptr, clock_, options_, fixtures, existing);
  }

  CartRecord Stored(const CartKey& key) {
    StatusOr<std::optional<CartRecord>> found = store_.FindCart(key);
    EXPECT_THAT(found, IsOk());
    if (!found.ok() || !found->has_value()) {
      ADD_FAILURE() << "no cart " << key.cart_id;
      return CartRecord{};
    }
    return **found;
  }

  FakeClock clock_{TestTime()};
  CartServiceOptions options_;
  storage::MemoryStore store_;
  const CartKey key_{kPartner, kCustomer, kCartId};
};

TEST_F(LoadFixturesTest, StoresTheCustomersAndTheCartsPrepared) {
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded, Load(Parse(kDocument), ExistingCart::kKeepIfUsable));
  EXPECT_EQ(loaded.customers, 2);
  ASSERT_EQ(loaded.carts.size(), 2u);
  EXPECT_EQ(loaded.carts[0], key_);

  EXPECT_THAT(store_.FindCustomer(kPartner, kCustomer),
              IsOkAndHolds(Optional(Customer{.partner_tenant = kPartner,
                                             .id = kCustomer,
                                             .country = "US",
                                             .currency = "USD",
                                             .company_name = "Contoso"})));
  EXPECT_THAT(store_.FindCustomer(kPartner, kGbCustomer),
              IsOkAndHolds(Optional(::testing::Field(&Customer::currency, "GBP"))));

  const CartRecord cart = Stored(key_);
  EXPECT_EQ(cart.key, key_);
  EXPECT_EQ(cart.version, 1);
  EXPECT_EQ(cart.cart.id, std::optional<std::string>(kCartId));
  EXPECT_EQ(cart.cart.status, std::optional<CartStatus>(CartStatus::kActive));
  EXPECT_EQ(cart.cart.creation_timestamp, std::optional<Timestamp>(TestTime()));
  EXPECT_EQ(cart.cart.last_modified_timestamp, std::optional<Timestamp>(TestTime()));
  EXPECT_EQ(cart.cart.expiration_timestamp,
            std::optional<Timestamp>(TestTime(std::chrono::hours(48))));
  EXPECT_EQ(cart.cart.last_modified_user, std::optional<std::string>(kUser));
  EXPECT_EQ(cart.checkout_result, std::nullopt);

  ASSERT_EQ(cart.cart.line_items.size(), 2u);
  const CartLineItem& modern = cart.cart.line_items[0];
  EXPECT_EQ(modern.id, std::optional<int>(0));
  EXPECT_EQ(modern.catalog_item_id, std::optional<std::string>(kModernItem));
  EXPECT_EQ(modern.quantity, 2);
  EXPECT_EQ(modern.currency_code, std::optional<std::string>("USD"));
  EXPECT_EQ(modern.order_group, std::optional<std::string>("0"));
  EXPECT_EQ(modern.error, std::nullopt);
  ASSERT_TRUE(modern.provisioning_context.has_value());
  // Stored camel-cased, as every store keeps it.
  EXPECT_THAT(*modern.provisioning_context, ElementsAre(::testing::Pair("scope", "shared")));

  const CartLineItem& legacy = cart.cart.line_items[1];
  EXPECT_EQ(legacy.id, std::optional<int>(1));
  EXPECT_EQ(legacy.currency_code, std::optional<std::string>("USD"));
  EXPECT_EQ(legacy.order_group, std::optional<std::string>("OMS-0"));
  // Asked in a currency that is not the customer's: the line error a create would give.
  ASSERT_TRUE(legacy.error.has_value());
  EXPECT_EQ(legacy.error->error_code, partnercenter::cart_error::kCurrencyIsNotSupported);
  ASSERT_TRUE(legacy.provisioning_context.has_value());
  EXPECT_THAT(*legacy.provisioning_context, IsEmpty());
}

TEST_F(LoadFixturesTest, ACartWithoutIdGetsANewGuid) {
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded, Load(Parse(kDocument), ExistingCart::kKeepIfUsable));
  ASSERT_EQ(loaded.carts.size(), 2u);
  const CartKey& key = loaded.carts[1];
  EXPECT_EQ(key.partner_tenant, kPartner);
  EXPECT_EQ(key.customer_id, kGbCustomer);
  EXPECT_EQ(CanonicalGuid(key.cart_id), std::optional<std::string>(key.cart_id));

  const CartRecord cart = Stored(key);
  EXPECT_EQ(cart.version, 1);
  EXPECT_EQ(cart.cart.id, std::optional<std::string>(key.cart_id));
  // No lastModifiedUser in the fixture: its partner is the last modifier.
  EXPECT_EQ(cart.cart.last_modified_user, std::optional<std::string>(kPartner));
  ASSERT_EQ(cart.cart.line_items.size(), 1u);
  // Lines without ids are numbered; the currency is the GB customer's.
  EXPECT_EQ(cart.cart.line_items[0].id, std::optional<int>(0));
  EXPECT_EQ(cart.cart.line_items[0].currency_code, std::optional<std::string>("GBP"));
  EXPECT_EQ(cart.cart.line_items[0].order_group, std::optional<std::string>("0"));
  EXPECT_EQ(cart.cart.line_items[0].error, std::nullopt);

  // Loaded again, it is a different cart.
  ASSERT_OK_AND_ASSIGN(LoadedFixtures again, Load(Parse(kDocument), ExistingCart::kKeepIfUsable));
  ASSERT_EQ(again.carts.size(), 2u);
  EXPECT_NE(again.carts[1].cart_id, key.cart_id);
  EXPECT_EQ(again.carts[0], key_);
}

TEST_F(LoadFixturesTest, ACartOfAStoredCustomerLoads) {
  ASSERT_THAT(store_.PutCustomer(test::MakeCustomer(kPartner, kCustomer)), IsOk());
  const std::string document = std::string(R"({"carts": [{"partnerTenant": ")") + kPartner +
                               R"(", "customerId": ")" + kCustomer + R"(", "cart": {"id": ")" +
                               kCartId + R"(", "lineItems": [
      {"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"}]}}]})";
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded, Load(Parse(document), ExistingCart::kReplace));
  EXPECT_EQ(loaded.customers, 0);
  EXPECT_THAT(loaded.carts, ElementsAre(key_));
  EXPECT_EQ(Stored(key_).version, 1);
}

TEST_F(LoadFixturesTest, ACartOfAnUnknownCustomerIsRefused) {
  const std::string unknown = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  const std::string later_cart = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
  const std::string document = std::string(R"({"customers": [{"partnerTenant": ")") + kPartner +
                               R"(", "id": ")" + kCustomer +
                               R"(", "country": "US", "currency": "USD"}],
  "carts": [
    {"partnerTenant": ")" + kPartner +
                               R"(", "customerId": ")" + kCustomer + R"(",
     "cart": {"id": ")" + kCartId +
                               R"(", "lineItems": [
       {"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"}]}},
    {"partnerTenant": ")" + kPartner +
                               R"(", "customerId": ")" + unknown + R"(",
     "cart": {"lineItems": [{"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"}]}},
    {"partnerTenant": ")" + kPartner +
                               R"(", "customerId": ")" + kCustomer + R"(",
     "cart": {"id": ")" + later_cart +
                               R"(", "lineItems": [
       {"catalogItemId": "A:B:C", "quantity": 1, "billingCycle": "monthly"}]}}]})";
  StatusOr<LoadedFixtures> loaded = Load(Parse(document), ExistingCart::kReplace);
  EXPECT_THAT(loaded, StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(loaded.status().message(), HasSubstr(unknown));

  // What came before stays; nothing after it is loaded.
  EXPECT_THAT(store_.FindCustomer(kPartner, kCustomer), IsOkAndHolds(::testing::Ne(std::nullopt)));
  EXPECT_EQ(Stored(key_).version, 1);
  EXPECT_THAT(store_.FindCart(CartKey{kPartner, kCustomer, later_cart}),
              IsOkAndHolds(std::nullopt));
}

TEST_F(LoadFixturesTest, KeepIfUsableKeepsAnActiveUnexpiredCart) {
  ASSERT_THAT(Load(Parse(OneCartDocument(1)), ExistingCart::kKeepIfUsable), IsOk());
  CartRecord changed = Stored(key_);
  ASSERT_EQ(changed.version, 1);
  changed.version = 2;
  changed.cart.line_items[0].quantity = 42;
  ASSERT_THAT(store_.Commit(test::UpdateWrite(changed)), IsOk());

  clock_.Advance(std::chrono::hours(47));
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded,
                       Load(Parse(OneCartDocument(1)), ExistingCart::kKeepIfUsable));
  EXPECT_THAT(loaded.carts, ElementsAre(key_));
  const CartRecord kept = Stored(key_);
  EXPECT_EQ(kept.version, 2);
  EXPECT_EQ(kept.cart.line_items[0].quantity, 42);
  EXPECT_EQ(kept, changed);
}

TEST_F(LoadFixturesTest, KeepIfUsableRecreatesAnExpiredCart) {
  ASSERT_THAT(Load(Parse(OneCartDocument(1)), ExistingCart::kKeepIfUsable), IsOk());
  CartRecord changed = Stored(key_);
  changed.version = 2;
  changed.cart.line_items[0].quantity = 42;
  ASSERT_THAT(store_.Commit(test::UpdateWrite(changed)), IsOk());

  // The cart expires at TestTime() + 48 h; at that instant it is no longer usable.
  clock_.Advance(std::chrono::hours(48));
  ASSERT_THAT(Load(Parse(OneCartDocument(3)), ExistingCart::kKeepIfUsable), IsOk());
  const CartRecord recreated = Stored(key_);
  EXPECT_EQ(recreated.version, 3);
  EXPECT_EQ(recreated.cart.status, std::optional<CartStatus>(CartStatus::kActive));
  EXPECT_EQ(recreated.cart.creation_timestamp,
            std::optional<Timestamp>(TestTime(std::chrono::hours(48))));
  EXPECT_EQ(recreated.cart.expiration_timestamp,
            std::optional<Timestamp>(TestTime(std::chrono::hours(96))));
  ASSERT_EQ(recreated.cart.line_items.size(), 1u);
  EXPECT_EQ(recreated.cart.line_items[0].quantity, 3);
  EXPECT_EQ(recreated.cart.line_items[0].currency_code, std::optional<std::string>("USD"));
}

TEST_F(LoadFixturesTest, KeepIfUsableRecreatesAnOrderedCart) {
  ASSERT_THAT(Load(Parse(OneCartDocument(1)), ExistingCart::kKeepIfUsable), IsOk());
  CartRecord ordered = Stored(key_);
  ordered.version = 2;
  ordered.cart.status = CartStatus::kOrdered;
  ordered.checkout_result.emplace();
  ASSERT_THAT(store_.Commit(test::UpdateWrite(ordered)), IsOk());

  ASSERT_THAT(Load(Parse(OneCartDocument(4)), ExistingCart::kKeepIfUsable), IsOk());
  const CartRecord recreated = Stored(key_);
  EXPECT_EQ(recreated.version, 3);
  EXPECT_EQ(recreated.cart.status, std::optional<CartStatus>(CartStatus::kActive));
  EXPECT_EQ(recreated.checkout_result, std::nullopt);
  EXPECT_EQ(recreated.cart.line_items[0].quantity, 4);
}

TEST_F(LoadFixturesTest, ReplaceReplacesAUsableCart) {
  ASSERT_THAT(Load(Parse(OneCartDocument(1)), ExistingCart::kReplace), IsOk());
  CartRecord changed = Stored(key_);
  changed.version = 2;
  changed.cart.line_items[0].quantity = 42;
  ASSERT_THAT(store_.Commit(test::UpdateWrite(changed)), IsOk());

  clock_.Advance(std::chrono::hours(1));
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded,
                       Load(Parse(OneCartDocument(7)), ExistingCart::kReplace));
  EXPECT_THAT(loaded.carts, ElementsAre(key_));
  const CartRecord replaced = Stored(key_);
  EXPECT_EQ(replaced.version, 3);
  EXPECT_EQ(replaced.cart.status, std::optional<CartStatus>(CartStatus::kActive));
  EXPECT_EQ(replaced.cart.creation_timestamp,
            std::optional<Timestamp>(TestTime(std::chrono::hours(1))));
  EXPECT_EQ(replaced.cart.expiration_timestamp,
            std::optional<Timestamp>(TestTime(std::chrono::hours(49))));
  ASSERT_EQ(replaced.cart.line_items.size(), 1u);
  EXPECT_EQ(replaced.cart.line_items[0].quantity, 7);
  EXPECT_EQ(replaced.cart.line_items[0].order_group, std::optional<std::string>("0"));

  // Loading the same fixtures again replaces it again.
  ASSERT_THAT(Load(Parse(OneCartDocument(7)), ExistingCart::kReplace), IsOk());
  EXPECT_EQ(Stored(key_).version, 4);
}

TEST_F(LoadFixturesTest, CustomersAreReplaced) {
  ASSERT_THAT(store_.PutCustomer(Customer{.partner_tenant = kPartner,
                                          .id = kCustomer,
                                          .country = "GB",
                                          .currency = "GBP",
                                          .company_name = "Old name"}),
              IsOk());
  ASSERT_OK_AND_ASSIGN(LoadedFixtures loaded,
                       Load(Parse(OneCartDocument(1)), ExistingCart::kReplace));
  EXPECT_EQ(loaded.customers, 1);
  EXPECT_THAT(store_.FindCustomer(kPartner, kCustomer),
              IsOkAndHolds(Optional(Customer{.partner_tenant = kPartner,
                                             .id = kCustomer,
                                             .country = "US",
                                             .currency = "USD",
                                             .company_name = ""})));
  EXPECT_EQ(Stored(key_).cart.line_items[0].currency_code, std::optional<std::string>("USD"));
}

TEST(CheckCustomerLimitTest, OnlyNewCustomersPastTheLimitAreRefusedWhenEnabled) {
  storage::MemoryStore store;
  const std::string other_partner = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
  ASSERT_THAT(store.PutCustomer(test::MakeCustomer(kPartner, kCustomer)), IsOk());
  ASSERT_THAT(store.PutCustomer(test::MakeCustomer(kPartner, kGbCustomer)), IsOk());
  const Customer newcomer = test::MakeCustomer(kPartner, NewGuid());

  const SandboxLimits off{.enabled = false,
                          .customers_per_partner = 2,
                          .subscriptions_per_customer = 5,
                          .licences_per_subscription = 25};
  EXPECT_THAT(CheckCustomerLimit(store, off, newcomer), IsOk());

  const SandboxLimits on{.enabled = true,
                         .customers_per_partner = 2,
                         .subscriptions_per_customer = 5,
                         .licences_per_subscription = 25};
  const Status refused = CheckCustomerLimit(store, on, newcomer);
  EXPECT_THAT(refused, StatusIs(ErrorCode::kSandboxLimitReached));
  EXPECT_THAT(refused.message(), HasSubstr("2 customers per partner"));
  // A customer already stored may be replaced; another partner has its own count.
  EXPECT_THAT(CheckCustomerLimit(store, on, test::MakeCustomer(kPartner, kCustomer)), IsOk());
  EXPECT_THAT(CheckCustomerLimit(store, on, test::MakeCustomer(other_partner, NewGuid())), IsOk());

  SandboxLimits roomier = on;
  roomier.customers_per_partner = 3;
  EXPECT_THAT(CheckCustomerLimit(store, roomier, newcomer), IsOk());
}

TEST_F(LoadFixturesTest, SandboxLimitsStopTheCustomersPastTheLimit) {
  options_.sandbox_limits.enabled = true;
  options_.sandbox_limits.customers_per_partner = 1;
  StatusOr<LoadedFixtures> loaded = Load(Parse(kDocument), ExistingCart::kReplace);
  EXPECT_THAT(loaded, StatusIs(ErrorCode::kSandboxLimitReached));
  // The first customer was stored before the limit was met; nothing after it is loaded.
  EXPECT_THAT(store_.FindCustomer(kPartner, kCustomer), IsOkAndHolds(::testing::Ne(std::nullopt)));
  EXPECT_THAT(store_.FindCustomer(kPartner, kGbCustomer), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store_.FindCart(key_), IsOkAndHolds(std::nullopt));

  // Loading the same customer again does not count against the limit.
  EXPECT_THAT(Load(Parse(OneCartDocument(1)), ExistingCart::kReplace), IsOk());
  EXPECT_EQ(Stored(key_).version, 1);
}

TEST_F(LoadFixturesTest, SandboxLimitsGiveLinesAboveTheLicencesALineError) {
  ASSERT_THAT(Load(Parse(OneCartDocument(26)), ExistingCart::kReplace), IsOk());
  EXPECT_EQ(Stored(key_).cart.line_items[0].error, std::nullopt);

  options_.sandbox_limits.enabled = true;
  options_.sandbox_limits.licences_per_subscription = 25;
  ASSERT_THAT(Load(Parse(OneCartDocument(26)), ExistingCart::kReplace), IsOk());
  const CartRecord over = Stored(key_);
  ASSERT_TRUE(over.cart.line_items[0].error.has_value());
  EXPECT_EQ(over.cart.line_items[0].error->error_code,
            partnercenter::cart_error::kMaxAllowedSeatsPerSubscriptionExceeded);

  ASSERT_THAT(Load(Parse(OneCartDocument(25)), ExistingCart::kReplace), IsOk());
  EXPECT_EQ(Stored(key_).cart.line_items[0].error, std::nullopt);
}

}  // namespace
}  // namespace cartd::controls
