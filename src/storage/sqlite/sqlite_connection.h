// A thin RAII layer over the SQLite C API, used only by the SQLite store: a Connection that owns
// one sqlite3 handle and a cache of its prepared statements, a Query that binds, steps and resets
// one cached statement, and the mapping of SQLite result codes to cartd::Status.
//
// SQL text stays in the store's sources (named constants); messages produced here carry SQLite's
// description of the failure, never SQL, and are meant for logs (kUnavailable / kInternal).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace cartd::storage::sqlite {

// The ErrorCode for a SQLite result code (primary or extended): BUSY, LOCKED, IOERR, FULL,
// CANTOPEN, NOMEM and PROTOCOL are kUnavailable (the store may answer a retry); everything else is
// kInternal. Constraint violations that a caller expects (a taken key) are detected by that caller
// before they become errors; any that reach here are bugs, hence kInternal.
ErrorCode ErrorCodeFor(int rc);

// A non-OK Status for the failed result code `rc`: "<context>: <SQLite's name for rc>: <message>",
// where the message is `db`'s last error message when `db` is not null.
// REQUIRES: rc is not SQLITE_OK, SQLITE_ROW or SQLITE_DONE.
Status SqliteStatus(int rc, sqlite3* db, std::string_view context);

// One use of a cached prepared statement: bind parameters (1-based), step through the rows, read
// columns. Destroying the Query resets the statement and clears its bindings so that the next
// Query over the same statement starts clean.
//
// Text and blob parameters are bound without copying: the bound bytes must stay alive and
// unchanged until the Query is destroyed. Views returned by Column* accessors are valid until the
// next Step() or the Query's destruction.
//
// Not thread-safe; used on the thread that owns its Connection.
class Query {
 public:
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  // A bind failure (out of range index, out of memory) is remembered and reported by Step().
  Query& BindText(int index, std::string_view text);
  Query& BindBlob(int index, std::string_view bytes);
  Query& BindInt64(int index, std::int64_t value);
  Query& BindNull(int index);

  // Advances to the next row: true when a row is available, false when the statement is done.
  // Errors: as SqliteStatus() for the failing result code.
  StatusOr<bool> Step();
  // Steps a statement that returns no rows (INSERT, UPDATE, DELETE) to completion.
  // Errors: as Step(); kInternal when the statement returns a row.
  Status Run();

  bool ColumnIsNull(int column) const;
  std::int64_t ColumnInt64(int column) const;
  std::string_view ColumnText(int column) const;
  std::string_view ColumnBlob(int column) const;

 private:
  friend class Connection;
  Query(sqlite3* db, sqlite3_stmt* statement);

  sqlite3* db_;
  sqlite3_stmt* statement_;
  int bind_rc_ = SQLITE_OK;
};

enum class AccessMode {
  kReadWrite,  // creates the file when missing
  kReadOnly,
};

// An open database connection with its prepared-statement cache. Owns the sqlite3 handle and
// closes it (after finalizing the cached statements) on destruction.
//
// Not thread-safe: one thread at a time (the connection is opened without SQLite's own mutex).
class Connection {
 public:
  // Opens the database file at `path` with extended result codes and the given busy timeout (how
  // long a statement waits for a lock held by another connection before failing with BUSY).
  // Errors: kUnavailable when the file cannot be opened (missing directory, permissions, a
  // missing file in kReadOnly mode); kInternal otherwise.
  static StatusOr<std::unique_ptr<Connection>> Open(const std::filesystem::path& path,
                                                    AccessMode mode,
                                                    std::chrono::milliseconds busy_timeout);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs `sql` (one or more statements, no results wanted): transaction control, PRAGMAs that
  // set a value, migrations. Errors: as SqliteStatus(), with `context` as the context.
  Status Exec(const char* sql, std::string_view context);

  // A Query over the statement for `sql`, prepared on first use and kept for the life of the
  // connection. The cache is keyed by the address of `sql`, so `sql` must have static storage
  // duration (a named constant). At most one Query per statement may be alive at a time.
  // Errors: as SqliteStatus() when `sql` cannot be prepared.
  StatusOr<Query> Prepare(const char* sql);

  // Exec for one statement that the connection runs again and again (transaction control on the
  // write path): prepared once, through the cache, so `sql` must have static storage duration.
  Status Run(const char* sql, std::string_view context);

  // Rows changed by the most recent INSERT, UPDATE or DELETE on this connection.
  int Changes() const;
  // True inside an explicit transaction (BEGIN ... COMMIT/ROLLBACK). SQLite ends a transaction by
  // itself after some errors (IOERR, FULL, ...), which callers detect with this.
  bool InTransaction() const;

  // The value of a PRAGMA that returns one row with one column, as text ("wal", "2").
  StatusOr<std::string> PragmaValue(const char* pragma);

  sqlite3* handle() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

}  // namespace cartd::storage::sqlite
