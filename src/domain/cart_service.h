// CartService: the cart operations of Partner Center (create, get, replace, check out, which
// places the orders and their subscriptions), with the tenancy, expiry, concurrency and
// idempotency rules of SPEC §5. What follows checkout is OrderService's. It sees no HTTP, JSON or
// SQL: it works on the contract's types and the CartStore port.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/cart_lines.h"
#include "domain/cart_store.h"
#include "domain/catalog_holder.h"
#include "domain/customer.h"
#include "domain/etag.h"
#include "domain/principal.h"
#include "domain/records.h"
#include "domain/storage_quota.h"

namespace cartd {

// The integration sandbox's documented limits (SPEC §13, docs/controls.md): "75 customers, 5
// subscriptions per customer, and 25 licenses per subscription".
struct SandboxLimits {
  bool enabled = false;
  int customers_per_partner = 75;      // fixtures and `cartd admin` refuse more (800018)
  int subscriptions_per_customer = 5;  // live ones; a checkout that would pass it: 403/800066
  int licences_per_subscription = 25;  // a line above it gets line error 10015
};

struct CartServiceOptions {
  // How long a cart stays usable after its creation (Partner Center: 7 days). Updates do not
  // extend it.
  Ticks cart_ttl = std::chrono::hours(24 * 7);
  LineLimits limits;
  // When true, a PUT without If-Match is refused (kPreconditionRequired) instead of last writer
  // wins.
  bool require_if_match = false;
  // How long the answer to an idempotent request is replayed.
  Ticks reply_retention = std::chrono::hours(24);
  // How often an optimistic write is tried when other writes to the same cart keep getting in
  // between its read and its write. Contention on one cart is short-lived (each write is one small
  // transaction), so a few dozen attempts with growing, jittered pauses always suffice in
  // practice; past that the store is overloaded and the client is better served by a retryable
  // error than by waiting on.
  int max_write_attempts = 64;
  // Called each time an optimistic write finds that the cart changed after it was read (and is
  // then retried): operation "update" or "checkout". For metrics; must be thread-safe and cheap.
  std::function<void(std::string_view operation)> on_write_conflict;
  // The most bytes one partner tenant may keep stored in carts and stored replies; a create,
  // replace or checkout that would take it over is refused with kStorageQuotaExceeded and stores
  // nothing (see StorageQuota). 0: no quota.
  std::int64_t partner_storage_quota = 0;
  // How long a node trusts its cached figure of a partner's stored bytes before reading the store
  // again (writes of other nodes count from then on).
  Ticks storage_quota_refresh = std::chrono::minutes(1);
  SandboxLimits sandbox_limits;
};

struct CheckoutOutcome {
  CartRecord cart;  // the cart after checkout (Ordered, unless no group could be ordered)
  partnercenter::CartCheckoutResult result;
  // True when the cart had been checked out before and `result` is the stored one.
  bool repeated = false;
};

// Thread-safe. The store, clock and catalog holder must outlive it.
//
// Idempotency: a write given an `idempotency_key` stores, in the same transaction as its effect,
// that the request was answered with the cart it leaves (ReplyToStore); FindReply returns that
// answer for 24 hours (CartServiceOptions::reply_retention). The service never renders anything:
// the API layer decides what a stored answer looks like on the wire.
//
// Storage quota: CreateCart, ReplaceCart and Checkout also return kStorageQuotaExceeded, with
// nothing written, when the write would take the caller's partner tenant over
// options.partner_storage_quota.
//
// Errors every operation may return besides those listed: kUnavailable, kInternal (from the
// store). kAlreadyExists from a write means the same request (same idempotency key) was answered
// concurrently: fetch its stored reply with FindReply and return that.
class CartService {
 public:
  CartService(CartStore& store, const Clock& clock, const CatalogHolder& catalog,
              CartServiceOptions options);

  // The customer `customer_id` if it belongs to the caller's partner tenant.
  // Errors: kCustomerForbidden when it does not, whether or not it exists for another partner
  // (the message is the same either way).
  StatusOr<Customer> AuthorizeCustomer(const Principal& caller, std::string_view customer_id) const;

  // Creates an Active cart from `draft`'s lines (everything server-managed in `draft` is ignored).
  // Errors: kInvalidInput (CheckLineItems).
  StatusOr<CartRecord> CreateCart(const Principal& caller, const Customer& customer,
                                  const partnercenter::Cart& draft,
                                  const IdempotencyKey* idempotency_key);

