// The order lifecycle and subscriptions of OrderService on the in-memory store and a fake clock:
// pending until the provisioning delay has passed, then completed with active subscriptions
// (derived on read, recorded by CompleteDueOrders), provisioning status, lists visited a page at
// a time, and the integration sandbox's cancellation with its rules and window.
#include "domain/order_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "domain/cart_service.h"
#include "domain/list_pages.h"
#include "storage/memory/memory_store.h"
#include "tests/testing/fault_injecting_store.h"
#include "tests/testing/status_matchers.h"

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::Cart;
using partnercenter::CartLineItem;
using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kLicence[] = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";   // monthly, new commerce
constexpr char kSoftware[] = "DG7GMGF0DWTL:0001:DG7GMGF0DSFM";  // one_time, perpetual
constexpr char kAzure[] = "MS-AZR-0145P";                       // legacy, usage-based

Timestamp Start() { return Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 20)); }

std::shared_ptr<const Catalog> TestCatalog() {
  CatalogItem licence;
  licence.catalog_item_id = kLicence;
  licence.product_id = "CFQ7TTC0LFLS";
  licence.sku_id = "0002";
  licence.availability_id = "CFQ7TTC0KDLJ";
  licence.title = "Azure Active Directory Premium P1";
  licence.terms = {{"P1M", {BillingCycle::kMonthly}}, {"P1Y", {BillingCycle::kMonthly}}};
  licence.prices = {{"US", "USD", 600}};
  CatalogItem software;
  software.catalog_item_id = kSoftware;
  software.product_id = "DG7GMGF0DWTL";
  software.sku_id = "0001";
  software.availability_id = "DG7GMGF0DSFM";
  software.title = "Windows Server 2019 Datacenter";
  software.product_kind = ProductKind::kSoftware;
  software.terms = {{"", {BillingCycle::kOneTime}}};
  software.prices = {{"US", "USD", 620000}};
  CatalogItem azure;
  azure.catalog_item_id = kAzure;
  azure.title = "Microsoft Azure";
  azure.product_kind = ProductKind::kAzurePlan;
  azure.purchase_system = PurchaseSystem::kLegacy;
  azure.terms = {{"", {BillingCycle::kMonthly}}};
  azure.prices = {{"US", "USD", 0}};
  return std::make_shared<const Catalog>(std::vector<CatalogItem>{licence, software, azure});
}

CartLineItem Line(const std::string& item, int quantity, BillingCycle cycle,
                  const std::string& term = "") {
  CartLineItem line;
  line.catalog_item_id = item;
  line.quantity = quantity;
  line.billing_cycle = cycle;
  if (!term.empty()) line.term_duration = term;
  return line;
}

class OrderServiceTest : public ::testing::Test {
 protected:
  OrderServiceTest()
      : clock_(Start()),
        catalog_(TestCatalog()),
        carts_(store_, clock_, catalog_, CartServiceOptions{}),
        orders_(store_, clock_, catalog_, Options()) {
    EXPECT_THAT(store_.PutCustomer(customer_), IsOk());
  }

  static OrderServiceOptions Options() {
    OrderServiceOptions options;
    options.provisioning_delay = std::chrono::seconds(2);
    options.cancellation_window = std::chrono::days(60);
    // Small pages, so that lists of a few records take several.
    options.orders_per_page = 2;
    options.subscriptions_per_page = 2;
    return options;
  }

  // The customer's orders as ForEachOrderPage visits them, page after page.
  StatusOr<std::vector<OrderRecord>> Orders() {
    std::vector<OrderRecord> all;
    CARTD_RETURN_IF_ERROR(orders_.ForEachOrderPage(customer_, [&](std::vector<OrderRecord>& page) {
      all.insert(all.end(), page.begin(), page.end());
    }));
    return all;
  }
  StatusOr<std::vector<SubscriptionRecord>> Subscriptions(
      std::optional<std::string_view> order_id) {
    std::vector<SubscriptionRecord> all;
    CARTD_RETURN_IF_ERROR(orders_.ForEachSubscriptionPage(
        customer_, order_id, [&](std::vector<SubscriptionRecord>& page) {
          all.insert(all.end(), page.begin(), page.end());
        }));
    return all;
  }

