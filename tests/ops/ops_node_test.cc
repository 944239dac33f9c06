// Operating a node, in-process over real sockets: the access log and lifecycle events, the
// metrics at /metrics, the per-partner rate limit (on a FakeClock, so refills are exact), and
// reloading the catalog and JWKS files.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ops/event_log.h"
#include "partnercenter/json.h"
#include "tests/integration/cartd_fixture.h"
#include "tests/ops/metrics_scrape.h"
#include "tests/ops/reload_catalog.h"
#include "tests/testing/cartd_process.h"
#include "tests/testing/lines_sink.h"
#include "tests/testing/raw_http.h"
#include "tests/testing/test_tokens.h"

namespace cartd::test {
namespace {

constexpr char kCartRoute[] = "GET /v1/customers/{customer-id}/carts/{cart-id}";
constexpr char kPutRoute[] = "PUT /v1/customers/{customer-id}/carts/{cart-id}";
constexpr char kPostRoute[] = "POST /v1/customers/{customer-id}/carts";
constexpr char kAudience[] = "https://api.partnercenter.microsoft.com";

constexpr char kMonthlyLine[] = R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":1,)"
                                R"("billingCycle":"monthly","termDuration":"P1M"})";

std::string CartBody(const std::string& line = kMonthlyLine) {
  return R"({"lineItems":[)" + line + "]}";
}

std::string Series(const std::string& name, const std::string& labels) {
  return name + "{" + labels + "}";
}

std::string RequestsSeries(const std::string& route, int status) {
  return Series("cartd_http_requests_total",
                "route=\"" + route + "\",status=\"" + std::to_string(status) + "\"");
}

class OpsNodeTest : public CartdTest {
 protected:
  NodeOptions Options() override {
    NodeOptions options = CartdTest::Options();
    options.log = ops::EventLog::CreateWithSink({.async = false}, sink_);
    // The sweeper must not write while a test counts the store's writes.
    options.sweep_interval = std::chrono::hours(1);
    options.rate_limit = rate_limit_;
    if (!catalog_file_.empty()) options.catalog_file = catalog_file_;
    if (!jwks_file_.empty()) options.jwks_file = jwks_file_;
    return options;
  }

  // Every log line, parsed; a line that is not one JSON object fails the test.
  std::vector<boost::json::object> LogLines() {
    std::vector<boost::json::object> parsed;
    for (const std::string& line : sink_->Lines()) {
      EXPECT_EQ(line.back(), '\n');
      boost::system::error_code error;
      boost::json::value value = boost::json::parse(line, error);
      if (error || !value.is_object()) {
        ADD_FAILURE() << "not a JSON object: " << line;
        continue;
      }
      parsed.push_back(std::move(value).as_object());
    }
    return parsed;
  }

  std::vector<boost::json::object> Events(std::string_view event) {
    std::vector<boost::json::object> matching;
    for (boost::json::object& line : LogLines()) {
      if (line.at("event").as_string() == event) matching.push_back(std::move(line));
    }
    return matching;
  }

  MetricSamples Scrape() {
    const HttpResult response = Call("GET", "/metrics");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.Get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    MetricSamples samples;
    std::string error;
    EXPECT_TRUE(ParseExposition(response.body, samples, error)) << error;
    return samples;
  }

