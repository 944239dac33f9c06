#include <gtest/gtest.h>

#include <string>

#include "partnercenter/json.h"

namespace partnercenter {
namespace {

// Asserts that `result` failed with `kind` and no code, and returns the description.
template <typename T>
std::string ErrorOf(const Result<T>& result, ErrorKind kind = ErrorKind::kInvalidJson) {
  if (result.ok()) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  EXPECT_EQ(result.error().kind, kind);
  EXPECT_EQ(result.error().code, 0);
  return result.error().description;
}

// A line with only `id` and `quantity` set.
CartLineItem LineWith(std::optional<int> id, int quantity) {
  CartLineItem line;
  line.id = id;
  line.quantity = quantity;
  return line;
}

Order OrderWithId(std::string id) {
  Order order;
  order.id = std::move(id);
  return order;
}

ResourceAttributes ObjectType(std::string object_type) {
  return ResourceAttributes{.etag = std::nullopt, .object_type = std::move(object_type)};
}

// A cart whose only line is `line_members` (the text between the line's braces).
std::string CartWithLine(std::string_view line_members) {
  return R"({"lineItems":[{)" + std::string(line_members) + "}]}";
}

CartLineItem OnlyLine(std::string_view line_members) {
  Result<Cart> cart = ParseCart(CartWithLine(line_members));
  if (!cart.ok()) {
    ADD_FAILURE() << cart.error().description;
    return {};
  }
  if (cart->line_items.size() != 1) {
    ADD_FAILURE() << "lines: " << cart->line_items.size();
    return {};
  }
  return cart->line_items[0];
}

std::string LineError(std::string_view line_members, ErrorKind kind = ErrorKind::kInvalidJson) {
  return ErrorOf(ParseCart(CartWithLine(line_members)), kind);
}

TEST(ParseCartTest, MinimalCart) {
  Result<Cart> cart = ParseCart(
      R"({"lineItems":[{"id":0,"catalogItemId":"A:B:C","quantity":1,"billingCycle":"monthly"}]})");
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  Cart expected;
  CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "A:B:C";
  line.quantity = 1;
  line.billing_cycle = BillingCycle::kMonthly;
  expected.line_items = {line};
  EXPECT_EQ(*cart, expected);
}

TEST(ParseCartTest, EmptyObjectIsACartWithNoLines) {
  Result<Cart> cart = ParseCart("{}");
  ASSERT_TRUE(cart.ok());
  EXPECT_EQ(*cart, Cart{});
}

TEST(ParseCartTest, MemberNamesMatchIgnoringCase) {
  for (const char* name : {"lineItems", "LineItems", "lineitems", "LINEITEMS", "lInEiTeMs"}) {
    Result<Cart> cart = ParseCart(std::string("{\"") + name + R"(":[{"QUANTITY":3}]})");
    ASSERT_TRUE(cart.ok()) << name << ": " << cart.error().description;
    ASSERT_EQ(cart->line_items.size(), 1u) << name;
    EXPECT_EQ(cart->line_items[0].quantity, 3) << name;
  }
}

TEST(ParseCartTest, NullIsTheSameAsAbsent) {
  Result<Cart> cart =
      ParseCart(R"({"id":null,"lineItems":null,"status":null,"links":null,"attributes":null,)"
                R"("partnerOnRecordAttestationAccepted":null,"expirationTimestamp":null})");
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  EXPECT_EQ(*cart, Cart{});

  EXPECT_EQ(OnlyLine(R"("id":null,"catalogItemId":null,"friendlyName":null,"quantity":null,)"
                     R"("billingCycle":null,"termDuration":null,"promotionId":null,)"
                     R"("participants":null,"provisioningContext":null,"addonItems":null,)"
                     R"("renewsTo":null,"customTermEndDate":null,"attestationAccepted":null,)"
                     R"("error":null,"currencyCode":null,"orderGroup":null)"),
            CartLineItem{});
}

TEST(ParseCartTest, UnknownMembersAreIgnored) {
  const CartLineItem line =
      OnlyLine(R"("quantity":2,"coterminousSubscriptionId":null,"future":{"deep":[1,{"x":"y"}]},)"
               R"("AdditionalPartnerIdsOnRecord":["1"])");
  EXPECT_EQ(line, LineWith(std::nullopt, 2));
}

TEST(ParseCartTest, CatalogIdIsAnAliasOfCatalogItemId) {
  EXPECT_EQ(OnlyLine(R"("catalogId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB")").catalog_item_id,
            "DG7GMGF0DWTL:0001:DG7GMGF0DSJB");
  EXPECT_EQ(OnlyLine(R"("CatalogId":"X","catalogItemId":null)").catalog_item_id, "X");
  EXPECT_EQ(LineError(R"("catalogId":"X","catalogItemId":"Y")"),
            "lineItems[0]: both catalogId and catalogItemId");
  EXPECT_EQ(LineError(R"("catalogItemId":"Y","CATALOGID":"Y")"),
            "lineItems[0]: both catalogId and catalogItemId");
}

TEST(ParseCartTest, AddOnItemsIsTheJavaSpellingOfAddonItems) {
  for (const char* name : {"addonItems", "addOnItems", "AddonItems"}) {
    const CartLineItem line = OnlyLine(std::string("\"") + name + R"(":[{"id":1,"quantity":5}])");
    ASSERT_TRUE(line.addon_items.has_value()) << name;
    ASSERT_EQ(line.addon_items->size(), 1u) << name;
    EXPECT_EQ((*line.addon_items)[0], LineWith(1, 5)) << name;
  }
  EXPECT_EQ(LineError(R"("addonItems":[],"addOnItems":[])"),
            "Invalid JSON: duplicate member 'addOnItems' (names are compared ignoring case) at "
            "line 1, column 43");
}

TEST(ParseCartTest, LineIdIsAnIntegerOrADecimalString) {
  EXPECT_EQ(OnlyLine(R"("id":0)").id, 0);
  EXPECT_EQ(OnlyLine(R"("id":12)").id, 12);
  EXPECT_EQ(OnlyLine(R"("id":"0")").id, 0);
  EXPECT_EQ(OnlyLine(R"("id":"12")").id, 12);
  EXPECT_EQ(OnlyLine(R"("id":"007")").id, 7);
  EXPECT_EQ(OnlyLine(R"("id":-1)").id, -1);
  EXPECT_EQ(OnlyLine(R"("id":"2147483647")").id, 2147483647);
  for (const char* id :
       {R"("")", R"("1.5")", R"("1e2")", R"(" 1")", R"("0x1")", R"("abc")", R"("2147483648")",
        R"("99999999999999999999999")", "1.5", "true", "[]", "{}", "2147483648"}) {
    EXPECT_EQ(LineError(std::string("\"id\":") + id), "lineItems[0].id: expected an integer") << id;
  }
}

TEST(ParseCartTest, IntegersMustBeJsonIntegersInInt32Range) {
  EXPECT_EQ(OnlyLine(R"("quantity":2147483647)").quantity, 2147483647);
  EXPECT_EQ(OnlyLine(R"("quantity":-2147483648)").quantity, -2147483648);
  EXPECT_EQ(OnlyLine(R"("quantity":0)").quantity, 0);
  for (const char* quantity :
       {"1.5", "2.0", "1e2", R"("2")", "1099511627776", "2147483648", "-2147483649",
        "99999999999999999999999", "18446744073709551615", "true", "[1]", "{}"}) {
    EXPECT_EQ(LineError(std::string("\"quantity\":") + quantity),
              "lineItems[0].quantity: expected an integer")
        << quantity;
  }
  EXPECT_EQ(LineError(R"("quantity":1e400)"),
            "Invalid JSON: number out of range at line 1, column 32");
}

TEST(ParseCartTest, ErrorsNameThePathOfTheMember) {
  EXPECT_EQ(ErrorOf(ParseCart(R"({"lineItems":[{"quantity":1},{"addonItems":[{},)"
                              R"({"quantity":"many"}]}]})")),
            "lineItems[1].addonItems[1].quantity: expected an integer");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"LineItems":[{"AddOnItems":[{"Quantity":1.5}]}]})")),
            "lineItems[0].addonItems[0].quantity: expected an integer");
  EXPECT_EQ(LineError(R"("friendlyName":5)"), "lineItems[0].friendlyName: expected a string");
  EXPECT_EQ(LineError(R"("attestationAccepted":"true")"),
            "lineItems[0].attestationAccepted: expected true or false");
  EXPECT_EQ(LineError(R"("renewsTo":"P1Y")"), "lineItems[0].renewsTo: expected an object");
  EXPECT_EQ(LineError(R"("renewsTo":{"termDuration":1})"),
            "lineItems[0].renewsTo.termDuration: expected a string");
  EXPECT_EQ(LineError(R"("customTermEndDate":"tomorrow")"),
            "lineItems[0].customTermEndDate: expected an ISO 8601 date-time");
  EXPECT_EQ(LineError(R"("customTermEndDate":1629307792)"),
            "lineItems[0].customTermEndDate: expected an ISO 8601 date-time");
  EXPECT_EQ(LineError(R"("participants":{})"), "lineItems[0].participants: expected an array");
  EXPECT_EQ(LineError(R"("participants":[{"key":"transaction_reseller","value":5357564}])"),
            "lineItems[0].participants[0].value: expected a string");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"lineItems":{}})")), "lineItems: expected an array");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"lineItems":[1]})")), "lineItems[0]: expected an object");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"lineItems":[null]})")), "lineItems[0]: expected an object");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"partnerOnRecordAttestationAccepted":1})")),
            "partnerOnRecordAttestationAccepted: expected true or false");
}

