#include "domain/cart_lines.h"

#include <gtest/gtest.h>

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
namespace cart_error = partnercenter::cart_error;

const Customer kUsCustomer{.partner_tenant = "9a7e3b58-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                           .id = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d",
                           .country = "US",
                           .currency = "USD",
                           .company_name = "Contoso"};

CartLineItem Line(std::string id, int quantity, BillingCycle cycle,
                  std::optional<std::string> term = std::nullopt) {
  CartLineItem line;
  line.catalog_item_id = std::move(id);
  line.quantity = quantity;
  line.billing_cycle = cycle;
  line.term_duration = std::move(term);
  return line;
}

CatalogItem Item(std::string id, PurchaseSystem system,
                 std::vector<CatalogTerm> terms = {{"P1M", {BillingCycle::kMonthly}}}) {
  CatalogItem item;
  item.catalog_item_id = id;
  const auto first = id.find(':');
  const auto second = id.find(':', first + 1);
  if (system == PurchaseSystem::kModern) {
    item.product_id = id.substr(0, first);
    item.sku_id = id.substr(first + 1, second - first - 1);
    item.availability_id = id.substr(second + 1);
  }
  item.title = "Title of " + id;
  item.purchase_system = system;
  item.terms = std::move(terms);
  item.prices = {MarketPrice{"US", "USD", 1200}, MarketPrice{"GB", "GBP", 1000}};
  return item;
}

// A small catalog with one item per rule.
Catalog RulesCatalog() {
  std::vector<CatalogItem> items;
  items.push_back(Item("BASE00000001:0001:AV0000000001", PurchaseSystem::kModern,
                       {{"P1M", {BillingCycle::kMonthly}},
                        {"P1Y", {BillingCycle::kMonthly, BillingCycle::kAnnual}}}));
  CatalogItem capped = Item("CAPPED000001:0001:AV0000000002", PurchaseSystem::kModern);
  capped.max_quantity = 10;
  items.push_back(capped);
  CatalogItem ri = Item("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", PurchaseSystem::kModern,
                        {{"", {BillingCycle::kOneTime}}});
  ri.provisioning_variables = {"SubscriptionId", "Scope"};
  items.push_back(ri);
  CatalogItem attested = Item("ATTEST000001:0001:AV0000000003", PurchaseSystem::kModern);
  attested.attestation_required = true;
  items.push_back(attested);
  CatalogItem promoted = Item("PROMO0000001:0001:AV0000000004", PurchaseSystem::kModern);
  promoted.promotion_ids = {"PROMO-2026"};
  items.push_back(promoted);
  CatalogItem addon = Item("ADDON0000001:0001:AV0000000005", PurchaseSystem::kModern);
  addon.addon_parent = "BASE00000001:0001:AV0000000001";
  addon.min_parent_quantity = 5;
  items.push_back(addon);
  CatalogItem us_only = Item("USONLY000001:0001:AV0000000006", PurchaseSystem::kModern);
  us_only.prices = {MarketPrice{"US", "USD", 500}};
  items.push_back(us_only);
  items.push_back(Item("MS-AZR-0145P", PurchaseSystem::kLegacy));
  return Catalog(std::move(items));
}

TEST(CheckLineItemsTest, AcceptsAWellFormedCart) {
  EXPECT_TRUE(CheckLineItems({Line("X", 1, BillingCycle::kMonthly)}, LineLimits{}).ok());
}

TEST(CheckLineItemsTest, RefusesAnEmptyLineList) {
  const Status status = CheckLineItems({}, LineLimits{});
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(), "lineItems is required and must not be empty");
}

TEST(CheckLineItemsTest, NamesTheFirstLineMissingARequiredMember) {
  CartLineItem no_id = Line("", 1, BillingCycle::kMonthly);
  no_id.catalog_item_id.reset();
  EXPECT_EQ(CheckLineItems({Line("X", 1, BillingCycle::kMonthly), no_id}, {}).message(),
            "lineItems[1]: catalogItemId is required");

  CartLineItem no_quantity = Line("X", 1, BillingCycle::kMonthly);
  no_quantity.quantity = 0;
  EXPECT_EQ(CheckLineItems({no_quantity}, {}).message(),
            "lineItems[0]: quantity is required and must be between 1 and 1000000");

  CartLineItem no_cycle = Line("X", 1, BillingCycle::kMonthly);
  no_cycle.billing_cycle.reset();
  EXPECT_EQ(CheckLineItems({no_cycle}, {}).message(), "lineItems[0]: billingCycle is required");
  EXPECT_EQ(CheckLineItems({Line("X", 1, BillingCycle::kUnknown)}, {}).message(),
            "lineItems[0]: billingCycle is required");

  CartLineItem parent = Line("X", 1, BillingCycle::kMonthly);
  parent.addon_items = std::vector<CartLineItem>{Line("Y", -3, BillingCycle::kMonthly)};
  const Status status = CheckLineItems({parent}, {});
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(),
            "lineItems[0].addonItems[0]: quantity must be between 1 and 1000000, not -3");
}

