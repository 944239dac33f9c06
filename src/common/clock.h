// Time as cartd sees it: a Timestamp with .NET's 100 ns resolution (the wire format prints seven
// fractional digits), and a Clock interface so that tests can move time by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cartd {

// 100 ns ticks, the resolution of Partner Center timestamps. The same type as
// partnercenter::Timestamp (both name this one instantiation).
using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;
using Timestamp = std::chrono::sys_time<Ticks>;

// A source of the current time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<Ticks>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(Ticks(now_.load())); }
  void Advance(Ticks by) { now_ += by.count(); }
  void Set(Timestamp to) { now_ = to.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace cartd