TEST(ParseCartTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(ErrorOf(ParseCart("[]")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseCart(R"("success")")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseCart("null")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseCartLineItem("7")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseOrder("[]")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseCartCheckoutResult("1")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseOrderCollection("true")), "expected an object at the top level");
  EXPECT_EQ(ErrorOf(ParseApiFault("\"x\"")), "expected an object at the top level");
}

TEST(ParseCartTest, JsonErrorsComeFromTheStrictReader) {
  EXPECT_EQ(ErrorOf(ParseCart("")), "Invalid JSON: empty body at line 1, column 1");
  EXPECT_EQ(ErrorOf(ParseCart("{} []")),
            "Invalid JSON: unexpected content after the JSON value at line 1, column 4");
  EXPECT_EQ(ErrorOf(ParseCart(R"({"lineItems":[{"Quantity":1,"quantity":1}]})")),
            "Invalid JSON: duplicate member 'quantity' (names are compared ignoring case) at "
            "line 1, column 38");
  ParseOptions options;
  options.max_string_bytes = 4;
  EXPECT_EQ(ErrorOf(ParseCart(R"({"id":"12345"})", options)),
            "Invalid JSON: string longer than 4 bytes at line 1, column 13");
}

TEST(ParseCartTest, BillingCycleInEveryForm) {
  const std::pair<const char*, BillingCycle> forms[] = {
      {R"("monthly")", BillingCycle::kMonthly},
      {R"("Monthly")", BillingCycle::kMonthly},
      {R"("MONTHLY")", BillingCycle::kMonthly},
      {"1", BillingCycle::kMonthly},
      {R"("one_time")", BillingCycle::kOneTime},
      {R"("OneTime")", BillingCycle::kOneTime},
      {R"("ONE_TIME")", BillingCycle::kOneTime},
      {R"("onetime")", BillingCycle::kOneTime},
      {"4", BillingCycle::kOneTime},
      {R"("unknown")", BillingCycle::kUnknown},
      {"0", BillingCycle::kUnknown},
      {R"("annual")", BillingCycle::kAnnual},
      {R"("none")", BillingCycle::kNone},
      {R"("triennial")", BillingCycle::kTriennial},
      {R"("Biennial")", BillingCycle::kBiennial},
      {"6", BillingCycle::kBiennial},
  };
  for (const auto& [text, value] : forms) {
    EXPECT_EQ(OnlyLine(std::string("\"billingCycle\":") + text).billing_cycle, value) << text;
  }
}

