// Line validation against the demo catalog over real sockets (SPEC §4 line errors): each problem
// is reported on its line, the other lines are untouched, and the cart is stored (201).
#include <gtest/gtest.h>

#include <fstream>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

namespace cart_error = partnercenter::cart_error;

constexpr char kGoodLine[] =
    R"({"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
    R"("billingCycle":"monthly","termDuration":"P1M"})";

class CatalogRulesTest : public CartdTest {
 protected:
  // Creates a cart of a valid line 0 and `line` as line 1; returns line 1's error code (0 when
  // none) after checking the cart was stored and line 0 carries no error.
  int ErrorCodeOf(const std::string& line) {
    const HttpResult r =
        Call("POST", CartsPath(), std::string(R"({"lineItems":[)") + kGoodLine + "," + line + "]}",
             Token());
    EXPECT_EQ(r.status, 201) << r.body;
    const auto cart = partnercenter::ParseCart(r.body);
    if (!cart.ok() || cart->line_items.size() != 2) return -1;
    EXPECT_EQ(cart->line_items[0].error, std::nullopt);
    EXPECT_EQ(cart->line_items[0].order_group, "0");
    // The cart is stored, errors and all.
    EXPECT_EQ(Call("GET", CartPath(*cart->id), "", Token()).body, r.body);
    last_error_ = cart->line_items[1].error;
    return cart->line_items[1].error ? cart->line_items[1].error->error_code : 0;
  }

  std::optional<partnercenter::CartError> last_error_;
};

TEST_F(CatalogRulesTest, UnknownCatalogItem) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"NOTREAL00000:0001:NOTREAL00000",)"
                        R"("quantity":1,"billingCycle":"monthly"})"),
            cart_error::kCatalogItemIdIsNotValid);
  EXPECT_EQ(last_error_->error_description,
            "Catalog item NOTREAL00000:0001:NOTREAL00000 was not found in the catalog.");
}

TEST_F(CatalogRulesTest, CurrencyOtherThanTheMarkets) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
                        R"("quantity":1,"billingCycle":"monthly","termDuration":"P1M",)"
                        R"("currencyCode":"EUR"})"),
            cart_error::kCurrencyIsNotSupported);
}

TEST_F(CatalogRulesTest, BillingCycleOrTermNotOffered) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
                        R"("quantity":1,"billingCycle":"annual","termDuration":"P1M"})"),
            cart_error::kBillingPlanNotSupported);
}

TEST_F(CatalogRulesTest, QuantityAboveTheMaximum) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CARTDDEMO003:0001:CARTDDEMOC01",)"
                        R"("quantity":11,"billingCycle":"monthly","termDuration":"P1M"})"),
            cart_error::kMaxAllowedSeatsPerSubscriptionExceeded);
}

TEST_F(CatalogRulesTest, RequiredProvisioningVariableMissing) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB",)"
                        R"("quantity":1,"billingCycle":"one_time",)"
                        R"("provisioningContext":{"SubscriptionId":"x","Duration":"1Year"}})"),
            cart_error::kInvalidInput);
  EXPECT_EQ(last_error_->error_description,
            "Catalog item DG7GMGF0DWTL:0001:DG7GMGF0DSJB requires provisioningContext.Scope.");
}

TEST_F(CatalogRulesTest, AttestationRequiredButNotAccepted) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CARTDDEMO001:0001:CARTDDEMOA01",)"
                        R"("quantity":1,"billingCycle":"monthly","termDuration":"P1M"})"),
            cart_error::kAttestationNotAccepted);
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CARTDDEMO001:0001:CARTDDEMOA01",)"
                        R"("quantity":1,"billingCycle":"monthly","termDuration":"P1M",)"
                        R"("attestationAccepted":true})"),
            0);
}

TEST_F(CatalogRulesTest, UnknownPromotion) {
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CARTDDEMO005:0001:CARTDDEMOE01",)"
                        R"("quantity":1,"billingCycle":"monthly","termDuration":"P1M",)"
                        R"("promotionId":"NOPE"})"),
            cart_error::kInvalidPromotionId);
  EXPECT_EQ(ErrorCodeOf(R"({"id":1,"catalogItemId":"CARTDDEMO005:0001:CARTDDEMOE01",)"
                        R"("quantity":1,"billingCycle":"monthly","termDuration":"P1M",)"
                        R"("promotionId":"39NFJQT1Q5KV"})"),
            0);
}

