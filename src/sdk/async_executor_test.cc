#include "sdk/async_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <vector>

namespace partnercenter::internal {
namespace {

TEST(AsyncExecutorTest, DeliversResultsThroughFutures) {
  AsyncExecutor executor(2);
  std::future<int> answer = executor.Submit([] { return 42; });
  EXPECT_EQ(answer.get(), 42);
}

TEST(AsyncExecutorTest, RunsTasksConcurrentlyUpToItsThreads) {
  AsyncExecutor executor(3);
  // Each task waits for all three: they can only finish if three threads run them at once.
  std::latch all_running(3);
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 3; ++i) {
    results.push_back(executor.Submit([&all_running] {
      all_running.arrive_and_wait();
      return true;
    }));
  }
  for (auto& result : results) EXPECT_TRUE(result.get());
}

TEST(AsyncExecutorTest, PassesExceptionsToTheFuture) {
  AsyncExecutor executor(1);
  std::future<int> failed = executor.Submit([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_THROW(failed.get(), std::runtime_error);
}

TEST(AsyncExecutorTest, DestructorRunsEveryQueuedTask) {
  std::atomic<int> ran{0};
  std::vector<std::future<void>> results;
  {
    AsyncExecutor executor(1);
    for (int i = 0; i < 50; ++i) results.push_back(executor.Submit([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 50);
  for (auto& result : results) {
    EXPECT_EQ(result.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  }
}

}  // namespace
}  // namespace partnercenter::internal
