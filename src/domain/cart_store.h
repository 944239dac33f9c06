// CartStore: the domain's port to durable storage. SQLite (embedded) and PostgreSQL (scale-out)
// implement it, and one conformance suite (tests/storage/) holds both to the same contract.
//
// Consistency model: reads see every write acknowledged before they started. Writes are
// optimistic: a CartWrite states the version it read, and Commit applies it only if that is still
// the stored version, atomically with its orders and stored reply. This is what makes PUT atomic,
// If-Match exact, and checkout happen exactly once, on one node or many.
//
// Durability: when Commit returns OK, the write survives a crash of the process or machine.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/customer.h"
#include "domain/records.h"

namespace cartd {

// One atomic change of one cart.
struct CartWrite {
  // The new state. cart.version must be expected_version + 1.
  CartRecord cart;
  // 0: the cart is new and must not exist yet. Otherwise the version this change was computed
  // from; the write applies only if it is still the stored version.
  std::int64_t expected_version = 0;
  // Orders placed by this change (checkout), at version 1; order ids must be new (see Commit).
  std::vector<OrderRecord> new_orders;
  // The subscriptions those orders create, one per order line; ids must be new.
  std::vector<SubscriptionRecord> new_subscriptions;
  // The answer to remember for the request that made this change, if it has an idempotency key:
  // the store keeps it from `cart` (see ReplyToStore).
  std::optional<ReplyToStore> reply;
  // When set, Commit calls it once the write is checked and encoded, before anything is stored,
  // with the bytes the write stores as StoredBytes counts them (the cart's document and checkout
  // result, and the reply). A non-OK status refuses the write: Commit returns it and writes
  // nothing. Called on the caller's thread with no lock of the store held, so it may call the
  // store (the storage quota reads StoredBytes). Not called for a write that breaks the REQUIREs
  // of Commit.
  std::function<Status(std::int64_t stored_bytes)> admit;
};

// One atomic change of one order and its subscriptions (completion, cancellation).
struct OrderChange {
  // The new state. order.version must be expected_version + 1.
  OrderRecord order;
  std::int64_t expected_version = 1;
  // New states of subscriptions of the order (each must exist).
  std::vector<SubscriptionRecord> subscriptions;
};

// A record's place in a customer's list of orders or of subscriptions: those lists are ordered by
// creation date (a record without one first), then by id, compared bytewise.
struct ListPosition {
  std::optional<Timestamp> created;
  std::string id;
  friend auto operator<=>(const ListPosition&, const ListPosition&) = default;
};

inline ListPosition PositionOf(const OrderRecord& order) {
  return ListPosition{.created = order.order.creation_date, .id = order.key.order_id};
}
inline ListPosition PositionOf(const SubscriptionRecord& subscription) {
  return ListPosition{.created = subscription.subscription.creation_date,
                      .id = subscription.key.subscription_id};
}

// Which page of such a list to read: the first `limit` records after the one at `after` (which
// need not exist any more), or from the start of the list when `after` is nullopt. Lists are
// read a page at a time so that no caller has to hold a whole list, whose length grows with a
// customer's history.
struct ListPage {
  std::optional<ListPosition> after;
  int limit = 0;
};

// Thread-safe: every method may be called from any thread concurrently.
//
// Errors common to all methods:
//   kUnavailable  the store cannot be reached or is shutting down; the call may be retried
//   kInternal     anything else unexpected (corrupt data, a bug)
class CartStore {
 public:
  virtual ~CartStore() = default;

  // The cart, or nullopt when there is none under that key (expired carts are returned until
  // swept; the domain decides what expiry means).
  virtual StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) = 0;