  // Checks out a new cart with `lines`; returns the orders it placed.
  std::vector<partnercenter::Order> Buy(std::vector<CartLineItem> lines) {
    Cart draft;
    draft.line_items = std::move(lines);
    StatusOr<CartRecord> cart = carts_.CreateCart(caller_, customer_, draft, nullptr);
    EXPECT_THAT(cart, IsOk());
    if (!cart.ok()) return {};
    StatusOr<CheckoutOutcome> outcome =
        carts_.Checkout(caller_, customer_, cart->key.cart_id, std::nullopt, nullptr);
    EXPECT_THAT(outcome, IsOk());
    return outcome.ok() ? outcome->result.orders : std::vector<partnercenter::Order>{};
  }

  FakeClock clock_;
  CatalogHolder catalog_;
  test::FaultInjectingStore store_{std::make_unique<storage::MemoryStore>()};
  CartService carts_;
  OrderService orders_;
  Principal caller_{.partner_tenant = kPartner,
                    .user_object_id = "2713ccd7-ea3b-470a-9cfb-451d5d0482cc",
                    .app_id = "",
                    .app_only = false};
  Customer customer_{.partner_tenant = kPartner,
                     .id = kCustomer,
                     .country = "US",
                     .currency = "USD",
                     .company_name = "Contoso"};
};

TEST_F(OrderServiceTest, ANewOrderIsPendingUntilItsProvisioningDelayHasPassed) {
  const auto placed = Buy({Line(kLicence, 3, BillingCycle::kMonthly, "P1M")});
  ASSERT_THAT(placed, SizeIs(1));
  const std::string id = placed[0].id;
  ASSERT_OK_AND_ASSIGN(OrderRecord order, orders_.GetOrder(customer_, id));
  EXPECT_EQ(order.order.status, "pending");
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> subscriptions, Subscriptions(std::nullopt));
  ASSERT_THAT(subscriptions, SizeIs(1));
  EXPECT_EQ(subscriptions[0].subscription.status, "pending");

  clock_.Advance(std::chrono::seconds(2) - Ticks(1));
  ASSERT_OK_AND_ASSIGN(order, orders_.GetOrder(customer_, id));
  EXPECT_EQ(order.order.status, "pending");
  clock_.Advance(Ticks(1));
  ASSERT_OK_AND_ASSIGN(order, orders_.GetOrder(customer_, id));
  EXPECT_EQ(order.order.status, "completed");
  ASSERT_OK_AND_ASSIGN(subscriptions, Subscriptions(std::nullopt));
  EXPECT_EQ(subscriptions[0].subscription.status, "active");
  ASSERT_OK_AND_ASSIGN(std::vector<OrderRecord> listed, Orders());
  EXPECT_EQ(listed[0].order.status, "completed");
  // Derived on read: nothing was stored yet.
  ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                       store_.FindOrder(OrderKey{kPartner, kCustomer, id}));
  EXPECT_EQ(stored->order.status, "pending");
}

TEST_F(OrderServiceTest, TheSweepRecordsCompletionsOnceTheyAreDue) {
  const std::string first = Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")})[0].id;
  clock_.Advance(std::chrono::seconds(1));
  const std::string second = Buy({Line(kLicence, 2, BillingCycle::kMonthly, "P1M")})[0].id;
  clock_.Advance(std::chrono::seconds(1));

  EXPECT_THAT(orders_.CompleteDueOrders(100), IsOkAndHolds(1));
  ASSERT_OK_AND_ASSIGN(std::optional<OrderRecord> stored,
                       store_.FindOrder(OrderKey{kPartner, kCustomer, first}));
  EXPECT_EQ(stored->order.status, "completed");
  EXPECT_EQ(stored->version, 2);
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> of_first,
                       ListAllSubscriptions(store_, kPartner, kCustomer, first));
  EXPECT_EQ(of_first[0].subscription.status, "active");
  ASSERT_OK_AND_ASSIGN(stored, store_.FindOrder(OrderKey{kPartner, kCustomer, second}));
  EXPECT_EQ(stored->order.status, "pending");

  EXPECT_THAT(orders_.CompleteDueOrders(100), IsOkAndHolds(0));
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_THAT(orders_.CompleteDueOrders(100), IsOkAndHolds(1));
}