TEST(ParseCartTest, CartStatusInEveryForm) {
  const std::pair<const char*, CartStatus> forms[] = {
      {R"("Active")", CartStatus::kActive},
      {R"("active")", CartStatus::kActive},
      {"0", CartStatus::kActive},
      {R"("Ordered")", CartStatus::kOrdered},
      {R"("ORDERED")", CartStatus::kOrdered},
      {"1", CartStatus::kOrdered},
  };
  for (const auto& [text, value] : forms) {
    Result<Cart> cart = ParseCart(std::string(R"({"status":)") + text + "}");
    ASSERT_TRUE(cart.ok()) << text;
    EXPECT_EQ(cart->status, value) << text;
  }
}

TEST(ParseCartTest, UnparsableEnumIsInvalidEnum) {
  EXPECT_EQ(LineError(R"("billingCycle":"yearly")", ErrorKind::kInvalidEnum),
            "Unable to parse enum: 'yearly' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(LineError(R"("billingCycle":"one-time")", ErrorKind::kInvalidEnum),
            "Unable to parse enum: 'one-time' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(LineError(R"("billingCycle":7)", ErrorKind::kInvalidEnum),
            "Unable to parse enum: '7' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(LineError(R"("billingCycle":1.0)", ErrorKind::kInvalidEnum),
            "Unable to parse enum: '1' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(LineError(R"("billingCycle":true)", ErrorKind::kInvalidEnum),
            "Unable to parse enum: 'true' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(LineError(R"("billingCycle":["monthly"])", ErrorKind::kInvalidEnum),
            "Unable to parse enum: '[\"monthly\"]' is not a valid BillingCycle value "
            "(lineItems[0].billingCycle)");
  EXPECT_EQ(
      LineError(R"("participants":[{"key":"reseller","value":"1"}])", ErrorKind::kInvalidEnum),
      "Unable to parse enum: 'reseller' is not a valid ParticipantType value "
      "(lineItems[0].participants[0].key)");
}

