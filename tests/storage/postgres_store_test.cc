// What the conformance suite cannot say about PostgresStore: migrations across nodes, the schema,
// how the store lives through terminated connections, server outages and lock waits, and that
// several stores on one database (several nodes) behave as one.
#include "storage/postgres/postgres_store.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "domain/list_pages.h"
#include "partnercenter/json.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/postgres_connection.h"
#include "tests/testing/postgres_server.h"
#include "tests/testing/record_builders.h"
#include "tests/testing/status_matchers.h"

namespace cartd::storage {
namespace {

using ::cartd::test::CreateWrite;
using ::cartd::test::ExpectedReply;
using ::cartd::test::FullCart;
using ::cartd::test::FullOrder;
using ::cartd::test::IsOk;
using ::cartd::test::IsOkAndHolds;
using ::cartd::test::MakeReply;
using ::cartd::test::NewCartKey;
using ::cartd::test::NewOrderKey;
using ::cartd::test::OrderedCart;
using ::cartd::test::PostgresServer;
using ::cartd::test::ReplyKey;
using ::cartd::test::SimpleCart;
using ::cartd::test::StatusIs;
using ::cartd::test::TestTime;
using ::cartd::test::UpdateWrite;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

using Rows = std::vector<std::vector<std::string>>;

constexpr char kPartner[] = "0d9b9d2a-7ac3-4c4a-9b0c-5d8c6f0a1e21";
constexpr char kCustomer[] = "6b1f3a2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9";

// A bound on calls that must not hang, far above what they take (a refused connection fails in
// microseconds): it turns a hang into a failure that names the call instead of a ctest timeout.
constexpr auto kHangLimit = std::chrono::seconds(20);

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = PostgresServer::Shared();
    ASSERT_NE(server_, nullptr);
    ASSERT_OK_AND_ASSIGN(database_, server_->CreateDatabase());
  }

  void TearDown() override {
    // An outage test that failed half-way must not leave the server down for the next test.
    if (server_ != nullptr && !server_->running()) {
      EXPECT_THAT(server_->Start(), IsOk());
    }
  }

  PostgresOptions Options() const {
    PostgresOptions options;
    options.uri = server_->Uri(database_);
    options.pool_size = 4;
    return options;
  }

  std::unique_ptr<PostgresStore> Open(const PostgresOptions& options) {
    StatusOr<std::unique_ptr<PostgresStore>> store = OpenPostgresStore(options);
    EXPECT_THAT(store, IsOk());
    return store.ok() ? std::move(store).value() : nullptr;
  }

  Rows Query(const std::string& sql) {
    StatusOr<Rows> rows = server_->Query(database_, sql);
    EXPECT_THAT(rows, IsOk()) << sql;
    return rows.ok() ? *rows : Rows{};
  }

  // The server processes of this database's cartd connections.
  std::vector<std::string> StoreBackends() {
    std::vector<std::string> pids;
    for (const auto& row : Query("SELECT pid FROM pg_stat_activity WHERE datname = '" + database_ +
                                 "' AND application_name = 'cartd' ORDER BY pid")) {
      pids.push_back(row[0]);
    }
    return pids;
  }