TEST_F(OrderServiceTest, LegacyOrdersAreCompletedAtOnceWithUsageBasedSubscriptions) {
  const auto placed = Buy({Line(kAzure, 1, BillingCycle::kMonthly)});
  ASSERT_OK_AND_ASSIGN(OrderRecord order, orders_.GetOrder(customer_, placed[0].id));
  EXPECT_EQ(order.order.status, "completed");
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> subscriptions, Subscriptions(placed[0].id));
  ASSERT_THAT(subscriptions, SizeIs(1));
  const partnercenter::Subscription& s = subscriptions[0].subscription;
  EXPECT_EQ(s.status, "active");
  EXPECT_EQ(s.unit_type, "Usage-based");
  EXPECT_EQ(s.billing_type, "usage");
  EXPECT_EQ(s.auto_renew_enabled, false);
  EXPECT_EQ(s.commitment_end_date,
            Timestamp(std::chrono::sys_days(std::chrono::year(9999) / 12 / 10)));
}

TEST_F(OrderServiceTest, EachOrderLineCreatesOneSubscriptionDescribingWhatWasBought) {
  CartLineItem line = Line(kLicence, 7, BillingCycle::kMonthly, "P1Y");
  line.friendly_name = "sales team";
  const auto placed = Buy({line});
  const partnercenter::OrderLineItem& ordered = placed[0].line_items[0];
  ASSERT_OK_AND_ASSIGN(SubscriptionRecord record,
                       orders_.GetSubscription(customer_, *ordered.subscription_id));
  const partnercenter::Subscription& s = record.subscription;
  EXPECT_EQ(s.id, ordered.subscription_id);
  EXPECT_EQ(record.order_id, placed[0].id);
  EXPECT_EQ(s.order_id, placed[0].id);
  EXPECT_EQ(s.offer_id, kLicence);
  EXPECT_EQ(s.offer_name, "Azure Active Directory Premium P1");
  EXPECT_EQ(s.friendly_name, "sales team");
  EXPECT_EQ(s.quantity, 7);
  EXPECT_EQ(s.unit_type, "Licenses");
  EXPECT_EQ(s.billing_type, "license");
  EXPECT_EQ(s.billing_cycle, BillingCycle::kMonthly);
  EXPECT_EQ(s.term_duration, "P1Y");
  EXPECT_EQ(s.auto_renew_enabled, true);
  EXPECT_EQ(s.creation_date, Start());
  EXPECT_EQ(s.effective_start_date, Start());
  // A year from 2026-11-20 ends on 2027-11-19.
  EXPECT_EQ(s.commitment_end_date,
            Timestamp(std::chrono::sys_days(std::chrono::year(2027) / 11 / 19)));
  EXPECT_EQ(s.contract_type, "subscription");
  EXPECT_THAT(orders_.GetSubscription(customer_, "3e22b548-647d-4223-9675-1fcb6cb57665"),
              StatusIs(ErrorCode::kSubscriptionNotFound));
}

