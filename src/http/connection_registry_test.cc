#include "http/connection_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace cartd::http {
namespace {

using std::chrono::steady_clock;

class CountingConnection final : public Connection {
 public:
  void Shutdown() override { ++shutdowns; }
  void Abort() override { ++aborts; }
  std::atomic<int> shutdowns{0};
  std::atomic<int> aborts{0};
};

TEST(ConnectionRegistryTest, AddAndRemoveTrackSize) {
  ConnectionRegistry registry;
  auto a = std::make_shared<CountingConnection>();
  auto b = std::make_shared<CountingConnection>();
  const auto id_a = registry.Add(a);
  const auto id_b = registry.Add(b);
  EXPECT_NE(id_a, id_b);
  EXPECT_EQ(registry.size(), 2u);
  registry.Remove(id_a);
  EXPECT_EQ(registry.size(), 1u);
  registry.Remove(id_b);
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_EQ(a->shutdowns + a->aborts + b->shutdowns + b->aborts, 0);
}

TEST(ConnectionRegistryTest, ShutdownAllReachesEveryLiveConnectionOnce) {
  ConnectionRegistry registry;
  auto a = std::make_shared<CountingConnection>();
  auto b = std::make_shared<CountingConnection>();
  registry.Add(a);
  registry.Add(b);
  {
    // Expired entries (a connection destroyed before it unregistered) are skipped.
    auto gone = std::make_shared<CountingConnection>();
    registry.Add(gone);
  }
  registry.ShutdownAll();
  EXPECT_EQ(a->shutdowns, 1);
  EXPECT_EQ(b->shutdowns, 1);
  EXPECT_EQ(a->aborts, 0);
  EXPECT_EQ(b->aborts, 0);
}

TEST(ConnectionRegistryTest, ConnectionAddedAfterShutdownAllIsShutDownAtOnce) {
  ConnectionRegistry registry;
  registry.ShutdownAll();
  auto late = std::make_shared<CountingConnection>();
  registry.Add(late);
  EXPECT_EQ(late->shutdowns, 1);
  EXPECT_EQ(late->aborts, 0);
}

TEST(ConnectionRegistryTest, AbortAllAbortsCurrentAndLaterConnections) {
  ConnectionRegistry registry;
  auto early = std::make_shared<CountingConnection>();
  registry.Add(early);
  registry.ShutdownAll();
  registry.AbortAll();
  auto late = std::make_shared<CountingConnection>();
  registry.Add(late);
  EXPECT_EQ(early->shutdowns, 1);
  EXPECT_EQ(early->aborts, 1);
  EXPECT_EQ(late->shutdowns, 0);
  EXPECT_EQ(late->aborts, 1);
}

TEST(ConnectionRegistryTest, WaitUntilEmptyTimesOutWhileAConnectionIsRegistered) {
  ConnectionRegistry registry;
  auto a = std::make_shared<CountingConnection>();
  registry.Add(a);
  EXPECT_FALSE(registry.WaitUntilEmpty(steady_clock::now() + std::chrono::milliseconds(20)));
  EXPECT_TRUE(ConnectionRegistry().WaitUntilEmpty(steady_clock::now()));
}

TEST(ConnectionRegistryTest, WaitUntilEmptyWakesWhenTheLastConnectionIsRemoved) {
  ConnectionRegistry registry;
  auto a = std::make_shared<CountingConnection>();
  const auto id = registry.Add(a);
  std::thread remover([&] { registry.Remove(id); });
  registry.WaitUntilEmpty();
  EXPECT_EQ(registry.size(), 0u);
  remover.join();
}

}  // namespace
}  // namespace cartd::http