  // Ends a backend the way an operator or a failover would, and returns once it has exited.
  void Terminate(const std::string& pid) {
    EXPECT_EQ(Query("SELECT pg_terminate_backend(" + pid + ", 10000)"), Rows{{"t"}});
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
};

template <typename Call>
auto Timed(const Call& call, std::chrono::steady_clock::duration* elapsed) {
  const auto start = std::chrono::steady_clock::now();
  auto result = call();
  *elapsed = std::chrono::steady_clock::now() - start;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Options and opening

TEST_F(PostgresStoreTest, OptionsOutOfRangeAreInvalidInput) {
  PostgresOptions no_uri = Options();
  no_uri.uri.clear();
  EXPECT_THAT(OpenPostgresStore(no_uri), StatusIs(ErrorCode::kInvalidInput));
  PostgresOptions no_pool = Options();
  no_pool.pool_size = 0;
  EXPECT_THAT(OpenPostgresStore(no_pool), StatusIs(ErrorCode::kInvalidInput));
  PostgresOptions no_timeout = Options();
  no_timeout.statement_timeout = std::chrono::milliseconds(0);
  EXPECT_THAT(OpenPostgresStore(no_timeout), StatusIs(ErrorCode::kInvalidInput));
}

TEST_F(PostgresStoreTest, AMalformedUriIsInvalidInput) {
  PostgresOptions options = Options();
  options.uri += "?no_such_parameter=1";
  StatusOr<std::unique_ptr<PostgresStore>> store = OpenPostgresStore(options);
  EXPECT_THAT(store, StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(store.status().message(), HasSubstr("no_such_parameter"));
}

TEST_F(PostgresStoreTest, AMissingDatabaseIsUnavailable) {
  PostgresOptions options = Options();
  options.uri = server_->Uri("no_such_database");
  StatusOr<std::unique_ptr<PostgresStore>> store = OpenPostgresStore(options);
  EXPECT_THAT(store, StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(store.status().message(), HasSubstr("no_such_database"));
}

TEST_F(PostgresStoreTest, AServerThatNeverAnswersIsUnavailableAfterTheConnectTimeout) {
  // A listening socket that nobody accepts from: the TCP handshake completes (the kernel does it),
  // then nothing ever answers, as with a hung server or a black-holed network.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  PostgresOptions options;
  options.uri = "postgresql://cartd@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/db";
  options.connect_timeout = std::chrono::milliseconds(300);
  std::chrono::steady_clock::duration elapsed{};
  StatusOr<std::unique_ptr<PostgresStore>> store =
      Timed([&] { return OpenPostgresStore(options); }, &elapsed);
  close(listener);

  EXPECT_THAT(store, StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(store.status().message(), HasSubstr("no answer within 300 ms"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
  EXPECT_LT(elapsed, kHangLimit);
}

// ---------------------------------------------------------------------------------------------
// Migrations and schema

TEST_F(PostgresStoreTest, MigrationsAreRecordedOnceAndNotReappliedOnReopen) {
  const std::string latest = std::string(postgres::EmbeddedMigrations().back().name);
  const int versions = static_cast<int>(postgres::EmbeddedMigrations().size());
  {
    std::unique_ptr<PostgresStore> store = Open(Options());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(store->schema_version(), versions);
  }
  std::unique_ptr<PostgresStore> reopened = Open(Options());
  ASSERT_NE(reopened, nullptr);
  EXPECT_THAT(reopened->Ping(), IsOk());

  const Rows recorded = Query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_EQ(recorded.size(), static_cast<std::size_t>(versions));
  EXPECT_EQ(recorded[0], (std::vector<std::string>{"1", "0001_init"}));
  EXPECT_EQ(recorded.back()[1], latest);
  EXPECT_EQ(Query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"),
            (Rows{{"carts"},
                  {"customers"},
                  {"orders"},
                  {"replies"},
                  {"schema_migrations"},
                  {"stand_in_clock"},
                  {"subscriptions"}}));
}

TEST_F(PostgresStoreTest, StoresOpenedTogetherOnOneDatabaseMigrateOnce) {
  constexpr int kNodes = 4;
  std::vector<StatusOr<std::unique_ptr<PostgresStore>>> stores;
  for (int i = 0; i < kNodes; ++i) stores.emplace_back(Internal("not opened"));
  std::latch start(kNodes);
  std::vector<std::thread> nodes;
  for (int i = 0; i < kNodes; ++i) {
    nodes.emplace_back([&, i] {
      start.arrive_and_wait();
      stores[static_cast<std::size_t>(i)] = OpenPostgresStore(Options());
    });
  }
  for (std::thread& node : nodes) node.join();

  for (const auto& store : stores) EXPECT_THAT(store, IsOk());
  EXPECT_EQ(Query("SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY 1"),
            (Rows{{"1", "1"}, {"2", "1"}, {"3", "1"}}));
}

TEST_F(PostgresStoreTest, EveryTablesPrimaryKeyStartsWithPartnerAndCustomer) {
  ASSERT_NE(Open(Options()), nullptr);
  EXPECT_EQ(Query("SELECT c.relname, string_agg(a.attname, ',' ORDER BY k.ord) "
                  "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                  "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                  "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "
                  "WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace "
                  "GROUP BY c.relname ORDER BY c.relname"),
            (Rows{{"carts", "partner_tenant,customer_id,cart_id"},
                  {"customers", "partner_tenant,customer_id"},
                  {"orders", "partner_tenant,customer_id,order_id"},
                  {"replies", "partner_tenant,customer_id,request_id,method,path,body_digest"},
                  {"schema_migrations", "version"},
                  // One row for the whole store (the stand-in's clock): a reference table.
                  {"stand_in_clock", "id"},
                  {"subscriptions", "partner_tenant,customer_id,subscription_id"}}));
}

TEST_F(PostgresStoreTest, SchemaNewerThanTheBuildIsRefusedAtOpenAndByPing) {
  std::unique_ptr<PostgresStore> store = Open(Options());
  ASSERT_NE(store, nullptr);
  ASSERT_THAT(store->Ping(), IsOk());
  const std::string next = std::to_string(postgres::EmbeddedMigrations().size() + 1);
  Query("INSERT INTO schema_migrations (version, name) VALUES (" + next + ", '9999_future')");

  const Status ping = store->Ping();
  EXPECT_THAT(ping, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(ping.message(), HasSubstr("schema version " + next));
  StatusOr<std::unique_ptr<PostgresStore>> reopened = OpenPostgresStore(Options());
  EXPECT_THAT(reopened, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(reopened.status().message(), HasSubstr("newer than this build"));
}

TEST_F(PostgresStoreTest, AFailingMigrationAppliesNothing) {
  constexpr postgres::Migration kMigrations[] = {
      {1, "0001_log",
       "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
       "applied_at timestamptz NOT NULL DEFAULT now()); CREATE TABLE a (x int)"},
      {2, "0002_broken", "CREATE TABLE b (x int); CREATE TABLE b (x int)"},
  };
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<postgres::Connection> db,
                       postgres::Connection::Open({.uri = server_->Uri(database_)}));

  StatusOr<int> applied =
      postgres::ApplyMigrations(*db, kMigrations, std::chrono::milliseconds(30'000));
  EXPECT_THAT(applied, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(applied.status().message(), HasSubstr("migration 0002_broken"));
  EXPECT_THAT(applied.status().message(), HasSubstr("SQLSTATE 42P07"));
  EXPECT_FALSE(db->InTransaction());
  EXPECT_EQ(Query("SELECT to_regclass('schema_migrations') IS NULL, to_regclass('a') IS NULL"),
            (Rows{{"t", "t"}}));

  EXPECT_THAT(
      postgres::ApplyMigrations(*db, std::span(kMigrations, 1), std::chrono::milliseconds(30'000)),
      IsOkAndHolds(1));
  EXPECT_THAT(postgres::RecordedSchemaVersion(*db), IsOkAndHolds(1));
}

TEST_F(PostgresStoreTest, DocumentsAreTheContractsJsonAsText) {
  std::unique_ptr<PostgresStore> store = Open(Options());
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());

  EXPECT_EQ(Query("SELECT document, pg_typeof(document)::text, version, status, expiration "
                  "FROM carts WHERE cart_id = '" +
                  cart.key.cart_id + "'"),
            (Rows{{partnercenter::ToJson(cart.cart), "text", "1", "Active",
                   std::to_string(cart.cart.expiration_timestamp->time_since_epoch().count())}}));
}

TEST_F(PostgresStoreTest, UnreadableStoredDocumentsAreInternalNamingTheKey) {
  std::unique_ptr<PostgresStore> store = Open(Options());
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(cart)), IsOk());
  Query("UPDATE carts SET document = '{\"lineItems\": 7}'");

  StatusOr<std::optional<CartRecord>> found = store->FindCart(cart.key);
  EXPECT_THAT(found, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(found.status().message(), HasSubstr("cart " + cart.key.cart_id));
}

TEST_F(PostgresStoreTest, ReplyKeysThatAreNotUtf8RoundTrip) {
  std::unique_ptr<PostgresStore> store = Open(Options());
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  CartWrite write = CreateWrite(cart);
  IdempotencyKey key = ReplyKey(cart.key, std::string("req-\xff\xfe-\x80", 8));
  key.path += "/\xc3\x28";
  write.reply = MakeReply(key, TestTime());
  ASSERT_THAT(store->Commit(write), IsOk());

  EXPECT_THAT(store->FindReply(key, TestTime()), IsOkAndHolds(Optional(ExpectedReply(write))));
  IdempotencyKey other = key;
  other.request_id.back() = '\x81';
  EXPECT_THAT(store->FindReply(other, TestTime()), IsOkAndHolds(std::nullopt));
}

TEST_F(PostgresStoreTest, CommitRefusesMalformedWritesAndWritesNothing) {
  std::unique_ptr<PostgresStore> store = Open(Options());
  ASSERT_NE(store, nullptr);
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer), 2);
  EXPECT_THAT(store->Commit(CreateWrite(cart)), StatusIs(ErrorCode::kInternal));

  CartWrite elsewhere = CreateWrite(FullCart(NewCartKey(kPartner, kCustomer)));
  elsewhere.new_orders.push_back(FullOrder(NewCartKey(kPartner, "other-customer"),
                                           NewOrderKey(NewCartKey(kPartner, "other-customer")),
                                           TestTime()));
  EXPECT_THAT(store->Commit(elsewhere), StatusIs(ErrorCode::kInternal));
  EXPECT_EQ(Query("SELECT count(*) FROM carts"), (Rows{{"0"}}));
}

// ---------------------------------------------------------------------------------------------
// Connections: terminated, timed out, the server down and back

TEST_F(PostgresStoreTest, AConnectionTerminatedByTheServerIsReplacedOnTheNextCall) {
  PostgresOptions options = Options();
  options.pool_size = 1;
  std::unique_ptr<PostgresStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  CartRecord v1 = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(v1)), IsOk());
  std::vector<std::string> backends = StoreBackends();
  ASSERT_EQ(backends.size(), 1u);

  Terminate(backends[0]);
  EXPECT_THAT(store->FindCart(v1.key), IsOkAndHolds(Optional(v1)));
  PostgresStats stats = store->stats();
  EXPECT_EQ(stats.connects, 2u);
  EXPECT_EQ(stats.discarded, 1u);
  EXPECT_EQ(stats.open_connections, 1);

  // The same for a write: nothing is lost and nothing is written twice.
  backends = StoreBackends();
  ASSERT_EQ(backends.size(), 1u);
  Terminate(backends[0]);
  CartRecord v2 = SimpleCart(v1.key, 2, TestTime(std::chrono::hours(1)));
  EXPECT_THAT(store->Commit(UpdateWrite(v2)), IsOk());
  EXPECT_THAT(store->FindCart(v1.key), IsOkAndHolds(Optional(v2)));
  EXPECT_EQ(store->stats().connects, 3u);
}

TEST_F(PostgresStoreTest, ALockHeldTooLongIsUnavailableAfterTheStatementTimeout) {
  PostgresOptions options = Options();
  options.statement_timeout = std::chrono::milliseconds(300);
  std::unique_ptr<PostgresStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  CartRecord v1 = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(v1)), IsOk());

  // Another client holds the cart's row lock (a stuck transaction elsewhere).
  PGconn* other = PQconnectdb(("host=127.0.0.1 port=" + std::to_string(server_->port()) +
                               " user=" + PostgresServer::kUser + " dbname=" + database_)
                                  .c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "BEGIN"));
  PGresult* locked = PQexec(other, "SELECT 1 FROM carts FOR UPDATE");
  ASSERT_EQ(PQresultStatus(locked), PGRES_TUPLES_OK);
  PQclear(locked);

  CartRecord v2 = SimpleCart(v1.key, 2, TestTime(std::chrono::hours(1)));
  std::chrono::steady_clock::duration elapsed{};
  const Status blocked = Timed([&] { return store->Commit(UpdateWrite(v2)); }, &elapsed);
  EXPECT_THAT(blocked, StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(blocked.message(), HasSubstr("SQLSTATE 57014"));
  EXPECT_LT(elapsed, kHangLimit);

  PQclear(PQexec(other, "ROLLBACK"));
  PQfinish(other);
  EXPECT_THAT(store->FindCart(v1.key), IsOkAndHolds(Optional(v1)));
  EXPECT_THAT(store->Commit(UpdateWrite(v2)), IsOk());
  EXPECT_EQ(store->stats().connects, 1u);  // the server's timeout left the connection usable
}

TEST_F(PostgresStoreTest, WhileTheServerIsDownCallsAreUnavailableAndTheStoreRecoversByItself) {
  PostgresOptions options = Options();
  options.pool_size = 2;
  std::unique_ptr<PostgresStore> store = Open(options);
  ASSERT_NE(store, nullptr);
  CartRecord v1 = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(store->Commit(CreateWrite(v1)), IsOk());

  ASSERT_THAT(server_->Stop(), IsOk());
  std::chrono::steady_clock::duration elapsed{};
  EXPECT_THAT(Timed([&] { return store->FindCart(v1.key); }, &elapsed),
              StatusIs(ErrorCode::kUnavailable));
  EXPECT_LT(elapsed, kHangLimit);
  CartRecord v2 = SimpleCart(v1.key, 2, TestTime(std::chrono::hours(1)));
  EXPECT_THAT(Timed([&] { return store->Commit(UpdateWrite(v2)); }, &elapsed),
              StatusIs(ErrorCode::kUnavailable));
  EXPECT_LT(elapsed, kHangLimit);
  EXPECT_THAT(Timed([&] { return store->Ping(); }, &elapsed), StatusIs(ErrorCode::kUnavailable));
  EXPECT_LT(elapsed, kHangLimit);
  EXPECT_THAT(ListAllOrders(*store, kPartner, kCustomer), StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(store->CountCarts(), StatusIs(ErrorCode::kUnavailable));
  EXPECT_EQ(store->stats().open_connections, 0);

  ASSERT_THAT(server_->Start(), IsOk());
  EXPECT_THAT(store->Ping(), IsOk());
  EXPECT_THAT(store->FindCart(v1.key), IsOkAndHolds(Optional(v1)));
  EXPECT_THAT(store->Commit(UpdateWrite(v2)), IsOk());
  EXPECT_THAT(store->FindCart(v1.key), IsOkAndHolds(Optional(v2)));
}

// ---------------------------------------------------------------------------------------------
// Several stores on one database: what several nodes see

TEST_F(PostgresStoreTest, ConcurrentUpdatesThroughSeveralStoresHaveExactlyOneWinner) {
  constexpr int kStores = 3;
  constexpr int kWriters = 24;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < kStores; ++i) {
    stores.push_back(Open(Options()));
    ASSERT_NE(stores.back(), nullptr);
  }
  CartKey key = NewCartKey(kPartner, kCustomer);
  ASSERT_THAT(stores[0]->Commit(CreateWrite(FullCart(key))), IsOk());

  std::vector<Status> results(kWriters);
  std::latch start(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      CartRecord next = SimpleCart(key, 2, TestTime(std::chrono::minutes(i + 1)));
      start.arrive_and_wait();
      results[static_cast<std::size_t>(i)] =
          stores[static_cast<std::size_t>(i % kStores)]->Commit(UpdateWrite(next));
    });
  }
  for (std::thread& writer : writers) writer.join();

  const auto ok =
      std::count_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); });
  const auto conflicts = std::count_if(results.begin(), results.end(), [](const Status& s) {
    return s.code() == ErrorCode::kConflict;
  });
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(conflicts, kWriters - 1);
  const int winner = static_cast<int>(
      std::find_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); }) -
      results.begin());
  for (const auto& store : stores) {
    EXPECT_THAT(
        store->FindCart(key),
        IsOkAndHolds(Optional(SimpleCart(key, 2, TestTime(std::chrono::minutes(winner + 1))))));
  }
}