  // Errors: kNotFound (no such cart, or expired).
  StatusOr<CartRecord> GetCart(const Customer& customer, std::string_view cart_id) const;

  // GetCart for a caller that holds the state `known` of the cart (something derived from it,
  // such as its rendering): when that is still the cart's state, only the head is returned
  // (CartRead::record empty) and the store need not read the cart. With `known` nullopt, GetCart.
  // Errors: as GetCart.
  StatusOr<CartRead> GetChangedCart(const Customer& customer, std::string_view cart_id,
                                    const std::optional<CartHead>& known) const;

  // Replaces the cart's lines (and partnerOnRecordAttestationAccepted) with `draft`'s, atomically.
  // With `if_match`, the change applies only to the cart it names. A request without an
  // idempotency key (`idempotency_key` null) whose change the cart already has succeeds whatever
  // the tag, returning the cart unchanged (RFC 9110 §13.1.1: its earlier attempt's answer was
  // lost). A request with a key is recognised by the key instead (FindReply), so a stale tag fails
  // it even when the content matches: two clients that both raised a quantity from 5 to 6 are two
  // changes, not one change and its retry.
  // Errors: kNotFound (no such cart, or expired), kCartOrdered, kInvalidInput,
  // kPreconditionFailed (if_match does not match; with a CurrentETag detail),
  // kPreconditionRequired (if_match required).
  StatusOr<CartRecord> ReplaceCart(const Principal& caller, const Customer& customer,
                                   std::string_view cart_id, const partnercenter::Cart& draft,
                                   const std::optional<ETagCondition>& if_match,
                                   const IdempotencyKey* idempotency_key);

  // Checks the cart out exactly once: one order per order group, stored in one transaction with
  // the cart's move to Ordered. Checking out an Ordered cart returns the stored result
  // (repeated = true), whatever `if_match` says. When no group can be ordered, nothing is stored
  // and the cart stays Active (a later checkout may succeed).
  // Errors: kNotFound (no such cart, or expired), kCartHasErrors (a line carries an error; with
  // a CartLineErrors detail), kPreconditionFailed (with a CurrentETag detail),
  // kCheckoutInProgress (other changes to the cart kept overtaking this one).
  StatusOr<CheckoutOutcome> Checkout(const Principal& caller, const Customer& customer,
                                     std::string_view cart_id,
                                     const std::optional<ETagCondition>& if_match,
                                     const IdempotencyKey* idempotency_key);

  // The stored answer to the request `key`, if it was answered within the retention period.
  StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key) const;

  // Deletes carts that expired more than `grace` ago and replies past their retention.
  // Returns how many rows were deleted. What was deleted no longer counts against the quota.
  StatusOr<int> Sweep(Ticks grace, int limit);

  // The per-partner storage quota and what this node knows of each partner's usage.
  const StorageQuota& quota() const { return quota_; }
  // With sandbox limits on: kSandboxSubscriptionLimit when `new_subscriptions` more would take
  // the customer past the sandbox's subscriptions per customer (live ones: not deleted or
  // expired). Checked before the checkout's write, not in it: two checkouts racing for the last
  // slot may both pass, which the stand-in accepts.
  Status CheckSubscriptionLimit(const Customer& customer, std::size_t new_subscriptions) const;
  // After the store was emptied behind the service's back (the stand-in's reset): figures cached
  // from the store are read again.
  void ForgetCachedFigures() { quota_.MarkStale(); }

  const CartServiceOptions& options() const { return options_; }
  // The catalog carts are validated against, which the products API serves too.
  const CatalogHolder& catalog() const { return catalog_; }
  Timestamp Now() const { return clock_.Now(); }

 private:
  // What the line checks need: the time, and the subscription end dates a line may co-term with
  // (read only when a line of `draft` names a customTermEndDate).
  StatusOr<LineContext> LineContextFor(const Customer& customer, const partnercenter::Cart& draft,
                                       Timestamp now) const;
  // The cart if it exists and has not expired. Errors: kNotFound.
  StatusOr<CartRecord> FindLiveCart(const CartKey& key) const;
  // kNotFound for the cart `key` with `head` if it has expired.
  Status CheckLive(const CartKey& key, const CartHead& head) const;
  // store_.Commit, with the write's bytes admitted against the partner's storage quota.
  Status Commit(CartWrite& write);

  CartStore& store_;
  const Clock& clock_;
  const CatalogHolder& catalog_;
  CartServiceOptions options_;
  StorageQuota quota_;
};

}  // namespace cartd
