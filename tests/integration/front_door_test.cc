// The front door over real sockets (SPEC §7, RFC 9112): framing that a gateway could read
// differently is refused with 400 and a closed connection, so that no request hidden in a body is
// ever executed; the absolute form of a request target is served like the origin form. A stopping
// server answers the requests it has received, with "Connection: close". Bodies are neither read
// nor held for requests refused by their header block (401, 404, 405), the bodies held have a
// global budget (503 past it), and connections a cap.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/cartd_fixture.h"
#include "tests/testing/cartd_process.h"
#include "tests/testing/raw_http.h"
#include "tests/testing/temp_dir.h"

namespace cartd::test {
namespace {

using namespace std::chrono_literals;

HttpResult ToResult(const RawResponse& raw) {
  return HttpResult{.status = raw.status, .headers = raw.headers, .body = raw.body};
}

class FrontDoorTest : public CartdTest {
 protected:
  void SetUp() override {
    CartdTest::SetUp();
    if (HasFatalFailure()) return;
    const HttpResult seed = Call("GET", CartPath(demo::kSeedCart), "", Token());
    ASSERT_EQ(seed.status, 200) << seed.body;
    seed_body_ = seed.body;
    seed_etag_ = std::string(seed.headers.Get("ETag"));
  }

  // A complete PUT of the seed cart with quantity 7: what a smuggler hides in a body.
  std::string SmuggledPut() {
    return FormatRequest(
        "PUT", CartPath(demo::kSeedCart),
        R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ",)"
        R"("quantity":7,"billingCycle":"monthly"}]})",
        {{"Authorization", "Bearer " + Token()}, {"Content-Type", "application/json"}});
  }

  // "GET <seed cart> <version>" with a token and `fields` (each "Name: value\r\n").
  std::string SeedGet(const std::string& fields, const std::string& version = "HTTP/1.1",
                      bool host = true) {
    std::string head = "GET " + CartPath(demo::kSeedCart) + " " + version + "\r\n";
    if (host) head += "Host: 127.0.0.1\r\n";
    return head + "Authorization: Bearer " + Token() + "\r\n" + fields + "\r\n";
  }

  // Sends `bytes` on a new connection and expects exactly one answer, 400 with code 800002 and
  // Connection: close, then the end of the connection: nothing that followed was read as a
  // request.
  void ExpectRefusedAndClosed(const std::string& bytes, const std::string& what) {
    SCOPED_TRACE(what);
    RawConnection connection(node_->port());
    ASSERT_TRUE(connection.connected());
    connection.Send(bytes);
    const RawResponse first = connection.Receive();
    ASSERT_EQ(first.outcome, RawResponse::Outcome::kComplete);
    EXPECT_EQ(first.status, 400) << first.body;
    EXPECT_EQ(ReadFault(ToResult(first)).code, 800002);
    EXPECT_EQ(first.headers.Get("Connection"), "close");
    const RawResponse second = connection.Receive();
    EXPECT_EQ(second.outcome, RawResponse::Outcome::kNoAnswer)
        << "a second answer (" << second.status << ") came from the refused request's body";
  }

  void ExpectSeedUnchanged() {
    const HttpResult seed = Call("GET", CartPath(demo::kSeedCart), "", Token());
    EXPECT_EQ(seed.status, 200);
    EXPECT_EQ(seed.body, seed_body_) << "a smuggled request changed the seed cart";
    EXPECT_EQ(seed.headers.Get("ETag"), seed_etag_);
  }

