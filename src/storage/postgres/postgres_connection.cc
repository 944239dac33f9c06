#include "storage/postgres/postgres_connection.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <utility>

#include "storage/postgres/sql_state.h"

namespace cartd::storage::postgres {
namespace {

// How much longer than statement_timeout the client waits for an answer: the server's own
// timeout normally ends a slow statement first, with an error that says so.
constexpr std::chrono::milliseconds kAnswerGrace{1000};

constexpr Statement kSetTimeouts{"session timeouts",
                                 "SELECT set_config('statement_timeout', $1, false), "
                                 "set_config('idle_in_transaction_session_timeout', $1, false)",
                                 false};
// An answered Commit must survive a crash of the server; "off" would acknowledge commits before
// they are flushed. Stronger settings (remote_write, remote_apply) are kept.
constexpr Statement kEnsureSynchronousCommit{"session synchronous_commit",
                                             "SELECT set_config('synchronous_commit', 'on', false) "
                                             "WHERE current_setting('synchronous_commit') = 'off'",
                                             false};

// libpq's messages end with a newline and sometimes span lines; logs want one line.
std::string OneLine(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text.empty() ? "no message from libpq" : text;
}

void IgnoreNotice(void*, const PGresult*) {}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Params

// Text goes in binary format, which for text is its bytes as they are: no terminating NUL is
// needed, so the caller's buffers are sent without a copy. Integers go as text, so that the
// server converts them to whatever integer type the statement needs.
Params& Params::Text(std::string_view value) {
  Value& added = values_.emplace_back();
  added.view = value;
  added.binary = true;
  return *this;
}

Params& Params::Bytes(std::string_view value) {
  Value& added = values_.emplace_back();
  added.view = value;
  added.binary = true;
  return *this;
}

Params& Params::Int64(std::int64_t value) {
  Value& added = values_.emplace_back();
  added.owned = std::to_string(value);
  added.own_value = true;
  return *this;
}

Params& Params::Null() {
  values_.emplace_back().null = true;
  return *this;
}

// ---------------------------------------------------------------------------------------------
// Result

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = std::exchange(other.result_, nullptr);
  }
  return *this;
}

Result::~Result() {
  if (result_ != nullptr) PQclear(result_);
}

std::int64_t Result::affected() const {
  const std::string_view text = PQcmdTuples(result_);
  std::int64_t count = 0;
  std::from_chars(text.data(), text.data() + text.size(), count);
  return count;
}

