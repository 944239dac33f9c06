#include "storage/postgres/sql_state.h"

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cartd::storage::postgres {
namespace {

TEST(SqlStateTest, UniqueViolationIsConflict) {
  EXPECT_EQ(ErrorCodeForSqlState("23505"), ErrorCode::kConflict);
}

TEST(SqlStateTest, OtherIntegrityViolationsAreInternal) {
  EXPECT_EQ(ErrorCodeForSqlState("23503"), ErrorCode::kInternal);  // foreign key
  EXPECT_EQ(ErrorCodeForSqlState("23514"), ErrorCode::kInternal);  // check
  EXPECT_EQ(ErrorCodeForSqlState("23502"), ErrorCode::kInternal);  // not null
}

TEST(SqlStateTest, SerializationFailureAndDeadlockAreTransientAndUnavailable) {
  for (const char* state : {"40001", "40P01"}) {
    EXPECT_TRUE(IsTransientSqlState(state)) << state;
    EXPECT_EQ(ErrorCodeForSqlState(state), ErrorCode::kUnavailable) << state;
  }
  EXPECT_FALSE(IsTransientSqlState("40002"));  // integrity constraint violation at commit
  EXPECT_FALSE(IsTransientSqlState("23505"));
  EXPECT_FALSE(IsTransientSqlState(""));
}

TEST(SqlStateTest, ConnectionAndResourceFailuresAreUnavailable) {
  for (const char* state : {"08000", "08003", "08006", "08001", "08P01", "53000", "53100", "53200",
                            "53300", "57P01", "57P02", "57P03", "57014", "55P03", "25006"}) {
    EXPECT_EQ(ErrorCodeForSqlState(state), ErrorCode::kUnavailable) << state;
  }
}

TEST(SqlStateTest, EverythingElseIsInternal) {
  for (const char* state : {"42601", "42P01", "42703", "22021", "22P02", "XX000", "57000", "57P04",
                            "25P02", "0A000", "58030", "40002"}) {
    EXPECT_EQ(ErrorCodeForSqlState(state), ErrorCode::kInternal) << state;
  }
}

TEST(SqlStateTest, ClientSideFailuresWithoutAStateAreInternal) {
  EXPECT_EQ(ErrorCodeForSqlState(""), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeForSqlState("0800"), ErrorCode::kInternal);
  EXPECT_EQ(ErrorCodeForSqlState("080000"), ErrorCode::kInternal);
}

}  // namespace
}  // namespace cartd::storage::postgres
