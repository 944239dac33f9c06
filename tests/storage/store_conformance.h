// The CartStore conformance suite: one set of tests for the contract in domain/cart_store.h, run
// against every backend. A backend instantiates it from its own test file:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(StoreBackend{"sqlite", [] { ... }}),
//                            StoreBackendName);
//
// The suite knows nothing of any backend: each test gets a fresh, empty store from the factory and
// uses only the CartStore interface.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "domain/cart_store.h"

namespace cartd::test {

struct StoreBackend {
  std::string name;  // a test-name fragment: letters, digits, underscores
  // A new, empty store. Called once per test; the store is destroyed at the end of the test.
  // Returns nullptr (after reporting why with ADD_FAILURE) when the store cannot be made.
  std::function<std::unique_ptr<CartStore>()> make_empty;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

// For INSTANTIATE_TEST_SUITE_P: names each instantiation after its backend.
std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackend>& info);

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  CartStore& store() { return *store_; }

 private:
  std::unique_ptr<CartStore> store_;
};

}  // namespace cartd::test
