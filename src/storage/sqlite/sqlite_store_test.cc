// What the conformance suite (tests/storage/) cannot see of the SQLite store: the file, its
// schema and settings, and group commit.
#include "storage/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "domain/list_pages.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_connection.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace cartd::storage {
namespace {

using ::cartd::test::CreateWrite;
using ::cartd::test::ExpectedReply;
using ::cartd::test::FullCart;
using ::cartd::test::FullOrder;
using ::cartd::test::IsOk;
using ::cartd::test::IsOkAndHolds;
using ::cartd::test::MakeCustomer;
using ::cartd::test::MakeReply;
using ::cartd::test::NewCartKey;
using ::cartd::test::NewOrderKey;
using ::cartd::test::OrderedCart;
using ::cartd::test::ReplyKey;
using ::cartd::test::SimpleCart;
using ::cartd::test::StatusIs;
using ::cartd::test::TempDir;
using ::cartd::test::TestTime;
using ::cartd::test::UpdateWrite;
using sqlite::AccessMode;
using sqlite::Connection;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";

// Long enough that a write waiting for a lock the test holds never gives up in a slow run.
constexpr std::chrono::milliseconds kPatient{120'000};

// Waits for `condition`, which another thread makes true, checking every millisecond. False after
// a minute, so that a broken store fails the test instead of hanging it.
bool WaitUntil(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Rows of `sql` on `db`, each row's columns joined by '|', NULL as "NULL".
std::vector<std::string> Rows(Connection& db, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &statement, nullptr);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << sqlite3_errmsg(db.handle());
  while (statement != nullptr && (rc = sqlite3_step(statement)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      if (i > 0) row += '|';
      const unsigned char* text = sqlite3_column_text(statement, i);
      row += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
    }
    rows.push_back(std::move(row));
  }
  EXPECT_TRUE(statement == nullptr || rc == SQLITE_DONE) << sql << ": " << sqlite3_errstr(rc);
  sqlite3_finalize(statement);
  return rows;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  SqliteOptions Options() const {
    SqliteOptions options;
    options.path = dir_.File("cartd.db");
    options.busy_timeout = kPatient;
    return options;
  }

  std::unique_ptr<SqliteStore> Open(const SqliteOptions& options) {
    StatusOr<std::unique_ptr<SqliteStore>> store = OpenSqliteStore(options);
    EXPECT_THAT(store, IsOk());
    return store.ok() ? std::move(store).value() : nullptr;
  }
  std::unique_ptr<SqliteStore> Open() { return Open(Options()); }

  // A second connection to the store's file, as another process would have.
  std::unique_ptr<Connection> Raw() {
    auto db = Connection::Open(dir_.File("cartd.db"), AccessMode::kReadWrite,
                               std::chrono::milliseconds(0));
    EXPECT_THAT(db, IsOk());
    return db.ok() ? std::move(db).value() : nullptr;
  }

  TempDir dir_;
};

// Holds the database's write lock from another connection, so that the store's writer waits in
// BEGIN and submitted writes pile up in its queue.
class WriteLock {
 public:
  explicit WriteLock(std::unique_ptr<Connection> db) : db_(std::move(db)) {
    EXPECT_THAT(db_->Exec("BEGIN IMMEDIATE", "lock"), IsOk());
  }
  ~WriteLock() { Release(); }
  void Release() {
    if (db_->InTransaction()) {
      EXPECT_THAT(db_->Exec("ROLLBACK", "unlock"), IsOk());
    }
  }

 private:
  std::unique_ptr<Connection> db_;
};

std::uint64_t Pending(const SqliteStore& store) {
  SqliteStats stats = store.stats();
  return stats.queued + stats.in_flight;
}

// Starts `write` on a thread of `threads` and waits until the writer has it (queued or in
// flight), so that writes started one after another reach the queue in that order.
void StartInOrder(SqliteStore& store, std::vector<std::thread>& threads,
                  std::vector<Status>& results, const CartWrite& write) {
  const std::uint64_t before = Pending(store);
  const std::size_t index = results.size();
  results.emplace_back();
  threads.emplace_back([&store, &results, &write, index] { results[index] = store.Commit(write); });
  ASSERT_TRUE(WaitUntil([&] { return Pending(store) == before + 1; }));
}

// ---------------------------------------------------------------------------------------------
// Opening

TEST_F(SqliteStoreTest, OpenRefusesOptionsOutOfRange) {
  SqliteOptions empty = Options();
  empty.path.clear();
  SqliteOptions memory = Options();
  memory.path = ":memory:";
  SqliteOptions no_readers = Options();
  no_readers.read_connections = 0;
  SqliteOptions no_batch = Options();
  no_batch.max_batch_writes = 0;
  SqliteOptions negative_wait = Options();
  negative_wait.busy_timeout = std::chrono::milliseconds(-1);
  for (const SqliteOptions* options : {&empty, &memory, &no_readers, &no_batch, &negative_wait}) {
    EXPECT_THAT(OpenSqliteStore(*options), StatusIs(ErrorCode::kInvalidInput));
  }
}

TEST_F(SqliteStoreTest, OpenInAMissingDirectoryIsUnavailable) {
  SqliteOptions options = Options();
  options.path = dir_.File("no/such/dir/cartd.db");
  StatusOr<std::unique_ptr<SqliteStore>> store = OpenSqliteStore(options);
  EXPECT_THAT(store, StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(store.status().message(), HasSubstr(options.path.string()));
}

TEST_F(SqliteStoreTest, OpenOfAFileThatIsNotADatabaseIsInternal) {
  std::ofstream(dir_.File("cartd.db")) << std::string(4096, 'x');
  EXPECT_THAT(OpenSqliteStore(Options()), StatusIs(ErrorCode::kInternal));
}

TEST_F(SqliteStoreTest, WriterUsesWalFullSyncAndForeignKeys) {
  SqliteOptions options = Options();
  options.busy_timeout = std::chrono::milliseconds(4321);
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);

  const SqliteSettings& settings = store->settings();
  EXPECT_EQ(settings.journal_mode, "wal");
  EXPECT_EQ(settings.synchronous, 2);
  EXPECT_TRUE(settings.foreign_keys);
  EXPECT_EQ(settings.busy_timeout_ms, 4321);
  EXPECT_EQ(settings.schema_version, static_cast<int>(sqlite::EmbeddedMigrations().size()));
  // WAL is a property of the file: every connection, in any process, uses it.
  EXPECT_THAT(Raw()->PragmaValue("PRAGMA journal_mode"), IsOkAndHolds("wal"));
}

TEST_F(SqliteStoreTest, DataSurvivesClosingAndReopening) {
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  CartRecord ordered = OrderedCart(cart, {order});
  IdempotencyKey reply_key = ReplyKey(cart.key, "checkout-1");
  Customer customer = MakeCustomer(kPartner, kCustomer);
  CartWrite checkout = UpdateWrite(ordered);
  checkout.new_orders = {order};
  checkout.reply = MakeReply(reply_key, TestTime(), ReplyKind::kCheckout);
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());
    ASSERT_THAT(store->Commit(checkout), IsOk());
    ASSERT_THAT(store->PutCustomer(customer), IsOk());
  }

  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(reopened->FindCart(cart.key), IsOkAndHolds(Optional(ordered)));
  EXPECT_THAT(reopened->FindOrder(order.key), IsOkAndHolds(Optional(order)));
  EXPECT_THAT(ListAllOrders(*reopened, kPartner, kCustomer), IsOkAndHolds(ElementsAre(order)));
  EXPECT_THAT(reopened->FindReply(reply_key, TestTime()),
              IsOkAndHolds(Optional(ExpectedReply(checkout))));
  EXPECT_THAT(reopened->FindCustomer(kPartner, kCustomer), IsOkAndHolds(Optional(customer)));
}