TEST(CheckLineItemsTest, EnforcesTheQuantityAndLineLimits) {
  EXPECT_EQ(CheckLineItems({Line("X", 1'000'001, BillingCycle::kMonthly)}, {}).code(),
            ErrorCode::kInvalidInput);
  EXPECT_TRUE(CheckLineItems({Line("X", 1'000'000, BillingCycle::kMonthly)}, {}).ok());

  // 250 lines pass; add-ons count towards the limit.
  std::vector<CartLineItem> lines(249, Line("X", 1, BillingCycle::kMonthly));
  lines.back().addon_items = std::vector<CartLineItem>{Line("Y", 1, BillingCycle::kMonthly)};
  EXPECT_TRUE(CheckLineItems(lines, {}).ok());
  lines.push_back(Line("X", 1, BillingCycle::kMonthly));
  const Status status = CheckLineItems(lines, {});
  EXPECT_EQ(status.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.message(),
            "a cart holds at most 250 line items (add-ons included); this one has 251");
}

TEST(PrepareLinesTest, KeepsUniqueClientIds) {
  std::vector<CartLineItem> lines = {Line("A", 1, BillingCycle::kMonthly),
                                     Line("B", 1, BillingCycle::kMonthly)};
  lines[0].id = 7;
  lines[1].id = 3;
  const auto prepared = PrepareLines(lines, kUsCustomer, nullptr);
  EXPECT_EQ(prepared[0].id, 7);
  EXPECT_EQ(prepared[1].id, 3);
}

TEST(PrepareLinesTest, RenumbersDepthFirstWhenIdsAreMissingOrDuplicate) {
  CartLineItem parent = Line("A", 1, BillingCycle::kMonthly);
  parent.id = 0;
  parent.addon_items = std::vector<CartLineItem>{Line("B", 1, BillingCycle::kMonthly),
                                                 Line("C", 1, BillingCycle::kMonthly)};
  (*parent.addon_items)[0].id = 0;  // duplicate of the parent's
  CartLineItem next = Line("D", 1, BillingCycle::kMonthly);
  const auto prepared = PrepareLines({parent, next}, kUsCustomer, nullptr);
  EXPECT_EQ(prepared[0].id, 0);
  EXPECT_EQ((*prepared[0].addon_items)[0].id, 1);
  EXPECT_EQ((*prepared[0].addon_items)[1].id, 2);
  EXPECT_EQ(prepared[1].id, 3);

  std::vector<CartLineItem> negative = {Line("A", 1, BillingCycle::kMonthly)};
  negative[0].id = -4;
  EXPECT_EQ(PrepareLines(negative, kUsCustomer, nullptr)[0].id, 0);
}

TEST(PrepareLinesTest, ReplacesServerManagedMembers) {
  CartLineItem line = Line("PRODUCT00001:0001:AVAIL0000001", 1, BillingCycle::kMonthly);
  line.order_group = "bogus";
  line.purchase_system = "bogus";
  line.error = partnercenter::CartError{
      .error_code = 10001, .error_description = "old", .additional_information_json = {}};
  const auto prepared = PrepareLines({line}, kUsCustomer, nullptr);
  EXPECT_EQ(prepared[0].currency_code, "USD");
  EXPECT_EQ(prepared[0].order_group, "0");
  EXPECT_EQ(prepared[0].purchase_system, std::nullopt);
  EXPECT_EQ(prepared[0].error, std::nullopt);
}

