// Checkout and the order reads over a real socket (SPEC §2, §5): one order per order group,
// exactly once however often or concurrently it is called.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "cartd/embedded_demo_catalog.h"
#include "catalog/catalog_file.h"
#include "domain/list_pages.h"
#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

using partnercenter::BillingCycle;

// A legacy item, two one_time items and a monthly item: three order groups.
constexpr char kMixedCart[] = R"({"lineItems":[
  {"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly",
   "friendlyName":"azure plan"},
  {"id":1,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB","quantity":2,"billingCycle":"one_time",
   "provisioningContext":{"SubscriptionId":"3D5ECED6-1151-44C7-AEE6-70A4BB725666",
                          "Scope":"shared","Duration":"1Year"}},
  {"id":2,"catalogItemId":"DZH318Z0BQ36:004G:DZH318Z08C0S","quantity":1,"billingCycle":"one_time",
   "termDuration":"P1Y",
   "provisioningContext":{"subscriptionId":"1C461A25-F729-4FA5-AADB-280947DD05E8",
                          "scope":"shared","duration":"1Year"}},
  {"id":3,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":2,"billingCycle":"monthly",
   "termDuration":"P1Y","participants":[{"key":"transaction_reseller","value":"5357564"},
   {"key":"additional_transaction_reseller","value":"517285"}]}
]})";

class CheckoutTest : public CartdTest {
 protected:
  void SetUp() override {
    CartdTest::SetUp();
    auto catalog = catalog::ParseCatalog(kEmbeddedDemoCatalog, "demo-catalog.json");
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::make_unique<Catalog>(std::move(*catalog));
  }

  std::string Create(const std::string& body) {
    const HttpResult r = Call("POST", CartsPath(), body, Token());
    EXPECT_EQ(r.status, 201) << r.body;
    return partnercenter::ParseCart(r.body)->id.value_or("");
  }

  HttpResult Checkout(const std::string& cart, const HeaderList& headers = {}) {
    return Call("POST", CartPath(cart) + "/checkout", "\"success\"", Token(), headers);
  }