  std::string seed_body_;
  std::string seed_etag_;
};

TEST_F(FrontDoorTest, TransferEncodingNotEndingInChunkedIsRefusedAndClosed) {
  const std::string smuggled = SmuggledPut() + FormatRequest("GET", "/smuggled", "", {});
  for (const std::string coding : {"gzip", "identity", "chunked, identity", "xchunked",
                                   "chunked, chunked", "gzip, chunked", "chunked;x=1"}) {
    ExpectRefusedAndClosed(SeedGet("Transfer-Encoding: " + coding + "\r\n") + smuggled,
                           "Transfer-Encoding: " + coding);
  }
  // The same, spread over two fields.
  ExpectRefusedAndClosed(
      SeedGet("Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n") + smuggled,
      "two Transfer-Encoding fields");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, TransferEncodingWithContentLengthIsRefusedAndClosed) {
  const std::string smuggled = SmuggledPut();
  const std::string length = "Content-Length: " + std::to_string(smuggled.size()) + "\r\n";
  ExpectRefusedAndClosed(
      SeedGet("Transfer-Encoding: chunked\r\n" + length) + "0\r\n\r\n" + smuggled,
      "chunked, then Content-Length");
  ExpectRefusedAndClosed(
      SeedGet(length + "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n" + smuggled,
      "Content-Length, then chunked");
  ExpectRefusedAndClosed(SeedGet("Transfer-Encoding: gzip\r\n" + length) + smuggled,
                         "gzip, then Content-Length");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, MoreThanOneContentLengthIsRefusedAndClosed) {
  const std::string smuggled = SmuggledPut();
  ExpectRefusedAndClosed(SeedGet("Content-Length: 0\r\nContent-Length: 0\r\n") + smuggled,
                         "two equal Content-Length fields");
  ExpectRefusedAndClosed(SeedGet("Content-Length: 0, 0\r\n") + smuggled, "a Content-Length list");
  ExpectRefusedAndClosed(
      SeedGet("Content-Length: 0\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n") +
          smuggled,
      "two different Content-Length fields");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, TransferEncodingInHttp10IsRefusedAndClosed) {
  const std::string smuggled = SmuggledPut();
  ExpectRefusedAndClosed(
      SeedGet("Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n", "HTTP/1.0") +
          "0\r\n\r\n" + smuggled,
      "HTTP/1.0 keep-alive with chunked");
  ExpectRefusedAndClosed(
      SeedGet("Transfer-Encoding: chunked\r\n", "HTTP/1.0") + "0\r\n\r\n" + smuggled,
      "HTTP/1.0 with chunked");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, HostMissingOrRepeatedIsRefusedAndClosed) {
  const std::string smuggled = SmuggledPut();
  ExpectRefusedAndClosed(SeedGet("", "HTTP/1.1", /*host=*/false) + smuggled,
                         "HTTP/1.1 without Host");
  ExpectRefusedAndClosed(SeedGet("Host: other.example\r\n") + smuggled, "two Host fields");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, RepeatedAuthorizationIsRefusedAndClosed) {
  ExpectRefusedAndClosed(
      SeedGet("Authorization: Bearer " + Token("other-partner") + "\r\n") + SmuggledPut(),
      "two Authorization fields");
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorTest, AbsoluteFormTargetIsServedAsOriginForm) {
  const std::string port = std::to_string(node_->port());
  for (const std::string& prefix : {"http://127.0.0.1:" + port, std::string("HTTP://localhost")}) {
    SCOPED_TRACE(prefix);
    RawConnection connection(node_->port());
    const RawResponse r = connection.Exchange(FormatRequest(
        "GET", prefix + CartPath(demo::kSeedCart), "", {{"Authorization", "Bearer " + Token()}}));
    ASSERT_EQ(r.outcome, RawResponse::Outcome::kComplete);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, seed_body_);
  }
  RawConnection connection(node_->port());
  const RawResponse health =
      connection.Exchange(FormatRequest("GET", "http://127.0.0.1:" + port + "/healthz", "", {}));
  EXPECT_EQ(health.status, 200) << health.body;
}

TEST_F(FrontDoorTest, ChunkedBodiesAreStillRead) {
  const std::string body =
      R"({"lineItems":[{"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":2,)"
      R"("billingCycle":"monthly"}]})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  RawConnection connection(node_->port());
  const RawResponse r = connection.Exchange(
      "POST " + CartsPath() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token() +
      "\r\nContent-Type: application/json\r\nTransfer-Encoding: Chunked\r\n\r\n" + size + "\r\n" +
      body + "\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 201) << r.body;
}

// The value of the sample `name` (without labels) in a Prometheus text exposition; -1 if absent.
double MetricValue(const std::string& text, const std::string& name) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + " ", 0) == 0) return std::strtod(line.c_str() + name.size() + 1, nullptr);
  }
  return -1;
}