TEST(PrepareLinesTest, WithoutACatalogGroupsByIdShape) {
  const auto prepared =
      PrepareLines({Line("MS-AZR-0145P", 1, BillingCycle::kMonthly),
                    Line("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", 1, BillingCycle::kOneTime),
                    Line("DG7GMGF0DWTL:0001:DG7GMGF0DSFM", 1, BillingCycle::kOneTime),
                    Line("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", 1, BillingCycle::kMonthly, "P1M"),
                    Line("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ", 1, BillingCycle::kMonthly, "P1Y"),
                    Line("91FD106F-4B2C-4938-95AC-F54F74E9A239", 1, BillingCycle::kAnnual)},
                   kUsCustomer, nullptr);
  EXPECT_EQ(prepared[0].order_group, "OMS-0");
  EXPECT_EQ(prepared[1].order_group, "0");
  EXPECT_EQ(prepared[2].order_group, "0");
  EXPECT_EQ(prepared[3].order_group, "1");
  EXPECT_EQ(prepared[4].order_group, "1");  // the term does not split groups
  EXPECT_EQ(prepared[5].order_group, "OMS-1");
  for (const auto& line : prepared) EXPECT_EQ(line.error, std::nullopt);
}

TEST(PrepareLinesTest, AddOnsTakeTheirParentsGroup) {
  const Catalog catalog = RulesCatalog();
  CartLineItem base = Line("BASE00000001:0001:AV0000000001", 5, BillingCycle::kMonthly, "P1M");
  base.addon_items = std::vector<CartLineItem>{
      Line("ADDON0000001:0001:AV0000000005", 1, BillingCycle::kMonthly, "P1M")};
  const auto prepared = PrepareLines({Line("MS-AZR-0145P", 1, BillingCycle::kMonthly, "P1M"), base},
                                     kUsCustomer, &catalog);
  EXPECT_EQ(prepared[0].order_group, "OMS-0");
  EXPECT_EQ(prepared[1].order_group, "0");
  EXPECT_EQ((*prepared[1].addon_items)[0].order_group, "0");
  EXPECT_EQ((*prepared[1].addon_items)[0].error, std::nullopt);
  EXPECT_EQ((*prepared[1].addon_items)[0].id, 2);
}

// Runs one line through PrepareLines and returns its error code (0 when none), checking that a
// second, valid line next to it is untouched.
int ErrorCodeOf(CartLineItem line, const Customer& customer = kUsCustomer) {
  const Catalog catalog = RulesCatalog();
  const CartLineItem good =
      Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M");
  const auto prepared = PrepareLines({std::move(line), good}, customer, &catalog);
  EXPECT_EQ(prepared[1].error, std::nullopt);
  EXPECT_EQ(prepared[1].currency_code, customer.currency);
  return prepared[0].error ? prepared[0].error->error_code : 0;
}

TEST(LineErrorsTest, UnknownCatalogItem) {
  EXPECT_EQ(ErrorCodeOf(Line("NOPE00000000:0001:NOPE00000000", 1, BillingCycle::kMonthly)),
            cart_error::kCatalogItemIdIsNotValid);
}

TEST(LineErrorsTest, CurrencyOtherThanTheCustomersMarket) {
  CartLineItem line = Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M");
  line.currency_code = "EUR";
  EXPECT_EQ(ErrorCodeOf(line), cart_error::kCurrencyIsNotSupported);
  line.currency_code = "usd";  // the same currency in another case is fine
  EXPECT_EQ(ErrorCodeOf(line), 0);
}