TEST_F(PostgresStoreTest, ConcurrentCheckoutsThroughSeveralStoresPlaceOneSetOfOrders) {
  constexpr int kStores = 2;
  constexpr int kCheckouts = 8;
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < kStores; ++i) {
    stores.push_back(Open(Options()));
    ASSERT_NE(stores.back(), nullptr);
  }
  CartRecord cart = FullCart(NewCartKey(kPartner, kCustomer));
  ASSERT_THAT(stores[0]->Commit(CreateWrite(cart)), IsOk());
  std::vector<CartWrite> checkouts;
  for (int i = 0; i < kCheckouts; ++i) {
    std::vector<OrderRecord> orders = {
        FullOrder(cart.key, NewOrderKey(cart.key), TestTime(std::chrono::seconds(i)))};
    CartWrite checkout = UpdateWrite(OrderedCart(cart, orders));
    checkout.new_orders = orders;
    checkout.reply = MakeReply(ReplyKey(cart.key, "checkout-" + std::to_string(i)), TestTime(),
                               ReplyKind::kCheckout);
    checkouts.push_back(std::move(checkout));
  }

  std::vector<Status> results(kCheckouts);
  std::latch start(kCheckouts);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCheckouts; ++i) {
    callers.emplace_back([&, i] {
      start.arrive_and_wait();
      results[static_cast<std::size_t>(i)] = stores[static_cast<std::size_t>(i % kStores)]->Commit(
          checkouts[static_cast<std::size_t>(i)]);
    });
  }
  for (std::thread& caller : callers) caller.join();

  const auto winner =
      std::find_if(results.begin(), results.end(), [](const Status& s) { return s.ok(); });
  ASSERT_NE(winner, results.end());
  EXPECT_EQ(std::count_if(results.begin(), results.end(),
                          [](const Status& s) { return s.code() == ErrorCode::kConflict; }),
            kCheckouts - 1);
  const CartWrite& won = checkouts[static_cast<std::size_t>(winner - results.begin())];
  EXPECT_THAT(ListAllOrders(*stores[1], kPartner, kCustomer),
              IsOkAndHolds(ElementsAre(won.new_orders[0])));
  // Only the winner's reply was stored: the losers' transactions were rolled back whole.
  EXPECT_EQ(Query("SELECT count(*) FROM replies"), (Rows{{"1"}}));
}

