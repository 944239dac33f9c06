#include "ops/metrics.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <utility>
#include <variant>

namespace cartd::ops {
namespace {

constexpr std::string_view kOverflowLabel = "_overflow";

std::size_t HashLabels(std::span<const std::string_view> values) {
  std::size_t hash = 14695981039346656037ull;  // FNV-1a, with a separator between values
  for (std::string_view value : values) {
    for (char c : value) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0xffu) * 1099511628211ull;
  }
  return hash;
}

bool SameLabels(const std::vector<std::string>& stored, std::span<const std::string_view> values) {
  if (stored.size() != values.size()) return false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (stored[i] != values[i]) return false;
  }
  return true;
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quotes) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '"':
        if (escape_quotes) {
          out += "\\\"";
        } else {
          out += c;
        }
        break;
      default:
        out += c;
    }
  }
}

// name{a="x",b="y"} or name{a="x",le="0.5"}; `extra` is one more label, already formatted.
void AppendSeriesName(std::string& out, std::string_view name,
                      const std::vector<std::string>& label_names,
                      const std::vector<std::string>& label_values, std::string_view extra = {}) {
  out += name;
  if (label_names.empty() && extra.empty()) return;
  out += '{';
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names[i];
    out += "=\"";
    AppendEscaped(out, label_values[i], true);
    out += '"';
  }
  if (!extra.empty()) {
    if (!label_names.empty()) out += ',';
    out += extra;
  }
  out += '}';
}

