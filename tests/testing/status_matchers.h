// GoogleTest support for cartd::Status and StatusOr<T>: readable printing, and matchers that
// assert the exact outcome.
//
//   EXPECT_THAT(store.Commit(write), IsOk());
//   EXPECT_THAT(store.Commit(write), StatusIs(ErrorCode::kConflict));
//   EXPECT_THAT(store.FindCart(key), IsOkAndHolds(std::nullopt));
//   ASSERT_OK_AND_ASSIGN(auto cart, store.FindCart(key));
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "common/status.h"

namespace cartd {

inline void PrintTo(ErrorCode code, std::ostream* os) { *os << ErrorCodeName(code); }
inline void PrintTo(const Status& status, std::ostream* os) { *os << status.ToString(); }
template <typename T>
void PrintTo(const StatusOr<T>& result, std::ostream* os) {
  if (result.ok()) {
    *os << "Ok(" << ::testing::PrintToString(result.value()) << ")";
  } else {
    *os << result.status().ToString();
  }
}

namespace test {

inline const Status& GetStatus(const Status& status) { return status; }
template <typename T>
Status GetStatus(const StatusOr<T>& result) {
  return result.status();
}

// Matches a Status or StatusOr<T> whose code is `code`.
MATCHER_P(StatusIs, code, "has code " + std::string(ErrorCodeName(code))) {
  Status status = ::cartd::test::GetStatus(arg);
  if (status.code() == code) return true;
  *result_listener << "whose status is " << status.ToString();
  return false;
}

// Matches an OK Status, or a StatusOr<T> holding a value.
MATCHER(IsOk, "is OK") {
  Status status = ::cartd::test::GetStatus(arg);
  if (status.ok()) return true;
  *result_listener << "whose status is " << status.ToString();
  return false;
}

// Matches a StatusOr<T> holding a value that matches `inner` (a matcher or a value to compare).
MATCHER_P(IsOkAndHolds, inner, "is OK and holds a value that matches") {
  if (!arg.ok()) {
    *result_listener << "whose status is " << arg.status().ToString();
    return false;
  }
  return ::testing::ExplainMatchResult(inner, arg.value(), result_listener);
}

}  // namespace test
}  // namespace cartd

#define CARTD_TEST_CONCAT_INNER_(a, b) a##b
#define CARTD_TEST_CONCAT_(a, b) CARTD_TEST_CONCAT_INNER_(a, b)

// Evaluates `expr` (a StatusOr<T>), fails the test when it is not OK, else moves the value into
// `lhs` (a declaration or an lvalue). Usable only in functions returning void.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(CARTD_TEST_CONCAT_(cartd_test_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(tmp, lhs, expr)                   \
  auto tmp = (expr);                                                 \
  ASSERT_TRUE(tmp.ok()) << #expr << ": " << tmp.status().ToString(); \
  lhs = std::move(tmp).value()