TEST_F(SqliteStoreTest, ClosingCheckpointsTheWalIntoTheDatabaseFile) {
  const std::filesystem::path wal = dir_.File("cartd.db-wal");
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());
  EXPECT_TRUE(std::filesystem::exists(wal));

  store.reset();
  EXPECT_FALSE(std::filesystem::exists(wal));
  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(reopened->FindCart(cart.key), IsOkAndHolds(Optional(cart)));
}

TEST_F(SqliteStoreTest, MigrationsAreRecordedOnceAndNotReappliedOnReopen) {
  std::vector<std::string> recorded;
  {
    std::unique_ptr<SqliteStore> store = Open();
    ASSERT_NE(store, nullptr);
    recorded = Rows(*Raw(), "SELECT version, name, applied_at FROM schema_migrations");
  }
  const std::span<const sqlite::Migration> embedded = sqlite::EmbeddedMigrations();
  ASSERT_EQ(recorded.size(), embedded.size());
  EXPECT_THAT(recorded[0], HasSubstr("1|0001_init|20"));

  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Rows(*Raw(), "SELECT version, name, applied_at FROM schema_migrations"), recorded);
  EXPECT_THAT(reopened->Ping(), IsOk());
}

TEST_F(SqliteStoreTest, SchemaNewerThanTheBuildIsRefusedAtOpenAndByPing) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_THAT(store->Ping(), IsOk());
  // What a newer cartd sharing the file would have recorded.
  ASSERT_THAT(Raw()->Exec("INSERT INTO schema_migrations VALUES (9999, '9999_future', 'now')",
                          "newer schema"),
              IsOk());

  EXPECT_THAT(store->Ping(), StatusIs(ErrorCode::kInternal));
  store.reset();
  StatusOr<std::unique_ptr<SqliteStore>> reopened = OpenSqliteStore(Options());
  EXPECT_THAT(reopened, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(reopened.status().message(), HasSubstr("9999"));
}

