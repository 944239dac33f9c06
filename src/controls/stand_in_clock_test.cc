// StandInClock over a fake base clock and the in-memory store: moving time forward, the offset it
// stores, two clocks sharing one store (two nodes), and ClockSync picking up another's advance.
#include "controls/stand_in_clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "storage/memory/memory_store.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::controls {
namespace {

using test::IsOk;
using test::IsOkAndHolds;
using test::StatusIs;
using test::TestTime;
using ::testing::HasSubstr;

constexpr Ticks kDay = std::chrono::hours(24);
constexpr Ticks kHour = std::chrono::hours(1);

class StandInClockTest : public ::testing::Test {
 protected:
  FakeClock base_{TestTime()};
  storage::MemoryStore store_;
  StandInClock clock_{base_, store_};
};

TEST_F(StandInClockTest, RunsWithTheBaseClockUntilAdvanced) {
  EXPECT_EQ(clock_.Now(), TestTime());
  EXPECT_EQ(clock_.offset(), Ticks(0));
  base_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(clock_.Now(), TestTime(std::chrono::seconds(5)));
  EXPECT_THAT(clock_.Sync(), IsOk());
  EXPECT_EQ(clock_.Now(), TestTime(std::chrono::seconds(5)));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(Ticks(0)));
}

TEST_F(StandInClockTest, AdvanceMovesNowAndStoresTheOffset) {
  EXPECT_THAT(clock_.Advance(kDay), IsOkAndHolds(TestTime(kDay)));
  EXPECT_EQ(clock_.Now(), TestTime(kDay));
  EXPECT_EQ(clock_.offset(), kDay);
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(kDay));

  // The offset adds to the base clock as it moves.
  base_.Advance(std::chrono::minutes(3));
  EXPECT_EQ(clock_.Now(), TestTime(kDay + std::chrono::minutes(3)));

  EXPECT_THAT(clock_.Advance(kHour),
              IsOkAndHolds(TestTime(kDay + kHour + std::chrono::minutes(3))));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(kDay + kHour));
}

TEST_F(StandInClockTest, AdvanceRefusesZeroAndNegativeDurations) {
  EXPECT_THAT(clock_.Advance(Ticks(0)), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(clock_.Advance(-kHour), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(clock_.Advance(Ticks(-1)), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_EQ(clock_.Now(), TestTime());
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(Ticks(0)));
}

TEST_F(StandInClockTest, AdvanceByOneTickIsExact) {
  EXPECT_THAT(clock_.Advance(Ticks(1)), IsOkAndHolds(TestTime(Ticks(1))));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(Ticks(1)));
}

TEST_F(StandInClockTest, AdvanceToAFutureTimeSetsNowToIt) {
  const Timestamp target = TestTime(3 * kDay + std::chrono::seconds(17) + Ticks(3));
  EXPECT_THAT(clock_.AdvanceTo(target), IsOkAndHolds(target));
  EXPECT_EQ(clock_.Now(), target);
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(target - TestTime()));

  // Advancing to the time it is now is allowed and changes nothing.
  EXPECT_THAT(clock_.AdvanceTo(target), IsOkAndHolds(target));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(target - TestTime()));
}

