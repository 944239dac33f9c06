// The libpq layer of the PostgreSQL store against a real server: pipelines, parameters, session
// settings, and how a connection notices that it is no longer usable.
#include "storage/postgres/postgres_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/testing/postgres_server.h"
#include "tests/testing/status_matchers.h"

namespace cartd::storage::postgres {
namespace {

using ::cartd::test::IsOk;
using ::cartd::test::PostgresServer;
using ::cartd::test::StatusIs;
using ::testing::HasSubstr;

constexpr Statement kEcho{"test_echo", "SELECT $1::bytea, $2::text, $3::bigint, $4::text"};
constexpr Statement kOne{"test_one", "SELECT 1"};
constexpr Statement kDivideByZero{"test_divide",
                                  "SELECT 1 / (count(*) - count(*)) FROM (VALUES (1)) v"};
constexpr Statement kTwo{"test_two", "SELECT 2"};
constexpr Statement kShow{
    "test_show",
    "SELECT current_setting('statement_timeout'), "
    "current_setting('idle_in_transaction_session_timeout'), "
    "current_setting('synchronous_commit'), current_setting('server_encoding'), "
    "current_setting('client_encoding'), current_setting('application_name')"};
constexpr Statement kSleep{"test_sleep", "SELECT pg_sleep(5)"};
constexpr Statement kBegin{"test_begin", "BEGIN", false};

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = PostgresServer::Shared();
    ASSERT_NE(server_, nullptr);
    ASSERT_OK_AND_ASSIGN(database_, server_->CreateDatabase());
  }

  std::unique_ptr<Connection> Connect(
      std::chrono::milliseconds statement_timeout = std::chrono::milliseconds(5000)) {
    StatusOr<std::unique_ptr<Connection>> db =
        Connection::Open({.uri = server_->Uri(database_), .statement_timeout = statement_timeout});
    EXPECT_THAT(db, IsOk());
    return db.ok() ? std::move(db).value() : nullptr;
  }

  PostgresServer* server_ = nullptr;
  std::string database_;
};

