#include "storage/sqlite/migrations.h"

#include <string>

namespace cartd::storage::sqlite {
namespace {

constexpr char kHasMigrationTable[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
constexpr char kSelectSchemaVersion[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr char kInsertMigration[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";

StatusOr<std::int64_t> SingleInteger(Connection& db, const char* sql) {
  CARTD_ASSIGN_OR_RETURN(Query query, db.Prepare(sql));
  CARTD_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return Internal("query returned no row");
  return query.ColumnInt64(0);
}

Status ApplyPending(Connection& db, std::span<const Migration> migrations, int* applied) {
  CARTD_ASSIGN_OR_RETURN(int current, RecordedSchemaVersion(db));
  if (current > static_cast<int>(migrations.size())) {
    return Internal("database schema version " + std::to_string(current) +
                    " is newer than this build's " + std::to_string(migrations.size()));
  }
  for (const Migration& migration : migrations.subspan(current)) {
    // sqlite3_exec needs a NUL-terminated string; the view's bytes may not be followed by one.
    std::string sql(migration.sql);
    std::string context = "migration " + std::string(migration.name);
    CARTD_RETURN_IF_ERROR(db.Exec(sql.c_str(), context));
    CARTD_ASSIGN_OR_RETURN(Query record, db.Prepare(kInsertMigration));
    record.BindInt64(1, migration.version).BindText(2, migration.name);
    Status recorded = record.Run();
    if (!recorded.ok()) {
      return Status(recorded.code(), "record " + context + ": " + recorded.message());
    }
    ++*applied;
  }
  return Status::Ok();
}

}  // namespace

StatusOr<int> RecordedSchemaVersion(Connection& db) {
  CARTD_ASSIGN_OR_RETURN(std::int64_t tables, SingleInteger(db, kHasMigrationTable));
  if (tables == 0) return 0;
  CARTD_ASSIGN_OR_RETURN(std::int64_t version, SingleInteger(db, kSelectSchemaVersion));
  return static_cast<int>(version);
}

StatusOr<int> ApplyMigrations(Connection& db, std::span<const Migration> migrations) {
  CARTD_RETURN_IF_ERROR(CheckMigrationNumbering(migrations));
  // IMMEDIATE takes the write lock before reading the version, so two processes opening the same
  // file at once cannot both decide to apply the same migration.
  CARTD_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE", "begin migrations"));
  int applied = 0;
  Status status = ApplyPending(db, migrations, &applied);
  if (status.ok()) status = db.Exec("COMMIT", "commit migrations");
  if (!status.ok()) {
    if (db.InTransaction()) {
      // The rollback's own failure would add nothing to the error already being returned.
      (void)db.Exec("ROLLBACK", "roll back migrations");
    }
    return status;
  }
  return applied;
}

}  // namespace cartd::storage::sqlite
