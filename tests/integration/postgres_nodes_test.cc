// Scale-out over real sockets (SPEC §6): two cartd nodes, each on its own port, over one
// PostgreSQL database, behave as one service: a cart written through one is read through the
// other, If-Match and checkout hold across both, an idempotent retry sent to the other node gets
// the first answer, and both ride out an outage of the database.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <latch>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"
#include "tests/testing/postgres_server.h"
#include "tests/testing/status_matchers.h"

namespace cartd::test {
namespace {

// The demo catalog's Azure RI (order group "0") and its legacy Azure plan (order group
// "OMS-0"): a checkout places two orders.
constexpr char kTwoGroupCart[] = R"({"lineItems":[
  {"id":0,"catalogItemId":"MS-AZR-0145P","quantity":1,"billingCycle":"monthly"},
  {"id":1,"catalogItemId":"DG7GMGF0DWTL:0001:DG7GMGF0DSJB","quantity":2,"billingCycle":"one_time",
   "provisioningContext":{"subscriptionId":"3D5ECED6-1151-44C7-AEE6-70A4BB725666",
                          "scope":"shared","duration":"1Year"}}
]})";

std::string SeatsCart(int quantity) {
  return R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":)" +
         std::to_string(quantity) + R"(,"billingCycle":"monthly","termDuration":"P1M"}]})";
}

int FaultCode(const HttpResult& r) {
  const auto fault = partnercenter::ParseApiFault(r.body);
  return fault.ok() ? fault->code : -1;
}

// Node A is the fixture's node; node B is a second Node with the same options: the same data
// directory (so the same dev signing key, hence the same tokens) and the same database.
class PostgresNodesTest : public CartdTest {
 protected:
  void SetUp() override {
    server_ = PostgresServer::Shared();
    ASSERT_NE(server_, nullptr);
    ASSERT_OK_AND_ASSIGN(database_, server_->CreateDatabase());
    CartdTest::SetUp();
    if (HasFatalFailure()) return;
    NodeOptions options = Options();
    options.server_id = "NODE-B";
    StatusOr<std::unique_ptr<Node>> b = Node::Start(options);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    node_b_ = std::move(b).value();
  }

  void TearDown() override {
    if (server_ != nullptr && !server_->running()) {
      const Status started = server_->Start();
      EXPECT_TRUE(started.ok()) << started.ToString();
    }
    if (node_b_) node_b_->Stop(std::chrono::seconds(5));
    node_b_.reset();
    CartdTest::TearDown();
  }

  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.store_url = server_->Uri(database_) + "?pool_size=8&connect_timeout=2";
    options.server_id = "NODE-A";
    return options;
  }

  std::uint16_t Port(int node) const { return node % 2 == 0 ? node_->port() : node_b_->port(); }

  // Sends on a connection of its own (safe from any thread) to node 0 (A) or 1 (B).
  HttpResult Send(int node, const std::string& method, const std::string& target,
                  const std::string& body, const HeaderList& headers = {}) {
    HeaderList all = headers;
    all.emplace_back("Authorization", "Bearer " + token_);
    if (!body.empty()) all.emplace_back("Content-Type", "application/json");
    HttpClient client(Port(node));
    return client.Send(method, target, body, all);
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
  std::unique_ptr<Node> node_b_;
  std::string token_;
};

// Runs `body(i)` on `threads` threads released together, and returns the results by index.
std::vector<HttpResult> RunConcurrently(int threads, const std::function<HttpResult(int)>& body) {
  std::vector<HttpResult> results(static_cast<std::size_t>(threads));
  std::latch start(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      start.arrive_and_wait();
      results[static_cast<std::size_t>(i)] = body(i);
    });
  }
  for (std::thread& worker : workers) worker.join();
  return results;
}

