#include "models/enums.h"

#include <gtest/gtest.h>

namespace partnercenter::models {
namespace {

TEST(EnumToStringTest, BillingCycleIsSnakeCase) {
  EXPECT_STREQ(ToString(BillingCycle::kUnknown), "unknown");
  EXPECT_STREQ(ToString(BillingCycle::kMonthly), "monthly");
  EXPECT_STREQ(ToString(BillingCycle::kAnnual), "annual");
  EXPECT_STREQ(ToString(BillingCycle::kNone), "none");
  EXPECT_STREQ(ToString(BillingCycle::kOneTime), "one_time");
  EXPECT_STREQ(ToString(BillingCycle::kTriennial), "triennial");
  EXPECT_STREQ(ToString(BillingCycle::kBiennial), "biennial");
  EXPECT_STREQ(ToString(static_cast<BillingCycle>(42)), "unknown");
}

TEST(EnumToStringTest, ParticipantTypeIsSnakeCase) {
  EXPECT_STREQ(ToString(ParticipantType::kUnknown), "unknown");
  EXPECT_STREQ(ToString(ParticipantType::kTransactionReseller), "transaction_reseller");
  EXPECT_STREQ(ToString(ParticipantType::kConsumptionReseller), "consumption_reseller");
  EXPECT_STREQ(ToString(ParticipantType::kAdditionalTransactionReseller),
               "additional_transaction_reseller");
}

TEST(EnumToStringTest, CartStatusIsPascalCase) {
  EXPECT_STREQ(ToString(CartStatus::kActive), "Active");
  EXPECT_STREQ(ToString(CartStatus::kOrdered), "Ordered");
}

TEST(MatchesEnumNameTest, AcceptsPascalAndSnakeCaseInAnyCase) {
  EXPECT_TRUE(MatchesEnumName("OneTime", "OneTime"));
  EXPECT_TRUE(MatchesEnumName("onetime", "OneTime"));
  EXPECT_TRUE(MatchesEnumName("ONETIME", "OneTime"));
  EXPECT_TRUE(MatchesEnumName("one_time", "OneTime"));
  EXPECT_TRUE(MatchesEnumName("One_Time", "OneTime"));
  EXPECT_TRUE(MatchesEnumName("ONE_TIME", "OneTime"));
  EXPECT_TRUE(
      MatchesEnumName("subscription_is_not_enabled_for_r_i", "SubscriptionIsNotEnabledForRI"));
}

TEST(MatchesEnumNameTest, RefusesOtherSpellings) {
  EXPECT_FALSE(MatchesEnumName("", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("one-time", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("one__time", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("_one_time", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("one_time_", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("one_tim", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("o_ne_time", "OneTime"));
  EXPECT_FALSE(MatchesEnumName("one time", "OneTime"));
}

TEST(EnumFromNameTest, EveryEnumeratorByNameAndNumber) {
  const std::pair<const char*, BillingCycle> cycles[] = {
      {"unknown", BillingCycle::kUnknown},   {"monthly", BillingCycle::kMonthly},
      {"annual", BillingCycle::kAnnual},     {"none", BillingCycle::kNone},
      {"one_time", BillingCycle::kOneTime},  {"triennial", BillingCycle::kTriennial},
      {"biennial", BillingCycle::kBiennial},
  };
  for (const auto& [name, value] : cycles) {
    EXPECT_EQ(BillingCycleFromName(name), value) << name;
    EXPECT_EQ(BillingCycleFromNumber(static_cast<int>(value)), value) << name;
    EXPECT_EQ(BillingCycleFromName(ToString(value)), value) << name;
  }
  EXPECT_EQ(BillingCycleFromName("Yearly"), std::nullopt);
  EXPECT_EQ(BillingCycleFromNumber(7), std::nullopt);
  EXPECT_EQ(BillingCycleFromNumber(-1), std::nullopt);

  EXPECT_EQ(ParticipantTypeFromName("TransactionReseller"), ParticipantType::kTransactionReseller);
  EXPECT_EQ(ParticipantTypeFromName("consumption_reseller"), ParticipantType::kConsumptionReseller);
  EXPECT_EQ(ParticipantTypeFromName("ADDITIONAL_TRANSACTION_RESELLER"),
            ParticipantType::kAdditionalTransactionReseller);
  EXPECT_EQ(ParticipantTypeFromNumber(3), ParticipantType::kAdditionalTransactionReseller);
  EXPECT_EQ(ParticipantTypeFromNumber(4), std::nullopt);

  EXPECT_EQ(CartStatusFromName("active"), CartStatus::kActive);
  EXPECT_EQ(CartStatusFromName("Ordered"), CartStatus::kOrdered);
  EXPECT_EQ(CartStatusFromNumber(1), CartStatus::kOrdered);
  EXPECT_EQ(CartStatusFromName("Expired"), std::nullopt);
  EXPECT_EQ(CartStatusFromNumber(2), std::nullopt);
}

TEST(EnumFromNameTest, CartErrorCodeNames) {
  EXPECT_EQ(CartErrorCodeFromName("currency_is_not_supported"),
            cart_error::kCurrencyIsNotSupported);
  EXPECT_EQ(CartErrorCodeFromName("CurrencyIsNotSupported"), cart_error::kCurrencyIsNotSupported);
  EXPECT_EQ(CartErrorCodeFromName("subscription_is_not_enabled_for_r_i"),
            cart_error::kSubscriptionIsNotEnabledForRI);
  EXPECT_EQ(CartErrorCodeFromName("legacy_offer_not_eligible_for_purchase"),
            cart_error::kLegacyOfferNotEligibleForPurchase);
  EXPECT_EQ(CartErrorCodeFromName("unknown"), cart_error::kUnknown);
  EXPECT_EQ(CartErrorCodeFromName("no_such_error"), std::nullopt);
}

}  // namespace
}  // namespace partnercenter::models
