#include "controls/stand_in_clock.h"

#include "partnercenter/models.h"

namespace cartd::controls {

Status StandInClock::Sync() {
  CARTD_ASSIGN_OR_RETURN(Ticks stored, store_.FindClockOffset());
  Take(stored);
  return Status::Ok();
}

Timestamp StandInClock::Latest() {
  using namespace std::chrono;
  return time_point_cast<Ticks>(sys_days(year(9999) / December / 31) + hours(24)) - Ticks(1);
}

StatusOr<Timestamp> StandInClock::Advance(Ticks by) {
  if (by <= Ticks(0)) {
    return InvalidInput("The clock only moves forward: give a positive duration.");
  }
  // Relative to the offset now stored, so that two nodes advancing by a day each move time by two.
  CARTD_RETURN_IF_ERROR(Sync());
  if (by > Latest() - Now()) {
    return InvalidInput("The clock cannot be moved past " +
                        partnercenter::FormatTimestamp(Latest()) + ".");
  }
  CARTD_ASSIGN_OR_RETURN(Ticks stored, store_.AdvanceClockOffset(offset() + by));
  Take(stored);
  return Now();
}

StatusOr<Timestamp> StandInClock::AdvanceTo(Timestamp to) {
  CARTD_RETURN_IF_ERROR(Sync());
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
