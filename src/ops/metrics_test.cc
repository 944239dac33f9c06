#include "ops/metrics.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace cartd::ops {
namespace {

TEST(MetricsTest, CounterGaugeAndHistogramExposition) {
  Registry registry;
  Family<Counter>& requests =
      registry.AddCounter("app_requests_total", "Requests.", {"route", "status"});
  Family<Gauge>& in_flight = registry.AddGauge("app_in_flight", "In flight.");
  Family<Histogram>& latency =
      registry.AddHistogram("app_latency_seconds", "Latency.", {"route"}, {0.25, 1});

  requests.Get({"b", "200"}).Increment();
  requests.Get({"a", "404"}).Increment(2);
  requests.Get({"a", "200"}).Increment();
  requests.Get({"a", "200"}).Increment();
  in_flight.Get({}).Add(3);
  in_flight.Get({}).Add(-1.5);
  latency.Get({"a"}).Observe(0.125);
  latency.Get({"a"}).Observe(0.25);  // bounds are inclusive
  latency.Get({"a"}).Observe(0.5);
  latency.Get({"a"}).Observe(7);

  EXPECT_EQ(registry.Render(),
            "# HELP app_requests_total Requests.\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{route=\"a\",status=\"200\"} 2\n"
            "app_requests_total{route=\"a\",status=\"404\"} 2\n"
            "app_requests_total{route=\"b\",status=\"200\"} 1\n"
            "# HELP app_in_flight In flight.\n"
            "# TYPE app_in_flight gauge\n"
            "app_in_flight 1.5\n"
            "# HELP app_latency_seconds Latency.\n"
            "# TYPE app_latency_seconds histogram\n"
            "app_latency_seconds_bucket{route=\"a\",le=\"0.25\"} 2\n"
            "app_latency_seconds_bucket{route=\"a\",le=\"1\"} 3\n"
            "app_latency_seconds_bucket{route=\"a\",le=\"+Inf\"} 4\n"
            "app_latency_seconds_sum{route=\"a\"} 7.875\n"
            "app_latency_seconds_count{route=\"a\"} 4\n");
}

TEST(MetricsTest, FamiliesWithoutSeriesShowOnlyHelpAndType) {
  Registry registry;
  registry.AddCounter("empty_total", "Nothing yet.", {"x"});
  EXPECT_EQ(registry.Render(), "# HELP empty_total Nothing yet.\n# TYPE empty_total counter\n");
}

TEST(MetricsTest, LabelValuesAndHelpAreEscaped) {
  Registry registry;
  registry.AddCounter("esc_total", "Back\\slash and\nnewline.", {"v"})
      .Get({"quote\" back\\ nl\n"})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP esc_total Back\\\\slash and\\nnewline.\n"
            "# TYPE esc_total counter\n"
            "esc_total{v=\"quote\\\" back\\\\ nl\\n\"} 1\n");
}

TEST(MetricsTest, TheSameLabelsGiveTheSameSeries) {
  Registry registry;
  Family<Counter>& family = registry.AddCounter("same_total", "", {"a", "b"});
  Counter& first = family.Get({"x", "y"});
  EXPECT_EQ(&family.Get({"x", "y"}), &first);
  // The separator keeps ("xy", "") apart from ("x", "y").
  EXPECT_NE(&family.Get({"xy", ""}), &first);
}

TEST(MetricsTest, SeriesBeyondTheLimitShareTheOverflowSeries) {
  Registry registry(/*max_series_per_family=*/2);
  Family<Counter>& family = registry.AddCounter("capped_total", "Capped.", {"k"});
  family.Get({"a"}).Increment();
  family.Get({"b"}).Increment();
  family.Get({"c"}).Increment();
  family.Get({"d"}).Increment(5);
  family.Get({"a"}).Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP capped_total Capped.\n"
            "# TYPE capped_total counter\n"
            "capped_total{k=\"_overflow\"} 6\n"
            "capped_total{k=\"a\"} 2\n"
            "capped_total{k=\"b\"} 1\n");
}

TEST(MetricsTest, CallbacksAreCollectedAtEachScrape) {
  Registry registry;
  int scrapes = 0;
  registry.AddCallback("cb_items", "Items.", MetricType::kGauge, {"kind"}, [&] {
    ++scrapes;
    return std::vector<Sample>{{{"z"}, static_cast<double>(scrapes)}, {{"a"}, 0.25}};
  });
  registry.AddCallback("cb_total", "Total.", MetricType::kCounter, {}, [] {
    return std::vector<Sample>{{{}, 12}};
  });
  const std::string expected_tail =
      "# HELP cb_total Total.\n# TYPE cb_total counter\ncb_total 12\n";
  EXPECT_EQ(registry.Render(),
            "# HELP cb_items Items.\n# TYPE cb_items gauge\n"
            "cb_items{kind=\"a\"} 0.25\ncb_items{kind=\"z\"} 1\n" +
                expected_tail);
  EXPECT_EQ(registry.Render(),
            "# HELP cb_items Items.\n# TYPE cb_items gauge\n"
            "cb_items{kind=\"a\"} 0.25\ncb_items{kind=\"z\"} 2\n" +
                expected_tail);
}

TEST(MetricsTest, ConcurrentUpdatesAreAllCounted) {
  Registry registry;
  Family<Counter>& counters = registry.AddCounter("race_total", "", {"thread_group"});
  Family<Histogram>& histograms = registry.AddHistogram("race_seconds", "", {}, {1});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Half the threads share one series, the others create theirs concurrently.
      const std::string group = t % 2 == 0 ? "shared" : "own" + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) {
        counters.Get({group}).Increment();
        histograms.Get({}).Observe(i % 2 == 0 ? 0.5 : 2);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counters.Get({"shared"}).Value(),
            static_cast<std::uint64_t>(kThreads / 2 * kPerThread));
  EXPECT_EQ(counters.Get({"own1"}).Value(), static_cast<std::uint64_t>(kPerThread));
  EXPECT_EQ(counters.Get({"own7"}).Value(), static_cast<std::uint64_t>(kPerThread));
  const Histogram::Snapshot snapshot = histograms.Get({}).Read();
  ASSERT_EQ(snapshot.cumulative.size(), 2u);
  EXPECT_EQ(snapshot.cumulative[0], static_cast<std::uint64_t>(kThreads * kPerThread / 2));
  EXPECT_EQ(snapshot.cumulative[1], static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_DOUBLE_EQ(snapshot.sum, kThreads * kPerThread / 2 * 2.5);
}

TEST(MetricsTest, ValuesAreFormattedExactly) {
  EXPECT_EQ(FormatMetricValue(0), "0");
  EXPECT_EQ(FormatMetricValue(42), "42");
  EXPECT_EQ(FormatMetricValue(0.0005), "0.0005");
  EXPECT_EQ(FormatMetricValue(-2.5), "-2.5");
  EXPECT_EQ(FormatMetricValue(1e6), "1000000");
  EXPECT_EQ(FormatMetricValue(1e300), "1e+300");
  EXPECT_EQ(FormatMetricValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatMetricValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatMetricValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(MetricsTest, LatencyBucketsAscend) {
  const std::vector<double> buckets = LatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_EQ(buckets.front(), 0.0005);
  EXPECT_EQ(buckets.back(), 10);
  for (std::size_t i = 1; i < buckets.size(); ++i) EXPECT_LT(buckets[i - 1], buckets[i]);
}

}  // namespace
}  // namespace cartd::ops