// ---------------------------------------------------------------------------------------------
// Documents

TEST_F(SqliteStoreTest, UnreadableStoredDocumentsAreInternalNamingTheKey) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  OrderRecord order = FullOrder(cart.key, NewOrderKey(cart.key), TestTime());
  ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());
  CartWrite checkout = UpdateWrite(OrderedCart(cart, {order}));
  checkout.new_orders = {order};
  ASSERT_THAT(store->Commit(checkout), IsOk());

  ASSERT_THAT(Raw()->Exec("UPDATE orders SET document = '{\"id\": '", "corrupt order"), IsOk());
  StatusOr<std::optional<OrderRecord>> found_order = store->FindOrder(order.key);
  EXPECT_THAT(found_order, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(found_order.status().message(), HasSubstr(order.key.order_id));
  StatusOr<std::vector<OrderRecord>> listed = ListAllOrders(*store, kPartner, kCustomer);
  EXPECT_THAT(listed, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(listed.status().message(), HasSubstr(order.key.order_id));

  ASSERT_THAT(Raw()->Exec("UPDATE carts SET checkout_result = '[1, 2]'", "corrupt result"), IsOk());
  StatusOr<std::optional<CartRecord>> found_cart = store->FindCart(cart.key);
  EXPECT_THAT(found_cart, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(found_cart.status().message(),
              HasSubstr("checkout result of cart " + cart.key.cart_id));

  ASSERT_THAT(Raw()->Exec("UPDATE carts SET document = 'not json'", "corrupt cart"), IsOk());
  found_cart = store->FindCart(cart.key);
  EXPECT_THAT(found_cart, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(found_cart.status().message(), HasSubstr("document of cart " + cart.key.cart_id));
}

TEST_F(SqliteStoreTest, DocumentsAreTheContractsJson) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());

  std::vector<std::string> rows =
      Rows(*Raw(),
           "SELECT version, status, expiration, json_extract(document, '$.id'), "
           "checkout_result FROM carts");
  EXPECT_THAT(
      rows, ElementsAre("1|Active|" +
                        std::to_string(cart.cart.expiration_timestamp->time_since_epoch().count()) +
                        "|" + cart.key.cart_id + "|NULL"));
}

// ---------------------------------------------------------------------------------------------
// Writes that break the contract's REQUIREs

TEST_F(SqliteStoreTest, CommitRefusesMalformedWritesAndWritesNothing) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer), 2);
  CartWrite skipped = CreateWrite(cart);  // version 2 from nothing
  EXPECT_THAT(store->Commit(skipped), StatusIs(ErrorCode::kInternal));

  cart.version = 1;
  CartWrite foreign_order = CreateWrite(cart);
  CartKey elsewhere = NewCartKey(kPartner, "ffffffff-0000-4000-8000-000000000000");
  foreign_order.new_orders = {FullOrder(cart.key, NewOrderKey(elsewhere), TestTime())};
  EXPECT_THAT(store->Commit(foreign_order), StatusIs(ErrorCode::kInternal));

  CartWrite foreign_reply = CreateWrite(cart);
  foreign_reply.reply = MakeReply(ReplyKey(elsewhere, "r"), TestTime());
  EXPECT_THAT(store->Commit(foreign_reply), StatusIs(ErrorCode::kInternal));

  CartWrite order_of_other_cart = CreateWrite(cart);
  order_of_other_cart.new_orders = {
      FullOrder(NewCartKey(kPartner, kCustomer), NewOrderKey(cart.key), TestTime())};
  EXPECT_THAT(store->Commit(order_of_other_cart), StatusIs(ErrorCode::kInternal));

  EXPECT_THAT(store->FindCart(cart.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(ListAllOrders(*store, kPartner, kCustomer), IsOkAndHolds(ElementsAre()));
}

// ---------------------------------------------------------------------------------------------
// Group commit

TEST_F(SqliteStoreTest, ConcurrentCommittersShareTransactions) {
  constexpr int kWriters = 64;
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<CartWrite> writes;
  for (int i = 0; i < kWriters; ++i) {
    writes.push_back(CreateWrite(FullCart(NewCartKey(kPartner, kCustomer))));
  }
  const SqliteStats before = store->stats();

  WriteLock lock(Raw());
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back(
        [&, i] { results[std::size_t(i)] = store->Commit(writes[std::size_t(i)]); });
  }
  // Every write is submitted while the writer waits for the lock: the first transaction holds
  // whatever the writer took before blocking, the second everything else.
  EXPECT_TRUE(WaitUntil([&] { return Pending(*store) == kWriters; }));
  lock.Release();
  for (std::thread& thread : threads) thread.join();

  for (const Status& result : results) EXPECT_THAT(result, IsOk());
  const SqliteStats after = store->stats();
  const std::uint64_t writes_done = after.writes - before.writes;
  const std::uint64_t transactions = after.transactions - before.transactions;
  EXPECT_EQ(writes_done, std::uint64_t{kWriters});
  EXPECT_GE(transactions, 1u);
  EXPECT_LE(transactions, 2u);
  EXPECT_LT(transactions, writes_done);
  for (const CartWrite& write : writes) {
    EXPECT_THAT(store->FindCart(write.cart.key), IsOkAndHolds(Optional(write.cart)));
  }
}