TEST(LineErrorsTest, ItemNotSoldInTheCustomersMarket) {
  const Customer gb{.partner_tenant = kUsCustomer.partner_tenant,
                    .id = kUsCustomer.id,
                    .country = "GB",
                    .currency = "GBP",
                    .company_name = ""};
  EXPECT_EQ(
      ErrorCodeOf(Line("USONLY000001:0001:AV0000000006", 1, BillingCycle::kMonthly, "P1M"), gb),
      cart_error::kCurrencyIsNotSupported);
  EXPECT_EQ(
      ErrorCodeOf(Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M"), gb), 0);
}

TEST(LineErrorsTest, BillingCycleOrTermNotOffered) {
  EXPECT_EQ(ErrorCodeOf(Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kAnnual, "P1M")),
            cart_error::kBillingPlanNotSupported);
  EXPECT_EQ(ErrorCodeOf(Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P3Y")),
            cart_error::kBillingPlanNotSupported);
  EXPECT_EQ(ErrorCodeOf(Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kAnnual, "P1Y")),
            0);
}

TEST(LineErrorsTest, QuantityAboveTheItemsMaximum) {
  EXPECT_EQ(ErrorCodeOf(Line("CAPPED000001:0001:AV0000000002", 11, BillingCycle::kMonthly, "P1M")),
            cart_error::kMaxAllowedSeatsPerSubscriptionExceeded);
  EXPECT_EQ(ErrorCodeOf(Line("CAPPED000001:0001:AV0000000002", 10, BillingCycle::kMonthly, "P1M")),
            0);
}

TEST(LineErrorsTest, RequiredProvisioningVariableMissing) {
  CartLineItem line = Line("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", 1, BillingCycle::kOneTime);
  line.provisioning_context = partnercenter::StringPairs{{"SubscriptionId", "sub"}};
  EXPECT_EQ(ErrorCodeOf(line), cart_error::kInvalidInput);
  line.provisioning_context->push_back({"scope", "shared"});  // any case will do
  EXPECT_EQ(ErrorCodeOf(line), 0);
}

TEST(LineErrorsTest, AttestationRequiredButNotAccepted) {
  CartLineItem line = Line("ATTEST000001:0001:AV0000000003", 1, BillingCycle::kMonthly, "P1M");
  EXPECT_EQ(ErrorCodeOf(line), cart_error::kAttestationNotAccepted);
  line.attestation_accepted = false;
  EXPECT_EQ(ErrorCodeOf(line), cart_error::kAttestationNotAccepted);
  line.attestation_accepted = true;
  EXPECT_EQ(ErrorCodeOf(line), 0);
}

TEST(LineErrorsTest, UnknownPromotion) {
  CartLineItem line = Line("PROMO0000001:0001:AV0000000004", 1, BillingCycle::kMonthly, "P1M");
  line.promotion_id = "NOT-A-PROMO";
  EXPECT_EQ(ErrorCodeOf(line), cart_error::kInvalidPromotionId);
  line.promotion_id = "PROMO-2026";
  EXPECT_EQ(ErrorCodeOf(line), 0);
}

TEST(LineErrorsTest, AddOnWhoseParentHasTooFewSeats) {
  const Catalog catalog = RulesCatalog();
  CartLineItem base = Line("BASE00000001:0001:AV0000000001", 4, BillingCycle::kMonthly, "P1M");
  base.addon_items = std::vector<CartLineItem>{
      Line("ADDON0000001:0001:AV0000000005", 1, BillingCycle::kMonthly, "P1M")};
  const auto prepared = PrepareLines({base}, kUsCustomer, &catalog);
  EXPECT_EQ(prepared[0].error, std::nullopt);
  ASSERT_TRUE((*prepared[0].addon_items)[0].error.has_value());
  EXPECT_EQ((*prepared[0].addon_items)[0].error->error_code,
            cart_error::kBaseOfferSeatQuantityNotMet);
  EXPECT_EQ((*prepared[0].addon_items)[0].error->error_description,
            "Add-on ADDON0000001:0001:AV0000000005 needs at least 5 seats of "
            "BASE00000001:0001:AV0000000001; the parent line has 4.");
}

TEST(LineErrorsTest, AddOnOnItsOwnNeedsAParentSubscription) {
  CartLineItem addon = Line("ADDON0000001:0001:AV0000000005", 1, BillingCycle::kMonthly, "P1M");
  EXPECT_EQ(ErrorCodeOf(addon), cart_error::kInvalidInput);
  addon.provisioning_context = partnercenter::StringPairs{{"ParentSubscriptionId", "abc"}};
  EXPECT_EQ(ErrorCodeOf(addon), 0);
}

TEST(LineErrorsTest, NotAnAddOnInsideAddonItems) {
  const Catalog catalog = RulesCatalog();
  CartLineItem base = Line("BASE00000001:0001:AV0000000001", 5, BillingCycle::kMonthly, "P1M");
  base.addon_items = std::vector<CartLineItem>{
      Line("CAPPED000001:0001:AV0000000002", 1, BillingCycle::kMonthly, "P1M")};
  const auto prepared = PrepareLines({base}, kUsCustomer, &catalog);
  ASSERT_TRUE((*prepared[0].addon_items)[0].error.has_value());
  EXPECT_EQ((*prepared[0].addon_items)[0].error->error_code,
            cart_error::kUnableToProcessCartLineItem);
}

}  // namespace
}  // namespace cartd