// Waits up to 10 s for `done`.
template <typename Predicate>
bool Eventually(Predicate done) {
  for (int i = 0; i < 1000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

class DrainTest : public FrontDoorTest {
 protected:
  // Stops the node on another thread (Stop returns once drained); Join waits for it.
  void StopInBackground() {
    stopping_ = std::async(std::launch::async, [this] { node_->Stop(10s); });
  }
  void JoinStop() {
    ASSERT_EQ(stopping_.wait_for(20s), std::future_status::ready);
    node_.reset();
  }

  std::future<void> stopping_;
};

TEST_F(DrainTest, RequestsAlreadyReceivedAreAnsweredWithConnectionClose) {
  const std::string body = std::string(100, ' ');
  // A PUT whose body is half sent when the stop begins: the request is being read.
  RawConnection reading(node_->port());
  const std::string head =
      "PUT " + CartPath(demo::kSeedCart) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
      Token() +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n";
  ASSERT_TRUE(reading.Send(head + body.substr(0, 50)));
  // A connection that has been answered once and waits for its next request.
  RawConnection idle(node_->port());
  const RawResponse first = idle.Exchange(FormatRequest("GET", CartPath(demo::kSeedCart), "",
                                                        {{"Authorization", "Bearer " + Token()}}));
  ASSERT_EQ(first.status, 200);
  ASSERT_TRUE(Eventually(
      [&] { return MetricValue(node_->MetricsText(), "cartd_http_body_memory_bytes") == 100; }));
  const auto stop_started = std::chrono::steady_clock::now();
  StopInBackground();
  // The idle connection is closed at once, unanswered.
  const RawResponse idle_after = idle.Receive();
  EXPECT_EQ(idle_after.outcome, RawResponse::Outcome::kNoAnswer);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 5s);
  // The rest of the body arrives after the stop began, with a pipelined GET behind it: both had
  // arrived before the server finished the PUT, so both are answered, the last with "close".
  ASSERT_TRUE(
      reading.Send(body.substr(50) + FormatRequest("GET", CartPath(demo::kSeedCart), "",
                                                   {{"Authorization", "Bearer " + Token()}})));
  const RawResponse put = reading.Receive();
  ASSERT_EQ(put.outcome, RawResponse::Outcome::kComplete);
  EXPECT_EQ(put.status, 400) << put.body;  // a body of spaces is not JSON
  EXPECT_EQ(ReadFault(ToResult(put)).code, 800002);
  const RawResponse get = reading.Receive();
  ASSERT_EQ(get.outcome, RawResponse::Outcome::kComplete)
      << "a pipelined request that had arrived was dropped";
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, seed_body_);
  EXPECT_EQ(get.headers.Get("Connection"), "close");
  EXPECT_EQ(reading.Receive().outcome, RawResponse::Outcome::kNoAnswer);
  JoinStop();
}

TEST_F(DrainTest, ARequestSentJustBeforeTheStopIsAnswered) {
  // Whether the server has read the request when the stop begins or it still waits in the
  // socket, it is answered (with "Connection: close" when the stop came first), never reset.
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    if (!node_) RestartNode();
    RawConnection connection(node_->port());
    const RawResponse warm = connection.Exchange(FormatRequest(
        "GET", CartPath(demo::kSeedCart), "", {{"Authorization", "Bearer " + Token()}}));
    ASSERT_EQ(warm.status, 200);
    ASSERT_TRUE(connection.Send(FormatRequest("GET", CartPath(demo::kSeedCart), "",
                                              {{"Authorization", "Bearer " + Token()}})));
    StopInBackground();
    const RawResponse r = connection.Receive();
    ASSERT_EQ(r.outcome, RawResponse::Outcome::kComplete) << "a request already sent was dropped";
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(connection.Receive().outcome, RawResponse::Outcome::kNoAnswer);
    JoinStop();
  }
}

class FrontDoorLimitsTest : public FrontDoorTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = FrontDoorTest::Options();
    options.http.max_body_memory_bytes = 2 << 20;
    options.http.max_connections = 8;
    return options;
  }

  double Metric(const std::string& name) { return MetricValue(node_->MetricsText(), name); }

  // The header block of a PUT of the seed cart announcing a 1 MiB body, and `part` of it.
  std::string PutHead(const std::string& token) {
    return "PUT " + CartPath(demo::kSeedCart) + " HTTP/1.1\r\nHost: x\r\n" +
           (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") +
           "Content-Type: application/json\r\nContent-Length: " + std::to_string(1 << 20) +
           "\r\n\r\n";
  }
};