TEST(ParseCartTest, ParticipantsInEveryCase) {
  const CartLineItem line =
      OnlyLine(R"("participants":[{"key":"transaction_reseller","value":"5357564"},)"
               R"({"Key":"AdditionalTransactionReseller","Value":"517285"},)"
               R"({"KEY":2,"VALUE":"1"},{"value":"no key"}])");
  EXPECT_EQ(line.participants, (std::vector<Participant>{
                                   {ParticipantType::kTransactionReseller, "5357564"},
                                   {ParticipantType::kAdditionalTransactionReseller, "517285"},
                                   {ParticipantType::kConsumptionReseller, "1"},
                                   {ParticipantType::kUnknown, "no key"},
                               }));
}

TEST(ParseCartTest, ProvisioningContextKeepsKeysAsSentInOrder) {
  const CartLineItem line = OnlyLine(
      R"("provisioningContext":{"SubscriptionId":"3D5E","scope":"shared","Duration":"1Year",)"
      R"("ignored":null})");
  EXPECT_EQ(line.provisioning_context,
            (StringPairs{{"SubscriptionId", "3D5E"}, {"scope", "shared"}, {"Duration", "1Year"}}));
  EXPECT_EQ(OnlyLine(R"("provisioningContext":{})").provisioning_context, StringPairs{});
}

TEST(ParseCartTest, ProvisioningContextValuesMustBeStrings) {
  EXPECT_EQ(LineError(R"("provisioningContext":{"scope":"shared","Count":3})"),
            "lineItems[0].provisioningContext.Count: expected a string");
  EXPECT_EQ(LineError(R"("provisioningContext":{"a":{"b":"c"}})"),
            "lineItems[0].provisioningContext.a: expected a string");
  EXPECT_EQ(LineError(R"("provisioningContext":{"a":true})"),
            "lineItems[0].provisioningContext.a: expected a string");
  EXPECT_EQ(LineError(R"("provisioningContext":["a"])"),
            "lineItems[0].provisioningContext: expected an object");
  EXPECT_EQ(LineError(R"("provisioningContext":{"a":"1","A":"2"})"),
            "Invalid JSON: duplicate member 'A' (names are compared ignoring case) at line 1, "
            "column 49");
}

