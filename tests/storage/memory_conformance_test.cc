// The CartStore conformance suite against MemoryStore: what holds it to the contract the SQLite
// and PostgreSQL stores keep, so that tests of the rules may run on it.
#include <memory>

#include "storage/memory/memory_store.h"
#include "tests/storage/store_conformance.h"

namespace cartd::test {
namespace {

std::unique_ptr<CartStore> MakeEmptyMemoryStore() {
  return std::make_unique<storage::MemoryStore>();
}

INSTANTIATE_TEST_SUITE_P(Memory, StoreConformanceTest,
                         ::testing::Values(StoreBackend{"memory", &MakeEmptyMemoryStore}),
                         StoreBackendName);

}  // namespace
}  // namespace cartd::test
