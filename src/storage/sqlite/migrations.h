// Versioned schema migrations for the SQLite store.
//
// The migrations are the files src/storage/sqlite/migrations/NNNN_name.sql, embedded into the
// binary at build time (CMake generates embedded_migrations.cc from them), so a deployed cartd
// needs no source tree. They are the only place that defines the schema: C++ code runs them but
// contains no DDL of its own. Migration 1 creates the schema_migrations table that records which
// versions have been applied.
#pragma once

#include <span>
#include <string_view>

#include "common/status.h"
#include "storage/common/migration.h"
#include "storage/sqlite/sqlite_connection.h"

namespace cartd::storage::sqlite {

using Migration = storage::Migration;

// The migrations built into this binary, ordered by version (1..n).
std::span<const Migration> EmbeddedMigrations();

// The newest schema version recorded in `db`, 0 for a database without schema_migrations.
// Errors: as Connection (kUnavailable when busy or unreadable, kInternal otherwise).
StatusOr<int> RecordedSchemaVersion(Connection& db);

// Applies every migration of `migrations` newer than the version recorded in `db`, in order, in one
// transaction, recording each in schema_migrations. Returns how many were applied (0 when the
// schema is current). Either all pending migrations are applied or none is.
// Errors:
//   kInternal     `migrations` is not numbered 1..n in order; the database records a version
//                 newer than the last of `migrations` (written by a newer build); a migration's
//                 SQL fails
//   kUnavailable  the database is locked by another connection or cannot be written
StatusOr<int> ApplyMigrations(Connection& db, std::span<const Migration> migrations);

}  // namespace cartd::storage::sqlite
