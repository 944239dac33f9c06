// StandInClock: cartd's clock when the stand-in controls are on (SPEC §13). It is the system
// clock plus an offset that a test moves forward (`POST /_cartd/clock`), so that a cart's expiry,
// an order's completion, the retention of idempotent replies, the sweeper and the time checks of
// tokens all see time pass without anyone waiting.
//
// The offset is kept in the store (CartStore::FindClockOffset), so it survives a restart and is
// shared by every node of one store: a node takes the stored offset at start, whenever it moves
// the clock itself, and at every Sync (which `GET /_cartd/clock` and a background round call), so
// another node's advance is seen within one sync interval.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_store.h"

namespace cartd::controls {

// Thread-safe. `base` and `store` must outlive it.
class StandInClock final : public Clock {
 public:
  StandInClock(const Clock& base, CartStore& store) : base_(base), store_(store) {}

  Timestamp Now() const override { return base_.Now() + offset(); }
  Ticks offset() const { return Ticks(offset_.load(std::memory_order_relaxed)); }

  // Takes the stored offset. Errors: the store's.
  Status Sync();

  // The latest time the clock may be moved to: the end of 9998, a year before the last time that
  // timestamps can show, so that what is dated from it (a cart's expiry, a token's) still can.
  static Timestamp Latest();

  // Moves time forward by `by` (> 0) from Now(). Returns the new Now().
  // Errors: kInvalidInput when `by` is not positive or would pass Latest(); the store's.
  StatusOr<Timestamp> Advance(Ticks by);

  // Moves time forward to `to`. Returns the new Now().
  // Errors: kInvalidInput when `to` is before Now() (time never goes back) or after Latest(); the
  // store's.
  StatusOr<Timestamp> AdvanceTo(Timestamp to);

  // After the store's reset (CartStore::DeleteEverything): back to the system time.
  void ForgetOffset();

 private:
  void Take(Ticks stored) { offset_.store(stored.count(), std::memory_order_relaxed); }

  const Clock& base_;
  CartStore& store_;
  // Held from a read of the store to taking what it read, so that a sync that read before an
  // advance or a reset cannot take its older offset after it.
  std::mutex moving_;
  std::atomic<std::int64_t> offset_{0};
};

// Calls StandInClock::Sync every `interval` on a thread of its own, until destroyed. A failed
// sync keeps the offset it had (the store may be briefly unreachable) and is tried again at the
// next round.
class ClockSync {
 public:
  ClockSync(StandInClock& clock, std::chrono::milliseconds interval);
  ~ClockSync();
  ClockSync(const ClockSync&) = delete;
  ClockSync& operator=(const ClockSync&) = delete;

 private:
  StandInClock& clock_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace cartd::controls
