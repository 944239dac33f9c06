// Optimistic concurrency over real sockets (SPEC §5 "Concurrency"): ETag and If-Match on PUT and
// checkout, RFC 9110 §13.1.1's "already done" rule, and no lost updates under contention.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/ids.h"
#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

std::string CartBody(int quantity) {
  return R"({"lineItems":[{"id":0,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":)" +
         std::to_string(quantity) + R"(,"billingCycle":"monthly","termDuration":"P1M"}]})";
}

class ConcurrencyTest : public CartdTest {
 protected:
  std::string Create() {
    const HttpResult r = Call("POST", CartsPath(), CartBody(1), Token());
    EXPECT_EQ(r.status, 201) << r.body;
    return partnercenter::ParseCart(r.body)->id.value_or("");
  }
  HttpResult Put(const std::string& cart, int quantity, const std::string& if_match) {
    HeaderList headers;
    if (!if_match.empty()) headers.emplace_back("If-Match", if_match);
    return Call("PUT", CartPath(cart), CartBody(quantity), Token(), headers);
  }
};

TEST_F(ConcurrencyTest, PutWithTheCurrentETagApplies) {
  const std::string cart = Create();
  const HttpResult r = Put(cart, 2, "\"1\"");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.headers.Get("ETag"), "\"2\"");
}

TEST_F(ConcurrencyTest, PutWithAStaleETagIsRefusedWithTheCurrentOne) {
  const std::string cart = Create();
  ASSERT_EQ(Put(cart, 2, "").status, 201);
  const HttpResult r = Put(cart, 3, "\"1\"");
  ASSERT_EQ(r.status, 412);
  EXPECT_EQ(r.headers.Get("ETag"), "\"2\"");
  const auto fault = partnercenter::ParseApiFault(r.body);
  ASSERT_TRUE(fault.ok()) << r.body;
  EXPECT_EQ(fault->code, 800036);
  EXPECT_EQ(fault->description,
            "The cart has changed: If-Match does not match its current ETag \"2\".");
  ASSERT_EQ(fault->data_json.size(), 1u);
  EXPECT_EQ(fault->data_json[0], R"({"currentETag":"\"2\""})");
  // Nothing changed.
  const HttpResult now = Call("GET", CartPath(cart), "", Token());
  EXPECT_EQ(now.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(partnercenter::ParseCart(now.body)->line_items[0].quantity, 2);
}

TEST_F(ConcurrencyTest, APutTheCartAlreadyHasSucceedsWhateverTheTag) {
  // A client whose response was lost retries with its old tag: the change is already in place.
  const std::string cart = Create();
  const HttpResult first = Put(cart, 5, "\"1\"");
  ASSERT_EQ(first.status, 201);
  const HttpResult retry = Put(cart, 5, "\"1\"");
  ASSERT_EQ(retry.status, 201) << retry.body;
  EXPECT_EQ(retry.headers.Get("ETag"), "\"2\"");
  EXPECT_EQ(retry.body, first.body);
}

TEST_F(ConcurrencyTest, IfMatchListsAndWildcards) {
  const std::string cart = Create();
  EXPECT_EQ(Put(cart, 2, "\"7\", \"1\"").status, 201);  // one of the listed tags matches
  EXPECT_EQ(Put(cart, 3, "*").status, 201);             // any current cart
  EXPECT_EQ(Put(cart, 4, "W/\"3\"").status, 412);       // weak tags never match strongly
  EXPECT_EQ(Put(cart, 4, "garbage").status, 412);
}

TEST_F(ConcurrencyTest, CheckoutHonoursIfMatch) {
  const std::string cart = Create();
  ASSERT_EQ(Put(cart, 2, "").status, 201);
  const HttpResult stale =
      Call("POST", CartPath(cart) + "/checkout", "", Token(), {{"If-Match", "\"1\""}});
  ASSERT_EQ(stale.status, 412);
  EXPECT_EQ(partnercenter::ParseApiFault(stale.body)->code, 800036);
  EXPECT_EQ(stale.headers.Get("ETag"), "\"2\"");
  const HttpResult current =
      Call("POST", CartPath(cart) + "/checkout", "", Token(), {{"If-Match", "\"2\""}});
  ASSERT_EQ(current.status, 201) << current.body;
  // A retry of that checkout with the tag it was sent with returns the stored result.
  const HttpResult retry =
      Call("POST", CartPath(cart) + "/checkout", "", Token(), {{"If-Match", "\"2\""}});
  ASSERT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, current.body);
}

TEST_F(ConcurrencyTest, WithoutIfMatchTheLastWriterWins) {
  const std::string cart = Create();
  ASSERT_EQ(Put(cart, 2, "").status, 201);
  ASSERT_EQ(Put(cart, 3, "").status, 201);
  const HttpResult now = Call("GET", CartPath(cart), "", Token());
  EXPECT_EQ(now.headers.Get("ETag"), "\"3\"");
  EXPECT_EQ(partnercenter::ParseCart(now.body)->line_items[0].quantity, 3);
}