TEST_F(SqliteStoreTest, AConflictingWriteFailsAloneInItsBatch) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartRecord existing = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(existing)), IsOk());
  CartWrite blocker = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  CartWrite before_conflict = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  CartWrite conflict = UpdateWrite(SimpleCart(existing.key, 5, TestTime()));  // stored is 1
  // Stored before the cart is checked, so undoing the write must remove it again.
  conflict.reply = MakeReply(ReplyKey(existing.key, "stale"), TestTime());
  CartWrite after_conflict = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  OrderRecord order =
      FullOrder(after_conflict.cart.key, NewOrderKey(after_conflict.cart.key), TestTime());
  after_conflict.new_orders = {order};

  WriteLock lock(Raw());
  std::vector<std::thread> threads;
  std::vector<Status> results;
  results.reserve(4);
  StartInOrder(*store, threads, results, blocker);
  ASSERT_TRUE(WaitUntil([&] { return store->stats().in_flight == 1; }));
  const SqliteStats before = store->stats();
  StartInOrder(*store, threads, results, before_conflict);
  StartInOrder(*store, threads, results, conflict);
  StartInOrder(*store, threads, results, after_conflict);
  EXPECT_EQ(store->stats().queued, 3u);
  lock.Release();
  for (std::thread& thread : threads) thread.join();

  EXPECT_THAT(results, ElementsAre(IsOk(), IsOk(), StatusIs(ErrorCode::kConflict), IsOk()));
  const SqliteStats after = store->stats();
  EXPECT_EQ(after.transactions - before.transactions, 2u);  // the blocker's, then the batch of 3
  EXPECT_EQ(after.last_batch_size, 3u);
  EXPECT_EQ(after.failed_transactions, 0u);
  EXPECT_THAT(store->FindCart(before_conflict.cart.key),
              IsOkAndHolds(Optional(before_conflict.cart)));
  EXPECT_THAT(store->FindCart(after_conflict.cart.key),
              IsOkAndHolds(Optional(after_conflict.cart)));
  EXPECT_THAT(store->FindOrder(order.key), IsOkAndHolds(Optional(order)));
  EXPECT_THAT(store->FindCart(existing.key), IsOkAndHolds(Optional(existing)));
  EXPECT_THAT(store->FindReply(conflict.reply->key, TestTime()), IsOkAndHolds(std::nullopt));
}

