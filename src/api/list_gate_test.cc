#include "api/list_gate.h"

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <thread>

namespace cartd::api {
namespace {

using std::chrono::milliseconds;

TEST(ListGateTest, OnePartnerWaitsForItsOwnListWhileAnotherPartnerGoesIn) {
  ListGate gate({.total = 4, .per_partner = 1, .max_wait = milliseconds(1)});
  std::optional<ListGate::Pass> first = gate.Enter("partner-a");
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(gate.Enter("partner-a").has_value());
  {
    std::optional<ListGate::Pass> other = gate.Enter("partner-b");
    ASSERT_TRUE(other.has_value());
    EXPECT_EQ(gate.InFlight(), 2);
    EXPECT_EQ(gate.InFlight("partner-b"), 1);
  }
  EXPECT_EQ(gate.InFlight("partner-b"), 0);
  first.reset();
  EXPECT_EQ(gate.InFlight(), 0);
  EXPECT_TRUE(gate.Enter("partner-a").has_value());
}

TEST(ListGateTest, TheNodeWideLimitHoldsWhateverThePartner) {
  ListGate gate({.total = 2, .per_partner = 2, .max_wait = milliseconds(1)});
  std::optional<ListGate::Pass> a1 = gate.Enter("partner-a");
  std::optional<ListGate::Pass> a2 = gate.Enter("partner-a");
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(gate.Enter("partner-b").has_value());
  EXPECT_EQ(gate.InFlight(), 2);
}

TEST(ListGateTest, AWaiterGoesInWhenAPassIsGivenBack) {
  ListGate gate({.total = 1, .per_partner = 1, .max_wait = milliseconds(60000)});
  std::optional<ListGate::Pass> held = gate.Enter("partner-a");
  ASSERT_TRUE(held.has_value());
  std::promise<void> waiting;
  std::future<bool> admitted = std::async(std::launch::async, [&] {
    waiting.set_value();
    std::optional<ListGate::Pass> pass = gate.Enter("partner-b");
    return pass.has_value() && gate.InFlight("partner-b") == 1;
  });
  waiting.get_future().wait();
  held.reset();
  EXPECT_TRUE(admitted.get());
  EXPECT_EQ(gate.InFlight(), 0);
}

TEST(ListGateTest, AMovedPassIsGivenBackOnce) {
  ListGate gate({.total = 1, .per_partner = 1, .max_wait = milliseconds(1)});
  {
    std::optional<ListGate::Pass> pass = gate.Enter("partner-a");
    ASSERT_TRUE(pass.has_value());
    ListGate::Pass moved = std::move(*pass);
    pass.reset();
    EXPECT_EQ(gate.InFlight(), 1);
  }
  EXPECT_EQ(gate.InFlight(), 0);
}

}  // namespace
}  // namespace cartd::api
