#include "ops/sweeper.h"

#include <utility>

namespace cartd::ops {

Sweeper::Sweeper(CartService& carts, OrderService& orders, SweeperOptions options,
                 std::shared_ptr<EventLog> log)
    : carts_(carts), orders_(orders), options_(options), log_(std::move(log)) {
  thread_ = std::thread([this] { Run(); });
}

Sweeper::~Sweeper() { Stop(); }

void Sweeper::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sweeper::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

StatusOr<int> Sweeper::SweepNow() {
  int total = 0;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(int completed, orders_.CompleteDueOrders(options_.round));
    total += completed;
    if (completed < options_.round) break;
  }
  while (true) {
    CARTD_ASSIGN_OR_RETURN(int deleted, carts_.Sweep(options_.grace, options_.round));
    total += deleted;
    if (deleted < options_.round) return total;
  }
}

void Sweeper::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_for(lock, options_.interval, [&] { return stopping_ || woken_; });
    if (stopping_) break;
    woken_ = false;
    lock.unlock();
    const StatusOr<int> deleted = SweepNow();
    if (log_ && !deleted.ok() && log_->Enabled(LogLevel::kWarn)) {
      LogLine line = log_->Line(LogLevel::kWarn, "sweep_failed");
      line.Add("error", deleted.status().message());
      log_->Write(LogLevel::kWarn, std::move(line));
    } else if (log_ && deleted.ok() && *deleted > 0 && log_->Enabled(LogLevel::kDebug)) {
      LogLine line = log_->Line(LogLevel::kDebug, "swept");
      line.AddInt("deleted", *deleted);
      log_->Write(LogLevel::kDebug, std::move(line));
    }
    lock.lock();
  }
}

}  // namespace cartd::ops
