#include "models/enums.h"

#include <array>
#include <cstddef>

namespace partnercenter {
namespace {

template <typename T>
struct NamedValue {
  T value;
  std::string_view pascal_name;
};

constexpr std::array<NamedValue<BillingCycle>, 7> kBillingCycles = {{
    {BillingCycle::kUnknown, "Unknown"},
    {BillingCycle::kMonthly, "Monthly"},
    {BillingCycle::kAnnual, "Annual"},
    {BillingCycle::kNone, "None"},
    {BillingCycle::kOneTime, "OneTime"},
    {BillingCycle::kTriennial, "Triennial"},
    {BillingCycle::kBiennial, "Biennial"},
}};

constexpr std::array<NamedValue<ParticipantType>, 4> kParticipantTypes = {{
    {ParticipantType::kUnknown, "Unknown"},
    {ParticipantType::kTransactionReseller, "TransactionReseller"},
    {ParticipantType::kConsumptionReseller, "ConsumptionReseller"},
    {ParticipantType::kAdditionalTransactionReseller, "AdditionalTransactionReseller"},
}};

constexpr std::array<NamedValue<CartStatus>, 2> kCartStatuses = {{
    {CartStatus::kActive, "Active"},
    {CartStatus::kOrdered, "Ordered"},
}};

constexpr std::array<NamedValue<int>, 21> kCartErrorCodes = {{
    {cart_error::kUnknown, "Unknown"},
    {cart_error::kCurrencyIsNotSupported, "CurrencyIsNotSupported"},
    {cart_error::kCatalogItemIdIsNotValid, "CatalogItemIdIsNotValid"},
    {cart_error::kQuotaNotAvailable, "QuotaNotAvailable"},
    {cart_error::kInventoryNotAvailable, "InventoryNotAvailable"},
    {cart_error::kParticipantsIsNotSupportedForPartner, "ParticipantsIsNotSupportedForPartner"},
    {cart_error::kUnableToProcessCartLineItem, "UnableToProcessCartLineItem"},
    {cart_error::kSubscriptionIsNotValid, "SubscriptionIsNotValid"},
    {cart_error::kSubscriptionIsNotEnabledForRI, "SubscriptionIsNotEnabledForRI"},
    {cart_error::kSandboxLimitExceeded, "SandboxLimitExceeded"},
    {cart_error::kInvalidInput, "InvalidInput"},
    {cart_error::kSubscriptionNotRegistered, "SubscriptionNotRegistered"},
    {cart_error::kAttestationNotAccepted, "AttestationNotAccepted"},
    {cart_error::kBillingPlanNotSupported, "BillingPlanNotSupported"},
    {cart_error::kInvalidPromotionId, "InvalidPromotionId"},
    {cart_error::kMaxAllowedSeatsPerSubscriptionExceeded, "MaxAllowedSeatsPerSubscriptionExceeded"},
    {cart_error::kInvalidCustomTermEndDateProduct, "InvalidCustomTermEndDateProduct"},
    {cart_error::kInvalidCustomTermEndDate, "InvalidCustomTermEndDate"},
    {cart_error::kBaseOfferSeatQuantityNotMet, "BaseOfferSeatQuantityNotMet"},
    {cart_error::kMinimumAddOnSeatsNotMet, "MinimumAddOnSeatsNotMet"},
    {cart_error::kLegacyOfferNotEligibleForPurchase, "LegacyOfferNotEligibleForPurchase"},
}};

constexpr char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
constexpr bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) {
      return false;
    }
  }
  return true;
}

// Walks the snake_case form of `pascal_name` without building it.
bool EqualsSnakeCaseIgnoreCase(std::string_view text, std::string_view pascal_name) {
  std::size_t t = 0;
  for (std::size_t i = 0; i < pascal_name.size(); ++i) {
    const char c = pascal_name[i];
    if (i > 0 && IsAsciiUpper(c)) {
      if (t >= text.size() || text[t] != '_') {
        return false;
      }
      ++t;
    }
    if (t >= text.size() || AsciiLower(text[t]) != AsciiLower(c)) {
      return false;
    }
    ++t;
  }
  return t == text.size();
}

template <typename T, std::size_t N>
std::optional<T> FindByName(const std::array<NamedValue<T>, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (models::MatchesEnumName(name, entry.pascal_name)) {
      return entry.value;
    }
  }
  return std::nullopt;
}

template <typename T, std::size_t N>
std::optional<T> FindByNumber(const std::array<NamedValue<T>, N>& table, std::int64_t number) {
  for (const auto& entry : table) {
    if (static_cast<std::int64_t>(entry.value) == number) {
      return entry.value;
    }
  }
  return std::nullopt;
}

}  // namespace

const char* ToString(BillingCycle value) {
  switch (value) {
    case BillingCycle::kUnknown:
      return "unknown";
    case BillingCycle::kMonthly:
      return "monthly";
    case BillingCycle::kAnnual:
      return "annual";
    case BillingCycle::kNone:
      return "none";
    case BillingCycle::kOneTime:
      return "one_time";
    case BillingCycle::kTriennial:
      return "triennial";
    case BillingCycle::kBiennial:
      return "biennial";
  }
  return "unknown";
}

const char* ToString(ParticipantType value) {
  switch (value) {
    case ParticipantType::kUnknown:
      return "unknown";
    case ParticipantType::kTransactionReseller:
      return "transaction_reseller";
    case ParticipantType::kConsumptionReseller:
      return "consumption_reseller";
    case ParticipantType::kAdditionalTransactionReseller:
      return "additional_transaction_reseller";
  }
  return "unknown";
}

const char* ToString(CartStatus value) {
  switch (value) {
    case CartStatus::kActive:
      return "Active";
    case CartStatus::kOrdered:
      return "Ordered";
  }
  return "Unknown";
}

namespace models {

bool MatchesEnumName(std::string_view text, std::string_view pascal_name) {
  return EqualsIgnoreCase(text, pascal_name) || EqualsSnakeCaseIgnoreCase(text, pascal_name);
}

std::optional<BillingCycle> BillingCycleFromName(std::string_view name) {
  return FindByName(kBillingCycles, name);
}
std::optional<BillingCycle> BillingCycleFromNumber(std::int64_t number) {
  return FindByNumber(kBillingCycles, number);
}
std::optional<ParticipantType> ParticipantTypeFromName(std::string_view name) {
  return FindByName(kParticipantTypes, name);
}
std::optional<ParticipantType> ParticipantTypeFromNumber(std::int64_t number) {
  return FindByNumber(kParticipantTypes, number);
}
std::optional<CartStatus> CartStatusFromName(std::string_view name) {
  return FindByName(kCartStatuses, name);
}
std::optional<CartStatus> CartStatusFromNumber(std::int64_t number) {
  return FindByNumber(kCartStatuses, number);
}
std::optional<int> CartErrorCodeFromName(std::string_view name) {
  return FindByName(kCartErrorCodes, name);
}

}  // namespace models
}  // namespace partnercenter
