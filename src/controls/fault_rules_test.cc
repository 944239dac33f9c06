// FaultRules: arming, matching by operation, partner and customer, the count and probability
// limits, clearing, the bound on armed rules and the operation names.
#include "controls/fault_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace cartd::controls {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Optional;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kOtherPartner[] = "f3a4e0b1-2c5d-4e6f-8a9b-0c1d2e3f4a5b";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";
constexpr char kOtherCustomer[] = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
constexpr std::uint64_t kSeed = 20240501;

constexpr FaultOperation kEveryOperation[] = {
    FaultOperation::kAny,           FaultOperation::kCreate,   FaultOperation::kGet,
    FaultOperation::kUpdate,        FaultOperation::kCheckout, FaultOperation::kOrders,
    FaultOperation::kSubscriptions, FaultOperation::kCatalog,
};

FaultRule RuleFor(FaultOperation operation) {
  FaultRule rule;
  rule.operation = operation;
  return rule;
}

TEST(FaultRulesTest, ArmAssignsIdsInOrderAndResetsTheCounters) {
  FaultRules rules(kSeed);
  FaultRule first = RuleFor(FaultOperation::kGet);
  first.id = "chosen-by-caller";
  first.fired = 7;
  first.matched = 9;
  std::optional<FaultRule> armed = rules.Arm(first);
  ASSERT_TRUE(armed.has_value());
  EXPECT_EQ(armed->id, "fault-1");
  EXPECT_EQ(armed->fired, 0);
  EXPECT_EQ(armed->matched, 0);
  EXPECT_EQ(armed->operation, FaultOperation::kGet);
  EXPECT_THAT(rules.Arm(RuleFor(FaultOperation::kCreate)),
              Optional(Field(&FaultRule::id, "fault-2")));
  EXPECT_THAT(rules.Arm(RuleFor(FaultOperation::kUpdate)),
              Optional(Field(&FaultRule::id, "fault-3")));

  EXPECT_THAT(rules.List(),
              ElementsAre(Field(&FaultRule::id, "fault-1"), Field(&FaultRule::id, "fault-2"),
                          Field(&FaultRule::id, "fault-3")));
  EXPECT_EQ(rules.List()[0].fired, 0);
  EXPECT_EQ(rules.List()[0].matched, 0);
}

TEST(FaultRulesTest, IdsAreNotReusedAfterClear) {
  FaultRules rules(kSeed);
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  EXPECT_EQ(rules.Clear(), 2u);
  EXPECT_THAT(rules.Arm(RuleFor(FaultOperation::kAny)), Optional(Field(&FaultRule::id, "fault-3")));
}

TEST(FaultRulesTest, ARuleForAnyOperationMatchesEveryOperation) {
  FaultRules rules(kSeed);
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  for (FaultOperation operation : kEveryOperation) {
    std::optional<FaultAction> action = rules.Match(operation, kPartner, kCustomer);
    ASSERT_TRUE(action.has_value()) << FaultOperationName(operation);
    EXPECT_EQ(action->rule_id, "fault-1");
  }
  EXPECT_EQ(rules.List()[0].fired, 8);
  EXPECT_EQ(rules.List()[0].matched, 8);
}

TEST(FaultRulesTest, ARuleForOneOperationMatchesOnlyThatOperation) {
  for (FaultOperation armed : kEveryOperation) {
    if (armed == FaultOperation::kAny) continue;
    FaultRules rules(kSeed);
    ASSERT_TRUE(rules.Arm(RuleFor(armed)).has_value());
    for (FaultOperation operation : kEveryOperation) {
      if (operation == FaultOperation::kAny) continue;
      EXPECT_EQ(rules.Match(operation, kPartner, kCustomer).has_value(), operation == armed)
          << "armed " << FaultOperationName(armed) << ", request " << FaultOperationName(operation);
    }
    EXPECT_EQ(rules.List()[0].fired, 1) << FaultOperationName(armed);
    EXPECT_EQ(rules.List()[0].matched, 1) << FaultOperationName(armed);
  }
}

