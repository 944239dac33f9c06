#include "storage/sqlite/sqlite_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace cartd::storage::sqlite {
namespace {

using ::cartd::test::IsOk;
using ::cartd::test::IsOkAndHolds;
using ::cartd::test::StatusIs;
using ::cartd::test::TempDir;
using ::testing::HasSubstr;

constexpr std::chrono::milliseconds kNoWait{0};

constexpr char kCreateTable[] = "CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)";
constexpr char kInsert[] = "INSERT INTO t (k, v) VALUES (?1, ?2)";
constexpr char kSelectAll[] = "SELECT k, v FROM t ORDER BY k";
constexpr char kSelectByKey[] = "SELECT v FROM t WHERE k = ?1";

int PreparedStatementCount(sqlite3* db) {
  int count = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db, s)) {
    ++count;
  }
  return count;
}

TEST(ErrorCodeForTest, RetryableConditionsAreUnavailable) {
  EXPECT_EQ(ErrorCodeFor(SQLITE_BUSY), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_BUSY_SNAPSHOT), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_LOCKED), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_IOERR), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_IOERR_FSYNC), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_FULL), ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorCodeFor(SQLITE_CANTOPEN), ErrorCode::kUnavailable);
}

TEST(ErrorCodeForTest, EverythingElseIsInternal) {
  EXPECT_EQ(ErrorCodeFor(SQLITE_ERROR), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeFor(SQLITE_CONSTRAINT_PRIMARYKEY), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeFor(SQLITE_CORRUPT), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeFor(SQLITE_NOTADB), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeFor(SQLITE_MISUSE), ErrorCode::kInternal);
}

TEST(SqliteStatusTest, NamesTheContextAndSqlitesDescription) {
  Status status = SqliteStatus(SQLITE_BUSY, nullptr, "commit cart 7");
  EXPECT_EQ(status.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.message(), "commit cart 7: database is locked");
}

TEST(ConnectionTest, OpenInAMissingDirectoryIsUnavailable) {
  TempDir dir;
  EXPECT_THAT(Connection::Open(dir.File("missing/db.sqlite"), AccessMode::kReadWrite, kNoWait),
              StatusIs(ErrorCode::kUnavailable));
}

TEST(ConnectionTest, ReadOnlyOpenOfAMissingFileIsUnavailable) {
  TempDir dir;
  EXPECT_THAT(Connection::Open(dir.File("db.sqlite"), AccessMode::kReadOnly, kNoWait),
              StatusIs(ErrorCode::kUnavailable));
}

TEST(ConnectionTest, StatementsArePreparedOncePerConnection) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  for (const char* key : {"a", "b", "c"}) {
    ASSERT_OK_AND_ASSIGN(Query insert, db->Prepare(kInsert));
    insert.BindText(1, key).BindBlob(2, "value");
    ASSERT_THAT(insert.Run(), IsOk());
  }
  EXPECT_EQ(PreparedStatementCount(db->handle()), 1);
  { ASSERT_OK_AND_ASSIGN(Query select, db->Prepare(kSelectAll)); }
  EXPECT_EQ(PreparedStatementCount(db->handle()), 2);
}

TEST(ConnectionTest, DestroyingAQueryResetsItsStatementForTheNextUse) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  ASSERT_THAT(db->Exec("INSERT INTO t VALUES ('a', x'00'), ('b', x'01')", "fill"), IsOk());
  {
    ASSERT_OK_AND_ASSIGN(Query first, db->Prepare(kSelectAll));
    ASSERT_THAT(first.Step(), IsOkAndHolds(true));
    EXPECT_EQ(first.ColumnText(0), "a");
  }
  ASSERT_OK_AND_ASSIGN(Query second, db->Prepare(kSelectAll));
  ASSERT_THAT(second.Step(), IsOkAndHolds(true));
  EXPECT_EQ(second.ColumnText(0), "a");
  ASSERT_THAT(second.Step(), IsOkAndHolds(true));
  EXPECT_EQ(second.ColumnText(0), "b");
  EXPECT_THAT(second.Step(), IsOkAndHolds(false));
}

