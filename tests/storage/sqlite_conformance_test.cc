// The CartStore conformance suite against SqliteStore, bare and behind storage::CachingStore: each
// test gets a new database file in a directory of its own.
#include <memory>
#include <string>

#include "storage/common/caching_store.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/storage/store_conformance.h"
#include "tests/testing/temp_dir.h"

namespace cartd::test {
namespace {

// A directory for the whole test binary, removed at exit; each store gets a new subdirectory.
const TempDir& BinaryTempDir() {
  static const TempDir dir;
  return dir;
}

std::unique_ptr<CartStore> MakeEmptySqliteStore() {
  static int next = 0;
  std::filesystem::path dir = BinaryTempDir().path() / std::to_string(next++);
  std::filesystem::create_directory(dir);
  // Fewer readers than the default, so that the concurrency tests also queue for connections.
  storage::SqliteOptions options;
  options.path = dir / "cartd.db";
  options.read_connections = 4;
  StatusOr<std::unique_ptr<storage::SqliteStore>> store = storage::OpenSqliteStore(options);
  if (!store.ok()) {
    ADD_FAILURE() << "OpenSqliteStore: " << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

// What cartd runs: SQLite behind the cache of decoded carts, which must keep the same contract.
std::unique_ptr<CartStore> MakeEmptyCachedSqliteStore() {
  std::unique_ptr<CartStore> store = MakeEmptySqliteStore();
  if (store == nullptr) return nullptr;
  return std::make_unique<storage::CachingStore>(
      std::move(store), storage::CachingOptions{.capacity_bytes = 1 << 20});
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(StoreBackend{"sqlite", &MakeEmptySqliteStore},
                                           StoreBackend{"sqlite_cached",
                                                        &MakeEmptyCachedSqliteStore}),
                         StoreBackendName);

}  // namespace
}  // namespace cartd::test