TEST_F(CatalogRulesTest, AddOnWhoseParentHasTooFewSeats) {
  const HttpResult r =
      Call("POST", CartsPath(),
           R"({"lineItems":[{"catalogItemId":"CARTDDEMO002:0001:CARTDDEMOB01","quantity":4,)"
           R"("billingCycle":"monthly","termDuration":"P1M","addonItems":[)"
           R"({"catalogItemId":"CARTDDEMO002:0002:CARTDDEMOB02","quantity":1,)"
           R"("billingCycle":"monthly","termDuration":"P1M"}]}]})",
           Token());
  ASSERT_EQ(r.status, 201) << r.body;
  const auto cart = partnercenter::ParseCart(r.body);
  EXPECT_EQ(cart->line_items[0].error, std::nullopt);
  const auto& addon = (*cart->line_items[0].addon_items)[0];
  ASSERT_TRUE(addon.error.has_value());
  EXPECT_EQ(addon.error->error_code, cart_error::kBaseOfferSeatQuantityNotMet);
}

TEST_F(CatalogRulesTest, AddOnsContinueTheNumberingAndShareTheParentsGroup) {
  // The add-ons page's shape: a legacy licence with two add-ons, then a modern line.
  const HttpResult r = Call(
      "POST", CartsPath(),
      R"({"lineItems":[{"catalogItemId":"91FD106F-4B2C-4938-95AC-F54F74E9A239","quantity":5,)"
      R"("billingCycle":"monthly","addonItems":[)"
      R"({"catalogItemId":"C94271D8-B431-4A25-A3C5-A57737A1C909","quantity":5,"billingCycle":"monthly"},)"
      R"({"catalogItemId":"43FCE491-76D1-4BCC-B709-8A288786DBAE","quantity":2,"billingCycle":"monthly"}]},)"
      R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,"billingCycle":"monthly",)"
      R"("termDuration":"P1M"}]})",
      Token());
  ASSERT_EQ(r.status, 201) << r.body;
  const auto cart = partnercenter::ParseCart(r.body);
  ASSERT_EQ(cart->line_items.size(), 2u);
  const auto& base = cart->line_items[0];
  EXPECT_EQ(base.id, 0);
  EXPECT_EQ(base.order_group, "OMS-0");
  ASSERT_EQ(base.addon_items->size(), 2u);
  EXPECT_EQ((*base.addon_items)[0].id, 1);
  EXPECT_EQ((*base.addon_items)[1].id, 2);
  EXPECT_EQ((*base.addon_items)[0].order_group, "OMS-0");
  EXPECT_EQ((*base.addon_items)[1].order_group, "OMS-0");
  EXPECT_EQ((*base.addon_items)[0].error, std::nullopt);
  EXPECT_EQ((*base.addon_items)[1].error, std::nullopt);
  EXPECT_EQ(cart->line_items[1].id, 3);
  EXPECT_EQ(cart->line_items[1].order_group, "0");
}

TEST_F(CatalogRulesTest, CurrencyComesFromTheCustomersMarket) {
  const std::string body = std::string(R"({"lineItems":[)") + kGoodLine + "]}";
  const struct {
    const char* customer;
    const char* currency;
  } markets[] = {{"28045616-a2f8-4c4e-b9c2-8b6b3b2c1a10", "GBP"},
                 {"3b6a9f0e-7c1d-4e2a-9b8f-1d2c3e4f5a6b", "EUR"},
                 {"7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b", "JPY"},
                 {demo::kCustomer, "USD"}};
  for (const auto& market : markets) {
    const HttpResult r = Call("POST", CartsPath(market.customer), body, Token());
    ASSERT_EQ(r.status, 201) << r.body;
    const auto cart = partnercenter::ParseCart(r.body);
    EXPECT_EQ(cart->line_items[0].currency_code, market.currency) << market.customer;
    EXPECT_EQ(cart->line_items[0].error, std::nullopt) << market.customer;
  }
}

class BrokenCatalogTest : public ::testing::Test {};

TEST_F(BrokenCatalogTest, StartFailsNamingTheFileTheEntryAndTheProblem) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cartd-catalog-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path file = dir / "broken-catalog.json";
  std::ofstream(file) << R"({"products":[{"id":"P1","title":"T","skus":[{"id":"S1",)"
                         R"("availabilities":[{"id":"A1","terms":[{"billingCycles":["weekly"]}],)"
                         R"("prices":[{"market":"US","currency":"USD","unitPrice":1}]}]}]}]})";
  NodeOptions options;
  options.data_dir = dir;
  options.catalog_file = file;
  options.http.port = 0;
  const auto node = Node::Start(options);
  ASSERT_FALSE(node.ok());
  EXPECT_EQ(node.status().code(), ErrorCode::kInvalidInput);
  const std::string message = node.status().message();
  EXPECT_NE(message.find("broken-catalog.json"), std::string::npos) << message;
  EXPECT_NE(message.find("products[0].skus[0].availabilities[0]"), std::string::npos) << message;
  EXPECT_NE(message.find("'weekly' is not a billing cycle"), std::string::npos) << message;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cartd::test