TEST_F(StandInClockTest, AdvanceToAPastTimeIsRefused) {
  ASSERT_THAT(clock_.Advance(kDay), IsOk());
  const Timestamp before = clock_.Now();
  auto result = clock_.AdvanceTo(TestTime(kHour));
  EXPECT_THAT(result, StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(result.status().message(), HasSubstr("only moves forward"));
  EXPECT_THAT(clock_.AdvanceTo(before - Ticks(1)), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_EQ(clock_.Now(), before);
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(kDay));
}

TEST_F(StandInClockTest, AnotherNodeSeesTheAdvanceAfterSync) {
  StandInClock other(base_, store_);
  ASSERT_THAT(clock_.Advance(kDay), IsOk());
  // Not before it syncs.
  EXPECT_EQ(other.Now(), TestTime());
  EXPECT_THAT(other.Sync(), IsOk());
  EXPECT_EQ(other.Now(), TestTime(kDay));
  EXPECT_EQ(other.offset(), kDay);
}

TEST_F(StandInClockTest, ANewNodeTakesTheStoredOffsetWhenItSyncs) {
  ASSERT_THAT(clock_.Advance(2 * kDay), IsOk());
  StandInClock restarted(base_, store_);
  ASSERT_THAT(restarted.Sync(), IsOk());
  EXPECT_EQ(restarted.Now(), TestTime(2 * kDay));
}

TEST_F(StandInClockTest, AdvancesOfTwoNodesAddUp) {
  StandInClock other(base_, store_);
  ASSERT_THAT(clock_.Advance(kDay), IsOk());
  // `other` has not synced, yet its advance starts from the stored offset.
  EXPECT_THAT(other.Advance(kDay), IsOkAndHolds(TestTime(2 * kDay)));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(2 * kDay));
  // The first node is a day behind until it syncs or moves the clock itself.
  EXPECT_EQ(clock_.Now(), TestTime(kDay));
  EXPECT_THAT(clock_.Advance(kHour), IsOkAndHolds(TestTime(2 * kDay + kHour)));
  EXPECT_THAT(other.Sync(), IsOk());
  EXPECT_EQ(other.Now(), TestTime(2 * kDay + kHour));
}

TEST_F(StandInClockTest, AdvanceToStartsFromTheStoredOffset) {
  StandInClock other(base_, store_);
  ASSERT_THAT(clock_.Advance(2 * kDay), IsOk());
  // `other` still thinks it is TestTime(), but time has moved on: a day ahead is in the past.
  EXPECT_THAT(other.AdvanceTo(TestTime(kDay)), StatusIs(ErrorCode::kInvalidInput));
  EXPECT_EQ(other.Now(), TestTime(2 * kDay));
  EXPECT_THAT(other.AdvanceTo(TestTime(3 * kDay)), IsOkAndHolds(TestTime(3 * kDay)));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(3 * kDay));
}

TEST_F(StandInClockTest, ForgetOffsetGoesBackToTheBaseClockAfterAReset) {
  ASSERT_THAT(clock_.Advance(kDay), IsOk());
  ASSERT_THAT(store_.DeleteEverything(), IsOk());
  // Until told, the clock keeps the offset it took.
  EXPECT_EQ(clock_.Now(), TestTime(kDay));
  clock_.ForgetOffset();
  EXPECT_EQ(clock_.offset(), Ticks(0));
  EXPECT_EQ(clock_.Now(), TestTime());
  EXPECT_THAT(clock_.Sync(), IsOk());
  EXPECT_EQ(clock_.Now(), TestTime());
  // And it moves forward again from the base clock.
  EXPECT_THAT(clock_.Advance(kHour), IsOkAndHolds(TestTime(kHour)));
  EXPECT_THAT(store_.FindClockOffset(), IsOkAndHolds(kHour));
}

TEST_F(StandInClockTest, ClockSyncPicksUpAnotherNodesAdvance) {
  StandInClock other(base_, store_);
  ClockSync sync(other, std::chrono::milliseconds(10));
  ASSERT_THAT(clock_.Advance(kDay), IsOk());

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (other.offset() != kDay && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(other.offset(), kDay);
  EXPECT_EQ(other.Now(), TestTime(kDay));
}

TEST_F(StandInClockTest, ClockSyncStopsPromptlyWhenDestroyed) {
  // A long interval: destruction must wake the thread rather than wait for the next round (if it
  // did not, the test would run into its timeout).
  { ClockSync sync(clock_, std::chrono::hours(1)); }
  EXPECT_EQ(clock_.offset(), Ticks(0));
}

}  // namespace
}  // namespace cartd::controls