  std::shared_ptr<LinesSink> sink_ = std::make_shared<LinesSink>();
  ops::RateLimitOptions rate_limit_{.requests_per_second = 0, .burst = 200};
  std::filesystem::path catalog_file_;
  std::filesystem::path jwks_file_;
};

TEST_F(OpsNodeTest, StartUpIsLogged) {
  ASSERT_EQ(Events("store_opened").size(), 1u);
  EXPECT_EQ(Events("store_opened")[0].at("store").as_string(),
            "sqlite://" + (data_dir_ / "cartd.db").string());
  const std::vector<boost::json::object> catalog = Events("catalog_loaded");
  ASSERT_EQ(catalog.size(), 1u);
  EXPECT_EQ(catalog[0].at("source").as_string(), "built-in demo catalog");
  EXPECT_GT(catalog[0].at("items").as_int64(), 10);
  ASSERT_EQ(Events("keys_loaded").size(), 1u);
  EXPECT_EQ(Events("keys_loaded")[0].at("kind").as_string(), "HS256 development key");
  const std::vector<boost::json::object> listening = Events("listening");
  ASSERT_EQ(listening.size(), 1u);
  EXPECT_EQ(listening[0].at("host").as_string(), "127.0.0.1");
  EXPECT_EQ(listening[0].at("port").as_int64(), node_->port());
  EXPECT_EQ(listening[0].at("tls").as_bool(), false);
  EXPECT_EQ(listening[0].at("server_id").as_string(), "TESTNODE");
  for (const boost::json::object& line : LogLines()) {
    EXPECT_EQ(line.at("level").as_string(), "info");
    EXPECT_TRUE(line.at("time").is_string());
  }
}

TEST_F(OpsNodeTest, EachAnsweredRequestHasOneAccessLogLine) {
  const HttpResult response = Call("GET", CartPath(demo::kSeedCart) + "?ignored=1", "", Token(),
                                   {{"MS-RequestId", "req-42"}, {"MS-CorrelationId", "corr-42"}});
  ASSERT_EQ(response.status, 200);
  const HttpResult unknown = Call("GET", "/nowhere");
  ASSERT_EQ(unknown.status, 404);

  const std::vector<boost::json::object> requests = Events("request");
  ASSERT_EQ(requests.size(), 2u);
  const boost::json::object& line = requests[0];
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("method").as_string(), "GET");
  EXPECT_EQ(line.at("path").as_string(), CartPath(demo::kSeedCart));
  EXPECT_EQ(line.at("route").as_string(), kCartRoute);
  EXPECT_EQ(line.at("status").as_int64(), 200);
  EXPECT_GE(line.at("latency_ms").to_number<double>(), 0);
  EXPECT_EQ(line.at("bytes_out").as_int64(), static_cast<std::int64_t>(response.body.size()));
  EXPECT_EQ(line.at("partner_tenant").as_string(), demo::kPartnerTenant);
  EXPECT_EQ(line.at("request_id").as_string(), "req-42");
  EXPECT_EQ(line.at("correlation_id").as_string(), "corr-42");
  EXPECT_EQ(std::string(line.at("remote").as_string()).rfind("127.0.0.1:", 0), 0u);
  EXPECT_FALSE(line.contains("auth_failure"));

