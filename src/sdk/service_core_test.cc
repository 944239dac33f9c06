// The ...Async side of ServiceCore: tasks on Boost.Asio's thread pool, started on first use and
// drained before the core goes.
#include "sdk/service_core.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <latch>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace partnercenter::internal {
namespace {

std::unique_ptr<ServiceCore> Core(int async_threads) {
  PartnerServiceOptions options;
  options.api_root = "http://127.0.0.1:1";
  options.async_threads = async_threads;
  return std::make_unique<ServiceCore>(Credentials::BearerToken(""), options);
}

// The threads of this process (Linux).
std::size_t ThreadCount() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

TEST(ServiceCoreAsyncTest, DeliversResultsThroughFutures) {
  auto core = Core(2);
  std::future<int> answer = core->Async([] { return 42; });
  EXPECT_EQ(answer.get(), 42);
}

TEST(ServiceCoreAsyncTest, StartsItsThreadsOnTheFirstAsyncCall) {
  const std::size_t before = ThreadCount();
  auto core = Core(3);
  EXPECT_EQ(ThreadCount(), before);
  core->Async([] {}).get();
  EXPECT_EQ(ThreadCount(), before + 3);
  core.reset();
  EXPECT_EQ(ThreadCount(), before);
}

TEST(ServiceCoreAsyncTest, RunsTasksConcurrentlyUpToItsThreads) {
  auto core = Core(3);
  // Each task waits for all three: they can only finish if three threads run them at once.
  std::latch all_running(3);
  std::vector<std::future<bool>> results;
  for (int i = 0; i < 3; ++i) {
    results.push_back(core->Async([&all_running] {
      all_running.arrive_and_wait();
      return true;
    }));
  }
  for (auto& result : results) EXPECT_TRUE(result.get());
}

TEST(ServiceCoreAsyncTest, PassesExceptionsToTheFuture) {
  auto core = Core(1);
  std::future<int> failed = core->Async([]() -> int { throw std::runtime_error("boom"); });
  EXPECT_THROW(failed.get(), std::runtime_error);
}

TEST(ServiceCoreAsyncTest, DestructorRunsEveryQueuedTask) {
  std::atomic<int> ran{0};
  std::vector<std::future<void>> results;
  {
    auto core = Core(1);
    // The first task holds the one thread, so the others are still queued when the core goes.
    results.push_back(core->Async([&ran] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ++ran;
    }));
    for (int i = 1; i < 50; ++i) results.push_back(core->Async([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 50);
  for (auto& result : results) {
    EXPECT_EQ(result.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  }
}

}  // namespace
}  // namespace partnercenter::internal