  // US prices in cents, so that sums are exact; Dollars() turns them into what the JSON shows.
  std::int64_t Cents(const std::string& id) const {
    return catalog_->Find(id)->PriceIn("US")->unit_price_minor;
  }
  static double Dollars(std::int64_t cents) { return static_cast<double>(cents) / 100.0; }

  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CheckoutTest, OneOrderPerOrderGroupWithEveryField) {
  const std::string cart = Create(kMixedCart);
  clock_.Advance(std::chrono::minutes(2));
  const HttpResult r = Checkout(cart);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers.Get("ETag"), "\"2\"");
  const auto result = partnercenter::ParseCartCheckoutResult(r.body);
  ASSERT_TRUE(result.ok()) << r.body;
  EXPECT_EQ(result->attributes->object_type, "CartCheckoutResult");
  EXPECT_TRUE(result->order_errors.empty());
  ASSERT_EQ(result->orders.size(), 3u);

  const std::string created = "2026-11-20T10:02:00.1234567Z";
  for (const auto& order : result->orders) {
    EXPECT_EQ(order.id.size(), 12u);
    EXPECT_EQ(order.alternate_id, order.id);
    EXPECT_EQ(order.reference_customer_id, demo::kCustomer);
    EXPECT_EQ(order.currency_code, "USD");
    EXPECT_EQ(order.currency_symbol, "$");
    EXPECT_EQ(partnercenter::FormatTimestamp(*order.creation_date), created);
    // Legacy (OMS) orders are completed at once, as Partner Center shows them; modern ones are
    // pending until provisioned (order_lifecycle_test.cc).
    EXPECT_EQ(order.status,
              order.line_items[0].offer_id == "MS-AZR-0145P" ? "completed" : "pending")
        << order.line_items[0].offer_id;
    EXPECT_EQ(order.transaction_type, "UserPurchase");
    const std::string self = "/customers/" + std::string(demo::kCustomer) + "/orders/" + order.id;
    EXPECT_EQ(order.links->self->uri, self);
    EXPECT_EQ(order.links->self->method, "GET");
    EXPECT_EQ(order.links->provisioning_status->uri, self + "/provisioningstatus");
    EXPECT_EQ(order.links->patch_operation->uri, self);
    EXPECT_EQ(order.links->patch_operation->method, "PATCH");
    EXPECT_EQ(order.attributes->object_type, "Order");
  }

  // OMS-0: the legacy Azure offer.
  const auto& legacy = result->orders[0];
  EXPECT_EQ(legacy.billing_cycle, BillingCycle::kMonthly);
  ASSERT_EQ(legacy.line_items.size(), 1u);
  EXPECT_EQ(legacy.line_items[0].offer_id, "MS-AZR-0145P");
  EXPECT_EQ(legacy.line_items[0].friendly_name, catalog_->Find("MS-AZR-0145P")->title);

  // "0": both one_time items, renumbered from 0, priced from the catalog.
  const auto& one_time = result->orders[1];
  EXPECT_EQ(one_time.billing_cycle, BillingCycle::kOneTime);
  ASSERT_EQ(one_time.line_items.size(), 2u);
  const auto& ri = one_time.line_items[0];
  EXPECT_EQ(ri.line_item_number, 0);
  EXPECT_EQ(ri.offer_id, "DG7GMGF0DWTL:0001:DG7GMGF0DSJB");
  EXPECT_EQ(ri.friendly_name, catalog_->Find("DG7GMGF0DWTL:0001:DG7GMGF0DSJB")->title);
  EXPECT_EQ(ri.quantity, 2);
  EXPECT_EQ(ri.transaction_type, "New");
  EXPECT_EQ(ri.subscription_id->size(), 36u);
  EXPECT_EQ(ri.pricing->list_price, Dollars(Cents("DG7GMGF0DWTL:0001:DG7GMGF0DSJB")));
  EXPECT_EQ(ri.pricing->price, Dollars(Cents("DG7GMGF0DWTL:0001:DG7GMGF0DSJB")));
  EXPECT_EQ(ri.pricing->extended_price, Dollars(2 * Cents("DG7GMGF0DWTL:0001:DG7GMGF0DSJB")));
  EXPECT_EQ(ri.provisioning_context,
            (partnercenter::StringPairs{{"subscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"},
                                        {"scope", "shared"},
                                        {"duration", "1Year"}}));
  EXPECT_EQ(ri.links->availability->uri,
            "/products/DG7GMGF0DWTL/skus/0001/availabilities/DG7GMGF0DSJB?country=US");
  const auto& second = one_time.line_items[1];
  EXPECT_EQ(second.line_item_number, 1);
  EXPECT_EQ(second.offer_id, "DZH318Z0BQ36:004G:DZH318Z08C0S");
  EXPECT_EQ(second.term_duration, "P1Y");
  EXPECT_EQ(one_time.total_price, Dollars(2 * Cents("DG7GMGF0DWTL:0001:DG7GMGF0DSJB") +
                                          Cents("DZH318Z0BQ36:004G:DZH318Z08C0S")));

  // "1": the monthly licence, with its partners of record.
  const auto& monthly = result->orders[2];
  EXPECT_EQ(monthly.billing_cycle, BillingCycle::kMonthly);
  ASSERT_EQ(monthly.line_items.size(), 1u);
  const auto& licence = monthly.line_items[0];
  EXPECT_EQ(licence.offer_id, "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  EXPECT_EQ(licence.quantity, 2);
  EXPECT_EQ(licence.term_duration, "P1Y");
  EXPECT_EQ(licence.partner_id_on_record, "5357564");
  EXPECT_EQ(licence.additional_partner_ids_on_record, (std::vector<std::string>{"517285"}));
  EXPECT_EQ(licence.pricing->extended_price, Dollars(2 * Cents("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ")));
  EXPECT_EQ(monthly.total_price, Dollars(2 * Cents("CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ")));
  EXPECT_EQ(legacy.total_price, Dollars(Cents("MS-AZR-0145P")));

  // The cart is Ordered now, and its orders can be read back, alone and as a collection.
  const HttpResult cart_after = Call("GET", CartPath(cart), "", Token());
  ASSERT_EQ(cart_after.status, 200);
  EXPECT_EQ(partnercenter::ParseCart(cart_after.body)->status, partnercenter::CartStatus::kOrdered);
  for (const auto& order : result->orders) {
    const HttpResult got =
        Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders/" + order.id, "",
             Token());
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(*partnercenter::ParseOrder(got.body), order);
  }
  const HttpResult list =
      Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders", "", Token());
  ASSERT_EQ(list.status, 200);
  const auto collection = partnercenter::ParseOrderCollection(list.body);
  ASSERT_TRUE(collection.ok());
  EXPECT_EQ(collection->total_count, 3);
  EXPECT_EQ(collection->attributes->object_type, "Collection");
  std::set<std::string> listed;
  for (const auto& order : collection->items) listed.insert(order.id);
  EXPECT_EQ(listed, (std::set<std::string>{result->orders[0].id, result->orders[1].id,
                                           result->orders[2].id}));
}