void AppendValueLine(std::string& out, std::string_view value) {
  out += ' ';
  out += value;
  out += '\n';
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // Few buckets: a linear scan beats a binary search and keeps the common (fast) case first.
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(total);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

template <typename Metric>
Family<Metric>::Family(std::size_t label_count, std::size_t max_series,
                       std::function<std::unique_ptr<Metric>()> make)
    : label_count_(label_count),
      max_series_(max_series),
      mask_(std::bit_ceil(std::max<std::size_t>(2 * max_series, 2)) - 1),
      make_(std::move(make)),
      slots_(new std::atomic<Series*>[mask_ + 1]) {
  for (std::size_t i = 0; i <= mask_; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
}

template <typename Metric>
Family<Metric>::~Family() = default;

template <typename Metric>
typename Family<Metric>::Series* Family<Metric>::Find(std::span<const std::string_view> values,
                                                      std::size_t hash) const {
  // Slots only ever go from empty to a series, and the table is never more than half full, so
  // a probe ends at an empty slot; a reader that races an insert misses it and retries locked.
  for (std::size_t i = 0; i <= mask_; ++i) {
    Series* series = slots_[(hash + i) & mask_].load(std::memory_order_acquire);
    if (series == nullptr) return nullptr;
    if (series->hash == hash && SameLabels(series->labels, values)) return series;
  }
  return nullptr;
}

template <typename Metric>
Metric& Family<Metric>::Get(std::span<const std::string_view> label_values) {
  const std::size_t hash = HashLabels(label_values);
  if (Series* series = Find(label_values, hash)) return *series->metric;

  std::lock_guard lock(mutex_);
  if (Series* series = Find(label_values, hash)) return *series->metric;
  if (series_.size() >= max_series_) {
    if (!overflow_) {
      overflow_ = std::make_unique<Series>(
          Series{std::vector<std::string>(label_count_, std::string(kOverflowLabel)), 0, make_()});
    }
    return *overflow_->metric;
  }
  auto series = std::make_unique<Series>(
      Series{std::vector<std::string>(label_values.begin(), label_values.end()), hash, make_()});
  std::size_t slot = hash & mask_;
  while (slots_[slot].load(std::memory_order_relaxed) != nullptr) slot = (slot + 1) & mask_;
  Series* raw = series.get();
  series_.push_back(std::move(series));
  slots_[slot].store(raw, std::memory_order_release);
  return *raw->metric;
}

template <typename Metric>
std::vector<const typename Family<Metric>::Series*> Family<Metric>::Sorted() const {
  std::vector<const Series*> sorted;
  {
    std::lock_guard lock(mutex_);
    sorted.reserve(series_.size() + 1);
    for (const auto& series : series_) sorted.push_back(series.get());
    if (overflow_) sorted.push_back(overflow_.get());
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Series* a, const Series* b) { return a->labels < b->labels; });
  return sorted;
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

struct Registry::Entry {
  std::string name;
  std::string help;
  MetricType type = MetricType::kCounter;
  std::vector<std::string> label_names;
  std::vector<double> bounds;  // histograms
  std::variant<std::monostate, std::unique_ptr<Family<Counter>>, std::unique_ptr<Family<Gauge>>,
               std::unique_ptr<Family<Histogram>>, std::function<std::vector<Sample>()>>
      source;
};

Registry::Registry(std::size_t max_series_per_family) : max_series_(max_series_per_family) {}

Registry::~Registry() = default;

void Registry::Add(std::unique_ptr<Entry> entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  auto family = std::unique_ptr<Family<Counter>>(new Family<Counter>(
      label_names.size(), max_series_, [] { return std::make_unique<Counter>(); }));
  Family<Counter>& result = *family;
  Add(std::unique_ptr<Entry>(new Entry{std::move(name),
                                       std::move(help),
                                       MetricType::kCounter,
                                       std::move(label_names),
                                       {},
                                       std::move(family)}));
  return result;
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  auto family = std::unique_ptr<Family<Gauge>>(
      new Family<Gauge>(label_names.size(), max_series_, [] { return std::make_unique<Gauge>(); }));
  Family<Gauge>& result = *family;
  Add(std::unique_ptr<Entry>(new Entry{std::move(name),
                                       std::move(help),
                                       MetricType::kGauge,
                                       std::move(label_names),
                                       {},
                                       std::move(family)}));
  return result;
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  auto entry = std::unique_ptr<Entry>(new Entry{std::move(name),
                                                std::move(help),
                                                MetricType::kHistogram,
                                                std::move(label_names),
                                                std::move(bounds),
                                                {}});
  // The entry owns the bounds; every series of the family reads them.
  const std::span<const double> shared_bounds(entry->bounds);
  auto family = std::unique_ptr<Family<Histogram>>(new Family<Histogram>(
      entry->label_names.size(), max_series_,
      [shared_bounds] { return std::make_unique<Histogram>(shared_bounds); }));
  Family<Histogram>& result = *family;
  entry->source = std::move(family);
  Add(std::move(entry));
  return result;
}

void Registry::AddCallback(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names,
                           std::function<std::vector<Sample>()> collect) {
  Add(std::unique_ptr<Entry>(new Entry{
      std::move(name), std::move(help), type, std::move(label_names), {}, std::move(collect)}));
}

std::string Registry::Render() const {
  std::string out;
  out.reserve(16 << 10);
  std::lock_guard lock(mutex_);
  for (const auto& entry : entries_) {
    out += "# HELP ";
    out += entry->name;
    out += ' ';
    AppendEscaped(out, entry->help, false);
    out += "\n# TYPE ";
    out += entry->name;
    out += ' ';
    out += TypeName(entry->type);
    out += '\n';
    const auto& names = entry->label_names;
    if (const auto* counters = std::get_if<std::unique_ptr<Family<Counter>>>(&entry->source)) {
      for (const auto* series : (*counters)->Sorted()) {
        AppendSeriesName(out, entry->name, names, series->labels);
        AppendValueLine(out, std::to_string(series->metric->Value()));
      }
    } else if (const auto* gauges = std::get_if<std::unique_ptr<Family<Gauge>>>(&entry->source)) {
      for (const auto* series : (*gauges)->Sorted()) {
        AppendSeriesName(out, entry->name, names, series->labels);
        AppendValueLine(out, FormatMetricValue(series->metric->Value()));
      }
    } else if (const auto* histograms =
                   std::get_if<std::unique_ptr<Family<Histogram>>>(&entry->source)) {
      for (const auto* series : (*histograms)->Sorted()) {
        const Histogram::Snapshot snapshot = series->metric->Read();
        const std::span<const double> bounds = series->metric->bounds();
        for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
          const std::string le =
              "le=\"" + (i < bounds.size() ? FormatMetricValue(bounds[i]) : "+Inf") + "\"";
          AppendSeriesName(out, entry->name + "_bucket", names, series->labels, le);
          AppendValueLine(out, std::to_string(snapshot.cumulative[i]));
        }
        AppendSeriesName(out, entry->name + "_sum", names, series->labels);
        AppendValueLine(out, FormatMetricValue(snapshot.sum));
        AppendSeriesName(out, entry->name + "_count", names, series->labels);
        AppendValueLine(out, std::to_string(snapshot.cumulative.back()));
      }
    } else if (const auto* collect =
                   std::get_if<std::function<std::vector<Sample>()>>(&entry->source)) {
      std::vector<Sample> samples = (*collect)();
      std::sort(samples.begin(), samples.end(),
                [](const Sample& a, const Sample& b) { return a.label_values < b.label_values; });
      for (const Sample& sample : samples) {
        if (sample.label_values.size() != names.size()) continue;
        AppendSeriesName(out, entry->name, names, sample.label_values);
        AppendValueLine(out, FormatMetricValue(sample.value));
      }
    }
  }
  return out;
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Plain decimals read best ("0.0005", not "5e-04"); exponents only where those get long.
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc()) result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace cartd::ops
