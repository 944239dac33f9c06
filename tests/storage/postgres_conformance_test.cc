// The CartStore conformance suite against PostgresStore: each test gets a new, empty database on
// the test process's PostgreSQL server.
#include <memory>
#include <string>

#include "storage/postgres/postgres_store.h"
#include "tests/storage/store_conformance.h"
#include "tests/testing/postgres_server.h"

namespace cartd::test {
namespace {

std::unique_ptr<CartStore> MakeEmptyPostgresStore() {
  PostgresServer* server = PostgresServer::Shared();
  if (server == nullptr) return nullptr;
  StatusOr<std::string> database = server->CreateDatabase();
  if (!database.ok()) {
    ADD_FAILURE() << "create database: " << database.status().ToString();
    return nullptr;
  }
  // A small pool, so that the concurrency tests also queue for connections.
  storage::PostgresOptions options;
  options.uri = server->Uri(*database);
  options.pool_size = 4;
  StatusOr<std::unique_ptr<storage::PostgresStore>> store = storage::OpenPostgresStore(options);
  if (!store.ok()) {
    ADD_FAILURE() << "OpenPostgresStore: " << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest,
                         ::testing::Values(StoreBackend{"postgres", &MakeEmptyPostgresStore}),
                         StoreBackendName);

}  // namespace
}  // namespace cartd::test
