// A thin RAII layer over libpq, used only by the PostgreSQL store: a Connection that owns one
// PGconn, talks to the server without ever blocking past a deadline (non-blocking libpq driven by
// poll(2)), sends a batch of statements as one pipeline (one round trip) and keeps each
// connection's prepared statements; a Result that owns one PGresult; Params for the values of one
// execution.
//
// SQL text stays in the store's sources (named Statement constants). Messages produced here name
// the statement and carry the server's primary message and SQLSTATE, never SQL; they are meant
// for logs (kUnavailable / kInternal).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/status.h"

namespace cartd::storage::postgres {

using Deadline = std::chrono::steady_clock::time_point;

// A statement of the store. `name` identifies it in messages and, when `prepare` is set, is the
// name under which it is prepared on first use on each connection and executed afterwards
// (unique per store). Statements run once per connection, and transaction control, are sent
// unprepared.
struct Statement {
  const char* name;
  const char* sql;
  bool prepare = true;
};

// The parameter values of one execution, in order: the first added is $1. Text and bytes are
// referred to, not copied: they must stay alive and unchanged until the execution is done.
// Integers are formatted into the Params object itself.
class Params {
 public:
  Params& Text(std::string_view value);
  // A bytea parameter, sent in binary so that every byte value is allowed.
  Params& Bytes(std::string_view value);
  Params& Int64(std::int64_t value);
  Params& Null();

  int size() const { return static_cast<int>(values_.size()); }

 private:
  friend class Connection;
  struct Value {
    std::string_view view;
    std::string owned;  // used instead of `view` when own_value
    bool own_value = false;
    bool null = false;
    bool binary = false;
  };
  std::vector<Value> values_;
};

// One statement execution of a pipeline.
struct Step {
  const Statement* statement;
  Params params;
};

// A statement's result: rows (text format) and the number of rows it changed. Owns the PGresult.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result) {}
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result();

  int rows() const { return PQntuples(result_); }
  // Rows inserted, updated or deleted by the statement (0 for other statements).
  std::int64_t affected() const;

  bool IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
  // Valid while the Result lives.
  std::string_view Text(int row, int column) const;
  // Errors: kInternal when the value is not a decimal integer.
  StatusOr<std::int64_t> Int64(int row, int column) const;
  // The bytes of a bytea column. Errors: kInternal when the value is not bytea's text form.
  StatusOr<std::string> Bytes(int row, int column) const;

 private:
  PGresult* result_;
};

// What one pipeline came to.
struct PipelineResult {
  // The results of the steps that ran, in order: all of them when `status` is OK, else those
  // before the failing step (the server skips every step after it).
  std::vector<Result> results;
  Status status;
  // The failing step's SQLSTATE; empty when every step ran or when the failure was the client's
  // (the connection was lost, the deadline passed).
  std::string sql_state;
};

struct ConnectOptions {
  // A libpq connection URI (postgresql://...), without parameters the caller manages itself.
  std::string uri;
  // How long opening a connection (TCP, TLS, authentication, session setup) may take.
  std::chrono::milliseconds connect_timeout{2000};
  // The server's statement_timeout for the session (also its idle_in_transaction_session_timeout,
  // so that a stalled client cannot hold row locks for longer). The client gives up on an
  // answer that has not arrived by this plus a grace period, and closes the connection.
  std::chrono::milliseconds statement_timeout{5000};
};

// One open connection with its prepared statements.
//
// Not thread-safe: one thread at a time (the pool hands each connection to one caller).
class Connection {
 public:
  // Connects, then sets up the session: statement timeout, idle-in-transaction timeout, and
  // synchronous_commit raised to "on" where the server's default is "off" (an answered Commit
  // must be durable).
  // Errors: kInvalidInput when options.uri is not a valid libpq URI; kUnavailable when the server
  // cannot be reached, refuses the connection or the login, or does not finish within
  // connect_timeout.
  static StatusOr<std::unique_ptr<Connection>> Open(const ConnectOptions& options);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Sends `steps` as one pipeline and reads their results: one round trip (preparing the named
  // statements this connection has not prepared yet goes into the same round trip). Outside an
  // explicit transaction the steps form one implicit transaction, committed when all succeed.
  // The client waits at most `timeout` (default: statement_timeout plus a grace period) for the
  // whole exchange; past that the connection is broken.
  // Errors (in PipelineResult::status): the failing step's server error, mapped by
  // ErrorCodeForSqlState; kUnavailable when the connection is lost or the deadline passes (and
  // the connection is then broken()).
  PipelineResult Run(std::span<const Step> steps);
  PipelineResult Run(std::span<const Step> steps, std::chrono::milliseconds timeout);

  // Runs `sql`, one or more statements without parameters, with the simple query protocol (for
  // migrations). Errors: as Run(), for the first failing statement.
  Status ExecScript(std::string_view sql, std::chrono::milliseconds timeout);

  // True once the connection cannot be used any more: lost, timed out mid-exchange, or out of
  // step with the server. A broken connection must be discarded.
  bool broken() const { return broken_; }
  // True while a transaction is open (BEGIN without COMMIT/ROLLBACK yet) or failed.
  bool InTransaction() const;
  // For an idle connection: true when the server has sent something or closed the socket. An
  // idle connection is sent nothing, so this means the server is ending it (pg_terminate_backend,
  // shutdown, a restart) or it is out of step: either way it must not be used.
  bool HasUnexpectedInput() const;
  // The server process serving this connection.
  int backend_pid() const { return PQbackendPID(conn_); }

 private:
  Connection(PGconn* conn, std::chrono::milliseconds io_timeout)
      : conn_(conn), io_timeout_(io_timeout) {}

  // Sends what libpq has buffered. Errors: kUnavailable (and broken) on I/O failure or timeout.
  Status Flush(Deadline deadline);
  // The next result, or nullptr at the end of one command's results. Errors: as Flush().
  StatusOr<PGresult*> NextResult(Deadline deadline);
  // Waits until the socket has one of `events` (POLLIN, POLLOUT). Errors: as Flush().
  Status Wait(short events, Deadline deadline);
  // Marks the connection broken and returns kUnavailable with libpq's message.
  Status Lost(std::string_view what);

  PGconn* conn_;
  const std::chrono::milliseconds io_timeout_;
  bool broken_ = false;
  std::unordered_set<std::string> prepared_;
};

}  // namespace cartd::storage::postgres