  const boost::json::object& other = requests[1];
  EXPECT_EQ(other.at("route").as_string(), "unmatched");
  EXPECT_EQ(other.at("status").as_int64(), 404);
  EXPECT_EQ(other.at("partner_tenant").as_string(), "");
  // Generated ids are logged as they were answered.
  EXPECT_EQ(other.at("request_id").as_string(), unknown.headers.Get("MS-RequestId"));
  EXPECT_EQ(other.at("correlation_id").as_string(), unknown.headers.Get("MS-CorrelationId"));
}

TEST_F(OpsNodeTest, NoTokenOrSigningKeyInAnyLogLine) {
  const std::string valid = Token();
  const std::string wrong_key =
      auth::testing::SignHs256(R"({"alg":"HS256","typ":"JWT"})",
                               R"({"tid":")" + std::string(demo::kPartnerTenant) + R"(","aud":")" +
                                   kAudience + R"(","oid":"u","exp":4102444800})",
                               "a secret that is not the node's");
  const std::string garbage = "opaque-secret-token-text-0123456789";
  ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart), "", valid).status, 200);
  ASSERT_EQ(Call("PUT", CartPath(demo::kSeedCart), CartBody(), valid).status, 201);
  ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart), "", wrong_key).status, 401);
  ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart), "", garbage).status, 401);
  ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart)).status, 401);

  // The refusals say why.
  const std::vector<boost::json::object> requests = Events("request");
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_FALSE(requests[2].at("auth_failure").as_string().empty());
  EXPECT_FALSE(requests[3].at("auth_failure").as_string().empty());
  EXPECT_FALSE(requests[4].at("auth_failure").as_string().empty());
  EXPECT_NE(requests[2].at("auth_failure").as_string(), requests[4].at("auth_failure").as_string());

  // Neither a token, nor any of its three parts, nor the key, in any form.
  std::vector<std::string> secrets = {garbage};
  for (const std::string& token : {valid, wrong_key}) {
    secrets.push_back(token);
    std::size_t start = 0;
    while (start < token.size()) {
      const std::size_t dot = token.find('.', start);
      secrets.push_back(token.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
  }
  const std::string& key = node_->dev_signing_key();
  ASSERT_FALSE(key.empty());
  secrets.push_back(key);
  std::string key_hex;
  for (unsigned char c : key) {
    static constexpr char kHex[] = "0123456789abcdef";
    key_hex += kHex[c >> 4];
    key_hex += kHex[c & 0xf];
  }
  secrets.push_back(key_hex);
  const std::vector<std::string> lines = sink_->Lines();
  ASSERT_GE(lines.size(), 9u);
  for (const std::string& line : lines) {
    for (const std::string& secret : secrets) {
      ASSERT_GE(secret.size(), 16u);
      EXPECT_EQ(line.find(secret), std::string::npos) << line;
    }
  }
}

TEST_F(OpsNodeTest, MetricsMoveByExactlyWhatWasSent) {
  const MetricSamples before = Scrape();
  const std::string unknown_cart = "00000000-0000-4000-8000-000000000001";
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart), "", Token()).status, 200);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(Call("GET", CartPath(unknown_cart), "", Token()).status, 404);
  ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart)).status, 401);
  const HttpResult put =
      Call("PUT", CartPath(demo::kSeedCart), CartBody(), Token(), {{"MS-RequestId", "put-1"}});
  ASSERT_EQ(put.status, 201);
  const HttpResult replay =
      Call("PUT", CartPath(demo::kSeedCart), CartBody(), Token(), {{"MS-RequestId", "put-1"}});
  ASSERT_EQ(replay.status, 201);
  ASSERT_EQ(replay.headers.Get("Idempotent-Replayed"), "true");
  const MetricSamples after = Scrape();

  auto delta = [&](const std::string& series) {
    return SampleOr0(after, series) - SampleOr0(before, series);
  };
  EXPECT_EQ(delta(RequestsSeries(kCartRoute, 200)), 3);
  EXPECT_EQ(delta(RequestsSeries(kCartRoute, 404)), 2);
  EXPECT_EQ(delta(RequestsSeries(kCartRoute, 401)), 1);
  EXPECT_EQ(delta(RequestsSeries(kPutRoute, 201)), 2);
  // The first scrape is counted once it has been answered, so the second one shows it.
  EXPECT_EQ(delta(RequestsSeries("GET /metrics", 200)), 1);
  EXPECT_EQ(delta(Series("cartd_http_request_duration_seconds_count",
                         "route=\"" + std::string(kCartRoute) + "\"")),
            6);
  EXPECT_EQ(delta(Series("cartd_http_request_duration_seconds_bucket",
                         "route=\"" + std::string(kCartRoute) + "\",le=\"+Inf\"")),
            6);
  EXPECT_EQ(
      delta(Series("cartd_idempotent_replays_total", "route=\"" + std::string(kPutRoute) + "\"")),
      1);
  EXPECT_EQ(delta(Series("cartd_auth_failures_total", "reason=\"missing_token\"")), 1);
  EXPECT_EQ(delta(Series("cartd_auth_failures_total", "reason=\"invalid_token\"")), 0);
  // One durable write: the PUT (the replay wrote nothing).
  EXPECT_EQ(delta(Series("cartd_store_commit_duration_seconds_count", "outcome=\"ok\"")), 1);
  EXPECT_EQ(delta("cartd_store_writes_total"), 1);
  EXPECT_EQ(delta("cartd_store_transactions_total"), 1);
  EXPECT_EQ(SampleOr0(after, "cartd_store_last_batch_size"), 1);
  EXPECT_EQ(SampleOr0(after, "cartd_store_queued_writes"), 0);
  EXPECT_EQ(delta("cartd_rate_limited_requests_total"), 0);
  // The scrape itself is the request in flight.
  EXPECT_EQ(SampleOr0(before, "cartd_http_requests_in_flight"), 1);
  EXPECT_EQ(SampleOr0(after, "cartd_http_requests_in_flight"), 1);
  EXPECT_GT(SampleOr0(after, "cartd_catalog_items"), 10);
  EXPECT_EQ(SampleOr0(after, "cartd_token_cache_entries"), 1);
  EXPECT_GT(SampleOr0(after, "cartd_start_time_seconds"), 1.7e9);
}

TEST_F(OpsNodeTest, CartCountsAreCachedForFiveSeconds) {
  const MetricSamples first = Scrape();
  const std::string active = Series("cartd_carts", "status=\"active\"");
  const std::string ordered = Series("cartd_carts", "status=\"ordered\"");
  EXPECT_EQ(SampleOr0(first, active), 1);  // the seed cart
  EXPECT_EQ(SampleOr0(first, ordered), 0);
  ASSERT_EQ(Call("POST", CartsPath(), CartBody(), Token()).status, 201);
  clock_.Advance(std::chrono::milliseconds(4999));
  EXPECT_EQ(SampleOr0(Scrape(), active), 1);
  clock_.Advance(std::chrono::milliseconds(1));
  EXPECT_EQ(SampleOr0(Scrape(), active), 2);
}