TEST_F(SqliteStoreTest, WritesInOneBatchSeeTheEarlierOnes) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartKey key = NewCartKey(kPartner, kCustomer);
  CartWrite blocker = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  CartWrite create = CreateWrite(FullCart(key, 1));
  CartWrite update = UpdateWrite(SimpleCart(key, 2, TestTime(std::chrono::hours(9))));
  IdempotencyKey reply_key = ReplyKey(NewCartKey(kPartner, kCustomer), "same");
  CartWrite first_reply = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  first_reply.reply = MakeReply(reply_key, TestTime());
  CartWrite second_reply = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  second_reply.reply = MakeReply(reply_key, TestTime());

  WriteLock lock(Raw());
  std::vector<std::thread> threads;
  std::vector<Status> results;
  results.reserve(5);
  StartInOrder(*store, threads, results, blocker);
  ASSERT_TRUE(WaitUntil([&] { return store->stats().in_flight == 1; }));
  for (const CartWrite* write : {&create, &update, &first_reply, &second_reply}) {
    StartInOrder(*store, threads, results, *write);
  }
  lock.Release();
  for (std::thread& thread : threads) thread.join();

  EXPECT_THAT(results,
              ElementsAre(IsOk(), IsOk(), IsOk(), IsOk(), StatusIs(ErrorCode::kAlreadyExists)));
  EXPECT_EQ(store->stats().last_batch_size, 4u);
  EXPECT_THAT(store->FindCart(key), IsOkAndHolds(Optional(update.cart)));
  EXPECT_THAT(store->FindCart(second_reply.cart.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store->FindReply(reply_key, TestTime()),
              IsOkAndHolds(Optional(ExpectedReply(first_reply))));
}

TEST_F(SqliteStoreTest, MaxBatchWritesBoundsATransaction) {
  SqliteOptions options = Options();
  options.max_batch_writes = 3;
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  std::vector<CartWrite> writes;
  for (int i = 0; i < 7; ++i)
    writes.push_back(CreateWrite(FullCart(NewCartKey(kPartner, kCustomer))));

  WriteLock lock(Raw());
  std::vector<std::thread> threads;
  std::vector<Status> results;
  results.reserve(writes.size());
  StartInOrder(*store, threads, results, writes[0]);
  ASSERT_TRUE(WaitUntil([&] { return store->stats().in_flight == 1; }));
  const SqliteStats before = store->stats();
  for (std::size_t i = 1; i < writes.size(); ++i) StartInOrder(*store, threads, results, writes[i]);
  lock.Release();
  for (std::thread& thread : threads) thread.join();

  for (const Status& result : results) EXPECT_THAT(result, IsOk());
  const SqliteStats after = store->stats();
  EXPECT_EQ(after.transactions - before.transactions, 3u);  // 1, then 3 and 3
  EXPECT_EQ(after.last_batch_size, 3u);
}

TEST_F(SqliteStoreTest, ATransactionThatCannotBeginFailsItsWritesAsUnavailable) {
  SqliteOptions options = Options();
  options.busy_timeout = std::chrono::milliseconds(0);
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  CartWrite write = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  write.reply = MakeReply(ReplyKey(write.cart.key, "r1"), TestTime());

  WriteLock lock(Raw());
  Status status = store->Commit(write);
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("nothing of it was stored"));
  EXPECT_EQ(store->stats().failed_transactions, 1u);
  lock.Release();

  EXPECT_THAT(store->FindCart(write.cart.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store->FindReply(write.reply->key, TestTime()), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store->Commit(write), IsOk());
  EXPECT_THAT(store->FindCart(write.cart.key), IsOkAndHolds(Optional(write.cart)));
}

TEST_F(SqliteStoreTest, ReadsRunWhileTheWriterWaits) {
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  CartRecord stored = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(stored)), IsOk());
  CartWrite waiting = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));

  WriteLock lock(Raw());
  std::vector<std::thread> threads;
  std::vector<Status> results;
  StartInOrder(*store, threads, results, waiting);
  ASSERT_TRUE(WaitUntil([&] { return store->stats().in_flight == 1; }));
  EXPECT_THAT(store->FindCart(stored.key), IsOkAndHolds(Optional(stored)));
  EXPECT_THAT(store->FindCart(waiting.cart.key), IsOkAndHolds(std::nullopt));
  EXPECT_THAT(store->Ping(), IsOk());
  lock.Release();
  threads[0].join();

  EXPECT_THAT(results[0], IsOk());
  EXPECT_THAT(store->FindCart(waiting.cart.key), IsOkAndHolds(Optional(waiting.cart)));
}