TEST_F(CheckoutTest, RepeatedCheckoutReturnsTheStoredResult) {
  const std::string cart = Create(kMixedCart);
  const HttpResult first = Checkout(cart);
  ASSERT_EQ(first.status, 201);
  clock_.Advance(std::chrono::hours(1));
  const HttpResult again = Checkout(cart);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  // Even past the cart's expiry: an Ordered cart does not expire.
  clock_.Advance(std::chrono::hours(24 * 30));
  const HttpResult later = Checkout(cart);
  ASSERT_EQ(later.status, 201);
  EXPECT_EQ(later.body, first.body);
  EXPECT_EQ(Call("GET", CartPath(cart), "", Token()).status, 200);
}

TEST_F(CheckoutTest, MoneyIsWrittenInPlainDecimalsHoweverLarge) {
  // A million seats at 6.00: Partner Center writes 6000000, never 6e+06, which strict decimal
  // readers refuse.
  const std::string cart = Create(
      R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1000000,)"
      R"("billingCycle":"monthly","termDuration":"P1M"}]})");
  const HttpResult checkout = Checkout(cart);
  ASSERT_EQ(checkout.status, 201) << checkout.body;
  EXPECT_NE(checkout.body.find(R"("extendedPrice":6000000)"), std::string::npos) << checkout.body;
  EXPECT_NE(checkout.body.find(R"("totalPrice":6000000)"), std::string::npos) << checkout.body;
  EXPECT_NE(checkout.body.find(R"("listPrice":6)"), std::string::npos) << checkout.body;
  EXPECT_EQ(checkout.body.find("e+"), std::string::npos) << checkout.body;
  const std::string order = partnercenter::ParseCartCheckoutResult(checkout.body)->orders.at(0).id;
  const HttpResult read = Call(
      "GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders/" + order, "", Token());
  ASSERT_EQ(read.status, 200);
  EXPECT_NE(read.body.find(R"("extendedPrice":6000000)"), std::string::npos) << read.body;
  EXPECT_EQ(read.body.find("e+"), std::string::npos) << read.body;
}

TEST_F(CheckoutTest, AcceptsAnyBody) {
  for (const std::string& body : {std::string(""), std::string("{}"), std::string("\"success\""),
                                  std::string("not json at all")}) {
    const std::string cart = Create(kMixedCart);
    const HttpResult r = Call("POST", CartPath(cart) + "/checkout", body, Token(),
                              {{"Content-Type", "application/json; charset=utf-8"}});
    EXPECT_EQ(r.status, 201) << body;
  }
}

TEST_F(CheckoutTest, CartWithLineErrorsIsRefusedWithTheLines) {
  const std::string cart = Create(
      R"({"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
      R"("billingCycle":"monthly","termDuration":"P1Y"},)"
      R"({"id":1,"catalogItemId":"NOTREAL00000:0001:NOTREAL00000","quantity":1,)"
      R"("billingCycle":"monthly"}]})");
  const HttpResult r = Checkout(cart);
  ASSERT_EQ(r.status, 400) << r.body;
  const auto fault = partnercenter::ParseApiFault(r.body);
  ASSERT_TRUE(fault.ok());
  EXPECT_EQ(fault->code, 800009);
  ASSERT_EQ(fault->data_json.size(), 1u);
  EXPECT_EQ(fault->data_json[0],
            R"({"id":1,"error":{"errorCode":10001,"errorDescription":)"
            R"("Catalog item NOTREAL00000:0001:NOTREAL00000 was not found in the catalog."}})");
  // Nothing was ordered and the cart is still Active.
  const HttpResult list =
      Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders", "", Token());
  EXPECT_EQ(partnercenter::ParseOrderCollection(list.body)->total_count, 0);
  EXPECT_EQ(partnercenter::ParseCart(Call("GET", CartPath(cart), "", Token()).body)->status,
            partnercenter::CartStatus::kActive);
}

TEST_F(CheckoutTest, ExpiredCartIsNotFound) {
  const std::string cart = Create(kMixedCart);
  clock_.Advance(std::chrono::hours(24 * 7));
  const HttpResult r = Checkout(cart);
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(partnercenter::ParseApiFault(r.body)->code, 800008);
}

TEST_F(CheckoutTest, PutOnAnOrderedCartIsRefused) {
  const std::string cart = Create(kMixedCart);
  ASSERT_EQ(Checkout(cart).status, 201);
  const HttpResult r = Call("PUT", CartPath(cart), kMixedCart, Token());
  ASSERT_EQ(r.status, 400);
  const auto fault = partnercenter::ParseApiFault(r.body);
  EXPECT_EQ(fault->code, 800065);
  EXPECT_EQ(fault->description, "Cart " + cart + " has been checked out and cannot be changed.");
}

