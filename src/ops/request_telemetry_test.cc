#include "ops/request_telemetry.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "tests/testing/lines_sink.h"

namespace cartd::ops {
namespace {

using test::LinesSink;

bool HasLine(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

RequestRecord SomeRequest() {
  return RequestRecord{.method = "PUT",
                       .path = "/v1/customers/c/carts/k",
                       .route = "PUT /v1/customers/{customer-id}/carts/{cart-id}",
                       .remote_address = "127.0.0.1:40000",
                       .status = 201,
                       .bytes_out = 812,
                       .partner_tenant = "tenant-1",
                       .request_id = "req-1",
                       .correlation_id = "corr-1",
                       .latency = std::chrono::microseconds(2500)};
}

TEST(RequestTelemetryTest, CountsRequestsByRouteAndStatus) {
  Registry registry;
  RequestTelemetry telemetry(registry, nullptr);
  telemetry.Started();
  telemetry.Started();
  EXPECT_TRUE(HasLine(registry.Render(), "cartd_http_requests_in_flight 2"));
  RequestRecord record = SomeRequest();
  telemetry.Finished(record);
  record.status = 412;
  telemetry.Finished(record);
  const std::string text = registry.Render();
  const std::string route = "route=\"PUT /v1/customers/{customer-id}/carts/{cart-id}\"";
  EXPECT_TRUE(HasLine(text, "cartd_http_requests_in_flight 0")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_http_requests_total{" + route + ",status=\"201\"} 1")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_http_requests_total{" + route + ",status=\"412\"} 1")) << text;
  EXPECT_TRUE(
      HasLine(text, "cartd_http_request_duration_seconds_bucket{" + route + ",le=\"0.0025\"} 2"))
      << text;
  EXPECT_TRUE(
      HasLine(text, "cartd_http_request_duration_seconds_bucket{" + route + ",le=\"0.001\"} 0"))
      << text;
  EXPECT_TRUE(HasLine(text, "cartd_http_request_duration_seconds_count{" + route + "} 2")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_http_request_duration_seconds_sum{" + route + "} 0.005"))
      << text;
}

TEST(RequestTelemetryTest, CountsReplaysRateLimitsAuthFailuresRejectsAndConflicts) {
  Registry registry;
  RequestTelemetry telemetry(registry, nullptr);
  RequestRecord replayed = SomeRequest();
  replayed.replayed = true;
  telemetry.Started();
  telemetry.Finished(replayed);
  RequestRecord limited = SomeRequest();
  limited.status = 429;
  limited.rate_limited = true;
  telemetry.Started();
  telemetry.Finished(limited);
  RequestRecord refused = SomeRequest();
  refused.status = 401;
  refused.auth_error = ErrorCode::kInvalidToken;
  refused.auth_failure = "signature does not verify";
  telemetry.Started();
  telemetry.Finished(refused);
  telemetry.Rejected(413, "too large");
  telemetry.WriteConflict("checkout");
  telemetry.WriteConflict("checkout");

  const std::string text = registry.Render();
  EXPECT_TRUE(HasLine(text,
                      "cartd_idempotent_replays_total{route=\"PUT "
                      "/v1/customers/{customer-id}/carts/{cart-id}\"} 1"))
      << text;
  EXPECT_TRUE(HasLine(text, "cartd_rate_limited_requests_total 1")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_auth_failures_total{reason=\"invalid_token\"} 1")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_auth_failures_total{reason=\"missing_token\"} 0")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_http_rejected_requests_total{status=\"413\"} 1")) << text;
  EXPECT_TRUE(HasLine(text, "cartd_cart_write_conflicts_total{operation=\"checkout\"} 2")) << text;
}

TEST(RequestTelemetryTest, WritesOneAccessLogLinePerRequest) {
  Registry registry;
  auto sink = std::make_shared<LinesSink>();
  RequestTelemetry telemetry(registry, EventLog::CreateWithSink({.async = false}, sink));
  RequestRecord record = SomeRequest();
  record.status = 401;
  record.partner_tenant = "";
  record.auth_error = ErrorCode::kInvalidToken;
  record.auth_failure = "token expired";
  telemetry.Started();
  telemetry.Finished(record);

  const std::vector<std::string> lines = sink->Lines();
  ASSERT_EQ(lines.size(), 1u);
  const boost::json::object line = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("event").as_string(), "request");
  EXPECT_EQ(line.at("method").as_string(), "PUT");
  EXPECT_EQ(line.at("path").as_string(), "/v1/customers/c/carts/k");
  EXPECT_EQ(line.at("route").as_string(), "PUT /v1/customers/{customer-id}/carts/{cart-id}");
  EXPECT_EQ(line.at("status").as_int64(), 401);
  EXPECT_EQ(line.at("latency_ms").as_double(), 2.5);
  EXPECT_EQ(line.at("bytes_out").as_int64(), 812);
  EXPECT_EQ(line.at("partner_tenant").as_string(), "");
  EXPECT_EQ(line.at("request_id").as_string(), "req-1");
  EXPECT_EQ(line.at("correlation_id").as_string(), "corr-1");
  EXPECT_EQ(line.at("remote").as_string(), "127.0.0.1:40000");
  EXPECT_EQ(line.at("auth_failure").as_string(), "token expired");
  EXPECT_FALSE(line.contains("replayed"));
  EXPECT_FALSE(line.contains("rate_limited"));
  EXPECT_FALSE(line.contains("error"));
}

TEST(RequestTelemetryTest, AccessLogCanBeTurnedOff) {
  Registry registry;
  auto sink = std::make_shared<LinesSink>();
  RequestTelemetry telemetry(registry,
                             EventLog::CreateWithSink({.access_log = false, .async = false}, sink));
  telemetry.Started();
  telemetry.Finished(SomeRequest());
  EXPECT_TRUE(sink->Lines().empty());
  EXPECT_TRUE(HasLine(registry.Render(),
                      "cartd_http_requests_total{route=\"PUT "
                      "/v1/customers/{customer-id}/carts/{cart-id}\",status=\"201\"} 1"));
}

}  // namespace
}  // namespace cartd::ops