TEST_F(SqliteStoreTest, DestroyingTheStoreAnswersEveryWaitingCommit) {
  constexpr int kWriters = 10;
  std::unique_ptr<SqliteStore> store = Open();
  ASSERT_NE(store, nullptr);
  std::vector<CartWrite> writes;
  for (int i = 0; i < kWriters; ++i) {
    writes.push_back(CreateWrite(FullCart(NewCartKey(kPartner, kCustomer))));
  }

  WriteLock lock(Raw());
  std::vector<Status> results(kWriters);
  std::vector<std::thread> threads;
  SqliteStore* raw_store = store.get();
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back(
        [&, i] { results[std::size_t(i)] = raw_store->Commit(writes[std::size_t(i)]); });
  }
  ASSERT_TRUE(WaitUntil([&] { return Pending(*store) == kWriters; }));
  std::thread closer([&store] { store.reset(); });
  lock.Release();
  closer.join();
  for (std::thread& thread : threads) thread.join();

  for (const Status& result : results) EXPECT_THAT(result, IsOk());
  std::unique_ptr<SqliteStore> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  for (const CartWrite& write : writes) {
    EXPECT_THAT(reopened->FindCart(write.cart.key), IsOkAndHolds(Optional(write.cart)));
  }
}

// ---------------------------------------------------------------------------------------------
// Integrity

TEST_F(SqliteStoreTest, IntegrityCheckIsOkAfterAConcurrentWorkload) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 12;
  SqliteOptions options = Options();
  options.read_connections = 3;
  options.max_batch_writes = 16;
  std::unique_ptr<SqliteStore> store = Open(options);
  ASSERT_NE(store, nullptr);

  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string customer = "c0000000-0000-4000-8000-00000000000" + std::to_string(t);
      auto check = [&](const Status& status) {
        if (!status.ok()) ++failures[std::size_t(t)];
      };
      for (int round = 0; round < kRounds; ++round) {
        CartKey key = NewCartKey(kPartner, customer);
        // Every third cart is left Active and already expired, for the sweeper.
        Timestamp expiration = round % 3 == 0 ? TestTime() : TestTime(std::chrono::days(30));
        CartRecord cart = SimpleCart(key, 1, expiration);
        CartWrite create = CreateWrite(cart);
        create.reply = MakeReply(ReplyKey(key, "create-" + std::to_string(round)),
                                 TestTime(std::chrono::seconds(round)));
        check(store->Commit(create));
        // An expired cart may be swept by another thread at any moment, so it is not updated.
        if (round % 3 != 0) {
          CartRecord v2 = FullCart(key, 2);
          v2.cart.expiration_timestamp = expiration;
          check(store->Commit(UpdateWrite(v2)));
          OrderRecord order =
              FullOrder(key, NewOrderKey(key), TestTime(std::chrono::seconds(round)));
          CartWrite checkout = UpdateWrite(OrderedCart(v2, {order}));
          checkout.new_orders = {order};
          check(store->Commit(checkout));
        }
        check(
            store->PutCustomer(MakeCustomer(kPartner, customer, "round " + std::to_string(round))));
        check(store->FindCart(key).status());
        check(ListAllOrders(*store, kPartner, customer).status());
        if (round % 4 == 0) {
          check(store->DeleteExpiredCarts(TestTime(std::chrono::days(1)), 5).status());
          check(store->DeleteRepliesBefore(TestTime(std::chrono::seconds(3)), 5).status());
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[std::size_t(t)], 0) << "thread " << t;
  ASSERT_THAT(store->DeleteExpiredCarts(TestTime(std::chrono::days(1)), 1000), IsOk());

  std::unique_ptr<Connection> raw = Raw();
  EXPECT_THAT(Rows(*raw, "PRAGMA integrity_check"), ElementsAre("ok"));
  EXPECT_THAT(Rows(*raw, "PRAGMA foreign_key_check"), ElementsAre());
  const int ordered_per_thread = kRounds - (kRounds + 2) / 3;
  EXPECT_THAT(Rows(*raw, "SELECT count(*) FROM carts WHERE status = 'Ordered'"),
              ElementsAre(std::to_string(kThreads * ordered_per_thread)));
  EXPECT_THAT(Rows(*raw, "SELECT count(*) FROM carts WHERE status = 'Active'"), ElementsAre("0"));
  EXPECT_THAT(Rows(*raw, "SELECT count(*) FROM orders"),
              ElementsAre(std::to_string(kThreads * ordered_per_thread)));
  EXPECT_THAT(Rows(*raw, "SELECT count(*) FROM customers"), ElementsAre(std::to_string(kThreads)));
  EXPECT_GE(store->stats().writes, std::uint64_t{kThreads * kRounds * 2});
}

}  // namespace
}  // namespace cartd::storage