TEST(ParseCartTest, ServerManagedMembersWithJunkAreIgnored) {
  Result<Cart> cart = ParseCart(
      R"({"id":42,"creationTimestamp":"yesterday","lastModifiedTimestamp":12,)"
      R"("expirationTimestamp":{},"lastModifiedUser":["u"],"status":"Pending",)"
      R"("links":"self","attributes":[1],)"
      R"("lineItems":[{"quantity":1,"currencyCode":840,"orderGroup":0,"purchaseSystem":true,)"
      R"("error":{"errorCode":"no_such_error","errorDescription":"x"}},)"
      R"({"quantity":2,"error":"bad"},{"quantity":3,"error":{"errorCode":1.5}},)"
      R"({"quantity":4,"error":{"errorDescription":7}},)"
      R"({"quantity":5,"error":{"additionalInformation":[]}}]})");
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  Cart expected;
  for (int quantity = 1; quantity <= 5; ++quantity) {
    expected.line_items.push_back(LineWith(std::nullopt, quantity));
  }
  EXPECT_EQ(*cart, expected);
}

TEST(ParseCartTest, ServerManagedMembersPartlyMalformedAreDroppedWhole) {
  Result<Cart> cart = ParseCart(R"({"links":{"self":{"uri":"/customers/c/carts/1","method":5}},)"
                                R"("attributes":{"objectType":"Cart","etag":false},"status":3})");
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  EXPECT_EQ(cart->links, std::nullopt);
  EXPECT_EQ(cart->attributes, std::nullopt);
  EXPECT_EQ(cart->status, std::nullopt);
}

TEST(ParseCartTest, ServerManagedMembersAreReadWhenWellFormed) {
  Result<Cart> cart = ParseCart(
      R"({"id":"c1","creationTimestamp":"2021-08-18T17:29:52.3517492Z",)"
      R"("expirationTimestamp":"0001-01-01T00:00:00","lastModifiedUser":"u1","status":"ordered",)"
      R"("links":{"self":{"uri":"/x","method":"GET","headers":[{"key":"k","value":"v"}]}},)"
      R"("attributes":{"objectType":"Cart","etag":"\"3\""},)"
      R"("lineItems":[{"currencyCode":"USD","orderGroup":"OMS-0","purchaseSystem":"legacy",)"
      R"("error":{"errorCode":"CurrencyIsNotSupported","errorDescription":"d",)"
      R"("additionalInformation":{ "a" : [1, "b"] }}}]})");
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  EXPECT_EQ(cart->id, "c1");
  EXPECT_EQ(cart->creation_timestamp, ParseTimestamp("2021-08-18T17:29:52.3517492Z"));
  EXPECT_EQ(cart->expiration_timestamp, ParseTimestamp("0001-01-01T00:00:00Z"));
  EXPECT_EQ(cart->last_modified_user, "u1");
  EXPECT_EQ(cart->status, CartStatus::kOrdered);
  EXPECT_EQ(cart->links,
            (StandardLinks{
                .self = Link{.uri = "/x", .method = "GET", .headers = {{"k", "v"}}, .body = {}}}));
  EXPECT_EQ(cart->attributes, (ResourceAttributes{.etag = "\"3\"", .object_type = "Cart"}));
  ASSERT_EQ(cart->line_items.size(), 1u);
  const CartLineItem& line = cart->line_items[0];
  EXPECT_EQ(line.currency_code, "USD");
  EXPECT_EQ(line.order_group, "OMS-0");
  EXPECT_EQ(line.purchase_system, "legacy");
  EXPECT_EQ(line.error, (CartError{.error_code = cart_error::kCurrencyIsNotSupported,
                                   .error_description = "d",
                                   .additional_information_json = R"({"a":[1,"b"]})"}));
}