std::string_view Result::Text(int row, int column) const {
  return std::string_view(PQgetvalue(result_, row, column),
                          static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

StatusOr<std::int64_t> Result::Int64(int row, int column) const {
  const std::string_view text = Text(row, column);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Internal("column " + std::to_string(column) + " holds \"" + std::string(text) +
                    "\", not an integer");
  }
  return value;
}

StatusOr<std::string> Result::Bytes(int row, int column) const {
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
  if (bytes == nullptr) return Internal("column " + std::to_string(column) + " is not bytea");
  std::string value(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Connection

StatusOr<std::unique_ptr<Connection>> Connection::Open(const ConnectOptions& options) {
  // Parsed first so that a malformed URI is reported as such, not as an unreachable server.
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.uri.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string message = OneLine(parse_error);
    if (parse_error != nullptr) PQfreemem(parse_error);
    return InvalidInput("invalid PostgreSQL connection URI: " + message);
  }
  PQconninfoFree(parsed);

  // Later keywords override what the URI says, except fallback_application_name, which applies
  // only when the URI names no application.
  const char* const keywords[] = {"dbname", "client_encoding", "fallback_application_name",
                                  nullptr};
  const char* const values[] = {options.uri.c_str(), "UTF8", "cartd", nullptr};
  PGconn* conn = PQconnectStartParams(keywords, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Internal("connect: libpq is out of memory");
  std::unique_ptr<Connection> connection(
      new Connection(conn, options.statement_timeout + kAnswerGrace));

  // libpq's own connect_timeout applies only to blocking connects; this loop enforces ours.
  const Deadline deadline = std::chrono::steady_clock::now() + options.connect_timeout;
  PostgresPollingStatusType state =
      PQstatus(conn) == CONNECTION_BAD ? PGRES_POLLING_FAILED : PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      return Unavailable("connect: " + OneLine(PQerrorMessage(conn)));
    }
    Status ready = connection->Wait(state == PGRES_POLLING_READING ? POLLIN : POLLOUT, deadline);
    if (!ready.ok()) {
      return Unavailable("connect: no answer within " +
                         std::to_string(options.connect_timeout.count()) + " ms");
    }
    state = PQconnectPoll(conn);
  }
  if (PQsetnonblocking(conn, 1) != 0) {
    return Internal("connect: cannot make the connection non-blocking: " +
                    OneLine(PQerrorMessage(conn)));
  }
  PQsetNoticeReceiver(conn, IgnoreNotice, nullptr);

  const std::string timeout_ms = std::to_string(options.statement_timeout.count());
  Step setup[2] = {{&kSetTimeouts, {}}, {&kEnsureSynchronousCommit, {}}};
  setup[0].params.Text(timeout_ms);
  PipelineResult set = connection->Run(setup, options.connect_timeout);
  if (!set.status.ok()) {
    return Status(set.status.code(), "set up session: " + set.status.message());
  }
  return connection;
}

Connection::~Connection() { PQfinish(conn_); }

PipelineResult Connection::Run(std::span<const Step> steps) { return Run(steps, io_timeout_); }

PipelineResult Connection::Run(std::span<const Step> steps, std::chrono::milliseconds timeout) {
  PipelineResult out;
  const Deadline deadline = std::chrono::steady_clock::now() + timeout;
  if (broken_) {
    out.status = Unavailable("the connection is closed");
    return out;
  }
  if (PQenterPipelineMode(conn_) != 1) {
    out.status = Lost("enter pipeline mode");
    return out;
  }

  // Each command sent, in order: a step's execution, or the preparation of its statement.
  struct Sent {
    const Statement* statement;
    bool prepare;
  };
  std::vector<Sent> sent;
  sent.reserve(steps.size() + 4);
  // Statements this pipeline prepares: a statement used by several steps is prepared once.
  std::vector<std::string_view> preparing;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const Step& step : steps) {
    const Statement& statement = *step.statement;
    if (statement.prepare && !prepared_.contains(statement.name) &&
        std::find(preparing.begin(), preparing.end(), statement.name) == preparing.end()) {
      if (PQsendPrepare(conn_, statement.name, statement.sql, 0, nullptr) != 1) {
        out.status = Lost(std::string("send ") + statement.name);
        return out;
      }
      preparing.push_back(statement.name);
      sent.push_back({&statement, true});
    }
    values.clear();
    lengths.clear();
    formats.clear();
    for (const Params::Value& value : step.params.values_) {
      const std::string_view bytes = value.own_value ? std::string_view(value.owned) : value.view;
      values.push_back(value.null ? nullptr : bytes.data());
      lengths.push_back(static_cast<int>(bytes.size()));
      formats.push_back(value.binary ? 1 : 0);
    }
    const int count = step.params.size();
    const int queued = statement.prepare
                           ? PQsendQueryPrepared(conn_, statement.name, count, values.data(),
                                                 lengths.data(), formats.data(), 0)
                           : PQsendQueryParams(conn_, statement.sql, count, nullptr, values.data(),
                                               lengths.data(), formats.data(), 0);
    if (queued != 1) {
      out.status = Lost(std::string("send ") + statement.name);
      return out;
    }
    sent.push_back({&statement, false});
  }
  if (PQpipelineSync(conn_) != 1) {
    out.status = Lost("send pipeline sync");
    return out;
  }
  if (Status flushed = Flush(deadline); !flushed.ok()) {
    out.status = std::move(flushed);
    return out;
  }

  for (const Sent& command : sent) {
    StatusOr<PGresult*> next = NextResult(deadline);
    if (!next.ok()) {
      out.status = next.status();
      return out;
    }
    if (*next == nullptr) {
      out.status = Lost(std::string("read ") + command.statement->name + ": no result");
      return out;
    }
    Result result(*next);
    // Each command's results end with a null result.
    StatusOr<PGresult*> end = NextResult(deadline);
    if (!end.ok()) {
      out.status = end.status();
      return out;
    }
    if (*end != nullptr) {
      PQclear(*end);
      out.status = Lost(std::string("read ") + command.statement->name + ": extra result");
      return out;
    }
    const ExecStatusType status = PQresultStatus(*next);
    if (status == PGRES_PIPELINE_ABORTED) continue;
    if (status == PGRES_FATAL_ERROR) {
      if (PQstatus(conn_) == CONNECTION_BAD) {
        out.status = Lost(command.statement->name);
        return out;
      }
      if (out.status.ok()) {
        const char* state = PQresultErrorField(*next, PG_DIAG_SQLSTATE);
        out.sql_state = state != nullptr ? state : "";
        out.status = Status(ErrorCodeForSqlState(out.sql_state),
                            std::string(command.statement->name) + ": SQLSTATE " +
                                (out.sql_state.empty() ? "none" : out.sql_state) + ": " +
                                OneLine(PQresultErrorField(*next, PG_DIAG_MESSAGE_PRIMARY)));
      }
      continue;
    }
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      out.status =
          Lost(std::string(command.statement->name) + ": unexpected result " + PQresStatus(status));
      return out;
    }
    if (command.prepare) {
      prepared_.insert(command.statement->name);
    } else if (out.status.ok()) {
      out.results.push_back(std::move(result));
    }
  }

  StatusOr<PGresult*> sync = NextResult(deadline);
  if (!sync.ok()) {
    out.status = sync.status();
    return out;
  }
  const bool synced = *sync != nullptr && PQresultStatus(*sync) == PGRES_PIPELINE_SYNC;
  if (*sync != nullptr) PQclear(*sync);
  if (!synced || PQexitPipelineMode(conn_) != 1) {
    Status lost = Lost("end pipeline");
    if (out.status.ok()) out.status = std::move(lost);
  }
  return out;
}

