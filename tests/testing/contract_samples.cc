#include "tests/testing/contract_samples.h"

#include <chrono>

namespace partnercenter::test {
namespace {

using namespace std::chrono_literals;

constexpr char kCustomer[] = "f81d98dd-c2f4-499e-a194-5619e260344e";
constexpr char kCartId[] = "3e22b548-647d-4223-9675-1fcb6cb57665";

Link MakeLink(std::string uri, std::string method = "GET") {
  return Link{.uri = std::move(uri), .method = std::move(method), .headers = {}, .body = {}};
}

std::string OrderPath() { return std::string("/customers/") + kCustomer + "/orders/f76c6b7f449d"; }

}  // namespace

Timestamp SampleTime(std::int64_t extra_ticks) {
  const std::chrono::sys_days day = std::chrono::year(2021) / 8 / 18;
  return Timestamp(day) + 17h + 29min + 52s + Ticks(3517492) + Ticks(extra_ticks);
}

Cart FullCart() {
  CartLineItem addon;
  addon.id = 1;
  addon.catalog_item_id = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P";
  addon.quantity = 1;
  addon.billing_cycle = BillingCycle::kMonthly;
  addon.provisioning_context = StringPairs{};
  addon.addon_items = std::vector<CartLineItem>{};

  CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  line.friendly_name = "Team \"A\" licences";
  line.quantity = 2;
  line.currency_code = "USD";
  line.billing_cycle = BillingCycle::kMonthly;
  line.term_duration = "P1Y";
  line.promotion_id = "39NFJQT1Q5KV:0002:39NFJQT1Q5KV";
  line.participants = std::vector<Participant>{
      {ParticipantType::kTransactionReseller, "5357564"},
      {ParticipantType::kAdditionalTransactionReseller, "517285"},
  };
  line.provisioning_context = StringPairs{
      {"subscriptionId", "1C461A25-F729-4FA5-AADB-280947DD05E8"},
      {"scope", "shared"},
  };
  line.order_group = "0";
  line.purchase_system = "modern";
  line.addon_items = std::vector<CartLineItem>{addon};
  line.renews_to = RenewsTo{.term_duration = "P1Y"};
  line.custom_term_end_date = Timestamp(std::chrono::sys_days(std::chrono::year(2022) / 2 / 19));
  line.attestation_accepted = true;
  line.error = CartError{.error_code = cart_error::kSubscriptionIsNotEnabledForRI,
                         .error_description = "Subscription is not enabled for RI.",
                         .additional_information_json = R"({"reason":"quota","limit":5})"};

  Cart cart;
  cart.id = kCartId;
  cart.creation_timestamp = SampleTime();
  cart.last_modified_timestamp = SampleTime(61);
  cart.expiration_timestamp = SampleTime() + std::chrono::days(7);
  cart.last_modified_user = "da62a0dc-35e9-4601-b48e-a047bd3ec7c1";
  cart.line_items = {line};
  cart.status = CartStatus::kOrdered;
  cart.partner_on_record_attestation_accepted = true;
  Link self = MakeLink(std::string("/customers/") + kCustomer + "/carts/" + kCartId);
  self.headers = {{"If-Match", "\"1\""}};
  self.body = "{}";
  cart.links = StandardLinks{.self = self};
  cart.attributes = ResourceAttributes{.etag = "\"0x8D9\"", .object_type = "Cart"};
  return cart;
}

std::string FullCartJson() {
  return std::string(
      R"({"id":"3e22b548-647d-4223-9675-1fcb6cb57665",)"
      R"("creationTimestamp":"2021-08-18T17:29:52.3517492Z",)"
      R"("lastModifiedTimestamp":"2021-08-18T17:29:52.3517553Z",)"
      R"("expirationTimestamp":"2021-08-25T17:29:52.3517492Z",)"
      R"("lastModifiedUser":"da62a0dc-35e9-4601-b48e-a047bd3ec7c1",)"
      R"("status":"Ordered","partnerOnRecordAttestationAccepted":true,)"
      R"("lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
      R"("friendlyName":"Team \"A\" licences","quantity":2,"currencyCode":"USD",)"
      R"("billingCycle":"monthly","termDuration":"P1Y",)"
      R"("promotionId":"39NFJQT1Q5KV:0002:39NFJQT1Q5KV",)"
      R"("customTermEndDate":"2022-02-19T00:00:00.0000000Z","attestationAccepted":true,)"
      R"("renewsTo":{"termDuration":"P1Y"},)"
      R"("participants":[{"key":"transaction_reseller","value":"5357564"},)"
      R"({"key":"additional_transaction_reseller","value":"517285"}],)"
      R"("provisioningContext":{"subscriptionId":"1C461A25-F729-4FA5-AADB-280947DD05E8",)"
      R"("scope":"shared"},"orderGroup":"0","purchaseSystem":"modern",)"
      R"("addonItems":[{"id":1,"catalogItemId":"CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P","quantity":1,)"
      R"("billingCycle":"monthly","provisioningContext":{},"addonItems":[]}],)"
      R"("error":{"errorCode":10008,"errorDescription":"Subscription is not enabled for RI.",)"
      R"("additionalInformation":{"reason":"quota","limit":5}}}],)"
      R"("links":{"self":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/carts/)"
      R"(3e22b548-647d-4223-9675-1fcb6cb57665","method":"GET",)"
      R"("headers":[{"key":"If-Match","value":"\"1\""}],"body":"{}"}},)"
      R"("attributes":{"etag":"\"0x8D9\"","objectType":"Cart"}})");
}