TEST_F(ConnectionTest, ParametersCarryBytesTextIntegersAndNull) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  const std::string bytes("\0\xff\x01 end", 7);
  Step echo{&kEcho, {}};
  echo.params.Bytes(bytes).Text("h\xc3\xa9llo").Int64(-9'007'199'254'740'993).Null();
  PipelineResult run = db->Run(std::span<const Step>(&echo, 1));
  ASSERT_THAT(run.status, IsOk());
  ASSERT_EQ(run.results.size(), 1u);
  const Result& row = run.results[0];
  ASSERT_EQ(row.rows(), 1);
  EXPECT_THAT(row.Bytes(0, 0), ::cartd::test::IsOkAndHolds(bytes));
  EXPECT_EQ(row.Text(0, 1), "h\xc3\xa9llo");
  EXPECT_THAT(row.Int64(0, 2), ::cartd::test::IsOkAndHolds(-9'007'199'254'740'993));
  EXPECT_TRUE(row.IsNull(0, 3));
  EXPECT_FALSE(row.IsNull(0, 1));
}

TEST_F(ConnectionTest, AStatementUsedByTwoStepsOfAPipelineIsPreparedOnce) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  Step steps[2] = {{&kEcho, {}}, {&kEcho, {}}};
  steps[0].params.Bytes("a").Text("first").Int64(1).Null();
  steps[1].params.Bytes("b").Text("second").Int64(2).Text("set");
  PipelineResult run = db->Run(steps);
  ASSERT_THAT(run.status, IsOk());
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_EQ(run.results[0].Text(0, 1), "first");
  EXPECT_EQ(run.results[1].Text(0, 1), "second");
  EXPECT_EQ(run.results[1].Text(0, 3), "set");
}

TEST_F(ConnectionTest, AStepThatFailsReportsItsStateAndTheRestIsSkipped) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  const Step steps[] = {{&kOne, {}}, {&kDivideByZero, {}}, {&kTwo, {}}};
  PipelineResult run = db->Run(steps);
  EXPECT_THAT(run.status, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(run.status.message(), HasSubstr("test_divide: SQLSTATE 22012: division by zero"));
  EXPECT_EQ(run.sql_state, "22012");
  ASSERT_EQ(run.results.size(), 1u);
  EXPECT_EQ(run.results[0].Text(0, 0), "1");
  EXPECT_FALSE(db->broken());
  EXPECT_FALSE(db->InTransaction());

  // The connection stays usable, with the statements prepared before still prepared.
  const Step again[] = {{&kOne, {}}, {&kTwo, {}}};
  PipelineResult second = db->Run(again);
  ASSERT_THAT(second.status, IsOk());
  ASSERT_EQ(second.results.size(), 2u);
  EXPECT_EQ(second.results[1].Text(0, 0), "2");
}

TEST_F(ConnectionTest, TheSessionIsSetUpForTheStore) {
  // A database whose default would acknowledge commits before they are durable.
  ASSERT_THAT(
      server_->Query("postgres", "ALTER DATABASE " + database_ + " SET synchronous_commit = off"),
      IsOk());
  std::unique_ptr<Connection> db = Connect(std::chrono::milliseconds(1234));
  ASSERT_NE(db, nullptr);
  const Step show{&kShow, {}};
  PipelineResult run = db->Run(std::span<const Step>(&show, 1));
  ASSERT_THAT(run.status, IsOk());
  const Result& row = run.results[0];
  EXPECT_EQ(row.Text(0, 0), "1234ms");
  EXPECT_EQ(row.Text(0, 1), "1234ms");
  EXPECT_EQ(row.Text(0, 2), "on");
  EXPECT_EQ(row.Text(0, 3), "UTF8");
  EXPECT_EQ(row.Text(0, 4), "UTF8");
  EXPECT_EQ(row.Text(0, 5), "cartd");
}

TEST_F(ConnectionTest, AnAnswerThatDoesNotComeInTimeBreaksTheConnection) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  const Step sleep{&kSleep, {}};
  PipelineResult run = db->Run(std::span<const Step>(&sleep, 1), std::chrono::milliseconds(200));
  EXPECT_THAT(run.status, StatusIs(ErrorCode::kUnavailable));
  EXPECT_THAT(run.status.message(), HasSubstr("no answer from the server in time"));
  EXPECT_TRUE(db->broken());
  EXPECT_THAT(db->Run(std::span<const Step>(&sleep, 1)).status, StatusIs(ErrorCode::kUnavailable));
}

TEST_F(ConnectionTest, AnIdleConnectionNoticesThatTheServerEndedIt) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  EXPECT_FALSE(db->HasUnexpectedInput());
  ASSERT_THAT(server_->Query("postgres", "SELECT pg_terminate_backend(" +
                                             std::to_string(db->backend_pid()) + ", 10000)"),
              ::cartd::test::IsOkAndHolds(std::vector<std::vector<std::string>>{{"t"}}));
  EXPECT_TRUE(db->HasUnexpectedInput());
}

TEST_F(ConnectionTest, InTransactionFollowsBeginAndCommit) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  const Step begin{&kBegin, {}};
  ASSERT_THAT(db->Run(std::span<const Step>(&begin, 1)).status, IsOk());
  EXPECT_TRUE(db->InTransaction());
  EXPECT_THAT(db->ExecScript("SELECT 1; COMMIT", std::chrono::milliseconds(5000)), IsOk());
  EXPECT_FALSE(db->InTransaction());
}

TEST_F(ConnectionTest, AScriptReportsItsFirstFailingStatement) {
  std::unique_ptr<Connection> db = Connect();
  ASSERT_NE(db, nullptr);
  const Status status = db->ExecScript("CREATE TABLE t (x int); SELECT * FROM missing",
                                       std::chrono::milliseconds(5000));
  EXPECT_THAT(status, StatusIs(ErrorCode::kInternal));
  EXPECT_THAT(status.message(), HasSubstr("SQLSTATE 42P01"));
}

}  // namespace
}  // namespace cartd::storage::postgres