TEST_F(PostgresNodesTest, ACartWrittenThroughOneNodeIsReadAndChangedThroughTheOther) {
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), SeatsCart(3));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.headers.Get("MS-ServerId"), "NODE-A");
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");

  const HttpResult read = Send(1, "GET", CartPath(cart), "");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.headers.Get("MS-ServerId"), "NODE-B");
  EXPECT_EQ(read.body, created.body);
  EXPECT_EQ(read.headers.Get("ETag"), created.headers.Get("ETag"));

  const std::string etag(created.headers.Get("ETag"));
  const HttpResult updated = Send(1, "PUT", CartPath(cart), SeatsCart(5), {{"If-Match", etag}});
  ASSERT_EQ(updated.status, 201) << updated.body;
  const HttpResult reread = Send(0, "GET", CartPath(cart), "");
  ASSERT_EQ(reread.status, 200);
  EXPECT_EQ(reread.body, updated.body);
  EXPECT_EQ(partnercenter::ParseCart(reread.body)->line_items.at(0).quantity, 5);
}

// Each node keeps the renderings of the carts it answered (api::RenderedCarts); neither answers
// one after the other node changed the cart, however often it answered it before.
TEST_F(PostgresNodesTest, ANodeNeverAnswersWhatItKeptOfACartTheOtherNodeChanged) {
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), SeatsCart(1));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
  std::string last_body = created.body;
  std::string last_etag(created.headers.Get("ETag"));
  for (int quantity = 2; quantity <= 5; ++quantity) {
    for (int i = 0; i < 2; ++i) {
      const HttpResult read = Send(0, "GET", CartPath(cart), "");
      ASSERT_EQ(read.status, 200) << read.body;
      EXPECT_EQ(read.body, last_body) << "quantity " << quantity;
      EXPECT_EQ(read.headers.Get("ETag"), last_etag);
    }
    const HttpResult updated = Send(1, "PUT", CartPath(cart), SeatsCart(quantity));
    ASSERT_EQ(updated.status, 201) << updated.body;
    last_body = updated.body;
    last_etag = std::string(updated.headers.Get("ETag"));
  }
  const HttpResult read = Send(0, "GET", CartPath(cart), "");
  EXPECT_EQ(read.body, last_body);
  EXPECT_EQ(partnercenter::ParseCart(read.body)->line_items.at(0).quantity, 5);

  const HttpResult checkout = Send(1, "POST", CartPath(cart) + "/checkout", "\"success\"");
  ASSERT_EQ(checkout.status, 201) << checkout.body;
  const HttpResult ordered = Send(0, "GET", CartPath(cart), "");
  ASSERT_EQ(ordered.status, 200) << ordered.body;
  EXPECT_EQ(partnercenter::ParseCart(ordered.body)->status, partnercenter::CartStatus::kOrdered);
  EXPECT_EQ(ordered.headers.Get("ETag"), checkout.headers.Get("ETag"));
}

TEST_F(PostgresNodesTest, ConcurrentPutsWithOneIfMatchAcrossBothNodesHaveOneWinner) {
  constexpr int kRequests = 16;
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), SeatsCart(1));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
  const std::string etag(created.headers.Get("ETag"));

  // Each request asks for a different quantity, so that no loser's change is already made.
  const std::vector<HttpResult> results = RunConcurrently(kRequests, [&](int i) {
    return Send(i, "PUT", CartPath(cart), SeatsCart(10 + i), {{"If-Match", etag}});
  });

  int winner = -1;
  for (int i = 0; i < kRequests; ++i) {
    const HttpResult& r = results[static_cast<std::size_t>(i)];
    if (r.status == 201) {
      EXPECT_EQ(winner, -1) << "a second PUT succeeded: " << i;
      winner = i;
    } else {
      EXPECT_EQ(r.status, 412) << i << ": " << r.body;
      EXPECT_EQ(FaultCode(r), 800036) << r.body;
    }
  }
  ASSERT_NE(winner, -1);
  for (int node = 0; node < 2; ++node) {
    const HttpResult read = Send(node, "GET", CartPath(cart), "");
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.headers.Get("ETag"),
              results[static_cast<std::size_t>(winner)].headers.Get("ETag"));
    EXPECT_EQ(partnercenter::ParseCart(read.body)->line_items.at(0).quantity, 10 + winner);
  }
}

