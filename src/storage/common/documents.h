// What both stores share about how records are kept: documents are the contract's JSON (without
// the members the API layer renders), times are 100 ns ticks, and failures name what the store
// was doing with which record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/clock.h"
#include "common/status.h"
#include "domain/records.h"
#include "partnercenter/json.h"

namespace cartd::storage {

// Stored documents were written by this code, so they are read without the limits meant for
// untrusted request bodies.
inline constexpr partnercenter::ParseOptions kStoredDocumentLimits{.max_depth = 256,
                                                                   .max_string_bytes = 64 << 20};

inline std::int64_t ToTicks(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromTicks(std::int64_t ticks) { return Timestamp(Ticks(ticks)); }

// A cart's head from its row's columns (version, status as stored, expiration in ticks or
// nullopt), or kInternal naming the cart when the status is not one the store writes.
StatusOr<CartHead> HeadFromColumns(const CartKey& key, std::int64_t version,
                                   std::string_view status,
                                   std::optional<std::int64_t> expiration_ticks);

// "cart <id> of customer <id> (partner <id>)", and the like, for messages.
std::string Describe(const CartKey& key);
std::string Describe(const OrderKey& key);
std::string Describe(const IdempotencyKey& key);
std::string Describe(const SubscriptionKey& key);
std::string DescribeCustomer(std::string_view partner_tenant, std::string_view customer_id);

// Prefixes a failure with what the store was doing; the driver's wording stays at the end for
// logs. `context` is a callable returning the prefix, so that it is only built on failure.
template <typename Context>
Status InContext(const Status& status, const Context& context) {
  if (status.ok()) return status;
  return Status(status.code(), std::string(context()) + ": " + status.message());
}

template <typename T, typename Context>
StatusOr<T> InContext(StatusOr<T> result, const Context& context) {
  if (result.ok()) return result;
  return InContext(result.status(), context);
}

// What a stored document of `what` holds, or kInternal naming it.
template <typename T>
StatusOr<T> Decode(partnercenter::Result<T> parsed, const std::string& what) {
  if (!parsed.ok()) {
    return Internal("stored " + what + " is unreadable: " + parsed.error().ToString());
  }
  return std::move(parsed).value();
}

// Writes `value` without the members the API layer renders (links, attributes).
template <typename T>
std::string EncodeWithoutRendering(const T& value) {
  if (!value.links && !value.attributes) return partnercenter::ToJson(value);
  T stored = value;
  stored.links.reset();
  stored.attributes.reset();
  return partnercenter::ToJson(stored);
}

}  // namespace cartd::storage