TEST_F(OpsNodeTest, OptimisticRetriesAreCounted) {
  // Many writers on one cart: whenever two read the same version, one of them must retry.
  const MetricSamples before = Scrape();
  constexpr int kThreads = 16;
  constexpr int kPutsPerThread = 5;
  const std::string token = Token();
  std::atomic<int> created{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(node_->port());
      for (int i = 0; i < kPutsPerThread; ++i) {
        const std::string line =
            R"({"catalogItemId":"CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ","quantity":)" +
            std::to_string(t * 100 + i + 1) + R"(,"billingCycle":"monthly","termDuration":"P1M"})";
        const HttpResult r = client.Send(
            "PUT", CartPath(demo::kSeedCart), CartBody(line),
            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        if (r.status == 201) ++created;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(created.load(), kThreads * kPutsPerThread);
  const MetricSamples after = Scrape();
  auto delta = [&](const std::string& series) {
    return SampleOr0(after, series) - SampleOr0(before, series);
  };
  const double retries = delta(Series("cartd_cart_write_conflicts_total", "operation=\"update\""));
  // Each retry followed a commit the store refused as a conflict, and nothing else did.
  EXPECT_EQ(retries,
            delta(Series("cartd_store_commit_duration_seconds_count", "outcome=\"conflict\"")));
  EXPECT_GT(retries, 0);
  EXPECT_EQ(delta(Series("cartd_store_commit_duration_seconds_count", "outcome=\"ok\"")),
            kThreads * kPutsPerThread);
}

class RateLimitTest : public OpsNodeTest {
 protected:
  RateLimitTest() { rate_limit_ = {.requests_per_second = 2, .burst = 3}; }
};

TEST_F(RateLimitTest, ABurstBeyondTheBucketGets429UntilItRefills) {
  const std::string token = Token();
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).status, 200) << i;
  }
  const HttpResult limited =
      Call("GET", CartPath(demo::kSeedCart), "", token, {{"MS-RequestId", "limited-1"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.headers.Get("Retry-After"), "1");
  EXPECT_EQ(limited.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(limited.body,
            R"({"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."})");
  EXPECT_EQ(limited.headers.Get("MS-RequestId"), "limited-1");
  EXPECT_EQ(limited.headers.Get("MS-ServerId"), "TESTNODE");

  // Other partners, requests refused before authentication, and operational endpoints are not
  // limited by this partner's bucket.
  const std::string other = Token(demo::kOtherPartnerTenant);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart, demo::kOtherPartnersCustomer), "", other).status,
            404);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", "not-a-token").status, 401);
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  EXPECT_EQ(SampleOr0(Scrape(), "cartd_rate_limited_requests_total"), 1);
  EXPECT_EQ(SampleOr0(Scrape(), "cartd_rate_limiter_buckets"), 2);

  // Half a second refills one request; a whole second, two.
  clock_.Advance(std::chrono::milliseconds(499));
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).status, 429);
  clock_.Advance(std::chrono::milliseconds(501));
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).status, 200);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).status, 200);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", token).status, 429);

  const std::vector<boost::json::object> requests = Events("request");
  std::size_t limited_lines = 0;
  for (const boost::json::object& line : requests) {
    if (line.at("status").as_int64() != 429) continue;
    ++limited_lines;
    EXPECT_EQ(line.at("rate_limited").as_bool(), true);
    EXPECT_EQ(line.at("partner_tenant").as_string(), demo::kPartnerTenant);
  }
  EXPECT_EQ(limited_lines, 3u);
}

constexpr char kNewItemLine[] = R"({"catalogItemId":"PRODUCT00001:0001:AVAIL0000002","quantity":1,)"
                                R"("billingCycle":"monthly","termDuration":"P1M"})";

class ReloadTest : public OpsNodeTest {
 protected:
  void SetUp() override {
    catalog_file_ = files_.path() / "catalog.json";
    WriteFile(catalog_file_, ReloadTestCatalog(false));
    OpsNodeTest::SetUp();
  }

