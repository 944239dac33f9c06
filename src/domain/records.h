// What cartd stores: carts with their version and checkout result, orders, customers and the
// first answers to idempotent requests. Plain structs shared by the domain and the stores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "partnercenter/models.h"

namespace cartd {

// Every stored row is keyed first by partner tenant and customer, so that data can be sharded on
// them. All ids are canonical (lowercase) GUIDs except order ids.
struct CartKey {
  std::string partner_tenant;
  std::string customer_id;
  std::string cart_id;
  friend bool operator==(const CartKey&, const CartKey&) = default;
};

// "partner/customer": a customer's key as one string, for maps.
inline std::string JoinedKey(std::string_view partner_tenant, std::string_view customer_id,
                             std::size_t room_after = 0) {
  std::string joined;
  joined.reserve(partner_tenant.size() + customer_id.size() + 1 + room_after);
  joined.append(partner_tenant).append(1, '/').append(customer_id);
  return joined;
}

// "partner/customer/cart": a cart's key as one string, for maps.
inline std::string JoinedKey(const CartKey& key) {
  std::string joined = JoinedKey(key.partner_tenant, key.customer_id, key.cart_id.size() + 1);
  joined.append(1, '/').append(key.cart_id);
  return joined;
}

struct OrderKey {
  std::string partner_tenant;
  std::string customer_id;
  std::string order_id;
  friend bool operator==(const OrderKey&, const OrderKey&) = default;
};

struct SubscriptionKey {
  std::string partner_tenant;
  std::string customer_id;
  std::string subscription_id;
  friend bool operator==(const SubscriptionKey&, const SubscriptionKey&) = default;
};

// A stored cart.
struct CartRecord {
  CartKey key;
  // 1 when created, +1 for every stored change. The cart's ETag is derived from it.
  std::int64_t version = 0;
  // Everything the contract shows of the cart, with server fields set. `links` and `attributes`
  // are not stored: the API layer renders them.
  partnercenter::Cart cart;
  // Set when the cart is Ordered: the answer its checkout gave, repeated to every later checkout.
  std::optional<partnercenter::CartCheckoutResult> checkout_result;
  friend bool operator==(const CartRecord&, const CartRecord&) = default;
};

// What tells one stored state of a cart from another without reading its content. The version
// alone does not: a store reset to fixtures stores a cart again from version 1 (with a new expiry).
// A reader that kept something derived from a cart (its rendering) holds the head it came from.
struct CartHead {
  std::int64_t version = 0;
  partnercenter::CartStatus status = partnercenter::CartStatus::kActive;
  std::optional<Timestamp> expiration;  // nullopt: never expires
  friend bool operator==(const CartHead&, const CartHead&) = default;
};

// A cart without a status is stored as Active.
inline CartHead HeadOf(const CartRecord& record) {
  return CartHead{.version = record.version,
                  .status = record.cart.status.value_or(partnercenter::CartStatus::kActive),
                  .expiration = record.cart.expiration_timestamp};
}

// A cart read by a reader that may already hold one state of it (CartStore::FindChangedCart).
struct CartRead {
  CartHead head;
  // The whole cart; empty when its head is the one the reader holds.
  std::optional<CartRecord> record;
  friend bool operator==(const CartRead&, const CartRead&) = default;
};

// A stored order, placed by the checkout of `cart_id`.
struct OrderRecord {
  OrderKey key;
  std::string cart_id;
  // 1 when placed, +1 for every stored change (completion, cancellation).
  std::int64_t version = 1;
  partnercenter::Order order;  // without `links` and `attributes`
  friend bool operator==(const OrderRecord&, const OrderRecord&) = default;
};

// A stored subscription: what one order line bought.
struct SubscriptionRecord {
  SubscriptionKey key;
  std::string order_id;
  partnercenter::Subscription subscription;  // without `links` and `attributes`
  friend bool operator==(const SubscriptionRecord&, const SubscriptionRecord&) = default;
};

// Identifies one request for idempotency: the same partner, customer, MS-RequestId, method, path
// and body is the same request. A different body under the same request id is a new request.
struct IdempotencyKey {
  std::string partner_tenant;
  std::string customer_id;
  std::string request_id;
  std::string method;
  std::string path;
  std::string body_digest;  // hex SHA-256 of the request body
  friend bool operator==(const IdempotencyKey&, const IdempotencyKey&) = default;
};

// What an idempotent request answered, so that a repeat of it gets the same answer (SPEC §5).
enum class ReplyKind {
  kCart,      // 201 and the cart as the request left it (create, replace)
  kCheckout,  // 201 and the cart's checkout result
};

// Remembers, with the write that made a request's effect, that the request `key` was answered: the
// answer is the write's cart (its version is the ETag; for kCheckout its checkout result is the
// body). The store keeps it from the cart the write already carries, so nothing is encoded twice.
struct ReplyToStore {
  IdempotencyKey key;
  ReplyKind kind = ReplyKind::kCart;
  Timestamp created_at;
  // A reply already stored under the same key before this instant is past its retention: it is
  // replaced instead of making the write fail. (The sweep deletes such replies, but only from
  // time to time.)
  Timestamp expired_before{};
};

// A remembered answer, as CartStore::FindReply returns it.
struct StoredReply {
  ReplyKind kind = ReplyKind::kCart;
  std::int64_t cart_version = 0;  // the cart's version after the request: the answer's ETag
  partnercenter::Cart cart;       // kCart: the cart, without links and attributes
  partnercenter::CartCheckoutResult checkout_result;  // kCheckout: without links and attributes
  friend bool operator==(const StoredReply&, const StoredReply&) = default;
};

// How many carts a store holds, by status (for metrics).
struct CartCounts {
  std::int64_t active = 0;  // including expired ones not yet swept
  std::int64_t ordered = 0;
};

}  // namespace cartd
