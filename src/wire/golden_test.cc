// Bodies as real clients send them and as Partner Center answers, kept in testdata/.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "partnercenter/json.h"

namespace partnercenter {
namespace {

std::string ReadTestData(const std::string& name) {
  const std::string path = std::string(CARTD_WIRE_TESTDATA_DIR) + "/" + name;
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    ADD_FAILURE() << "cannot open " << path;
    return "";
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// The expected compact output, without the file's final newline.
std::string ReadCompact(const std::string& name) {
  std::string text = ReadTestData(name);
  if (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

Timestamp Time(std::string_view text) {
  std::optional<Timestamp> t = ParseTimestamp(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Timestamp{});
}

TEST(GoldenTest, SeedUpdateRequestRepaired) {
  Result<Cart> cart = ParseCart(ReadTestData("seed_update_request_repaired.json"));
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  EXPECT_EQ(cart->id, "b4c8fdea-cbe4-4d17-9576-13fcacbf9605");
  EXPECT_EQ(cart->creation_timestamp, Time("2018-03-15T17:15:02.3840528Z"));
  EXPECT_EQ(cart->last_modified_timestamp, Time("2018-03-15T17:15:02.3840528Z"));
  EXPECT_EQ(cart->expiration_timestamp, Time("0001-01-01T00:00:00Z"));
  EXPECT_EQ(cart->last_modified_user, "2713ccd7-ea3b-470a-9cfb-451d5d0482cc");
  EXPECT_EQ(cart->status, std::nullopt);
  ASSERT_EQ(cart->line_items.size(), 1u);
  const CartLineItem& line = cart->line_items[0];
  CartLineItem expected;
  expected.id = 0;
  expected.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
  expected.friendly_name = "A_sample_Azure_RI";
  expected.quantity = 2;
  expected.billing_cycle = BillingCycle::kOneTime;
  expected.provisioning_context = StringPairs{
      {"SubscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"},
      {"Scope", "shared"},
      {"Duration", "1Year"},
  };
  EXPECT_EQ(line, expected);
}

TEST(GoldenTest, SeedUpdateRequestAsPrintedIsRefused) {
  Result<Cart> cart = ParseCart(ReadTestData("seed_update_request_as_printed.json"));
  ASSERT_FALSE(cart.ok());
  EXPECT_EQ(cart.error().kind, ErrorKind::kInvalidJson);
  EXPECT_EQ(cart.error().code, 0);
  EXPECT_EQ(cart.error().description, "Invalid JSON: unexpected character '{' at line 2, column 5");
}

TEST(GoldenTest, DotNetSdkCart) {
  Result<Cart> cart = ParseCart(ReadTestData("dotnet_sdk_cart.json"));
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  Cart expected;
  expected.expiration_timestamp = Time("0001-01-01T00:00:00");
  expected.partner_on_record_attestation_accepted = true;
  expected.attributes = ResourceAttributes{.etag = std::nullopt, .object_type = "Cart"};
  CartLineItem first;
  first.id = 0;
  first.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  first.quantity = 2;
  first.billing_cycle = BillingCycle::kMonthly;
  first.term_duration = "P1Y";
  first.participants = std::vector<Participant>{{ParticipantType::kTransactionReseller, "5357564"}};
  first.provisioning_context = StringPairs{};
  CartLineItem second;
  second.id = 1;
  second.catalog_item_id = "DZH318Z0BQ36:004G:DZH318Z08C0S";
  second.friendly_name = "Reserved VM Instance";
  second.quantity = 1;
  second.currency_code = "EUR";
  second.billing_cycle = BillingCycle::kOneTime;
  second.term_duration = "P1Y";
  second.provisioning_context = StringPairs{
      {"SubscriptionId", "1C461A25-F729-4FA5-AADB-280947DD05E8"},
      {"Scope", "shared"},
      {"Duration", "1Year"},
  };
  second.order_group = "1";
  second.addon_items = std::vector<CartLineItem>{};
  second.renews_to = RenewsTo{.term_duration = "P1Y"};
  second.custom_term_end_date = Time("2022-02-19T00:00:00Z");
  second.attestation_accepted = true;
  second.error =
      CartError{.error_code = cart_error::kCurrencyIsNotSupported,
                .error_description = "The currency EUR is not supported in the customer's market.",
                .additional_information_json = std::nullopt};
  expected.line_items = {first, second};
  EXPECT_EQ(*cart, expected);
}

TEST(GoldenTest, JavaSdkCart) {
  Result<Cart> cart = ParseCart(ReadTestData("java_sdk_cart.json"));
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  Cart expected;
  expected.id = "3e22b548-647d-4223-9675-1fcb6cb57665";
  expected.creation_timestamp = Time("2021-08-18T17:29:52.3510000Z");
  expected.last_modified_timestamp = Time("2021-08-18T17:29:52.3510000Z");
  expected.expiration_timestamp = Time("2021-08-25T17:30:11.2400000Z");
  expected.last_modified_user = "da62a0dc-35e9-4601-b48e-a047bd3ec7c1";
  expected.status = CartStatus::kActive;
  expected.links =
      StandardLinks{.self = Link{.uri = "/customers/f81d98dd-c2f4-499e-a194-5619e260344e/carts/"
                                        "3e22b548-647d-4223-9675-1fcb6cb57665",
                                 .method = "GET",
                                 .headers = {},
                                 .body = std::nullopt}};
  expected.attributes = ResourceAttributes{.etag = std::nullopt, .object_type = "Cart"};
  CartLineItem addon;
  addon.id = 0;
  addon.catalog_item_id = "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P";
  addon.quantity = 1;
  addon.billing_cycle = BillingCycle::kMonthly;
  addon.term_duration = "P1M";
  CartLineItem first;
  first.id = 0;
  first.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
  first.quantity = 3;
  first.currency_code = "USD";
  first.billing_cycle = BillingCycle::kMonthly;
  first.term_duration = "P1M";
  first.participants = std::vector<Participant>{{ParticipantType::kTransactionReseller, "5357564"}};
  first.provisioning_context = StringPairs{};
  first.order_group = "0";
  first.addon_items = std::vector<CartLineItem>{addon};
  CartLineItem second;
  second.id = 0;
  second.catalog_item_id = "DZH318Z0BQ36:004G:DZH318Z08C0S";
  second.quantity = 1;
  second.billing_cycle = BillingCycle::kOneTime;
  second.term_duration = "P1Y";
  second.provisioning_context = StringPairs{
      {"subscriptionId", "1C461A25-F729-4FA5-AADB-280947DD05E8"},
      {"scope", "shared"},
  };
  expected.line_items = {first, second};
  EXPECT_EQ(*cart, expected);
}

TEST(GoldenTest, ContractCartResponseIsWrittenBackByteForByte) {
  Result<Cart> cart = ParseCart(ReadTestData("contract_cart_response.json"));
  ASSERT_TRUE(cart.ok()) << cart.error().description;
  ASSERT_EQ(cart->line_items.size(), 2u);
  EXPECT_EQ(cart->line_items[1].error,
            (CartError{.error_code = cart_error::kSubscriptionIsNotEnabledForRI,
                       .error_description =
                           "The subscription is not enabled for reserved instance purchases.",
                       .additional_information_json = std::nullopt}));
  EXPECT_EQ(ToJson(*cart), ReadCompact("contract_cart_response.compact.json"));
}

TEST(GoldenTest, ContractCheckoutResponseIsWrittenBackByteForByte) {
  Result<CartCheckoutResult> result =
      ParseCartCheckoutResult(ReadTestData("contract_checkout_response.json"));
  ASSERT_TRUE(result.ok()) << result.error().description;
  ASSERT_EQ(result->orders.size(), 1u);
  ASSERT_EQ(result->orders[0].line_items.size(), 1u);
  EXPECT_EQ(result->orders[0].line_items[0].additional_partner_ids_on_record,
            std::vector<std::string>{"517285"});
  ASSERT_EQ(result->order_errors.size(), 1u);
  EXPECT_EQ(result->order_errors[0].code, 800010);
  EXPECT_EQ(ToJson(*result), ReadCompact("contract_checkout_response.compact.json"));
}

}  // namespace
}  // namespace partnercenter