  // As FindCart, for a reader that holds the state `known` of the cart: when the stored head is
  // still `known`, only the head is returned (CartRead::record empty), and a store may skip
  // reading and decoding the cart's documents. nullopt when there is no cart under `key`.
  // This default reads the whole cart.
  virtual StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                            const CartHead& known) {
    CARTD_ASSIGN_OR_RETURN(std::optional<CartRecord> record, FindCart(key));
    if (!record) return std::optional<CartRead>();
    CartRead read{.head = HeadOf(*record), .record = std::nullopt};
    if (read.head != known) read.record = *std::move(record);
    return std::optional<CartRead>(std::move(read));
  }

  // Applies `write` atomically and durably.
  // REQUIRES: the orders, subscriptions and reply of `write` are under the cart's partner tenant
  // and customer (one shard), each order's cart_id is the cart's id, and each subscription's
  // order is one of write.new_orders.
  // Errors:
  //   kConflict       expected_version == 0 and the cart exists, or expected_version != 0 and
  //                   the stored version differs (or the cart is gone), or an order or
  //                   subscription id of the write is taken (re-read and retry with new ids).
  //                   Nothing was written.
  //   kAlreadyExists  write.reply's key is already stored, at or after reply.expired_before:
  //                   this request was answered before.
  //                   Nothing was written. Takes precedence over kConflict, so that a retried
  //                   request whose first attempt succeeded finds its stored reply.
  // A failed write never fails other writes that happen to be committed alongside it.
  virtual Status Commit(const CartWrite& write) = 0;

  virtual StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) = 0;

  // One page of a customer's orders, oldest first (by ListPosition): the first page.limit of
  // those after page.after. Fewer than page.limit when no more follow; none when page.limit <= 0.
  // A list read page by page (domain/list_pages.h) holds every order that was placed before its
  // first page was read exactly once, since an order never changes its place; one placed
  // meanwhile may or may not be in it.
  virtual StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                        std::string_view customer_id,
                                                        const ListPage& page) = 0;

  // Up to `limit` orders of any customer whose stored status is "pending" and whose creation date
  // is before `created_before`, oldest first (for the sweeper that records their completion).
  virtual StatusOr<std::vector<OrderRecord>> ListPendingOrders(Timestamp created_before,
                                                               int limit) = 0;

  // Applies `change` atomically and durably.
  // REQUIRES: the subscriptions are under the order's partner tenant and customer and belong to
  // the order.
  // Errors:
  //   kConflict  the order's stored version is not expected_version (or the order is gone), or a
  //              subscription of the change does not exist. Nothing was written.
  virtual Status CommitOrderChange(const OrderChange& change) = 0;

  virtual StatusOr<std::optional<SubscriptionRecord>> FindSubscription(
      const SubscriptionKey& key) = 0;

  // One page of the subscriptions of a customer, or only of those of the order `order_id` when
  // it is set, as ListOrders pages orders: oldest first (by ListPosition), the first page.limit
  // after page.after.
  virtual StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) = 0;

  // The reply stored for `key` if it was stored at or after `not_before`: the cart (kCart) or the
  // checkout result (kCheckout) of the write that stored it, and that cart's version. Replies
  // stored by earlier versions of cartd are returned in the same form.
  virtual StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key,
                                                         Timestamp not_before) = 0;

  virtual StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                         std::string_view customer_id) = 0;
  // Adds or replaces the customer (keyed by partner tenant and id).
  virtual Status PutCustomer(const Customer& customer) = 0;
  // True when a customer was removed, false when there was none.
  virtual StatusOr<bool> RemoveCustomer(std::string_view partner_tenant,
                                        std::string_view customer_id) = 0;
  // The customers of one partner, or of all partners when `partner_tenant` is empty; ordered by
  // partner tenant, then id.
  virtual StatusOr<std::vector<Customer>> ListCustomers(std::string_view partner_tenant) = 0;

  // Deletes up to `limit` Active carts whose expirationTimestamp is before `expired_before`.
  // Ordered carts and orders are kept. Returns how many were deleted.
  virtual StatusOr<int> DeleteExpiredCarts(Timestamp expired_before, int limit) = 0;

  // Deletes up to `limit` stored replies created before `created_before`. Returns the count.
  virtual StatusOr<int> DeleteRepliesBefore(Timestamp created_before, int limit) = 0;

  // The number of stored carts by status.
  virtual StatusOr<CartCounts> CountCarts() = 0;

  // The bytes one partner tenant has stored in carts (each cart's document and checkout result,
  // Active or Ordered) and stored replies (each reply's payload): what the storage quota limits.
  // Orders, subscriptions and customers are not counted. A write adds what CartWrite::admit is
  // told; replacing a cart first takes away what its previous state counted; the sweeps take away
  // what they delete. 0 for a partner with nothing stored. Reads every row of the partner (by
  // the partner-first keys), so callers cache it (domain/storage_quota.h).
  virtual StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) = 0;

  // OK when the store answers and its schema is current (for /readyz).
  virtual Status Ping() = 0;

  // The stand-in clock (SPEC §13): how far cartd's time runs ahead of the system clock. Zero
  // until it is first advanced. Stored, so that it survives a restart and is the same for every
  // node of one store.
  virtual StatusOr<Ticks> FindClockOffset() = 0;
  // Stores `offset` if it is larger than the stored one (time only moves forward; of two nodes
  // advancing at once the larger offset wins) and returns the offset stored afterwards.
  virtual StatusOr<Ticks> AdvanceClockOffset(Ticks offset) = 0;
  // The stand-in's reset: deletes every cart, order, subscription, stored reply and customer and
  // sets the clock offset back to zero, in one transaction.
  virtual Status DeleteEverything() = 0;

  // Every cart of a customer, Active (expired ones included, until swept) and Ordered, by id:
  // what the stand-in's console shows. Not for the request path, which never lists carts.
  virtual StatusOr<std::vector<CartRecord>> ListCarts(std::string_view partner_tenant,
                                                      std::string_view customer_id) = 0;
};

}  // namespace cartd