  // The error code of the only line of the cart a PUT of `line` answers with; 0 for none.
  static int LineError(const RawResponse& response) {
    EXPECT_EQ(response.outcome, RawResponse::Outcome::kComplete);
    EXPECT_EQ(response.status, 201) << response.body;
    const auto cart = partnercenter::ParseCart(response.body);
    if (!cart.ok() || cart->line_items.size() != 1) {
      ADD_FAILURE() << response.body;
      return -1;
    }
    return cart->line_items[0].error ? cart->line_items[0].error->error_code : 0;
  }

  TempDir files_;
};

TEST_F(ReloadTest, ANewCatalogIsUsedOnConnectionsOpenedBefore) {
  RawConnection connection(node_->port());
  ASSERT_TRUE(connection.connected());
  const std::string put =
      FormatRequest("PUT", CartPath(demo::kSeedCart), CartBody(kNewItemLine),
                    {{"Authorization", "Bearer " + Token()}, {"Content-Type", "application/json"}});
  EXPECT_EQ(LineError(connection.Exchange(put)), 10001);  // not in the catalog (yet)

  WriteFile(catalog_file_, ReloadTestCatalog(true));
  ASSERT_TRUE(node_->Reload().ok());
  EXPECT_EQ(LineError(connection.Exchange(put)), 0);

  // A broken file is refused, logged, and the catalog in use is kept.
  WriteFile(catalog_file_, "{\"products\": [");
  const Status broken = node_->Reload();
  EXPECT_EQ(broken.code(), ErrorCode::kInvalidInput);
  EXPECT_NE(broken.message().find(catalog_file_.string()), std::string::npos) << broken.message();
  EXPECT_EQ(LineError(connection.Exchange(put)), 0);

  const std::vector<boost::json::object> reloaded = Events("catalog_reloaded");
  ASSERT_EQ(reloaded.size(), 1u);
  EXPECT_EQ(reloaded[0].at("items").as_int64(), 2);
  EXPECT_EQ(reloaded[0].at("file").as_string(), catalog_file_.string());
  const std::vector<boost::json::object> failed = Events("catalog_reload_failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].at("level").as_string(), "error");
  EXPECT_EQ(failed[0].at("error").as_string(), broken.message());

  const MetricSamples metrics = Scrape();
  EXPECT_EQ(SampleOr0(metrics, Series("cartd_reloads_total", "file=\"catalog\",result=\"ok\"")), 1);
  EXPECT_EQ(SampleOr0(metrics, Series("cartd_reloads_total", "file=\"catalog\",result=\"error\"")),
            1);
  EXPECT_EQ(SampleOr0(metrics, "cartd_catalog_items"), 2);
}

class JwksReloadTest : public OpsNodeTest {
 protected:
  void SetUp() override {
    jwks_file_ = files_.path() / "jwks.json";
    WriteFile(jwks_file_, Jwks("key-0", 0));
    OpsNodeTest::SetUp();
  }

  static std::string Jwks(const std::string& kid, int key) {
    return auth::testing::MakeJwks({auth::testing::SharedRsaKey(key).Jwk(kid)});
  }

  std::string Rs256Token(const std::string& kid, int key) {
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    return auth::testing::SignRs256(R"({"alg":"RS256","typ":"JWT","kid":")" + kid + R"("})",
                                    R"({"tid":")" + std::string(demo::kPartnerTenant) +
                                        R"(","aud":")" + kAudience + R"(","oid":")" + demo::kUser +
                                        R"(","scp":"user_impersonation","exp":)" +
                                        std::to_string(now + 3600) + "}",
                                    auth::testing::SharedRsaKey(key));
  }

  TempDir files_;
};

TEST_F(JwksReloadTest, RotatedKeysAreAcceptedAfterAReload) {
  const std::string old_token = Rs256Token("key-0", 0);
  const std::string new_token = Rs256Token("key-1", 1);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", old_token).status, 200);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", new_token).status, 401);

  WriteFile(jwks_file_, auth::testing::MakeJwks({auth::testing::SharedRsaKey(1).Jwk("key-1")}));
  ASSERT_TRUE(node_->Reload().ok());
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", new_token).status, 200);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", old_token).status, 401);

  WriteFile(jwks_file_, R"({"keys":[]})");
  EXPECT_EQ(node_->Reload().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Call("GET", CartPath(demo::kSeedCart), "", new_token).status, 200);
  ASSERT_EQ(Events("jwks_reloaded").size(), 1u);
  ASSERT_EQ(Events("jwks_reload_failed").size(), 1u);
  EXPECT_EQ(Events("keys_loaded")[0].at("kind").as_string(), "RS256 JWKS");
}

}  // namespace
}  // namespace cartd::test
