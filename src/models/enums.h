// Reading the contract's enums from their wire forms. Writing them is ToString in
// partnercenter/models.h.
//
// A name matches an enumerator when it equals, ignoring ASCII case, either the enumerator's
// PascalCase name ("OneTime") or its snake_case spelling ("one_time"), which is what .NET's
// EnumJsonConverter writes: an underscore before every capital but the first, then lower case.
// A number matches the enumerator with that value.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "partnercenter/models.h"

namespace partnercenter::models {

// True when `text` equals `pascal_name` or its snake_case form, ignoring ASCII case.
bool MatchesEnumName(std::string_view text, std::string_view pascal_name);

// nullopt when no enumerator matches.
std::optional<BillingCycle> BillingCycleFromName(std::string_view name);
std::optional<BillingCycle> BillingCycleFromNumber(std::int64_t number);
std::optional<ParticipantType> ParticipantTypeFromName(std::string_view name);
std::optional<ParticipantType> ParticipantTypeFromNumber(std::int64_t number);
std::optional<CartStatus> CartStatusFromName(std::string_view name);
std::optional<CartStatus> CartStatusFromNumber(std::int64_t number);

// The cart_error:: value named by a CartErrorCode enumerator ("currency_is_not_supported" or
// "CurrencyIsNotSupported" -> 10000); nullopt for names the contract does not define.
std::optional<int> CartErrorCodeFromName(std::string_view name);

}  // namespace partnercenter::models
