#include "controls/stand_in_clock.h"

#include "partnercenter/models.h"

namespace cartd::controls {

Status StandInClock::Sync() {
  std::lock_guard lock(moving_);
  CARTD_ASSIGN_OR_RETURN(Ticks stored, store_.FindClockOffset());
  Take(stored);
  return Status::Ok();
}

Timestamp StandInClock::Latest() {
  using namespace std::chrono;
  return time_point_cast<Ticks>(sys_days(year(9998) / December / 31) + hours(24)) - Ticks(1);
}

StatusOr<Timestamp> StandInClock::Advance(Ticks by) {
  if (by <= Ticks(0)) {
    return InvalidInput("The clock only moves forward: give a positive duration.");
  }
  // Relative to the offset now stored. (Of two nodes advancing at the same moment, the larger
  // offset wins: AdvanceClockOffset only ever raises it.)
  std::lock_guard lock(moving_);
  CARTD_ASSIGN_OR_RETURN(Ticks current, store_.FindClockOffset());
  Take(current);
  if (by > Latest() - Now()) {
    return InvalidInput("The clock cannot be moved past " +
                        partnercenter::FormatTimestamp(Latest()) + ".");
  }
  CARTD_ASSIGN_OR_RETURN(Ticks stored, store_.AdvanceClockOffset(offset() + by));
  Take(stored);
  return Now();
}

StatusOr<Timestamp> StandInClock::AdvanceTo(Timestamp to) {
  std::lock_guard lock(moving_);
  CARTD_ASSIGN_OR_RETURN(Ticks current, store_.FindClockOffset());
  Take(current);
  const Timestamp now = Now();
  if (to > Latest()) {
    return InvalidInput("The clock cannot be moved past " +
                        partnercenter::FormatTimestamp(Latest()) + ".");
  }
  if (to < now) {
    return InvalidInput("The clock only moves forward: " + partnercenter::FormatTimestamp(to) +
                        " is before its time now, " + partnercenter::FormatTimestamp(now) + ".");
  }
  CARTD_ASSIGN_OR_RETURN(Ticks stored, store_.AdvanceClockOffset(offset() + (to - now)));
  Take(stored);
  return Now();
}

void StandInClock::ForgetOffset() {
  std::lock_guard lock(moving_);
  Take(Ticks(0));
}

ClockSync::ClockSync(StandInClock& clock, std::chrono::milliseconds interval)
    : clock_(clock), interval_(interval) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      (void)clock_.Sync();
      lock.lock();
    }
  });
}

ClockSync::~ClockSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace cartd::controls
