#include "storage/postgres/migrations.h"

#include <algorithm>
#include <string>

namespace cartd::storage::postgres {
namespace {

constexpr Statement kBegin{"begin migrations", "BEGIN ISOLATION LEVEL READ COMMITTED", false};
// A migration may rewrite large tables: the session's statement_timeout, sized for requests, is
// lifted to the migration timeout for this transaction only.
constexpr Statement kSetLocalTimeout{"set migration timeout",
                                     "SELECT set_config('statement_timeout', $1, true)", false};
constexpr Statement kLock{"take migration lock", "SELECT pg_advisory_xact_lock($1)", false};
constexpr Statement kHasMigrationTable{
    "find schema_migrations", "SELECT to_regclass('schema_migrations') IS NOT NULL", false};
constexpr Statement kSelectSchemaVersion{
    "read schema version", "SELECT coalesce(max(version), 0) FROM schema_migrations", false};
constexpr Statement kInsertMigration{
    "record migration", "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", false};
constexpr Statement kCommit{"commit migrations", "COMMIT", false};
constexpr Statement kRollback{"roll back migrations", "ROLLBACK", false};

std::chrono::milliseconds Remaining(Deadline deadline) {
  const auto left =
      std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

Status RunOne(Connection& db, Step step, Deadline deadline) {
  return db.Run(std::span<const Step>(&step, 1), Remaining(deadline)).status;
}

Status ApplyPending(Connection& db, std::span<const Migration> migrations, Deadline deadline,
                    int* applied) {
  CARTD_RETURN_IF_ERROR(RunOne(db, Step{&kBegin, {}}, deadline));
  const std::string timeout_ms = std::to_string(Remaining(deadline).count());
  Step set_timeout{&kSetLocalTimeout, {}};
  set_timeout.params.Text(timeout_ms);
  CARTD_RETURN_IF_ERROR(RunOne(db, std::move(set_timeout), deadline));
  Step lock{&kLock, {}};
  lock.params.Int64(kMigrationLockKey);
  CARTD_RETURN_IF_ERROR(RunOne(db, std::move(lock), deadline));

  // Read under the lock: a node that waited for it sees what the previous holder applied.
  CARTD_ASSIGN_OR_RETURN(int current, RecordedSchemaVersion(db));
  if (current > static_cast<int>(migrations.size())) {
    return Internal("database schema version " + std::to_string(current) +
                    " is newer than this build's " + std::to_string(migrations.size()));
  }
  for (const Migration& migration : migrations.subspan(static_cast<std::size_t>(current))) {
    const std::string context = "migration " + std::string(migration.name);
    Status ran = db.ExecScript(migration.sql, Remaining(deadline));
    if (!ran.ok()) return Status(ran.code(), context + ": " + ran.message());
    Step record{&kInsertMigration, {}};
    record.params.Int64(migration.version).Text(migration.name);
    Status recorded = RunOne(db, std::move(record), deadline);
    if (!recorded.ok()) return Status(recorded.code(), context + ": " + recorded.message());
    ++*applied;
  }
  return RunOne(db, Step{&kCommit, {}}, deadline);
}

}  // namespace

StatusOr<int> RecordedSchemaVersion(Connection& db) {
  Step has_table{&kHasMigrationTable, {}};
  PipelineResult found = db.Run(std::span<const Step>(&has_table, 1));
  if (!found.status.ok()) return found.status;
  if (found.results[0].Text(0, 0) != "t") return 0;
  Step select{&kSelectSchemaVersion, {}};
  PipelineResult version = db.Run(std::span<const Step>(&select, 1));
  if (!version.status.ok()) return version.status;
  CARTD_ASSIGN_OR_RETURN(std::int64_t value, version.results[0].Int64(0, 0));
  return static_cast<int>(value);
}

StatusOr<int> ApplyMigrations(Connection& db, std::span<const Migration> migrations,
                              std::chrono::milliseconds timeout) {
  CARTD_RETURN_IF_ERROR(CheckMigrationNumbering(migrations));
  const Deadline deadline = std::chrono::steady_clock::now() + timeout;
  int applied = 0;
  Status status = ApplyPending(db, migrations, deadline, &applied);
  if (!status.ok()) {
    if (!db.broken() && db.InTransaction()) {
      // The rollback's own failure would add nothing to the error already being returned; the
      // caller discards a connection left in a transaction.
      (void)RunOne(db, Step{&kRollback, {}}, deadline);
    }
    // Only an unreachable server is worth retrying; anything else needs an operator.
    const ErrorCode code =
        status.code() == ErrorCode::kUnavailable ? ErrorCode::kUnavailable : ErrorCode::kInternal;
    return Status(code, "apply migrations: " + status.message());
  }
  return applied;
}

}  // namespace cartd::storage::postgres