TEST_F(OrderServiceTest, SubscriptionsFilterByOrder) {
  const std::string first = Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")})[0].id;
  clock_.Advance(std::chrono::seconds(1));
  const auto second = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> all, Subscriptions(std::nullopt));
  ASSERT_THAT(all, SizeIs(2));
  EXPECT_EQ(all[0].order_id, first);  // oldest first
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> of_second, Subscriptions(second[0].id));
  ASSERT_THAT(of_second, SizeIs(1));
  EXPECT_EQ(of_second[0].subscription.offer_id, kSoftware);
  EXPECT_THAT(Subscriptions("0123456789ab"), IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(OrderServiceTest, ProvisioningStatusFollowsTheOrder) {
  const auto placed =
      Buy({Line(kSoftware, 2, BillingCycle::kOneTime), Line(kSoftware, 5, BillingCycle::kOneTime)});
  ASSERT_OK_AND_ASSIGN(auto lines, orders_.ProvisioningStatus(customer_, placed[0].id));
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(lines[0].line_item_number, 0);
  EXPECT_EQ(lines[0].status, "prefulfillmentpending");
  EXPECT_EQ(lines[1].quantity_provisioning_information[0].quantity, 5);

  clock_.Advance(std::chrono::seconds(2));
  ASSERT_OK_AND_ASSIGN(lines, orders_.ProvisioningStatus(customer_, placed[0].id));
  EXPECT_EQ(lines[1].status, "fulfilled");
  EXPECT_EQ(lines[1].quantity_provisioning_information[0].status, "fulfilled");

  ASSERT_THAT(orders_.CancelOrder(customer_, placed[0].id), IsOk());
  ASSERT_OK_AND_ASSIGN(lines, orders_.ProvisioningStatus(customer_, placed[0].id));
  EXPECT_EQ(lines[0].status, "unfulfilled");
  EXPECT_THAT(orders_.ProvisioningStatus(customer_, "0123456789ab"),
              StatusIs(ErrorCode::kOrderNotFound));
}

TEST_F(OrderServiceTest, CancellingASoftwareOrderCancelsItAndDeletesItsSubscriptions) {
  const auto placed = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  const std::string id = placed[0].id;
  EXPECT_THAT(orders_.CancelOrder(customer_, id), StatusIs(ErrorCode::kOrderInProgress));

  clock_.Advance(std::chrono::days(59));
  ASSERT_OK_AND_ASSIGN(OrderRecord cancelled, orders_.CancelOrder(customer_, id));
  EXPECT_EQ(cancelled.order.status, "cancelled");
  ASSERT_OK_AND_ASSIGN(OrderRecord read, orders_.GetOrder(customer_, id));
  EXPECT_EQ(read.order.status, "cancelled");
  ASSERT_OK_AND_ASSIGN(std::vector<SubscriptionRecord> subscriptions, Subscriptions(id));
  EXPECT_EQ(subscriptions[0].subscription.status, "deleted");

  StatusOr<OrderRecord> again = orders_.CancelOrder(customer_, id);
  EXPECT_THAT(again, StatusIs(ErrorCode::kOrderNotCancellable));
  EXPECT_THAT(orders_.CancelOrder(customer_, "0123456789ab"), StatusIs(ErrorCode::kOrderNotFound));
}

TEST_F(OrderServiceTest, AnOrderOlderThanTheWindowCannotBeCancelled) {
  const auto placed = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  clock_.Advance(std::chrono::days(60));
  EXPECT_THAT(orders_.CancelOrder(customer_, placed[0].id), IsOk());

  const auto later = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  clock_.Advance(std::chrono::days(60) + Ticks(1));
  StatusOr<OrderRecord> refused = orders_.CancelOrder(customer_, later[0].id);
  EXPECT_THAT(refused, StatusIs(ErrorCode::kCancellationWindowPassed));
  EXPECT_THAT(refused.status().message(), HasSubstr("60-day cancellation window"));
  ASSERT_OK_AND_ASSIGN(OrderRecord order, orders_.GetOrder(customer_, later[0].id));
  EXPECT_EQ(order.order.status, "completed");
}

TEST_F(OrderServiceTest, NewCommerceAndAzureOrdersAreCancelledThroughTheirSubscriptions) {
  const auto licence = Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")});
  const auto azure = Buy({Line(kAzure, 1, BillingCycle::kMonthly)});
  clock_.Advance(std::chrono::seconds(2));
  StatusOr<OrderRecord> refused = orders_.CancelOrder(customer_, licence[0].id);
  EXPECT_THAT(refused, StatusIs(ErrorCode::kCancelThroughSubscriptions));
  EXPECT_THAT(refused.status().message(), HasSubstr("/subscriptions/"));
  EXPECT_THAT(orders_.CancelOrder(customer_, azure[0].id),
              StatusIs(ErrorCode::kCancelThroughSubscriptions));
}

TEST_F(OrderServiceTest, ACancellationThatRacesTheSweepIsDecidedAgain) {
  const auto placed = Buy({Line(kSoftware, 1, BillingCycle::kOneTime)});
  clock_.Advance(std::chrono::seconds(5));
  // The sweep records the completion between the cancellation's read and its write.
  store_.ConflictNext(1);
  ASSERT_OK_AND_ASSIGN(OrderRecord cancelled, orders_.CancelOrder(customer_, placed[0].id));
  EXPECT_EQ(cancelled.order.status, "cancelled");
}

TEST_F(OrderServiceTest, ListsComeAPageAtATimeInOrderAndAsOfNow) {
  std::vector<std::string> placed;
  for (int i = 0; i < 5; ++i) {
    if (i > 0) clock_.Advance(std::chrono::seconds(1));
    placed.push_back(Buy({Line(kLicence, i + 1, BillingCycle::kMonthly, "P1M")}).at(0).id);
  }
  // Now is 4 s after the first: the orders placed at 0, 1 and 2 s are due, the last two not.
  std::vector<std::size_t> sizes;
  std::vector<std::string> ids;
  std::vector<std::string> statuses;
  ASSERT_THAT(orders_.ForEachOrderPage(customer_,
                                       [&](std::vector<OrderRecord>& page) {
                                         sizes.push_back(page.size());
                                         for (const OrderRecord& order : page) {
                                           ids.push_back(order.key.order_id);
                                           statuses.push_back(order.order.status.value_or(""));
                                         }
                                       }),
              IsOk());
  EXPECT_THAT(sizes, ElementsAre(2, 2, 1));
  EXPECT_EQ(ids, placed);
  EXPECT_THAT(statuses, ElementsAre("completed", "completed", "completed", "pending", "pending"));

  sizes.clear();
  statuses.clear();
  ASSERT_THAT(
      orders_.ForEachSubscriptionPage(customer_, std::nullopt,
                                      [&](std::vector<SubscriptionRecord>& page) {
                                        sizes.push_back(page.size());
                                        for (const SubscriptionRecord& s : page) {
                                          statuses.push_back(s.subscription.status.value_or(""));
                                        }
                                      }),
      IsOk());
  EXPECT_THAT(sizes, ElementsAre(2, 2, 1));
  EXPECT_THAT(statuses, ElementsAre("active", "active", "active", "pending", "pending"));
}

TEST_F(OrderServiceTest, TheSubscriptionsOfOneOrderComeInPagesToo) {
  Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")});
  const auto placed = Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M"),
                           Line(kLicence, 2, BillingCycle::kMonthly, "P1M"),
                           Line(kLicence, 3, BillingCycle::kMonthly, "P1M")});
  ASSERT_THAT(placed, SizeIs(1));
  std::vector<std::size_t> sizes;
  std::vector<std::string> ids;
  ASSERT_THAT(orders_.ForEachSubscriptionPage(customer_, placed[0].id,
                                              [&](std::vector<SubscriptionRecord>& page) {
                                                sizes.push_back(page.size());
                                                for (const SubscriptionRecord& s : page) {
                                                  EXPECT_EQ(s.order_id, placed[0].id);
                                                  ids.push_back(s.key.subscription_id);
                                                }
                                              }),
              IsOk());
  EXPECT_THAT(sizes, ElementsAre(2, 1));
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(ids, sorted);  // one creation date: by id
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 3u);
}

TEST_F(OrderServiceTest, AListOfACustomerWithoutOrdersVisitsNothing) {
  int pages = 0;
  EXPECT_THAT(orders_.ForEachOrderPage(customer_, [&](std::vector<OrderRecord>&) { ++pages; }),
              IsOk());
  EXPECT_THAT(orders_.ForEachSubscriptionPage(customer_, std::nullopt,
                                              [&](std::vector<SubscriptionRecord>&) { ++pages; }),
              IsOk());
  EXPECT_EQ(pages, 0);
}

TEST_F(OrderServiceTest, AStoreFailureBetweenPagesEndsTheListWithIt) {
  for (int i = 0; i < 3; ++i) Buy({Line(kLicence, 1, BillingCycle::kMonthly, "P1M")});
  int pages = 0;
  EXPECT_THAT(orders_.ForEachOrderPage(customer_,
                                       [&](std::vector<OrderRecord>&) {
                                         ++pages;
                                         store_.GoUnavailable();
                                       }),
              StatusIs(ErrorCode::kUnavailable));
  EXPECT_EQ(pages, 1);
}

}  // namespace
}  // namespace cartd