TEST(ParseCartTest, CartErrorCodeAsIntegerOrName) {
  const std::pair<const char*, int> forms[] = {
      {"10000", 10000},
      {"123456", 123456},
      {R"("currency_is_not_supported")", cart_error::kCurrencyIsNotSupported},
      {R"("CurrencyIsNotSupported")", cart_error::kCurrencyIsNotSupported},
      {R"("subscription_is_not_enabled_for_r_i")", cart_error::kSubscriptionIsNotEnabledForRI},
      {R"("MinimumAddOnSeatsNotMet")", cart_error::kMinimumAddOnSeatsNotMet},
  };
  for (const auto& [text, code] : forms) {
    const CartLineItem line = OnlyLine(std::string(R"("error":{"errorCode":)") + text + "}");
    ASSERT_TRUE(line.error.has_value()) << text;
    EXPECT_EQ(line.error->error_code, code) << text;
  }
}

TEST(ParseCartTest, ClientMembersAreStrictEvenNextToServerManagedOnes) {
  EXPECT_EQ(LineError(R"("orderGroup":5,"quantity":"5")"),
            "lineItems[0].quantity: expected an integer");
}

TEST(ParseCartLineItemTest, PathsStartAtTheLine) {
  Result<CartLineItem> line = ParseCartLineItem(R"({"Id":"3","CatalogItemId":"X","Quantity":4})");
  ASSERT_TRUE(line.ok());
  CartLineItem expected = LineWith(3, 4);
  expected.catalog_item_id = "X";
  EXPECT_EQ(*line, expected);
  EXPECT_EQ(ErrorOf(ParseCartLineItem(R"({"quantity":true})")), "quantity: expected an integer");
}

TEST(ParseOrderTest, ReadsEveryMember) {
  Result<Order> order = ParseOrder(
      R"({"Id":"f76c6b7f449d","alternateId":"a","referenceCustomerId":"c","billingCycle":2,)"
      R"("currencyCode":"USD","currencySymbol":"$","client":{},)"
      R"("lineItems":[{"lineItemNumber":0,"offerId":"o","quantity":2,"subscriptionId":"s",)"
      R"("pricing":{"listPrice":6,"discountedPrice":5.5,"price":18446744073709551615},)"
      R"("additionalPartnerIdsOnRecord":[],"links":{"sku":{"uri":"/s","method":"GET"}}}],)"
      R"("creationDate":"2019-01-16T00:48:44.76+00:00","status":"completed",)"
      R"("totalPrice":12,"attributes":{"objectType":"Order"}})");
  ASSERT_TRUE(order.ok()) << order.error().description;
  Order expected;
  expected.id = "f76c6b7f449d";
  expected.alternate_id = "a";
  expected.reference_customer_id = "c";
  expected.billing_cycle = BillingCycle::kAnnual;
  expected.currency_code = "USD";
  expected.currency_symbol = "$";
  OrderLineItem line;
  line.offer_id = "o";
  line.quantity = 2;
  line.subscription_id = "s";
  line.pricing = Pricing{.list_price = 6.0,
                         .discounted_price = 5.5,
                         .prorated_price = {},
                         .price = 18446744073709551615.0,
                         .extended_price = {}};
  line.additional_partner_ids_on_record = std::vector<std::string>{};
  line.links = OrderLineItemLinks{};
  line.links->sku = Link{.uri = "/s", .method = "GET", .headers = {}, .body = {}};
  expected.line_items = {line};
  expected.creation_date = ParseTimestamp("2019-01-16T00:48:44.76Z");
  expected.status = "completed";
  expected.total_price = 12.0;
  expected.attributes = ObjectType("Order");
  EXPECT_EQ(*order, expected);
}