namespace cartd {
namespace {

Timestamp Day(int year, unsigned month, unsigned day) {
  return Timestamp(std::chrono::sys_days(std::chrono::year(year) / month / day));
}

LineContext BoughtOn(Timestamp now, std::vector<Timestamp> coterms = {}) {
  LineContext context;
  context.now = now;
  context.coterm_end_dates = std::move(coterms);
  return context;
}

std::optional<int> CustomTermError(const CartLineItem& line, Timestamp end,
                                   const LineContext& context) {
  const Catalog catalog = RulesCatalog();
  const CatalogItem* item = catalog.Find(*line.catalog_item_id);
  const auto error = CheckCustomTermEndDate(line, *item, end, context);
  return error ? std::optional<int>(error->error_code) : std::nullopt;
}

TEST(CustomTermEndDateTest, TheEndOfTheCalendarMonthWithinTheTermIsAllowed) {
  const CartLineItem monthly =
      Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M");
  // Bought 15 January: the term ends 14 February, so 31 January aligns with a month's end.
  EXPECT_EQ(CustomTermError(monthly, Day(2027, 1, 31), BoughtOn(Day(2027, 1, 15))), std::nullopt);
  EXPECT_EQ(CustomTermError(monthly, Day(2027, 2, 14), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDate);
  EXPECT_EQ(CustomTermError(monthly, Day(2027, 2, 28), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDate);
  // Bought 1 February: the term ends 28 February, itself a month's end.
  EXPECT_EQ(CustomTermError(monthly, Day(2027, 2, 28), BoughtOn(Day(2027, 2, 1))), std::nullopt);

  const CartLineItem annual =
      Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kAnnual, "P1Y");
  EXPECT_EQ(CustomTermError(annual, Day(2027, 12, 31), BoughtOn(Day(2027, 1, 15))), std::nullopt);
  EXPECT_EQ(CustomTermError(annual, Day(2027, 11, 30), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDate);
}

TEST(CustomTermEndDateTest, AnActiveSubscriptionsEndWithinTheTermIsAllowed) {
  const CartLineItem annual =
      Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kAnnual, "P1Y");
  const LineContext context = BoughtOn(Day(2027, 1, 15), {Day(2027, 6, 9), Day(2028, 6, 9)});
  EXPECT_EQ(CustomTermError(annual, Day(2027, 6, 9), context), std::nullopt);
  // Beyond the term (which ends 2028-01-14) or not a subscription's end: refused.
  EXPECT_EQ(CustomTermError(annual, Day(2028, 6, 9), context),
            cart_error::kInvalidCustomTermEndDate);
  EXPECT_EQ(CustomTermError(annual, Day(2027, 6, 10), context),
            cart_error::kInvalidCustomTermEndDate);
}

TEST(CustomTermEndDateTest, OnlyNewCommerceItemsBoughtForATermTakeOne) {
  EXPECT_EQ(CustomTermError(Line("DG7GMGF0DWTL:0001:DG7GMGF0DSJB", 1, BillingCycle::kOneTime),
                            Day(2027, 1, 31), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDateProduct);
  EXPECT_EQ(CustomTermError(Line("MS-AZR-0145P", 1, BillingCycle::kMonthly, "P1M"),
                            Day(2027, 1, 31), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDateProduct);
  EXPECT_EQ(CustomTermError(Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kNone, "P1M"),
                            Day(2027, 1, 31), BoughtOn(Day(2027, 1, 15))),
            cart_error::kInvalidCustomTermEndDateProduct);
}

TEST(CustomTermEndDateTest, PrepareLinesPutsTheProblemOnTheLine) {
  const Catalog catalog = RulesCatalog();
  CartLineItem line = Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M");
  line.custom_term_end_date = Day(2027, 2, 3);
  const auto lines = PrepareLines({line}, kUsCustomer, &catalog, BoughtOn(Day(2027, 1, 15)));
  ASSERT_TRUE(lines[0].error.has_value());
  EXPECT_EQ(lines[0].error->error_code, cart_error::kInvalidCustomTermEndDate);
  line.custom_term_end_date = Day(2027, 1, 31);
  EXPECT_FALSE(
      PrepareLines({line}, kUsCustomer, &catalog, BoughtOn(Day(2027, 1, 15)))[0].error.has_value());
}

TEST(PrepareLinesTest, ALineWithoutProvisioningContextGetsAnEmptyOne) {
  const Catalog catalog = RulesCatalog();
  CartLineItem with = Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M");
  with.provisioning_context = partnercenter::StringPairs{{"scope", "shared"}};
  const auto lines =
      PrepareLines({Line("BASE00000001:0001:AV0000000001", 1, BillingCycle::kMonthly, "P1M"), with},
                   kUsCustomer, &catalog);
  ASSERT_TRUE(lines[0].provisioning_context.has_value());
  EXPECT_TRUE(lines[0].provisioning_context->empty());
  EXPECT_EQ(lines[1].provisioning_context, with.provisioning_context);
}

}  // namespace
}  // namespace cartd