Order FullOrder() {
  const std::string customer = std::string("/customers/") + kCustomer;
  OrderLineItem line;
  line.line_item_number = 0;
  line.offer_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  line.subscription_id = "261bac40-7d88-4327-dfa3-dacd09222d62";
  line.parent_subscription_id = "9f4bd8c2-0c37-4c44-92c4-3e3c7e4b1f3a";
  line.term_duration = "P1Y";
  line.renews_to = RenewsTo{.term_duration = "P1M"};
  line.transaction_type = "New";
  line.promotion_id = "PROMO1";
  line.custom_term_end_date = SampleTime(10'000'000);
  line.friendly_name = "Microsoft 365 Business Basic";
  line.quantity = 2;
  line.pricing = Pricing{.list_price = 6,
                         .discounted_price = 5.4,
                         .prorated_price = 0.1,
                         .price = 5.4,
                         .extended_price = 10.8};
  line.partner_id_on_record = "5357564";
  line.additional_partner_ids_on_record = std::vector<std::string>{"517285", "517286"};
  line.provisioning_context = StringPairs{{"parentSubscriptionId", "9f4bd8c2"}};
  line.attestation_accepted = true;
  line.links = OrderLineItemLinks{
      .product = MakeLink("/products/CFQ7TTC0LFLS?country=US"),
      .sku = MakeLink("/products/CFQ7TTC0LFLS/skus/0002?country=US"),
      .availability = MakeLink("/products/CFQ7TTC0LFLS/skus/0002/availabilities/CFQ7TTC0KDLJ"),
      .subscription = MakeLink(customer + "/subscriptions/261bac40-7d88-4327-dfa3-dacd09222d62"),
      .provisioning_status = MakeLink(OrderPath() + "/lineitems/0/provisioningstatus"),
      .activation_links = MakeLink(OrderPath() + "/lineitems/0/activationlinks"),
  };

  Order order;
  order.id = "f76c6b7f449d";
  order.alternate_id = "f76c6b7f449d";
  order.reference_customer_id = kCustomer;
  order.billing_cycle = BillingCycle::kAnnual;
  order.currency_code = "EUR";
  order.currency_symbol = "\xE2\x82\xAC";
  order.line_items = {line};
  order.creation_date = SampleTime(-1);
  order.status = "pending";
  order.transaction_type = "UserPurchase";
  order.total_price = 1234.5;
  order.partner_on_record_attestation_accepted = false;
  order.links = OrderLinks{.self = MakeLink(OrderPath()),
                           .provisioning_status = MakeLink(OrderPath() + "/provisioningstatus"),
                           .patch_operation = MakeLink(OrderPath(), "PATCH")};
  order.attributes = ResourceAttributes{.etag = {}, .object_type = "Order"};
  return order;
}