TEST_F(FrontDoorLimitsTest, RefusalsFromTheHeaderBlockComeBeforeTheBody) {
  // No token, an unknown route, a method not allowed: answered at once although the body is
  // still to come, and the connection closed.
  const std::string part(1000, ' ');
  struct Case {
    std::string request;
    int status;
    int code;
  };
  const std::vector<Case> cases = {
      {PutHead(""), 401, 800001},
      {PutHead("not-a-token"), 401, 900420},
      {"PUT /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n", 404, 1000},
      {"DELETE " + CartPath(demo::kSeedCart) +
           " HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n",
       405, 800002},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.request.substr(0, 40));
    RawConnection connection(node_->port());
    const RawResponse r = connection.Exchange(c.request + part);
    ASSERT_EQ(r.outcome, RawResponse::Outcome::kComplete);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(ReadFault(ToResult(r)).code, c.code);
    EXPECT_EQ(r.headers.Get("Connection"), "close");
    EXPECT_EQ(connection.Receive().outcome, RawResponse::Outcome::kNoAnswer);
  }
  EXPECT_EQ(Metric("cartd_http_answered_before_body_total"), 4);
  EXPECT_EQ(Metric("cartd_http_body_memory_bytes"), 0);
}

TEST_F(FrontDoorLimitsTest, BodiesPastTheMemoryBudgetGet503WithRetryAfter) {
  // Two bodies of 1 MiB fill the 2 MiB budget while their clients are still sending them.
  RawConnection first(node_->port());
  ASSERT_TRUE(first.Send(PutHead(Token()) + "{"));
  RawConnection second(node_->port());
  ASSERT_TRUE(second.Send(PutHead(Token()) + "{"));
  ASSERT_TRUE(Eventually([&] { return Metric("cartd_http_body_memory_bytes") == 2 << 20; }));
  RawConnection third(node_->port());
  const RawResponse refused = third.Exchange(PutHead(Token()) + "{");
  ASSERT_EQ(refused.outcome, RawResponse::Outcome::kComplete);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(ReadFault(ToResult(refused)).code, 800003);
  EXPECT_EQ(refused.headers.Get("Retry-After"), "1");
  EXPECT_EQ(refused.headers.Get("Connection"), "close");
  EXPECT_EQ(third.Receive().outcome, RawResponse::Outcome::kNoAnswer);
  EXPECT_EQ(Metric("cartd_http_body_memory_refusals_total"), 1);
  // The first body completes (not JSON: 400), and its share of the budget is given back.
  ASSERT_TRUE(first.Send(std::string((1 << 20) - 1, ' ')));
  const RawResponse answered = first.Receive();
  EXPECT_EQ(answered.status, 400);
  EXPECT_TRUE(Eventually([&] { return Metric("cartd_http_body_memory_bytes") == 1 << 20; }));
  // Requests without a body never touch the budget.
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", Token()).status, 200);
  ExpectSeedUnchanged();
}

TEST_F(FrontDoorLimitsTest, AConnectionPastTheCapIsClosedAtOnce) {
  // The fixture's client holds one connection; seven more reach the cap of eight.
  ASSERT_EQ(Call("GET", "/healthz").status, 200);
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 7; ++i) {
    open.push_back(std::make_unique<RawConnection>(node_->port()));
    ASSERT_TRUE(open.back()->connected());
  }
  ASSERT_TRUE(Eventually([&] { return Metric("cartd_http_connections_open") == 8; }));
  RawConnection extra(node_->port());
  ASSERT_TRUE(extra.connected());  // the kernel completes the handshake; cartd then closes it
  const RawResponse r = extra.Exchange(FormatRequest("GET", "/healthz", "", {}));
  EXPECT_EQ(r.outcome, RawResponse::Outcome::kNoAnswer);
  EXPECT_EQ(Metric("cartd_http_connections_refused_total"), 1);
  // The connections within the cap are served.
  const RawResponse served = open.back()->Exchange(FormatRequest("GET", "/healthz", "", {}));
  EXPECT_EQ(served.status, 200);
  // Once one closes, a new connection is served again.
  open.front().reset();
  ASSERT_TRUE(Eventually([&] { return Metric("cartd_http_connections_open") == 7; }));
  RawConnection later(node_->port());
  EXPECT_EQ(later.Exchange(FormatRequest("GET", "/healthz", "", {})).status, 200);
}