TEST_F(PostgresStoreTest, SweepsRunningTogetherDeleteEachExpiredCartOnce) {
  constexpr int kCarts = 60;
  std::unique_ptr<PostgresStore> a = Open(Options());
  std::unique_ptr<PostgresStore> b = Open(Options());
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  for (int i = 0; i < kCarts; ++i) {
    ASSERT_THAT(a->Commit(CreateWrite(SimpleCart(NewCartKey(kPartner, kCustomer), 1,
                                                 TestTime(std::chrono::minutes(i))))),
                IsOk());
  }

  StatusOr<int> deleted_a = 0;
  StatusOr<int> deleted_b = 0;
  std::latch start(2);
  std::thread sweeper_a([&] {
    start.arrive_and_wait();
    deleted_a = a->DeleteExpiredCarts(TestTime(std::chrono::hours(2)), kCarts);
  });
  std::thread sweeper_b([&] {
    start.arrive_and_wait();
    deleted_b = b->DeleteExpiredCarts(TestTime(std::chrono::hours(2)), kCarts);
  });
  sweeper_a.join();
  sweeper_b.join();

  ASSERT_THAT(deleted_a, IsOk());
  ASSERT_THAT(deleted_b, IsOk());
  EXPECT_EQ(*deleted_a + *deleted_b, kCarts);
  EXPECT_THAT(a->CountCarts(), IsOkAndHolds(::testing::Field(&CartCounts::active, 0)));
}

}  // namespace
}  // namespace cartd::storage