Status Connection::ExecScript(std::string_view sql, std::chrono::milliseconds timeout) {
  const Deadline deadline = std::chrono::steady_clock::now() + timeout;
  if (broken_) return Unavailable("the connection is closed");
  const std::string text(sql);  // libpq wants it NUL-terminated
  if (PQsendQuery(conn_, text.c_str()) != 1) return Lost("send script");
  CARTD_RETURN_IF_ERROR(Flush(deadline));
  Status first;
  int statement = 0;
  while (true) {
    CARTD_ASSIGN_OR_RETURN(PGresult * next, NextResult(deadline));
    if (next == nullptr) break;
    Result result(next);
    ++statement;
    if (PQresultStatus(next) != PGRES_FATAL_ERROR) continue;
    if (PQstatus(conn_) == CONNECTION_BAD) return Lost("script");
    if (!first.ok()) continue;
    const char* state = PQresultErrorField(next, PG_DIAG_SQLSTATE);
    const std::string sql_state = state != nullptr ? state : "";
    first = Status(ErrorCodeForSqlState(sql_state),
                   "statement " + std::to_string(statement) + ": SQLSTATE " +
                       (sql_state.empty() ? "none" : sql_state) + ": " +
                       OneLine(PQresultErrorField(next, PG_DIAG_MESSAGE_PRIMARY)));
  }
  return first;
}

bool Connection::InTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

bool Connection::HasUnexpectedInput() const {
  if (broken_ || PQstatus(conn_) != CONNECTION_OK) return true;
  pollfd descriptor{PQsocket(conn_), POLLIN, 0};
  if (descriptor.fd < 0) return true;
  return poll(&descriptor, 1, 0) != 0;
}

Status Connection::Flush(Deadline deadline) {
  while (true) {
    const int pending = PQflush(conn_);
    if (pending == 0) return Status::Ok();
    if (pending < 0) return Lost("send");
    CARTD_RETURN_IF_ERROR(Wait(POLLIN | POLLOUT, deadline));
    // The server may answer while the rest is still being sent; reading keeps both moving.
    if (PQconsumeInput(conn_) != 1) return Lost("read");
  }
}

StatusOr<PGresult*> Connection::NextResult(Deadline deadline) {
  while (PQisBusy(conn_) != 0) {
    CARTD_RETURN_IF_ERROR(Wait(POLLIN, deadline));
    if (PQconsumeInput(conn_) != 1) return Lost("read");
  }
  return PQgetResult(conn_);
}

Status Connection::Wait(short events, Deadline deadline) {
  while (true) {
    const int fd = PQsocket(conn_);
    if (fd < 0) return Lost("wait");
    const auto remaining =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (remaining.count() <= 0) {
      broken_ = true;
      return Unavailable("no answer from the server in time");
    }
    pollfd descriptor{fd, events, 0};
    const int ready =
        poll(&descriptor, 1, static_cast<int>(std::min<std::int64_t>(remaining.count(), INT_MAX)));
    if (ready > 0) return Status::Ok();
    if (ready < 0 && errno != EINTR) return Lost("poll");
  }
}

Status Connection::Lost(std::string_view what) {
  broken_ = true;
  return Unavailable(std::string(what) + ": " + OneLine(PQerrorMessage(conn_)));
}

}  // namespace cartd::storage::postgres