// VmRSS of process `pid` in bytes; 0 when unreadable.
std::size_t ResidentBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoull(line.c_str() + 6, nullptr, 10) << 10;
  }
  return 0;
}

// Three hundred clients without a token each announce a 1 MiB body and send half of it: every
// one gets 401 at once, and the cartd process does not grow by what they sent (150 MiB).
TEST(FrontDoorProcessTest, UnauthenticatedBodiesAreNotHeldInMemory) {
  constexpr int kClients = 300;
  constexpr std::size_t kBudget = 8 << 20;
  // Allocator and sanitizer overhead of 300 connections (buffers, coroutine frames, answers).
  constexpr std::size_t kMargin = 48 << 20;
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur < kClients + 256) {
    if (limit.rlim_max < kClients + 256) GTEST_SKIP() << "RLIMIT_NOFILE too low";
    limit.rlim_cur = kClients + 256;
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  TempDir dir;
  CartdProcess cartd(
      CARTD_BINARY,
      {"serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir", (dir.path() / "data").string(),
       "--max-body-memory", "8MiB", "--max-connections", "1000", "--access-log=false"},
      {}, dir.path() / "cartd.log");
  const std::optional<std::uint16_t> port = cartd.WaitUntilListening();
  ASSERT_TRUE(port.has_value()) << cartd.Log();
  // Warm up: the first requests allocate what every later one reuses.
  for (int i = 0; i < 5; ++i) {
    RawConnection warm(*port);
    warm.Exchange(FormatRequest("GET", "/healthz", "", {}));
  }
  const std::size_t before = ResidentBytes(cartd.pid());
  ASSERT_GT(before, 0u);
  std::atomic<bool> sampling{true};
  std::atomic<std::size_t> peak{before};
  std::thread sampler([&] {
    while (sampling.load()) {
      peak.store(std::max(peak.load(), ResidentBytes(cartd.pid())));
      std::this_thread::sleep_for(5ms);
    }
  });

  const std::string head = "PUT /v1/customers/" + std::string(demo::kCustomer) + "/carts/" +
                           demo::kSeedCart +
                           " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 1048576\r\n\r\n";
  const std::string half(512 << 10, ' ');
  std::vector<std::unique_ptr<RawConnection>> clients;
  int unauthorized = 0;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<RawConnection>(*port));
    RawConnection& client = *clients.back();
    ASSERT_TRUE(client.connected()) << i;
    client.Send(head + half);
    const RawResponse r = client.Receive();
    if (r.status == 401 && r.headers.Get("Connection") == "close") ++unauthorized;
  }
  sampling.store(false);
  sampler.join();
  EXPECT_EQ(unauthorized, kClients);
  const std::size_t growth = peak.load() > before ? peak.load() - before : 0;
  EXPECT_LT(growth, kBudget + kMargin)
      << "cartd grew by " << (growth >> 20) << " MiB while " << kClients
      << " unauthenticated clients sent " << ((kClients * half.size()) >> 20) << " MiB of bodies";
  RecordProperty("rss_growth_mib", static_cast<int>(growth >> 20));

  // The metrics tell what happened.
  RawConnection scrape(*port);
  const RawResponse metrics = scrape.Exchange(FormatRequest("GET", "/metrics", "", {}));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_GE(MetricValue(metrics.body, "cartd_http_answered_before_body_total"), kClients);
  EXPECT_EQ(MetricValue(metrics.body, "cartd_http_body_memory_bytes"), 0);
  EXPECT_EQ(MetricValue(metrics.body, "cartd_http_body_memory_limit_bytes"), kBudget);
  cartd.Signal(SIGTERM);
  EXPECT_EQ(cartd.Wait(), 0) << cartd.Log();
}

}  // namespace
}  // namespace cartd::test