std::string FullOrderJson() {
  return std::string(
      R"({"id":"f76c6b7f449d","alternateId":"f76c6b7f449d",)"
      R"("referenceCustomerId":"f81d98dd-c2f4-499e-a194-5619e260344e","billingCycle":"annual",)"
      "\"currencyCode\":\"EUR\",\"currencySymbol\":\"\xE2\x82\xAC\","
      R"("lineItems":[{"lineItemNumber":0,"offerId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
      R"("subscriptionId":"261bac40-7d88-4327-dfa3-dacd09222d62",)"
      R"("parentSubscriptionId":"9f4bd8c2-0c37-4c44-92c4-3e3c7e4b1f3a","termDuration":"P1Y",)"
      R"("renewsTo":{"termDuration":"P1M"},"transactionType":"New","promotionId":"PROMO1",)"
      R"("customTermEndDate":"2021-08-18T17:29:53.3517492Z",)"
      R"("friendlyName":"Microsoft 365 Business Basic","quantity":2,)"
      R"("pricing":{"listPrice":6,"discountedPrice":5.4,"proratedPrice":0.1,"price":5.4,)"
      R"("extendedPrice":10.8},"partnerIdOnRecord":"5357564",)"
      R"("additionalPartnerIdsOnRecord":["517285","517286"],)"
      R"("provisioningContext":{"parentSubscriptionId":"9f4bd8c2"},"attestationAccepted":true,)"
      R"("links":{"product":{"uri":"/products/CFQ7TTC0LFLS?country=US","method":"GET",)"
      R"("headers":[]},"sku":{"uri":"/products/CFQ7TTC0LFLS/skus/0002?country=US",)"
      R"("method":"GET","headers":[]},"availability":{"uri":)"
      R"("/products/CFQ7TTC0LFLS/skus/0002/availabilities/CFQ7TTC0KDLJ","method":"GET",)"
      R"("headers":[]},"subscription":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/)"
      R"(subscriptions/261bac40-7d88-4327-dfa3-dacd09222d62","method":"GET","headers":[]},)"
      R"("provisioningStatus":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/)"
      R"(f76c6b7f449d/lineitems/0/provisioningstatus","method":"GET","headers":[]},)"
      R"("activationLinks":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/)"
      R"(f76c6b7f449d/lineitems/0/activationlinks","method":"GET","headers":[]}}}],)"
      R"("creationDate":"2021-08-18T17:29:52.3517491Z","status":"pending",)"
      R"("transactionType":"UserPurchase","totalPrice":1234.5,)"
      R"("partnerOnRecordAttestationAccepted":false,)"
      R"("links":{"self":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/)"
      R"(f76c6b7f449d","method":"GET","headers":[]},"provisioningStatus":{"uri":)"
      R"("/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/f76c6b7f449d/)"
      R"(provisioningstatus","method":"GET","headers":[]},"patchOperation":{"uri":)"
      R"("/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/f76c6b7f449d",)"
      R"("method":"PATCH","headers":[]}},"attributes":{"objectType":"Order"}})");
}

CartCheckoutResult FullCheckoutResult() {
  CartCheckoutResult result;
  result.orders = {FullOrder()};
  result.order_errors = {
      OrderError{.order_group_id = "1",
                 .code = 800010,
                 .description = "Inventory is not available.",
                 .attributes = ResourceAttributes{.etag = {}, .object_type = "OrderError"}}};
  result.attributes = ResourceAttributes{.etag = {}, .object_type = "CartCheckoutResult"};
  return result;
}

std::string FullCheckoutResultJson() {
  return R"({"orders":[)" + FullOrderJson() +
         R"(],"orderErrors":[{"orderGroupId":"1","code":800010,)"
         R"("description":"Inventory is not available.",)"
         R"("attributes":{"objectType":"OrderError"}}],)"
         R"("attributes":{"objectType":"CartCheckoutResult"}})";
}

OrderCollection FullOrderCollection() {
  return OrderCollection{
      .total_count = 1,
      .items = {FullOrder()},
      .links = StandardLinks{.self = MakeLink(std::string("/customers/") + kCustomer + "/orders")},
      .attributes = ResourceAttributes{.etag = {}, .object_type = "Collection"}};
}

std::string FullOrderCollectionJson() {
  return R"({"totalCount":1,"items":[)" + FullOrderJson() +
         R"(],"links":{"self":{"uri":"/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders",)"
         R"("method":"GET","headers":[]}},"attributes":{"objectType":"Collection"}})";
}

ApiFault FullApiFault() {
  return ApiFault{.code = 800008,
                  .description = "Unable to retrieve cart Id",
                  .data_json = {R"("cart 3e22b548")", R"({"retry":false})", "42"},
                  .source = "PartnerFD"};
}

std::string FullApiFaultJson() {
  return R"({"code":800008,"description":"Unable to retrieve cart Id",)"
         R"("data":["cart 3e22b548",{"retry":false},42],"source":"PartnerFD"})";
}

}  // namespace partnercenter::test
