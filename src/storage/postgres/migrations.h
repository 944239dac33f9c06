// Versioned schema migrations for the PostgreSQL store.
//
// The migrations are the files src/storage/postgres/migrations/NNNN_name.sql, embedded into the
// binary at build time (CMake generates embedded_migrations.cc from them), so a deployed cartd
// needs no source tree. They are the only place that defines the schema: C++ code runs them but
// contains no DDL of its own. Migration 1 creates the schema_migrations table that records which
// versions have been applied. A migration file holds plain statements; it must not open or end
// transactions itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/status.h"
#include "storage/common/migration.h"
#include "storage/postgres/postgres_connection.h"

namespace cartd::storage::postgres {

using Migration = storage::Migration;

// The migrations built into this binary, ordered by version (1..n).
std::span<const Migration> EmbeddedMigrations();

// The key of the transaction-scoped advisory lock (pg_advisory_xact_lock) that serialises
// migrations: every cartd node takes it before reading the schema version, so that nodes starting
// together apply each migration once.
inline constexpr std::int64_t kMigrationLockKey = 0x6361727464'4d4947;  // "cartdMIG"

// The newest schema version recorded in the database, 0 when it has no schema_migrations table
// (in the connection's search_path).
// Errors: as Connection::Run.
StatusOr<int> RecordedSchemaVersion(Connection& db);

// Applies every migration of `migrations` newer than the recorded version, in order, in one
// transaction that holds the migration lock, recording each in schema_migrations. Returns how
// many were applied (0 when the schema is current). Either all pending migrations are applied or
// none is. `timeout` bounds the whole (waiting for another node's migrations included).
// Errors:
//   kInternal     `migrations` is not numbered 1..n in order; the database records a version
//                 newer than the last of `migrations` (written by a newer build); a migration's
//                 SQL fails
//   kUnavailable  the server cannot be reached, or the timeout passes
StatusOr<int> ApplyMigrations(Connection& db, std::span<const Migration> migrations,
                              std::chrono::milliseconds timeout);

}  // namespace cartd::storage::postgres