TEST(FaultRulesTest, MatchesByPartnerAndCustomerWhenSet) {
  FaultRules rules(kSeed);
  FaultRule partner_only = RuleFor(FaultOperation::kAny);
  partner_only.partner_tenant = kPartner;
  partner_only.status = 500;
  ASSERT_TRUE(rules.Arm(partner_only).has_value());

  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-1")));
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kOtherCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-1")));
  EXPECT_THAT(rules.Match(FaultOperation::kCatalog, kPartner, ""),
              Optional(Field(&FaultAction::rule_id, "fault-1")));
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kOtherPartner, kCustomer), std::nullopt);

  ASSERT_EQ(rules.Clear(), 1u);
  FaultRule customer_only = RuleFor(FaultOperation::kAny);
  customer_only.customer_id = kCustomer;
  ASSERT_TRUE(rules.Arm(customer_only).has_value());
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-2")));
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kOtherPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-2")));
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kPartner, kOtherCustomer), std::nullopt);
  // The catalog has no customer: a rule naming one never matches it.
  EXPECT_EQ(rules.Match(FaultOperation::kCatalog, kPartner, ""), std::nullopt);

  ASSERT_EQ(rules.Clear(), 1u);
  FaultRule both = RuleFor(FaultOperation::kUpdate);
  both.partner_tenant = kPartner;
  both.customer_id = kCustomer;
  ASSERT_TRUE(rules.Arm(both).has_value());
  EXPECT_TRUE(rules.Match(FaultOperation::kUpdate, kPartner, kCustomer).has_value());
  EXPECT_FALSE(rules.Match(FaultOperation::kUpdate, kOtherPartner, kCustomer).has_value());
  EXPECT_FALSE(rules.Match(FaultOperation::kUpdate, kPartner, kOtherCustomer).has_value());
  EXPECT_FALSE(rules.Match(FaultOperation::kGet, kPartner, kCustomer).has_value());
  EXPECT_EQ(rules.List()[0].matched, 1);
  EXPECT_EQ(rules.List()[0].fired, 1);
}

TEST(FaultRulesTest, TheActionCarriesWhatTheRuleSays) {
  FaultRules rules(kSeed);
  FaultRule error = RuleFor(FaultOperation::kCheckout);
  error.kind = FaultKind::kError;
  error.status = 429;
  error.code = 800002;
  error.description = "Too many requests";
  error.retry_after = std::chrono::seconds(7);
  ASSERT_TRUE(rules.Arm(error).has_value());
  FaultRule delay = RuleFor(FaultOperation::kGet);
  delay.kind = FaultKind::kDelay;
  delay.delay = std::chrono::milliseconds(250);
  ASSERT_TRUE(rules.Arm(delay).has_value());
  FaultRule drop = RuleFor(FaultOperation::kCreate);
  drop.kind = FaultKind::kDrop;
  ASSERT_TRUE(rules.Arm(drop).has_value());

  std::optional<FaultAction> action = rules.Match(FaultOperation::kCheckout, kPartner, kCustomer);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->rule_id, "fault-1");
  EXPECT_EQ(action->kind, FaultKind::kError);
  EXPECT_EQ(action->status, 429);
  EXPECT_EQ(action->code, 800002);
  EXPECT_EQ(action->description, "Too many requests");
  EXPECT_EQ(action->retry_after, std::chrono::seconds(7));

  action = rules.Match(FaultOperation::kGet, kPartner, kCustomer);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->rule_id, "fault-2");
  EXPECT_EQ(action->kind, FaultKind::kDelay);
  EXPECT_EQ(action->delay, std::chrono::milliseconds(250));

  action = rules.Match(FaultOperation::kCreate, kPartner, kCustomer);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->rule_id, "fault-3");
  EXPECT_EQ(action->kind, FaultKind::kDrop);
}

TEST(FaultRulesTest, ACountedRuleFiresExactlyCountTimesAndStaysListed) {
  FaultRules rules(kSeed);
  FaultRule rule = RuleFor(FaultOperation::kGet);
  rule.count = 3;
  ASSERT_TRUE(rules.Arm(rule).has_value());
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
                Optional(Field(&FaultAction::rule_id, "fault-1")))
        << "match " << i;
  }
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kPartner, kCustomer), std::nullopt);
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kPartner, kCustomer), std::nullopt);

  std::vector<FaultRule> listed = rules.List();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, "fault-1");
  EXPECT_EQ(listed[0].fired, 3);
  EXPECT_EQ(listed[0].count, std::optional<std::int64_t>(3));
  EXPECT_FALSE(rules.empty());
}

TEST(FaultRulesTest, ASpentRuleLetsTheNextRuleDecide) {
  FaultRules rules(kSeed);
  FaultRule once = RuleFor(FaultOperation::kAny);
  once.count = 1;
  ASSERT_TRUE(rules.Arm(once).has_value());
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-1")));
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-2")));
  EXPECT_THAT(rules.Match(FaultOperation::kGet, kPartner, kCustomer),
              Optional(Field(&FaultAction::rule_id, "fault-2")));
}

TEST(FaultRulesTest, AProbabilityBelowOneFiresSomeButNotAllMatches) {
  FaultRules rules(kSeed);
  FaultRule rule = RuleFor(FaultOperation::kAny);
  rule.probability = 0.5;
  ASSERT_TRUE(rules.Arm(rule).has_value());
  int actions = 0;
  for (int i = 0; i < 1000; ++i) {
    if (rules.Match(FaultOperation::kGet, kPartner, kCustomer).has_value()) ++actions;
  }
  std::vector<FaultRule> listed = rules.List();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].matched, 1000);
  EXPECT_EQ(listed[0].fired, actions);
  EXPECT_GT(listed[0].fired, 0);
  EXPECT_LT(listed[0].fired, 1000);
}

