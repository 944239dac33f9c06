#include "ops/store_metrics.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace cartd::ops {
namespace {

// How long a scrape reuses the cart counts of an earlier one: counting scans the store.
constexpr auto kCartCountsMaxAge = std::chrono::seconds(5);

// The last cart counts and when they were taken. Thread-safe.
class CartCountCache {
 public:
  CartCountCache(CartStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  std::vector<Sample> Samples() {
    std::lock_guard lock(mutex_);
    const Timestamp now = clock_.Now();
    if (!time_ || now - *time_ >= kCartCountsMaxAge || now < *time_) {
      StatusOr<CartCounts> fresh = store_.CountCarts();
      if (fresh.ok()) {
        counts_ = *fresh;
        time_ = now;
      } else if (!time_) {
        return {};
      }
    }
    return {{{"active"}, static_cast<double>(counts_.active)},
            {{"ordered"}, static_cast<double>(counts_.ordered)}};
  }

 private:
  CartStore& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::optional<Timestamp> time_;  // guarded by mutex_
  CartCounts counts_;              // guarded by mutex_
};

}  // namespace

void RegisterStoreMetrics(Registry& registry, CartStore& store, const Clock& clock,
                          std::function<GroupCommitStats()> group_commit) {
  auto counts = std::make_shared<CartCountCache>(store, clock);
  registry.AddCallback("cartd_carts", "Stored carts by status (expired ones until swept).",
                       MetricType::kGauge, {"status"}, [counts] { return counts->Samples(); });
  if (!group_commit) return;
  auto stat = [group_commit](std::uint64_t GroupCommitStats::*field) {
    return [group_commit, field]() -> std::vector<Sample> {
      return {{{}, static_cast<double>(group_commit().*field)}};
    };
  };
  registry.AddCallback("cartd_store_writes_total", "Writes committed by the SQLite group commit.",
                       MetricType::kCounter, {}, stat(&GroupCommitStats::writes));
  registry.AddCallback("cartd_store_transactions_total",
                       "Group-commit transactions committed; writes_total / transactions_total is "
                       "the mean batch size.",
                       MetricType::kCounter, {}, stat(&GroupCommitStats::transactions));
  registry.AddCallback("cartd_store_failed_transactions_total",
                       "Group-commit transactions that could not begin or commit.",
                       MetricType::kCounter, {}, stat(&GroupCommitStats::failed_transactions));
  registry.AddCallback("cartd_store_last_batch_size",
                       "Writes in the most recent group-commit transaction.", MetricType::kGauge,
                       {}, stat(&GroupCommitStats::last_batch_size));
  registry.AddCallback("cartd_store_queued_writes", "Writes waiting for the SQLite writer.",
                       MetricType::kGauge, {}, stat(&GroupCommitStats::queued));
}

}  // namespace cartd::ops
