// Crash consistency (SPEC §6: "kill -9 of cartd at any moment under load loses no write that got a
// 2xx"): writers create and update carts, and one checks carts out, against the cartd binary,
// which is killed with SIGKILL at random moments and restarted, several times. After each restart
// every acknowledged write must be there with the content it was acknowledged with (or the one
// write that was in flight on that cart when the process died), every acknowledged checkout's
// orders must be stored, no order may be without the subscriptions of its lines nor a
// subscription without its order, and SQLite's integrity_check must pass.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cartd/demo.h"
#include "partnercenter/json.h"
#include "tests/integration/http_client.h"
#include "tests/testing/cartd_process.h"
#include "tests/testing/postgres_server.h"
#include "tests/testing/temp_dir.h"

namespace cartd::test {
namespace {

constexpr int kCycles = 5;
constexpr int kWriters = 4;

// Two order groups: a new-commerce licence billed monthly and perpetual software.
constexpr char kTwoGroupCart[] = R"({"lineItems":[
  {"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":2,"billingCycle":"monthly",
   "termDuration":"P1M"},
  {"id":1,"catalogItemId":"DG7GMGF0DWM3:0002:DG7GMGF0DT1M","quantity":1,"billingCycle":"one_time"}
]})";

std::string CartBody(int quantity) {
  return R"({"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":)" +
         std::to_string(quantity) + R"(,"billingCycle":"monthly","termDuration":"P1M"}]})";
}

int QuantityOf(const std::string& body) {
  const auto cart = partnercenter::ParseCart(body);
  return cart.ok() && !cart->line_items.empty() ? cart->line_items[0].quantity : -1;
}

// "\"7\"" -> 7.
int VersionOf(std::string_view etag) {
  return etag.size() > 2 ? std::stoi(std::string(etag.substr(1, etag.size() - 2))) : -1;
}

// What a writer knows of one of its carts: the last acknowledged state, and the write that was in
// flight when the server died, if any (it may or may not have been stored).
struct KnownCart {
  std::string id;
  int quantity = 0;
  int version = 0;
  std::optional<int> pending_quantity;
};

struct Backend {
  std::string name;
  bool postgres = false;
};

void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

class CrashTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().postgres) {
      PostgresServer* server = PostgresServer::Shared();
      ASSERT_NE(server, nullptr);
      const auto database = server->CreateDatabase();
      ASSERT_TRUE(database.ok()) << database.status().ToString();
      store_url_ = server->Uri(*database);
    }
  }

  std::filesystem::path DataDir() const { return dir_.path() / "data"; }

  // Starts cartd and returns its port (0 on failure, with the test failed).
  std::uint16_t StartCartd() {
    std::vector<std::string> args = {"serve",        "--demo",     "--listen",
                                     "127.0.0.1:0",  "--data-dir", DataDir().string(),
                                     "--rate-limit", "0"};
    if (!store_url_.empty()) {
      args.push_back("--store");
      args.push_back(store_url_);
    }
    cartd_ = std::make_unique<CartdProcess>(
        CARTD_BINARY, args, std::map<std::string, std::string>{}, dir_.path() / "cartd.log");
    const auto port = cartd_->WaitUntilListening();
    EXPECT_TRUE(port.has_value()) << cartd_->Log();
    return port.value_or(0);
  }

  std::string Token() {
    const RunResult token =
        RunToCompletion(CARTD_BINARY, {"token", "--data-dir", DataDir().string(), "--tenant",
                                       demo::kPartnerTenant, "--user", demo::kUser, "--ttl", "2h"});
    EXPECT_EQ(token.exit_code, 0) << token.err;
    return token.out.substr(0, token.out.find_last_not_of("\r\n") + 1);
  }

  // One writer: until `stop`, either creates a cart or raises the quantity of one of its carts to
  // a value no other write uses. Stops at the first request that gets no answer (the server died).
  void Write(int writer, std::uint16_t port, const std::string& token,
             std::vector<KnownCart>& carts, std::atomic<bool>& stop,
             std::atomic<int>& acknowledged) {
    std::mt19937 random(static_cast<unsigned>(writer) * 7919u +
                        static_cast<unsigned>(carts.size()));
    HttpClient client(port);
    const HeaderList headers = {{"Authorization", "Bearer " + token},
                                {"Content-Type", "application/json"}};
    const std::string carts_path = "/v1/customers/" + std::string(demo::kCustomer) + "/carts";
    while (!stop.load()) {
      const int quantity = 1 + writer * 200'000 + static_cast<int>(++sequence_[writer] % 199'999);
      if (carts.empty() || random() % 4 == 0) {
        const HttpResult r = client.Send("POST", carts_path, CartBody(quantity), headers);
        if (r.status == 0) return;  // an unacknowledged create: it may exist, nobody knows its id
        ASSERT_EQ(r.status, 201) << r.body;
        carts.push_back(KnownCart{partnercenter::ParseCart(r.body)->id.value_or(""), quantity,
                                  VersionOf(r.headers.Get("ETag")), std::nullopt});
      } else {
        KnownCart& cart = carts[random() % carts.size()];
        cart.pending_quantity = quantity;
        const HttpResult r =
            client.Send("PUT", carts_path + "/" + cart.id, CartBody(quantity), headers);
        if (r.status == 0) return;  // in flight when the server died: stays pending
        ASSERT_EQ(r.status, 201) << r.body;
        cart.quantity = quantity;
        cart.version = VersionOf(r.headers.Get("ETag"));
        cart.pending_quantity.reset();
      }
      ++acknowledged;
    }
  }

  // Until `stop`: creates a cart of two order groups and checks it out, remembering the orders of
  // each acknowledged checkout. Stops at the first request that gets no answer.
  void CheckOut(std::uint16_t port, const std::string& token, std::set<std::string>& orders,
                std::atomic<bool>& stop, std::atomic<int>& acknowledged) {
    HttpClient client(port);
    const HeaderList headers = {{"Authorization", "Bearer " + token},
                                {"Content-Type", "application/json"}};
    const std::string carts_path = "/v1/customers/" + std::string(demo::kCustomer) + "/carts";
    while (!stop.load()) {
      const HttpResult created = client.Send("POST", carts_path, kTwoGroupCart, headers);
      if (created.status == 0) return;
      ASSERT_EQ(created.status, 201) << created.body;
      const std::string cart = partnercenter::ParseCart(created.body)->id.value_or("");
      const HttpResult checkout =
          client.Send("POST", carts_path + "/" + cart + "/checkout", "", headers);
      if (checkout.status == 0) return;
      ASSERT_EQ(checkout.status, 201) << checkout.body;
      const auto result = partnercenter::ParseCartCheckoutResult(checkout.body);
      ASSERT_TRUE(result.ok()) << checkout.body;
      for (const auto& order : result->orders) orders.insert(order.id);
      ++acknowledged;
    }
  }

  // Every acknowledged order is stored, and orders and subscriptions match line for line.
  void VerifyOrders(std::uint16_t port, const std::string& token,
                    const std::set<std::string>& acknowledged) {
    HttpClient client(port);
    const std::string customer = "/v1/customers/" + std::string(demo::kCustomer);
    const HttpResult listed =
        client.Send("GET", customer + "/orders", "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(listed.status, 200) << listed.body;
    std::set<std::string> stored;
    std::set<std::string> line_subscriptions;
    const auto collection = partnercenter::ParseOrderCollection(listed.body);
    ASSERT_TRUE(collection.ok()) << listed.body;
    for (const auto& order : collection->items) {
      stored.insert(order.id);
      for (const auto& line : order.line_items) line_subscriptions.insert(*line.subscription_id);
    }
    for (const std::string& id : acknowledged) {
      EXPECT_TRUE(stored.contains(id)) << "acknowledged order " << id << " is gone";
    }
    const HttpResult subscriptions =
        client.Send("GET", customer + "/subscriptions", "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(subscriptions.status, 200) << subscriptions.body;
    std::set<std::string> subscription_ids;
    const auto subscription_list = partnercenter::ParseSubscriptionCollection(subscriptions.body);
    ASSERT_TRUE(subscription_list.ok()) << subscriptions.body;
    for (const auto& subscription : subscription_list->items) {
      subscription_ids.insert(subscription.id);
      EXPECT_TRUE(stored.contains(subscription.order_id.value_or("")))
          << "subscription " << subscription.id << " has no order";
    }
    EXPECT_EQ(subscription_ids, line_subscriptions) << "orders without their subscriptions";
  }

  // Checks every cart against what was acknowledged, and takes the stored state as the new truth.
  void Verify(std::uint16_t port, const std::string& token, std::vector<KnownCart>& carts) {
    HttpClient client(port);
    for (KnownCart& cart : carts) {
      const HttpResult r =
          client.Send("GET", "/v1/customers/" + std::string(demo::kCustomer) + "/carts/" + cart.id,
                      "", {{"Authorization", "Bearer " + token}});
      ASSERT_EQ(r.status, 200) << "acknowledged cart " << cart.id << " is gone";
      const int quantity = QuantityOf(r.body);
      const int version = VersionOf(r.headers.Get("ETag"));
      if (quantity == cart.quantity) {
        EXPECT_EQ(version, cart.version) << cart.id;
      } else {
        ASSERT_TRUE(cart.pending_quantity.has_value())
            << "cart " << cart.id << " has quantity " << quantity << ", acknowledged "
            << cart.quantity;
        EXPECT_EQ(quantity, *cart.pending_quantity) << cart.id;
        EXPECT_EQ(version, cart.version + 1) << cart.id;
      }
      cart.quantity = quantity;
      cart.version = version;
      cart.pending_quantity.reset();
    }
  }

  TempDir dir_;
  std::string store_url_;
  std::unique_ptr<CartdProcess> cartd_;
  std::uint64_t sequence_[kWriters] = {};
};

TEST_P(CrashTest, AcknowledgedWritesSurviveSigkill) {
  std::mt19937 random(std::random_device{}());
  std::vector<std::vector<KnownCart>> carts(kWriters);
  std::set<std::string> orders;
  std::string token;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    const std::uint16_t port = StartCartd();
    ASSERT_NE(port, 0);
    if (token.empty()) token = Token();
    for (auto& mine : carts) Verify(port, token, mine);
    VerifyOrders(port, token, orders);
    if (HasFatalFailure()) return;

    std::atomic<bool> stop{false};
    std::atomic<int> acknowledged{0};
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] { Write(w, port, token, carts[w], stop, acknowledged); });
    }
    writers.emplace_back([&] { CheckOut(port, token, orders, stop, acknowledged); });
    // Let some writes through, then kill at a random moment while writes are in flight.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acknowledged.load() < 20 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_GE(acknowledged.load(), 20) << "the writers made no progress";
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 700));
    cartd_->Signal(SIGKILL);
    EXPECT_EQ(cartd_->Wait(), -1);
    stop = true;
    for (auto& t : writers) t.join();
    if (HasFatalFailure()) return;
    RecordProperty("acknowledged_cycle_" + std::to_string(cycle), acknowledged.load());
  }

  const std::uint16_t port = StartCartd();
  ASSERT_NE(port, 0);
  std::size_t total = 0;
  for (auto& mine : carts) {
    Verify(port, token, mine);
    total += mine.size();
  }
  VerifyOrders(port, token, orders);
  EXPECT_GT(total, 0u);
  EXPECT_GT(orders.size(), 0u);
  cartd_->Signal(SIGKILL);
  cartd_->Wait();

  if (!GetParam().postgres) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((DataDir() / "cartd.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "ok");
    sqlite3_finalize(statement);
    sqlite3_close(db);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest,
                         ::testing::Values(Backend{"Sqlite", false}, Backend{"Postgres", true}),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return param.param.name;
                         });

}  // namespace
}  // namespace cartd::test