TEST_F(PostgresNodesTest, ConcurrentCheckoutsAcrossBothNodesPlaceOneSetOfOrdersAndSubscriptions) {
  constexpr int kRequests = 32;
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), kTwoGroupCart);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");

  const std::vector<HttpResult> results = RunConcurrently(kRequests, [&](int i) {
    return Send(i, "POST", CartPath(cart) + "/checkout", "\"success\"");
  });

  std::set<std::string> first_ids;
  for (int i = 0; i < kRequests; ++i) {
    const HttpResult& r = results[static_cast<std::size_t>(i)];
    ASSERT_EQ(r.status, 201) << i << ": " << r.body;
    const auto result = partnercenter::ParseCartCheckoutResult(r.body);
    ASSERT_TRUE(result.ok()) << r.body;
    std::set<std::string> ids;
    for (const auto& order : result->orders) ids.insert(order.id);
    EXPECT_EQ(ids.size(), 2u) << r.body;
    if (i == 0) first_ids = ids;
    EXPECT_EQ(ids, first_ids) << "request " << i << " saw other orders";
  }

  // Exactly those orders are stored, whichever node is asked.
  for (int node = 0; node < 2; ++node) {
    const HttpResult listed =
        Send(node, "GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders", "");
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto orders = partnercenter::ParseOrderCollection(listed.body);
    ASSERT_TRUE(orders.ok()) << listed.body;
    EXPECT_EQ(orders->total_count, 2);
    std::set<std::string> ids;
    std::set<std::string> line_subscriptions;
    for (const auto& order : orders->items) {
      ids.insert(order.id);
      for (const auto& line : order.line_items) line_subscriptions.insert(*line.subscription_id);
    }
    EXPECT_EQ(ids, first_ids);

    // One subscription per order line, each of one of those orders.
    const HttpResult subscriptions =
        Send(node, "GET", "/v1/customers/" + std::string(demo::kCustomer) + "/subscriptions", "");
    ASSERT_EQ(subscriptions.status, 200) << subscriptions.body;
    const auto collection = partnercenter::ParseSubscriptionCollection(subscriptions.body);
    ASSERT_TRUE(collection.ok()) << subscriptions.body;
    std::set<std::string> subscription_ids;
    for (const auto& subscription : collection->items) {
      subscription_ids.insert(subscription.id);
      EXPECT_TRUE(first_ids.contains(subscription.order_id.value_or(""))) << subscription.id;
    }
    EXPECT_EQ(static_cast<std::size_t>(collection->total_count), line_subscriptions.size());
    EXPECT_EQ(subscription_ids, line_subscriptions);
  }
}

TEST_F(PostgresNodesTest, ARetryOnTheOtherNodeGetsTheFirstAnswer) {
  token_ = Token();
  const HeaderList request_id = {{"MS-RequestId", "3f1c9a5e-retry"}};
  const HttpResult first = Send(0, "POST", CartsPath(), SeatsCart(2), request_id);
  ASSERT_EQ(first.status, 201) << first.body;
  const HttpResult retried = Send(1, "POST", CartsPath(), SeatsCart(2), request_id);
  ASSERT_EQ(retried.status, 201) << retried.body;
  EXPECT_EQ(retried.body, first.body);
  EXPECT_EQ(retried.headers.Get("ETag"), first.headers.Get("ETag"));
  EXPECT_EQ(retried.headers.Get("MS-ServerId"), "NODE-B");

  const StatusOr<CartCounts> counts = node_b_->store().CountCarts();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->active, 2);  // the demo's seed cart and this one
}

TEST_F(PostgresNodesTest, WhileTheDatabaseIsDownBothNodesAnswer503AndRecoverByThemselves) {
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), SeatsCart(4));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
  const std::string etag(created.headers.Get("ETag"));
  for (int node = 0; node < 2; ++node) EXPECT_EQ(Send(node, "GET", "/readyz", "").status, 200);

  ASSERT_TRUE(server_->Stop().ok());
  for (int node = 0; node < 2; ++node) {
    SCOPED_TRACE(node == 0 ? "node A" : "node B");
    const HttpResult ready = Send(node, "GET", "/readyz", "");
    EXPECT_EQ(ready.status, 503) << ready.body;
    // Answered, not timed out: the client gives up after 30 s and reports status 0.
    const HttpResult read = Send(node, "GET", CartPath(cart), "");
    EXPECT_EQ(read.status, 503) << read.body;
    EXPECT_EQ(FaultCode(read), 800003) << read.body;
    const HttpResult write = Send(node, "PUT", CartPath(cart), SeatsCart(6), {{"If-Match", etag}});
    EXPECT_EQ(write.status, 503) << write.body;
    EXPECT_EQ(FaultCode(write), 800003) << write.body;
  }

  ASSERT_TRUE(server_->Start().ok());
  for (int node = 0; node < 2; ++node) {
    SCOPED_TRACE(node == 0 ? "node A" : "node B");
    EXPECT_EQ(Send(node, "GET", "/readyz", "").status, 200);
    const HttpResult read = Send(node, "GET", CartPath(cart), "");
    EXPECT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.body, created.body);
  }
  const HttpResult updated = Send(1, "PUT", CartPath(cart), SeatsCart(6), {{"If-Match", etag}});
  EXPECT_EQ(updated.status, 201) << updated.body;
}

