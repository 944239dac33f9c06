#include "storage/sqlite/sqlite_connection.h"

#include <utility>

namespace cartd::storage::sqlite {

ErrorCode ErrorCodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

Status SqliteStatus(int rc, sqlite3* db, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += sqlite3_errstr(rc);
  // sqlite3_errmsg describes the last failure on the connection, which is only this one when the
  // codes agree (a bind error, for instance, is reported later by Step with its own code).
  if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
    message += ": ";
    message += sqlite3_errmsg(db);
  }
  return Status(ErrorCodeFor(rc), std::move(message));
}

Query::Query(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}

Query::Query(Query&& other) noexcept
    : db_(other.db_),
      statement_(std::exchange(other.statement_, nullptr)),
      bind_rc_(other.bind_rc_) {}

Query::~Query() {
  if (statement_ != nullptr) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
}

Query& Query::BindText(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  // A zero-length blob with a null pointer would bind NULL; any non-null pointer keeps it a blob.
  const char* data = bytes.data() != nullptr ? bytes.data() : "";
  int rc = sqlite3_bind_blob64(statement_, index, data, bytes.size(), SQLITE_STATIC);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindInt64(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(statement_, index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Query& Query::BindNull(int index) {
  int rc = sqlite3_bind_null(statement_, index);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

StatusOr<bool> Query::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteStatus(bind_rc_, nullptr, "bind");
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, db_, "step");
}

Status Query::Run() {
  StatusOr<bool> row = Step();
  if (!row.ok()) return row.status();
  if (*row) return Internal("statement returned a row where none was expected");
  return Status::Ok();
}

bool Query::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t Query::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string_view Query::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

std::string_view Query::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(statement_, column);
  if (blob == nullptr) return {};
  return {static_cast<const char*>(blob),
          static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::filesystem::path& path,
                                                       AccessMode mode,
                                                       std::chrono::milliseconds busy_timeout) {
  // NOMUTEX: every connection is used by one thread at a time (the writer thread, or the holder
  // of a read lease), so SQLite's per-connection mutex would only cost time.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == AccessMode::kReadOnly ? SQLITE_OPEN_READONLY
                                         : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(rc, db, "open " + path.string());
    // sqlite3_open_v2 hands out a handle even on failure; it must still be closed.
    sqlite3_close(db);
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close(db_);
}

Status Connection::Exec(const char* sql, std::string_view context) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, context);
  return Status::Ok();
}

StatusOr<Query> Connection::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "prepare");
    it = statements_.emplace(sql, statement).first;
  }
  return Query(db_, it->second);
}

Status Connection::Run(const char* sql, std::string_view context) {
  StatusOr<Query> query = Prepare(sql);
  Status status = query.ok() ? query->Run() : query.status();
  if (status.ok()) return status;
  return Status(status.code(), std::string(context) + ": " + status.message());
}

int Connection::Changes() const { return sqlite3_changes(db_); }

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

StatusOr<std::string> Connection::PragmaValue(const char* pragma) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db_, pragma, -1, &statement, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "read pragma");
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owned(statement, &sqlite3_finalize);
  rc = sqlite3_step(statement);
  if (rc != SQLITE_ROW) {
    if (rc == SQLITE_DONE) return Internal("pragma returned no value");
    return SqliteStatus(rc, db_, "read pragma");
  }
  const unsigned char* text = sqlite3_column_text(statement, 0);
  return std::string(text != nullptr ? reinterpret_cast<const char*>(text) : "");
}

}  // namespace cartd::storage::sqlite
