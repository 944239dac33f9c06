// SqliteStore: the embedded CartStore, one SQLite database file in WAL mode.
//
// Writes (Commit and the customer and sweep methods) are queued to one writer thread that commits
// everything queued in one transaction (group commit), giving each write its own savepoint so that
// a failing write is undone alone; a call returns once its transaction is durable
// (synchronous=FULL). Reads use a pool of read-only connections that run concurrently with the
// writer. The schema is created and upgraded at open by the migrations in migrations/.
//
// Documents (carts, checkout results, orders, subscriptions) are stored as the contract's JSON
// (partnercenter/json.h), without `links` and `attributes`.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/cart_store.h"

namespace cartd::storage {

namespace sqlite {
class GroupCommitWriter;
class ReadPool;
}  // namespace sqlite

struct SqliteOptions {
  // The database file, created when missing. Its directory must exist. A file path: ":memory:"
  // and the empty path are refused, since every connection of the store must see the same data.
  std::filesystem::path path;
  // Pooled read-only connections: how many reads run at once. At least 1.
  int read_connections = 8;
  // The most writes one group transaction takes. Bounds the latency a write adds to the others of
  // its batch. At least 1.
  int max_batch_writes = 256;
  // How long a connection waits for a lock held by another process using the same file (a second
  // cartd, a backup, the sqlite3 shell) before the operation fails with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

// Counters for tests and metrics, as one consistent snapshot: a write is counted in exactly one
// of queued, in_flight and writes (or has failed).
struct SqliteStats {
  std::uint64_t writes = 0;               // writes answered from committed transactions
  std::uint64_t transactions = 0;         // committed group transactions
  std::uint64_t failed_transactions = 0;  // group transactions that could not begin or commit
  std::uint64_t last_batch_size = 0;      // writes in the most recent committed transaction
  std::uint64_t queued = 0;               // writes waiting for the writer
  std::uint64_t in_flight = 0;            // writes in the transaction being run now
};

// The writer connection's settings as SQLite reports them after open, for startup logs and tests.
struct SqliteSettings {
  std::string journal_mode;  // "wal"
  int synchronous = 0;       // 2: FULL
  bool foreign_keys = false;
  int busy_timeout_ms = 0;
  int schema_version = 0;  // the newest applied migration
};

// Thread-safe: every method may be called from any thread concurrently (see CartStore).
// Destruction answers every Commit already waiting (their writes are committed or failed as usual),
// then closes the connections; calls started after destruction began are not allowed.
class SqliteStore final : public CartStore {
 public:
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override;

  StatusOr<std::optional<CartRecord>> FindCart(const CartKey& key) override;
  StatusOr<std::optional<CartRead>> FindChangedCart(const CartKey& key,
                                                    const CartHead& known) override;
  // Also kInternal (nothing written) when `write` breaks the contract's REQUIREs: a version that is
  // not expected_version + 1, or an order or reply under another partner tenant or customer than
  // the cart.
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
  StatusOr<int> DeleteExpiredCarts(Timestamp expired_before, int limit) override;
  StatusOr<int> DeleteRepliesBefore(Timestamp created_before, int limit) override;
  StatusOr<CartCounts> CountCarts() override;
  StatusOr<std::int64_t> StoredBytes(std::string_view partner_tenant) override;
  Status Ping() override;
  StatusOr<Ticks> FindClockOffset() override;
  StatusOr<Ticks> AdvanceClockOffset(Ticks offset) override;
  Status DeleteEverything() override;
  StatusOr<std::vector<CartRecord>> ListCarts(std::string_view partner_tenant,
                                              std::string_view customer_id) override;

  SqliteStats stats() const;
  const SqliteSettings& settings() const { return settings_; }

 private:
  friend StatusOr<std::unique_ptr<SqliteStore>> OpenSqliteStore(const SqliteOptions& options);
  SqliteStore(SqliteSettings settings, std::unique_ptr<sqlite::ReadPool> readers,
              std::unique_ptr<sqlite::GroupCommitWriter> writer);

  const SqliteSettings settings_;
  std::unique_ptr<sqlite::ReadPool> readers_;
  std::unique_ptr<sqlite::GroupCommitWriter> writer_;
};

// Opens the database at options.path (creating it if needed), sets WAL mode, synchronous=FULL,
// foreign keys and the busy timeout, and applies the pending migrations.
// Errors:
//   kInvalidInput  options out of range (empty or ":memory:" path, read_connections or
//                  max_batch_writes below 1, negative busy_timeout)
//   kUnavailable   the file cannot be opened or created (missing directory, permissions), or it
//                  is locked by another process for longer than the busy timeout
//   kInternal      the file is not a database, its schema is newer than this build knows, or WAL
//                  mode cannot be enabled
StatusOr<std::unique_ptr<SqliteStore>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace cartd::storage
