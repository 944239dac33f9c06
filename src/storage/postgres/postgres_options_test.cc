#include "storage/postgres/postgres_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace cartd::storage {
namespace {

using ::cartd::test::IsOk;
using ::cartd::test::StatusIs;
using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(ParsePostgresUrlTest, AUrlWithoutParametersIsTheUriWithTheDefaults) {
  ASSERT_OK_AND_ASSIGN(PostgresOptions options,
                       ParsePostgresUrl("postgresql://cartd:secret@db.internal:5433/carts"));
  EXPECT_EQ(options.uri, "postgresql://cartd:secret@db.internal:5433/carts");
  const PostgresOptions defaults;
  EXPECT_EQ(options.pool_size, defaults.pool_size);
  EXPECT_EQ(options.connect_timeout, defaults.connect_timeout);
  EXPECT_EQ(options.statement_timeout, defaults.statement_timeout);
  EXPECT_EQ(options.pool_timeout, defaults.pool_timeout);
  EXPECT_EQ(defaults.pool_size, 16);
  EXPECT_EQ(defaults.connect_timeout, milliseconds(2000));
}

TEST(ParsePostgresUrlTest, CartdsParametersAreTakenOutAndLibpqsKept) {
  ASSERT_OK_AND_ASSIGN(
      PostgresOptions options,
      ParsePostgresUrl("postgres://u@h/db?sslmode=require&pool_size=32&connect_timeout=3"
                       "&application_name=node-a&statement_timeout=2500&pool_timeout=2s"));
  EXPECT_EQ(options.uri, "postgres://u@h/db?sslmode=require&application_name=node-a");
  EXPECT_EQ(options.pool_size, 32);
  EXPECT_EQ(options.connect_timeout, milliseconds(3000));
  EXPECT_EQ(options.statement_timeout, milliseconds(2500));
  EXPECT_EQ(options.pool_timeout, milliseconds(2000));
}

TEST(ParsePostgresUrlTest, OnlyCartdsParametersLeaveNoQuery) {
  ASSERT_OK_AND_ASSIGN(PostgresOptions options,
                       ParsePostgresUrl("postgresql://h1:5432,h2:5432/db?pool_size=4"));
  EXPECT_EQ(options.uri, "postgresql://h1:5432,h2:5432/db");
  EXPECT_EQ(options.pool_size, 4);
}

TEST(ParsePostgresUrlTest, ParametersArePercentDecodedAndWhatAUrlCannotHoldIsEncoded) {
  ASSERT_OK_AND_ASSIGN(
      PostgresOptions options,
      ParsePostgresUrl("postgresql:///db?options=-c statement_timeout=0&pool_%73ize=3"
                       "&pool_timeout=2%73"));
  EXPECT_EQ(options.uri, "postgresql:///db?options=-c%20statement_timeout=0");
  EXPECT_EQ(options.pool_size, 3);
  EXPECT_EQ(options.pool_timeout, milliseconds(2000));
}

TEST(ParsePostgresUrlTest, EmptyParametersAreDropped) {
  ASSERT_OK_AND_ASSIGN(PostgresOptions options,
                       ParsePostgresUrl("postgresql:///db?&sslmode=require&&pool_size=2&"));
  EXPECT_EQ(options.uri, "postgresql:///db?sslmode=require");
}

TEST(ParsePostgresUrlTest, AMalformedUrlIsInvalidInput) {
  for (const char* url : {"postgresql://[::1/db", "postgresql:///db?x=%zz", "//host/db"}) {
    StatusOr<PostgresOptions> options = ParsePostgresUrl(url);
    EXPECT_THAT(options, StatusIs(ErrorCode::kInvalidInput)) << url;
    EXPECT_THAT(options.status().message(), HasSubstr("invalid PostgreSQL connection URI")) << url;
  }
}

TEST(ParsePostgresUrlTest, DurationsTakeUnits) {
  ASSERT_OK_AND_ASSIGN(
      PostgresOptions options,
      ParsePostgresUrl("postgresql:///db?connect_timeout=1500ms&statement_timeout=1m30s"));
  EXPECT_EQ(options.connect_timeout, milliseconds(1500));
  EXPECT_EQ(options.statement_timeout, milliseconds(90'000));
  EXPECT_EQ(options.uri, "postgresql:///db");
}

TEST(ParsePostgresUrlTest, BadValuesAreInvalidInputNamingTheParameter) {
  for (const char* url :
       {"postgresql:///db?pool_size=0", "postgresql:///db?pool_size=x",
        "postgresql:///db?pool_size=10001", "postgresql:///db?pool_size=",
        "postgresql:///db?connect_timeout=-1", "postgresql:///db?connect_timeout=2d",
        "postgresql:///db?connect_timeout=86401", "postgresql:///db?statement_timeout=0ms",
        "postgresql:///db?statement_timeout=0", "postgresql:///db?pool_timeout=2days",
        "postgresql:///db?pool_timeout=5 s", "postgresql:///db?statement_timeout=86400001"}) {
    StatusOr<PostgresOptions> options = ParsePostgresUrl(url);
    EXPECT_THAT(options, StatusIs(ErrorCode::kInvalidInput)) << url;
    EXPECT_THAT(options.status().message(), HasSubstr("store URL parameter")) << url;
  }
}

TEST(ParsePostgresUrlTest, AParameterGivenTwiceIsInvalidInput) {
  StatusOr<PostgresOptions> options = ParsePostgresUrl("postgresql:///db?pool_size=2&pool_size=3");
  EXPECT_THAT(options, StatusIs(ErrorCode::kInvalidInput));
  EXPECT_THAT(options.status().message(), HasSubstr("pool_size is given twice"));
}

TEST(ParsePostgresUrlTest, ADayIsTheLongestTimeout) {
  EXPECT_THAT(ParsePostgresUrl("postgresql:///db?statement_timeout=86400000"), IsOk());
  EXPECT_THAT(ParsePostgresUrl("postgresql:///db?connect_timeout=1d"), IsOk());
  EXPECT_THAT(ParsePostgresUrl("postgresql:///db?connect_timeout=86400"), IsOk());
}

}  // namespace
}  // namespace cartd::storage