TEST(ConnectionTest, BindingsAreClearedBetweenQueries) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  ASSERT_THAT(db->Exec("INSERT INTO t VALUES ('a', x'00')", "fill"), IsOk());
  {
    ASSERT_OK_AND_ASSIGN(Query bound, db->Prepare(kSelectByKey));
    bound.BindText(1, "a");
    ASSERT_THAT(bound.Step(), IsOkAndHolds(true));
  }
  ASSERT_OK_AND_ASSIGN(Query unbound, db->Prepare(kSelectByKey));
  EXPECT_THAT(unbound.Step(), IsOkAndHolds(false));  // k = NULL matches nothing
}

TEST(ConnectionTest, TextAndBlobsKeepEmbeddedNulBytes) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  const std::string key("k\0ey", 4);
  const std::string value("\0\xff\x01", 3);
  {
    ASSERT_OK_AND_ASSIGN(Query insert, db->Prepare(kInsert));
    insert.BindText(1, key).BindBlob(2, value);
    ASSERT_THAT(insert.Run(), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(Query select, db->Prepare(kSelectAll));
  ASSERT_THAT(select.Step(), IsOkAndHolds(true));
  EXPECT_EQ(select.ColumnText(0), key);
  EXPECT_EQ(select.ColumnBlob(1), value);
}

TEST(ConnectionTest, EmptyBlobIsNotNull) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  {
    ASSERT_OK_AND_ASSIGN(Query insert, db->Prepare(kInsert));
    insert.BindText(1, "empty").BindBlob(2, std::string_view());
    ASSERT_THAT(insert.Run(), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(Query select, db->Prepare(kSelectAll));
  ASSERT_THAT(select.Step(), IsOkAndHolds(true));
  EXPECT_FALSE(select.ColumnIsNull(1));
  EXPECT_EQ(select.ColumnBlob(1), "");
}

TEST(ConnectionTest, SyntaxErrorIsInternalWithSqlitesMessage) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  Status status = db->Exec("SELEC 1", "probe");
  EXPECT_EQ(status.code(), ErrorCode::kInternal);
  EXPECT_THAT(status.message(), HasSubstr("probe: SQL logic error"));
  EXPECT_THAT(status.message(), HasSubstr("syntax error"));
}

TEST(ConnectionTest, LockHeldByAnotherConnectionIsUnavailable) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto holder,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_OK_AND_ASSIGN(auto other,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(holder->Exec(kCreateTable, "create"), IsOk());
  ASSERT_THAT(holder->Exec("BEGIN IMMEDIATE", "lock"), IsOk());
  EXPECT_TRUE(holder->InTransaction());

  EXPECT_THAT(other->Exec("BEGIN IMMEDIATE", "begin"), StatusIs(ErrorCode::kUnavailable));
  EXPECT_FALSE(other->InTransaction());
  ASSERT_THAT(holder->Exec("COMMIT", "unlock"), IsOk());
  EXPECT_THAT(other->Exec("BEGIN IMMEDIATE", "begin"), IsOk());
  EXPECT_THAT(other->Exec("ROLLBACK", "end"), IsOk());
}

TEST(ConnectionTest, ChangesCountsRowsOfTheLastWrite) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db,
                       Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite, kNoWait));
  ASSERT_THAT(db->Exec(kCreateTable, "create"), IsOk());
  ASSERT_THAT(db->Exec("INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)", "fill"), IsOk());
  EXPECT_EQ(db->Changes(), 3);
  ASSERT_THAT(db->Exec("DELETE FROM t WHERE k = 'zz'", "delete none"), IsOk());
  EXPECT_EQ(db->Changes(), 0);
}

TEST(ConnectionTest, PragmaValueReadsTheSetting) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto db, Connection::Open(dir.File("db.sqlite"), AccessMode::kReadWrite,
                                                 std::chrono::milliseconds(1234)));
  EXPECT_THAT(db->PragmaValue("PRAGMA busy_timeout"), IsOkAndHolds("1234"));
  // Unknown pragmas are ignored by SQLite and answer nothing.
  EXPECT_THAT(db->PragmaValue("PRAGMA no_such_pragma"), StatusIs(ErrorCode::kInternal));
}

}  // namespace
}  // namespace cartd::storage::sqlite
