// Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
// histograms with fixed buckets, each in a family with a fixed list of label names, plus metrics
// whose samples are computed at scrape time (from a store's statistics, say).
//
// The hot path is lock-free: updating a metric is one or a few relaxed atomic operations, and
// finding the series of a label set (Family::Get) is a lock-free probe of a hash table once the
// series exists. Only the first use of a label set and the scrape (Registry::Render) take a
// family's mutex. Callers that update the same series often may keep the reference Get returns:
// series are never removed, so references stay valid for the registry's lifetime.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cartd::ops {

// A value that only goes up. Thread-safe.
class Counter {
 public:
  void Increment(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into fixed buckets (`bounds`: upper bounds, inclusive, ascending; +Inf is
// implicit) and keeps their sum. Thread-safe.
class Histogram {
 public:
  explicit Histogram(std::span<const double> bounds);

  void Observe(double value);

  // A view of the histogram for exposition: per bucket the cumulative count of observations
  // less than or equal to its bound, the last entry being +Inf (= count).
  struct Snapshot {
    std::vector<std::uint64_t> cumulative;
    double sum = 0;
  };
  Snapshot Read() const;

  std::span<const double> bounds() const { return bounds_; }

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

enum class MetricType { kCounter, kGauge, kHistogram };

// The series of one metric name, one per distinct tuple of label values. Thread-safe.
//
// A family holds at most `max_series` series (see Registry); label sets beyond that share one
// series whose every label value is "_overflow", so that a label fed by unexpected input cannot
// exhaust memory.
template <typename Metric>
class Family {
 public:
  // The series for `label_values` (one value per label name, in order), created on first use.
  // REQUIRES: label_values.size() equals the number of label names.
  Metric& Get(std::span<const std::string_view> label_values);
  Metric& Get(std::initializer_list<std::string_view> label_values) {
    return Get(std::span<const std::string_view>(label_values.begin(), label_values.size()));
  }

  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;
  ~Family();

 private:
  friend class Registry;
  struct Series {
    std::vector<std::string> labels;
    std::size_t hash;
    std::unique_ptr<Metric> metric;
  };

  Family(std::size_t label_count, std::size_t max_series,
         std::function<std::unique_ptr<Metric>()> make);
  Series* Find(std::span<const std::string_view> label_values, std::size_t hash) const;
  // Every series, ordered by label values: what a scrape shows.
  std::vector<const Series*> Sorted() const;

  const std::size_t label_count_;
  const std::size_t max_series_;
  const std::size_t mask_;  // slot count - 1 (a power of two, at least 2 * max_series_)
  const std::function<std::unique_ptr<Metric>()> make_;
  std::unique_ptr<std::atomic<Series*>[]> slots_;
  mutable std::mutex mutex_;  // guards series_ and inserts into slots_
  std::vector<std::unique_ptr<Series>> series_;
  std::unique_ptr<Series> overflow_;
};

// One sample of a metric computed at scrape time.
struct Sample {
  std::vector<std::string> label_values;
  double value = 0;
};

// The metrics of one process, and their exposition. Thread-safe. Families live as long as the
// registry.
//
// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label names [a-zA-Z_][a-zA-Z0-9_]* without a
// leading "__" ("le" is reserved for histograms); each metric name is registered once. These are
// programming errors, checked by the tests of the code that registers them, not at run time.
class Registry {
 public:
  explicit Registry(std::size_t max_series_per_family = 1000);
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});
  // `bounds`: the buckets' upper bounds, ascending, without +Inf.
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names, std::vector<double> bounds);

  // A counter or gauge whose samples `collect` computes at each scrape, on the scraping thread.
  // `collect` must be thread-safe if scrapes may run concurrently, and must not call Render.
  void AddCallback(std::string name, std::string help, MetricType type,
                   std::vector<std::string> label_names,
                   std::function<std::vector<Sample>()> collect);

  // The text exposition of every metric, in registration order; within a metric, series are
  // ordered by label values. Families without series yet are listed with HELP and TYPE only.
  std::string Render() const;

 private:
  struct Entry;
  void Add(std::unique_ptr<Entry> entry);

  const std::size_t max_series_;
  mutable std::mutex mutex_;  // guards entries_ (registration and scrapes, never updates)
  std::vector<std::unique_ptr<Entry>> entries_;
};

// Bucket bounds for request and commit latencies, in seconds: 0.5 ms to 10 s.
std::vector<double> LatencyBuckets();

// `value` as the exposition format writes numbers: the shortest text that reads back exactly,
// "+Inf", "-Inf" or "NaN".
std::string FormatMetricValue(double value);

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;

}  // namespace cartd::ops
