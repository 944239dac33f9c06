#include "cartd/open_store.h"

#include <filesystem>
#include <utility>

#include "common/private_files.h"
#include "storage/memory/memory_store.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace cartd {

StatusOr<OpenedStore> OpenStore(const StoreLocation& location) {
  switch (location.kind) {
    case StoreLocation::Kind::kMemory:
      return OpenedStore{.store = std::make_unique<storage::MemoryStore>(),
                         .local_reads = true,
                         .group_commit = nullptr};
    case StoreLocation::Kind::kPostgres: {
      // The URL's pool and timeout parameters are cartd's; the rest of it goes to libpq.
      CARTD_ASSIGN_OR_RETURN(storage::PostgresOptions options,
                             storage::ParsePostgresUrl(location.postgres_uri));
      CARTD_ASSIGN_OR_RETURN(std::unique_ptr<storage::PostgresStore> store,
                             storage::OpenPostgresStore(options));
      return OpenedStore{.store = std::move(store), .local_reads = false, .group_commit = nullptr};
    }
    case StoreLocation::Kind::kSqlite:
      break;
  }
  // Owner-only from the first byte: SQLite gives its -wal and -shm files the database's mode.
  if (location.sqlite_path.has_parent_path()) {
    CARTD_RETURN_IF_ERROR(CreatePrivateDirectories(location.sqlite_path.parent_path()));
  }
  CARTD_RETURN_IF_ERROR(CreatePrivateFile(location.sqlite_path));
  CARTD_ASSIGN_OR_RETURN(
      std::unique_ptr<storage::SqliteStore> store,
      storage::OpenSqliteStore(storage::SqliteOptions{.path = location.sqlite_path}));
  storage::SqliteStore* sqlite = store.get();
  return OpenedStore{.store = std::move(store), .local_reads = true, .group_commit = [sqlite] {
                       const storage::SqliteStats stats = sqlite->stats();
                       return ops::GroupCommitStats{
                           .writes = stats.writes,
                           .transactions = stats.transactions,
                           .failed_transactions = stats.failed_transactions,
                           .last_batch_size = stats.last_batch_size,
                           .queued = stats.queued};
                     }};
}

}  // namespace cartd