TEST(FaultRulesTest, TheSameSeedGivesTheSameDraws) {
  auto draws = [](std::uint64_t seed) {
    FaultRules rules(seed);
    FaultRule rule = RuleFor(FaultOperation::kAny);
    rule.probability = 0.3;
    EXPECT_TRUE(rules.Arm(rule).has_value());
    std::vector<bool> fired;
    for (int i = 0; i < 200; ++i) {
      fired.push_back(rules.Match(FaultOperation::kGet, kPartner, kCustomer).has_value());
    }
    return fired;
  };
  EXPECT_EQ(draws(kSeed), draws(kSeed));
}

TEST(FaultRulesTest, ProbabilityOneAlwaysFires) {
  FaultRules rules(kSeed);
  FaultRule rule = RuleFor(FaultOperation::kAny);
  rule.probability = 1.0;
  ASSERT_TRUE(rules.Arm(rule).has_value());
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(rules.Match(FaultOperation::kGet, kPartner, kCustomer).has_value()) << i;
  }
  EXPECT_EQ(rules.List()[0].fired, 1000);
  EXPECT_EQ(rules.List()[0].matched, 1000);
}

TEST(FaultRulesTest, AMatchThatDoesNotFireFallsThroughToTheNextRule) {
  FaultRules rules(kSeed);
  FaultRule rare = RuleFor(FaultOperation::kAny);
  rare.probability = 0.25;
  ASSERT_TRUE(rules.Arm(rare).has_value());
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE(rules.Match(FaultOperation::kGet, kPartner, kCustomer).has_value()) << i;
  }
  std::vector<FaultRule> listed = rules.List();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].matched, 400);
  EXPECT_GT(listed[0].fired, 0);
  EXPECT_LT(listed[0].fired, 400);
  EXPECT_EQ(listed[1].fired, 400 - listed[0].fired);
  EXPECT_EQ(listed[1].matched, listed[1].fired);
}

TEST(FaultRulesTest, TheFirstMatchingArmedRuleWins) {
  FaultRules rules(kSeed);
  FaultRule other_partner = RuleFor(FaultOperation::kAny);
  other_partner.partner_tenant = kOtherPartner;
  ASSERT_TRUE(rules.Arm(other_partner).has_value());  // fault-1: does not match
  FaultRule get = RuleFor(FaultOperation::kGet);
  get.status = 500;
  ASSERT_TRUE(rules.Arm(get).has_value());  // fault-2: the first that matches
  FaultRule any = RuleFor(FaultOperation::kAny);
  any.status = 502;
  ASSERT_TRUE(rules.Arm(any).has_value());  // fault-3: matches too, armed later

  std::optional<FaultAction> action = rules.Match(FaultOperation::kGet, kPartner, kCustomer);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->rule_id, "fault-2");
  EXPECT_EQ(action->status, 500);
  action = rules.Match(FaultOperation::kUpdate, kPartner, kCustomer);
  ASSERT_TRUE(action.has_value());
  EXPECT_EQ(action->rule_id, "fault-3");
  EXPECT_EQ(action->status, 502);

  std::vector<FaultRule> listed = rules.List();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].matched, 0);
  EXPECT_EQ(listed[1].matched, 1);
  EXPECT_EQ(listed[1].fired, 1);
  // The later rule is not counted as matched when an earlier one decided.
  EXPECT_EQ(listed[2].matched, 1);
  EXPECT_EQ(listed[2].fired, 1);
}

TEST(FaultRulesTest, ClearOneRemovesOnlyThatRule) {
  FaultRules rules(kSeed);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  EXPECT_EQ(rules.Clear("fault-2"), 1u);
  EXPECT_THAT(rules.List(),
              ElementsAre(Field(&FaultRule::id, "fault-1"), Field(&FaultRule::id, "fault-3")));
  EXPECT_EQ(rules.Clear("fault-2"), 0u);
  EXPECT_EQ(rules.Clear("fault-99"), 0u);
  EXPECT_EQ(rules.List().size(), 2u);
}

TEST(FaultRulesTest, ClearAllRemovesEveryRuleAndReturnsTheCount) {
  FaultRules rules(kSeed);
  EXPECT_EQ(rules.Clear(), 0u);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  EXPECT_EQ(rules.Clear(), 4u);
  EXPECT_TRUE(rules.List().empty());
  EXPECT_TRUE(rules.empty());
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kPartner, kCustomer), std::nullopt);
}

