// PostgresStore: the scale-out CartStore. Any number of cartd nodes share one PostgreSQL database
// and behave as one, because every rule that spans requests is enforced by the database in one
// transaction: a cart write applies only at the version it was computed from (UPDATE ... WHERE
// version = expected), a new cart or order only when its key is free, and a stored reply only
// when its idempotency key is free or past its retention. Nodes keep nothing in memory that
// another node needs.
//
// Each call takes a connection from a bounded pool (see connection_pool.h) and runs in READ
// COMMITTED. A Commit is one explicit transaction in two round trips: BEGIN and every write of
// it in one pipeline, then COMMIT (or ROLLBACK when a conditional statement found its condition
// false). Reads are one round trip. Deadlocks and serialization failures are retried a few times
// inside the store; a connection found broken before anything could have been committed is
// replaced and the call retried once, so that a server restart or a terminated backend costs
// callers nothing once the server is back. While the server is unreachable every call fails with
// kUnavailable within the connect timeout.
//
// The schema is created and upgraded at open by the migrations in migrations/, serialised across
// nodes by an advisory lock. Documents (carts, checkout results, orders) are stored as the
// contract's JSON (partnercenter/json.h), without `links` and `attributes`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/cart_store.h"
#include "storage/postgres/postgres_options.h"

namespace cartd::storage {

namespace postgres {
class ConnectionPool;
}  // namespace postgres

// Counters of the store's connection pool, as one consistent snapshot.
struct PostgresStats {
  std::uint64_t connects = 0;          // connections opened
  std::uint64_t connect_failures = 0;  // attempts to open one that failed
  std::uint64_t discarded = 0;         // connections closed because they broke or were ended
  int open_connections = 0;            // open now, idle or in use
  int idle_connections = 0;            // of which idle
};

// Thread-safe: every method may be called from any thread concurrently (see CartStore).
// Destruction requires that no call is running; it closes the connections.
class PostgresStore final : public CartStore {
 public:
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  ~PostgresStore() override;

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override;
  // Also kInternal (nothing written) when `write` breaks the contract's REQUIREs: a version that is
  // not expected_version + 1, or an order or reply under another partner tenant or customer than
  // the cart. kUnavailable when the connection was lost while COMMIT was under way: the write may
  // or may not be stored (a retry with the same reply key finds out).
  Status Commit(const CartWrite& write) override;
  StatusOr<std::optional<OrderRecord>> FindOrder(const OrderKey& key) override;
  StatusOr<std::vector<OrderRecord>> ListOrders(std::string_view partner_tenant,
                                                std::string_view customer_id,
                                                const ListPage& page) override;
  StatusOr<std::vector<OrderRecord>> ListPendingOrders(Timestamp created_before,
                                                       int limit) override;
  // Also kInternal (nothing written) when `change` breaks the REQUIREs of CommitOrderChange.
  Status CommitOrderChange(const OrderChange& change) override;
  StatusOr<std::optional<SubscriptionRecord>> FindSubscription(const SubscriptionKey& key) override;
  StatusOr<std::vector<SubscriptionRecord>> ListSubscriptions(
      std::string_view partner_tenant, std::string_view customer_id,
      std::optional<std::string_view> order_id, const ListPage& page) override;
  StatusOr<std::optional<StoredReply>> FindReply(const IdempotencyKey& key,
                                                 Timestamp not_before) override;
  StatusOr<std::optional<Customer>> FindCustomer(std::string_view partner_tenant,
                                                 std::string_view customer_id) override;
  Status PutCustomer(const Customer& customer) override;
  StatusOr<bool> RemoveCustomer(std::string_view partner_tenant,
                                std::string_view customer_id) override;
  StatusOr<std::vector<Customer>> ListCustomers(std::string_view partner_tenant) override;
  // Several nodes may sweep at once: each deletes rows the others are not deleting.
  StatusOr<int> DeleteExpiredCarts(Timestamp expired_before, int limit) override;
  StatusOr<int> DeleteRepliesBefore(Timestamp created_before, int limit) override;
  StatusOr<CartCounts> CountCarts() override;
  StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) override;
  // OK when a connection answers and the recorded schema version is this build's. kInternal when
  // the schema is at another version (a newer build migrated it), kUnavailable when the server
  // cannot be reached.
  Status Ping() override;
  StatusOr<Ticks> FindClockOffset() override;
  StatusOr<Ticks> AdvanceClockOffset(Ticks offset) override;
  Status DeleteEverything() override;
  StatusOr<std::vector<CartRecord>> ListCarts(std::string_view partner_tenant,
                                              std::string_view customer_id) override;

  PostgresStats stats() const;
  // The schema version applied at open (the newest migration of this build).
  int schema_version() const { return schema_version_; }

 private:
  friend StatusOr<std::unique_ptr<PostgresStore>> OpenPostgresStore(const PostgresOptions& options);
  PostgresStore(std::unique_ptr<postgres::ConnectionPool> pool, int schema_version);

  std::unique_ptr<postgres::ConnectionPool> pool_;
  const int schema_version_;
};

// Connects to options.uri, applies the pending migrations (once across nodes opening the same
// database together) and returns the store with its first connection pooled.
// Errors:
//   kInvalidInput  options out of range (empty uri, pool_size below 1, a timeout not positive),
//                  or a malformed URI
//   kUnavailable   the server cannot be reached or refuses the login within connect_timeout
//   kInternal      the schema is newer than this build knows, or a migration fails
StatusOr<std::unique_ptr<PostgresStore>> OpenPostgresStore(const PostgresOptions& options);

}  // namespace cartd::storage
