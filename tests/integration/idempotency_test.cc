// MS-RequestId as an idempotency key for create, PUT and checkout (SPEC §5), over real sockets.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"

namespace cartd::test {
namespace {

constexpr char kBody[] =
    R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
    R"("billingCycle":"monthly","termDuration":"P1M"}]})";
constexpr char kOtherBody[] =
    R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":2,)"
    R"("billingCycle":"monthly","termDuration":"P1M"}]})";

class IdempotencyTest : public CartdTest {
 protected:
  std::int64_t CartCount() {
    const auto counts = node_->store().CountCarts();
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? counts->active + counts->ordered : -1;
  }
};

std::string IdOf(const HttpResult& r) { return partnercenter::ParseCart(r.body)->id.value_or(""); }

TEST_F(IdempotencyTest, ARepeatedCreateReturnsTheFirstAnswer) {
  const std::int64_t before = CartCount();
  const HttpResult first = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "req-1"}});
  ASSERT_EQ(first.status, 201);
  EXPECT_FALSE(first.headers.Has("Idempotent-Replayed"));
  clock_.Advance(std::chrono::minutes(10));
  const HttpResult again = Call("POST", CartsPath(), kBody, Token(),
                                {{"MS-RequestId", "req-1"}, {"MS-CorrelationId", "corr-2"}});
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.Get("ETag"), first.headers.Get("ETag"));
  EXPECT_EQ(again.headers.Get("Idempotent-Replayed"), "true");
  // Per-request headers are fresh.
  EXPECT_EQ(again.headers.Get("MS-RequestId"), "req-1");
  EXPECT_EQ(again.headers.Get("MS-CorrelationId"), "corr-2");
  EXPECT_EQ(CartCount(), before + 1);
}

TEST_F(IdempotencyTest, TheSameRequestIdWithAnotherBodyIsANewRequest) {
  const HttpResult first = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "pinned"}});
  const HttpResult second =
      Call("POST", CartsPath(), kOtherBody, Token(), {{"MS-RequestId", "pinned"}});
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(second.status, 201);
  EXPECT_NE(IdOf(first), IdOf(second));
  EXPECT_FALSE(second.headers.Has("Idempotent-Replayed"));
}

TEST_F(IdempotencyTest, AReplayShowsTheFirstAnswerEvenAfterLaterChanges) {
  const HttpResult created = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "c-1"}});
  const std::string id = IdOf(created);
  ASSERT_EQ(Call("PUT", CartPath(id), kOtherBody, Token()).status, 201);
  const HttpResult replay = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "c-1"}});
  EXPECT_EQ(replay.body, created.body);
  EXPECT_EQ(replay.headers.Get("ETag"), "\"1\"");
}

TEST_F(IdempotencyTest, ARepeatedPutDoesNotApplyAgain) {
  const std::string id = IdOf(Call("POST", CartsPath(), kBody, Token()));
  const HttpResult first =
      Call("PUT", CartPath(id), kOtherBody, Token(), {{"MS-RequestId", "put-1"}});
  ASSERT_EQ(first.status, 201);
  ASSERT_EQ(Call("PUT", CartPath(id), kBody, Token()).status, 201);  // someone else's change
  const HttpResult retry =
      Call("PUT", CartPath(id), kOtherBody, Token(), {{"MS-RequestId", "put-1"}});
  ASSERT_EQ(retry.status, 201);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.headers.Get("Idempotent-Replayed"), "true");
  // The stored cart is the later change, untouched by the replay.
  const HttpResult now = Call("GET", CartPath(id), "", Token());
  EXPECT_EQ(now.headers.Get("ETag"), "\"3\"");
  EXPECT_EQ(partnercenter::ParseCart(now.body)->line_items[0].quantity, 1);
}

TEST_F(IdempotencyTest, ARepeatedCheckoutReplays) {
  const std::string id = IdOf(Call("POST", CartsPath(), kBody, Token()));
  const HttpResult first =
      Call("POST", CartPath(id) + "/checkout", "", Token(), {{"MS-RequestId", "checkout-1"}});
  ASSERT_EQ(first.status, 201);
  const HttpResult again =
      Call("POST", CartPath(id) + "/checkout", "", Token(), {{"MS-RequestId", "checkout-1"}});
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers.Get("Idempotent-Replayed"), "true");
}

TEST_F(IdempotencyTest, KeysBelongToOnePartner) {
  const HttpResult mine = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "shared"}});
  const HttpResult theirs =
      Call("POST", CartsPath(demo::kOtherPartnersCustomer), kBody,
           Token(demo::kOtherPartnerTenant, demo::kUser), {{"MS-RequestId", "shared"}});
  ASSERT_EQ(mine.status, 201);
  ASSERT_EQ(theirs.status, 201);
  EXPECT_NE(IdOf(mine), IdOf(theirs));
  EXPECT_FALSE(theirs.headers.Has("Idempotent-Replayed"));
}

TEST_F(IdempotencyTest, KeysExpireAfterTheRetentionAndArePurged) {
  const HttpResult first = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "old"}});
  ASSERT_EQ(Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "never-again"}}).status,
            201);
  clock_.Advance(std::chrono::hours(24) + std::chrono::seconds(1));
  const HttpResult later = Call("POST", CartsPath(), kBody, Token(), {{"MS-RequestId", "old"}});
  ASSERT_EQ(later.status, 201);
  EXPECT_NE(IdOf(later), IdOf(first));
  // The reuse replaced the old reply of "old"; the sweep deletes the one of "never-again".
  const auto swept = node_->service().Sweep(std::chrono::hours(1), 1000);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1);
}

TEST_F(IdempotencyTest, SixteenConcurrentCreatesWithOneRequestIdMakeOneCart) {
  const std::int64_t before = CartCount();
  const std::string token = Token();
  const std::uint16_t port = node_->port();
  std::vector<HttpResult> results(16);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(port);
      ++ready;
      while (ready.load() < 16) std::this_thread::yield();
      results[i] = client.Send("POST", CartsPath(), kBody,
                               {{"Authorization", "Bearer " + token},
                                {"Content-Type", "application/json"},
                                {"MS-RequestId", "burst"}});
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  for (const HttpResult& r : results) {
    ASSERT_EQ(r.status, 201) << r.body;
    ids.insert(IdOf(r));
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(CartCount(), before + 1);
}

}  // namespace
}  // namespace cartd::test
