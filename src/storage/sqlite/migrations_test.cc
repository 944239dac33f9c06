#include "storage/sqlite/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace cartd::storage::sqlite {
namespace {

using ::cartd::test::IsOk;
using ::cartd::test::IsOkAndHolds;
using ::cartd::test::StatusIs;
using ::cartd::test::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kLog[] =
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr Migration kFirst{1, "0001_log", kLog};
constexpr Migration kSecond{2, "0002_a", "CREATE TABLE a (x); CREATE TABLE a2 (y)"};
constexpr Migration kThird{3, "0003_b", "CREATE TABLE b (x)"};
constexpr Migration kBroken{3, "0003_broken", "CREATE TABLE c (x); CREATE TABLE c (x)"};

std::vector<std::string> Column(Connection& db, const char* sql) {
  std::vector<std::string> values;
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db.handle(), sql, -1, &statement, nullptr), SQLITE_OK) << sql;
  while (statement != nullptr && sqlite3_step(statement) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    values.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
  }
  sqlite3_finalize(statement);
  return values;
}

std::vector<std::string> Tables(Connection& db) {
  return Column(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
}

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Connection::Open(dir_.File("db.sqlite"), AccessMode::kReadWrite,
                               std::chrono::milliseconds(0));
    ASSERT_THAT(db, IsOk());
    db_ = std::move(db).value();
  }

  TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(MigrationsTest, EmbeddedMigrationsAreNumberedFromOneAndNotEmpty) {
  std::span<const Migration> migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations[0].name, "0001_init");
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_THAT(std::string(migrations[i].sql), HasSubstr("CREATE")) << migrations[i].name;
  }
}

TEST_F(MigrationsTest, EmbeddedMigrationsCreateTheStoresTables) {
  ASSERT_THAT(ApplyMigrations(*db_, EmbeddedMigrations()),
              IsOkAndHolds(static_cast<int>(EmbeddedMigrations().size())));
  EXPECT_THAT(Tables(*db_), ElementsAre("carts", "customers", "orders", "replies",
                                        "schema_migrations", "stand_in_clock", "subscriptions"));
  EXPECT_THAT(RecordedSchemaVersion(*db_),
              IsOkAndHolds(static_cast<int>(EmbeddedMigrations().size())));
}

TEST_F(MigrationsTest, EveryTablesPrimaryKeyStartsWithPartnerAndCustomer) {
  ASSERT_THAT(ApplyMigrations(*db_, EmbeddedMigrations()), IsOk());
  for (const char* table : {"carts", "orders", "replies", "customers"}) {
    std::string sql =
        "SELECT name FROM pragma_table_info('" + std::string(table) + "') WHERE pk > 0 ORDER BY pk";
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_->handle(), sql.c_str(), -1, &statement, nullptr), SQLITE_OK);
    std::vector<std::string> key;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      key.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    }
    sqlite3_finalize(statement);
    ASSERT_GE(key.size(), 2u) << table;
    EXPECT_EQ(key[0], "partner_tenant") << table;
    EXPECT_EQ(key[1], "customer_id") << table;
  }
}

TEST_F(MigrationsTest, NewDatabaseHasVersionZero) {
  EXPECT_THAT(RecordedSchemaVersion(*db_), IsOkAndHolds(0));
}

TEST_F(MigrationsTest, AppliesInOrderAndRecordsEach) {
  const Migration all[] = {kFirst, kSecond, kThird};
  ASSERT_THAT(ApplyMigrations(*db_, all), IsOkAndHolds(3));
  EXPECT_THAT(Column(*db_, "SELECT version || ' ' || name FROM schema_migrations ORDER BY 1"),
              ElementsAre("1 0001_log", "2 0002_a", "3 0003_b"));
  EXPECT_THAT(Tables(*db_), ElementsAre("a", "a2", "b", "schema_migrations"));
  EXPECT_THAT(Column(*db_, "SELECT count(*) FROM schema_migrations WHERE applied_at LIKE '20%Z'"),
              ElementsAre("3"));
}

TEST_F(MigrationsTest, ReapplyingAppliesOnlyNewMigrations) {
  const Migration first_two[] = {kFirst, kSecond};
  const Migration all[] = {kFirst, kSecond, kThird};
  ASSERT_THAT(ApplyMigrations(*db_, first_two), IsOkAndHolds(2));
  std::vector<std::string> applied_before =
      Column(*db_, "SELECT applied_at FROM schema_migrations ORDER BY version");

  EXPECT_THAT(ApplyMigrations(*db_, first_two), IsOkAndHolds(0));
  EXPECT_THAT(ApplyMigrations(*db_, all), IsOkAndHolds(1));
  EXPECT_THAT(ApplyMigrations(*db_, all), IsOkAndHolds(0));

  std::vector<std::string> applied_after =
      Column(*db_, "SELECT applied_at FROM schema_migrations WHERE version <= 2 ORDER BY version");
  EXPECT_EQ(applied_after, applied_before);
  EXPECT_THAT(RecordedSchemaVersion(*db_), IsOkAndHolds(3));
}

TEST_F(MigrationsTest, AFailingMigrationAppliesNothingOfTheRun) {
  const Migration first[] = {kFirst};
  const Migration with_broken[] = {kFirst, kSecond, kBroken};
  ASSERT_THAT(ApplyMigrations(*db_, first), IsOkAndHolds(1));

  Status status = ApplyMigrations(*db_, with_broken).status();
  EXPECT_EQ(status.code(), ErrorCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("migration 0003_broken"));
  EXPECT_FALSE(db_->InTransaction());
  EXPECT_THAT(Tables(*db_), ElementsAre("schema_migrations"));
  EXPECT_THAT(RecordedSchemaVersion(*db_), IsOkAndHolds(1));
}

TEST_F(MigrationsTest, SchemaNewerThanTheBuildIsInternal) {
  const Migration all[] = {kFirst, kSecond, kThird};
  const Migration older_build[] = {kFirst, kSecond};
  ASSERT_THAT(ApplyMigrations(*db_, all), IsOk());

  Status status = ApplyMigrations(*db_, older_build).status();
  EXPECT_EQ(status.code(), ErrorCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("schema version 3 is newer than this build's 2"));
  EXPECT_FALSE(db_->InTransaction());
}

TEST_F(MigrationsTest, MisnumberedMigrationsAreInternalAndApplyNothing) {
  const Migration gap[] = {kFirst, kThird};
  EXPECT_THAT(ApplyMigrations(*db_, gap), StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(Tables(*db_), ElementsAre());
}

TEST_F(MigrationsTest, LockedDatabaseIsUnavailable) {
  auto holder = Connection::Open(dir_.File("db.sqlite"), AccessMode::kReadWrite,
                                 std::chrono::milliseconds(0));
  ASSERT_THAT(holder, IsOk());
  ASSERT_THAT((*holder)->Exec("BEGIN IMMEDIATE", "lock"), IsOk());
  const Migration first[] = {kFirst};

  EXPECT_THAT(ApplyMigrations(*db_, first), StatusIs(ErrorCode::kUnavailable));
  ASSERT_THAT((*holder)->Exec("ROLLBACK", "unlock"), IsOk());
  EXPECT_THAT(ApplyMigrations(*db_, first), IsOkAndHolds(1));
}

}  // namespace
}  // namespace cartd::storage::sqlite