TEST(FaultRulesTest, EmptyTellsWhetherAnyRuleIsArmed) {
  FaultRules rules(kSeed);
  EXPECT_TRUE(rules.empty());
  EXPECT_EQ(rules.Match(FaultOperation::kGet, kPartner, kCustomer), std::nullopt);
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kGet)).has_value());
  EXPECT_FALSE(rules.empty());
  ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kGet)).has_value());
  EXPECT_EQ(rules.Clear("fault-1"), 1u);
  EXPECT_FALSE(rules.empty());
  EXPECT_EQ(rules.Clear("fault-2"), 1u);
  EXPECT_TRUE(rules.empty());
}

TEST(FaultRulesTest, AtMostMaxRulesAreArmed) {
  FaultRules rules(kSeed);
  for (std::size_t i = 0; i < FaultRules::kMaxRules; ++i) {
    ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value()) << i;
  }
  EXPECT_EQ(rules.Arm(RuleFor(FaultOperation::kAny)), std::nullopt);
  EXPECT_EQ(rules.List().size(), FaultRules::kMaxRules);
  EXPECT_EQ(rules.List().back().id, "fault-" + std::to_string(FaultRules::kMaxRules));

  // Clearing one makes room for one more.
  EXPECT_EQ(rules.Clear("fault-1"), 1u);
  EXPECT_THAT(
      rules.Arm(RuleFor(FaultOperation::kAny)),
      Optional(Field(&FaultRule::id, "fault-" + std::to_string(FaultRules::kMaxRules + 1))));
  EXPECT_EQ(rules.Arm(RuleFor(FaultOperation::kAny)), std::nullopt);
}

TEST(FaultRulesTest, OperationNamesRoundTrip) {
  const std::pair<FaultOperation, std::string_view> expected[] = {
      {FaultOperation::kAny, "any"},
      {FaultOperation::kCreate, "create"},
      {FaultOperation::kGet, "get"},
      {FaultOperation::kUpdate, "update"},
      {FaultOperation::kCheckout, "checkout"},
      {FaultOperation::kOrders, "orders"},
      {FaultOperation::kSubscriptions, "subscriptions"},
      {FaultOperation::kCatalog, "catalog"},
  };
  for (const auto& [operation, name] : expected) {
    EXPECT_EQ(FaultOperationName(operation), name);
    EXPECT_EQ(ParseFaultOperation(name), std::optional<FaultOperation>(operation)) << name;
    EXPECT_EQ(ParseFaultOperation(FaultOperationName(operation)),
              std::optional<FaultOperation>(operation))
        << name;
  }
}

TEST(FaultRulesTest, UnknownOperationNamesAreRejected) {
  for (std::string_view name : {"", "delete", "Get", "CREATE", "any ", "order", "carts"}) {
    EXPECT_EQ(ParseFaultOperation(name), std::nullopt) << "'" << name << "'";
  }
}

TEST(FaultRulesTest, ConcurrentMatchesFireACountedRuleExactlyCountTimes) {
  constexpr int kThreads = 8;
  constexpr int kMatchesPerThread = 500;
  constexpr std::int64_t kCount = 137;
  FaultRules rules(kSeed);
  FaultRule rule = RuleFor(FaultOperation::kAny);
  rule.count = kCount;
  ASSERT_TRUE(rules.Arm(rule).has_value());

  std::atomic<int> ready{0};
  std::atomic<std::int64_t> actions{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int i = 0; i < kMatchesPerThread; ++i) {
        if (rules.Match(FaultOperation::kUpdate, kPartner, kCustomer).has_value()) ++actions;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(actions.load(), kCount);
  std::vector<FaultRule> listed = rules.List();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].fired, kCount);
  EXPECT_EQ(listed[0].matched, kCount);
}

TEST(FaultRulesTest, SpentRulesMakeRoomWhenTheLimitIsReached) {
  FaultRules rules(kSeed);
  FaultRule once = RuleFor(FaultOperation::kGet);
  once.count = 1;
  ASSERT_TRUE(rules.Arm(once).has_value());
  for (std::size_t i = 1; i < FaultRules::kMaxRules; ++i) {
    ASSERT_TRUE(rules.Arm(RuleFor(FaultOperation::kCreate)).has_value()) << i;
  }
  EXPECT_EQ(rules.Arm(RuleFor(FaultOperation::kAny)), std::nullopt);
  // The first rule fires its one time, and is then spent: arming removes it to make room.
  ASSERT_TRUE(rules.Match(FaultOperation::kGet, "", "").has_value());
  EXPECT_TRUE(rules.Arm(RuleFor(FaultOperation::kAny)).has_value());
  const std::vector<FaultRule> listed = rules.List();
  EXPECT_EQ(listed.size(), FaultRules::kMaxRules);
  EXPECT_EQ(listed.front().id, "fault-2");
}

}  // namespace
}  // namespace cartd::controls