TEST(ParseOrderTest, OrderMembersAreStrict) {
  EXPECT_EQ(ErrorOf(ParseOrder(R"({"creationDate":"soon"})")),
            "creationDate: expected an ISO 8601 date-time");
  EXPECT_EQ(ErrorOf(ParseOrder(R"({"billingCycle":"weekly"})"), ErrorKind::kInvalidEnum),
            "Unable to parse enum: 'weekly' is not a valid BillingCycle value (billingCycle)");
  EXPECT_EQ(ErrorOf(ParseOrder(R"({"lineItems":[{"pricing":{"price":"5"}}]})")),
            "lineItems[0].pricing.price: expected a number");
  EXPECT_EQ(ErrorOf(ParseOrder(R"({"links":{"self":[]}})")), "links.self: expected an object");
}

TEST(ParseCartCheckoutResultTest, ReadsOrdersAndOrderErrors) {
  Result<CartCheckoutResult> result = ParseCartCheckoutResult(
      R"({"orders":[{"id":"o1","lineItems":[]}],"orderErrors":[{"orderGroupId":"1",)"
      R"("code":800010,"description":"d","attributes":{"objectType":"OrderError"}}],)"
      R"("attributes":{"objectType":"CartCheckoutResult"}})");
  ASSERT_TRUE(result.ok()) << result.error().description;
  CartCheckoutResult expected;
  expected.orders = {OrderWithId("o1")};
  expected.order_errors = {OrderError{.order_group_id = "1",
                                      .code = 800010,
                                      .description = "d",
                                      .attributes = ObjectType("OrderError")}};
  expected.attributes = ObjectType("CartCheckoutResult");
  EXPECT_EQ(*result, expected);
  EXPECT_EQ(ErrorOf(ParseCartCheckoutResult(R"({"orderErrors":[{"code":"800010"}]})")),
            "orderErrors[0].code: expected an integer");
}

TEST(ParseOrderCollectionTest, ReadsItems) {
  Result<OrderCollection> collection =
      ParseOrderCollection(R"({"totalCount":2,"items":[{"id":"a"},{"id":"b"}],"links":{},)"
                           R"("attributes":{"objectType":"Collection"}})");
  ASSERT_TRUE(collection.ok()) << collection.error().description;
  EXPECT_EQ(*collection, (OrderCollection{.total_count = 2,
                                          .items = {OrderWithId("a"), OrderWithId("b")},
                                          .links = StandardLinks{},
                                          .attributes = ObjectType("Collection")}));
  EXPECT_EQ(ErrorOf(ParseOrderCollection(R"({"totalCount":1e3})")),
            "totalCount: expected an integer");
}

TEST(ParseApiFaultTest, CodeIsANumberOrANumericString) {
  Result<ApiFault> number =
      ParseApiFault(R"({"code":800008,"description":"Unable to retrieve cart Id","data":[],)"
                    R"("source":"PartnerFD"})");
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(*number, (ApiFault{.code = 800008,
                               .description = "Unable to retrieve cart Id",
                               .data_json = {},
                               .source = "PartnerFD"}));
  Result<ApiFault> text = ParseApiFault(R"({"code":"2000","description":"d"})");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->code, 2000);
  EXPECT_EQ(ErrorOf(ParseApiFault(R"({"code":"InvalidInput"})")), "code: expected an integer");
}

TEST(ParseApiFaultTest, DataMembersKeepTheirJsonText) {
  Result<ApiFault> fault =
      ParseApiFault(R"({"code":3000,"data":["https://x/y", {"a" : 1.5}, 7, null, ["\u00e9"]],)"
                    R"("attributes":{"objectType":"ApiFault"}})");
  ASSERT_TRUE(fault.ok()) << fault.error().description;
  EXPECT_EQ(fault->data_json, (std::vector<std::string>{R"("https://x/y")", R"({"a":1.5})", "7",
                                                        "null", "[\"\xC3\xA9\"]"}));
  EXPECT_EQ(ErrorOf(ParseApiFault(R"({"data":"x"})")), "data: expected an array");
}

}  // namespace
}  // namespace partnercenter