// Both nodes with the stand-in controls: the clock is stored in the database, so it is one clock.
class PostgresControlledNodesTest : public PostgresNodesTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = PostgresNodesTest::Options();
    options.controls = true;
    options.orders.provisioning_delay = std::chrono::hours(1);
    return options;
  }

  // The offset and a fresh token from node `node`'s controls.
  std::string Offset(int node) {
    const std::string saved = std::exchange(token_, node_->control_token());
    const HttpResult clock = Send(node, "GET", "/_cartd/clock", "");
    token_ = saved;
    EXPECT_EQ(clock.status, 200) << clock.body;
    const std::size_t at = clock.body.find("\"offset\":\"");
    return at == std::string::npos
               ? ""
               : clock.body.substr(at + 10, clock.body.find('"', at + 10) - at - 10);
  }
};

TEST_F(PostgresControlledNodesTest, TheClockMovedThroughOneNodeMovesForBoth) {
  ASSERT_EQ(node_b_->control_token(), node_->control_token());  // one data directory
  token_ = Token();
  const HttpResult created = Send(0, "POST", CartsPath(), SeatsCart(2));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
  const HttpResult bought = Send(0, "POST", CartsPath(), SeatsCart(3));
  const std::string bought_id = partnercenter::ParseCart(bought.body)->id.value_or("");
  const HttpResult checkout = Send(0, "POST", CartPath(bought_id) + "/checkout", "");
  ASSERT_EQ(checkout.status, 201) << checkout.body;
  const std::string order = partnercenter::ParseCartCheckoutResult(checkout.body)->orders.at(0).id;

  token_ = node_->control_token();
  const HttpResult moved = Send(0, "POST", "/_cartd/clock", R"({"advance":"P8D"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Offset(1), "PT691200S");  // node B reads the stored offset
  EXPECT_EQ(node_b_->clock().Now(), node_->clock().Now());

  // Node B judges expiry and completion on the moved clock.
  const HttpResult minted = Send(1, "POST", "/_cartd/tokens",
                                 R"({"tenant":")" + std::string(demo::kPartnerTenant) +
                                     R"(","user":")" + demo::kUser + R"("})");
  ASSERT_EQ(minted.status, 201) << minted.body;
  const std::size_t at = minted.body.find("\"token\":\"") + 9;
  token_ = minted.body.substr(at, minted.body.find('"', at) - at);
  const HttpResult expired = Send(1, "GET", CartPath(cart), "");
  EXPECT_EQ(expired.status, 404) << expired.body;
  EXPECT_EQ(FaultCode(expired), 800008);
  const HttpResult completed =
      Send(1, "GET", "/v1/customers/" + std::string(demo::kCustomer) + "/orders/" + order, "");
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(partnercenter::ParseOrder(completed.body)->status, "completed");

  // A node started later starts on the stored clock, and an advance through B adds to A's.
  node_b_->Stop(std::chrono::seconds(5));
  NodeOptions options = Options();
  options.server_id = "NODE-B";
  StatusOr<std::unique_ptr<Node>> restarted = Node::Start(options);
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  node_b_ = std::move(restarted).value();
  EXPECT_EQ(node_b_->clock().Now(), node_->clock().Now());
  token_ = node_->control_token();
  ASSERT_EQ(Send(1, "POST", "/_cartd/clock", R"({"advance":"P1D"})").status, 200);
  EXPECT_EQ(Offset(0), "PT777600S");
}

}  // namespace
}  // namespace cartd::test