TEST_F(CheckoutTest, AGroupThatCannotBeOrderedIsAnOrderError) {
  const auto retired = std::find_if(catalog_->items().begin(), catalog_->items().end(),
                                    [](const CatalogItem& item) { return !item.purchasable; });
  ASSERT_NE(retired, catalog_->items().end()) << "the demo catalog has an unpurchasable item";
  const partnercenter::BillingCycle cycle = retired->terms[0].billing_cycles[0];
  std::string line = R"({"id":1,"catalogItemId":")" + retired->catalog_item_id +
                     R"(","quantity":)" + std::to_string(retired->min_quantity) +
                     R"(,"billingCycle":")" + partnercenter::ToString(cycle) + "\"";
  if (!retired->terms[0].duration.empty()) {
    line += R"(,"termDuration":")" + retired->terms[0].duration + "\"";
  }
  line += "}";
  const std::string cart = Create(
      R"({"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
      R"("billingCycle":"annual","termDuration":"P1Y"},)" +
      line + "]}");
  const HttpResult r = Checkout(cart);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto result = partnercenter::ParseCartCheckoutResult(r.body);
  ASSERT_EQ(result->orders.size(), 1u);
  EXPECT_EQ(result->orders[0].line_items[0].offer_id, "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ");
  ASSERT_EQ(result->order_errors.size(), 1u);
  EXPECT_EQ(result->order_errors[0].code, 800020);
  EXPECT_EQ(result->order_errors[0].description,
            "Catalog item " + retired->catalog_item_id + " is not eligible for purchase.");
}

TEST_F(CheckoutTest, OrderReadsFollowTenancy) {
  const std::string cart = Create(kMixedCart);
  const auto result = partnercenter::ParseCartCheckoutResult(Checkout(cart).body);
  const std::string order_path =
      "/v1/customers/" + std::string(demo::kCustomer) + "/orders/" + result->orders[0].id;
  const std::string other = Token(demo::kOtherPartnerTenant, demo::kUser);
  EXPECT_EQ(Call("GET", order_path, "", other).status, 403);
  EXPECT_EQ(
      Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders", "", other).status,
      403);
  // Another customer of the same partner does not have the order.
  const HttpResult elsewhere = Call(
      "GET", "/v1/customers/f81d98dd-c2f4-499e-a194-5619e260344e/orders/" + result->orders[0].id,
      "", Token());
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_EQ(partnercenter::ParseApiFault(elsewhere.body)->code, 800008);
  EXPECT_EQ(Call("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders/0123456789ab",
                 "", Token())
                .status,
            404);
}

TEST_F(CheckoutTest, ThirtyTwoConcurrentCheckoutsOrderOnce) {
  const std::string cart = Create(kMixedCart);
  const std::string token = Token();
  const std::uint16_t port = node_->port();
  std::vector<HttpResult> results(32);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port);
      ++ready;
      while (ready.load() < 32) std::this_thread::yield();
      results[i] = client.Send("POST", CartPath(cart) + "/checkout", "",
                               {{"Authorization", "Bearer " + token}});
    });
  }
  for (auto& t : threads) t.join();

  std::set<std::string> order_sets;
  int created = 0;
  for (const HttpResult& r : results) {
    if (r.status == 409) {
      EXPECT_EQ(partnercenter::ParseApiFault(r.body)->code, 800064);
      continue;
    }
    ASSERT_EQ(r.status, 201) << r.body;
    ++created;
    const auto result = partnercenter::ParseCartCheckoutResult(r.body);
    std::string ids;
    for (const auto& order : result->orders) ids += order.id + ",";
    order_sets.insert(ids);
  }
  EXPECT_GE(created, 1);
  EXPECT_EQ(order_sets.size(), 1u) << "every 201 carries the same orders";
  const auto stored = ListAllOrders(node_->store(), demo::kPartnerTenant, demo::kCustomer);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->size(), 3u) << "exactly one set of orders in the store";
  // And one subscription per line of those orders, each naming its order.
  const auto subscriptions =
      ListAllSubscriptions(node_->store(), demo::kPartnerTenant, demo::kCustomer, std::nullopt);
  ASSERT_TRUE(subscriptions.ok());
  std::set<std::string> expected_ids;
  for (const OrderRecord& order : *stored) {
    for (const auto& line : order.order.line_items) expected_ids.insert(*line.subscription_id);
  }
  std::set<std::string> subscription_ids;
  for (const SubscriptionRecord& subscription : *subscriptions) {
    subscription_ids.insert(subscription.key.subscription_id);
  }
  EXPECT_EQ(subscriptions->size(), 4u) << "one subscription per line of the four-line cart";
  EXPECT_EQ(subscription_ids, expected_ids);
}

}  // namespace
}  // namespace cartd::test