// Eight clients each add one to the quantity ten times: GET, change, PUT with If-Match, and on
// 412 start over. Each attempt carries a fresh MS-RequestId, as every SDK sends. Every increment
// must be applied exactly once.
TEST_F(ConcurrencyTest, ReadModifyWriteWithIfMatchLosesNoIncrement) {
  const std::string cart = Create();
  const std::string token = Token();
  const std::uint16_t port = node_->port();
  constexpr int kClients = 8;
  constexpr int kIncrements = 10;
  std::atomic<int> conflicts{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&] {
      HttpClient client(port);
      const HeaderList auth = {{"Authorization", "Bearer " + token}};
      for (int i = 0; i < kIncrements; ++i) {
        while (true) {
          const HttpResult got = client.Send("GET", CartPath(cart), "", auth);
          if (got.status != 200) {
            ++failures;
            return;
          }
          partnercenter::Cart body = *partnercenter::ParseCart(got.body);
          body.line_items[0].quantity++;
          HeaderList headers = auth;
          headers.emplace_back("If-Match", std::string(got.headers.Get("ETag")));
          headers.emplace_back("Content-Type", "application/json");
          headers.emplace_back("MS-RequestId", NewGuid());
          const HttpResult put =
              client.Send("PUT", CartPath(cart), partnercenter::ToJson(body), headers);
          if (put.status == 201) break;
          if (put.status != 412) {
            ++failures;
            return;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);
  const HttpResult final_state = Call("GET", CartPath(cart), "", token);
  EXPECT_EQ(partnercenter::ParseCart(final_state.body)->line_items[0].quantity,
            1 + kClients * kIncrements);
  EXPECT_EQ(final_state.headers.Get("ETag"),
            "\"" + std::to_string(1 + kClients * kIncrements) + "\"");
  RecordProperty("conflicts", conflicts.load());
}

// The same without request ids: each client raises its own line, so that racing changes differ
// and a stale tag is never mistaken for an already applied change.
TEST_F(ConcurrencyTest, ReadModifyWriteOfDistinctLinesWithoutRequestIdsLosesNothing) {
  constexpr int kClients = 6;
  constexpr int kIncrements = 8;
  std::string lines;
  for (int c = 0; c < kClients; ++c) {
    lines += (c ? "," : "") + std::string(R"({"id":)") + std::to_string(c) +
             R"(,"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
             R"("billingCycle":"monthly","termDuration":"P1M"})";
  }
  const HttpResult created = Call("POST", CartsPath(), R"({"lineItems":[)" + lines + "]}", Token());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart = *partnercenter::ParseCart(created.body)->id;
  const std::string token = Token();
  const std::uint16_t port = node_->port();
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port);
      const HeaderList auth = {{"Authorization", "Bearer " + token}};
      for (int i = 0; i < kIncrements; ++i) {
        while (true) {
          const HttpResult got = client.Send("GET", CartPath(cart), "", auth);
          partnercenter::Cart body = *partnercenter::ParseCart(got.body);
          body.line_items[static_cast<std::size_t>(c)].quantity++;
          HeaderList headers = auth;
          headers.emplace_back("If-Match", std::string(got.headers.Get("ETag")));
          headers.emplace_back("Content-Type", "application/json");
          const HttpResult put =
              client.Send("PUT", CartPath(cart), partnercenter::ToJson(body), headers);
          if (put.status == 201) break;
          if (put.status != 412) {
            ++failures;
            return;
          }
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  ASSERT_EQ(failures.load(), 0);
  const auto final_cart = partnercenter::ParseCart(Call("GET", CartPath(cart), "", token).body);
  for (int c = 0; c < kClients; ++c) {
    EXPECT_EQ(final_cart->line_items[static_cast<std::size_t>(c)].quantity, 1 + kIncrements) << c;
  }
}

TEST_F(ConcurrencyTest, ConcurrentBlindPutsAreEachAtomic) {
  // Without If-Match, concurrent PUTs of different full carts: the result is exactly one of them
  // (never a mix), and the version counts every write.
  const std::string cart = Create();
  const std::string token = Token();
  const std::uint16_t port = node_->port();
  std::vector<std::thread> writers;
  std::atomic<int> created{0};
  for (int w = 0; w < 16; ++w) {
    writers.emplace_back([&, w] {
      HttpClient client(port);
      const HttpResult r =
          client.Send("PUT", CartPath(cart), CartBody(100 + w),
                      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
      if (r.status == 201) ++created;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(created.load(), 16);
  const HttpResult now = Call("GET", CartPath(cart), "", token);
  EXPECT_EQ(now.headers.Get("ETag"), "\"17\"");
  const int quantity = partnercenter::ParseCart(now.body)->line_items[0].quantity;
  EXPECT_GE(quantity, 100);
  EXPECT_LT(quantity, 116);
}

class RequiredIfMatchTest : public ConcurrencyTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.service.require_if_match = true;
    return options;
  }
};

TEST_F(RequiredIfMatchTest, PutWithoutIfMatchIsPreconditionRequired) {
  const std::string cart = Create();
  const HttpResult r = Put(cart, 2, "");
  ASSERT_EQ(r.status, 428);
  EXPECT_EQ(partnercenter::ParseApiFault(r.body)->code, 800036);
  EXPECT_EQ(Put(cart, 2, "\"1\"").status, 201);
}

}  // namespace
}  // namespace cartd::test
