// A real PostgreSQL server for tests: a cluster of its own in a temporary directory, listening on
// a free port of 127.0.0.1, owned by the test process and removed with it.
//
// It uses the server binaries of Debian's postgresql package (/usr/lib/postgresql/<major>/bin, the
// newest major found; CARTD_POSTGRES_BINDIR overrides) and nothing else of the system: no cluster
// service, no /var/run/postgresql. PostgreSQL refuses to run as root, so when the tests run as root
// the server runs as the `postgres` system user that the package creates, with the directory
// handed over to it; otherwise it runs as the current user.
//
// Starting is quick: initdb runs once per test binary (its cluster is kept in postgres-template/
// beside the binary, in the build tree) and each server starts from a copy. The server runs with
// fsync on, as in production, and small memory settings; it logs to server.log in its
// directory, whose tail failure messages quote.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "tests/testing/temp_dir.h"

namespace cartd::test {

// Not thread-safe: one thread drives the server (the stores under test may be used from many).
// Call Launch() and Start() from a thread that lives as long as the server, e.g. the test's main
// thread: the server is stopped if that thread ends, so that a crashed test leaves none behind.
class PostgresServer {
 public:
  // The superuser the tests connect as (trust authentication on 127.0.0.1).
  static constexpr char kUser[] = "cartd_test";

  // Creates a cluster and starts a server on it.
  // Errors: kUnavailable with a message that says what to install or fix when the binaries are
  // missing, initdb fails, or the server does not come up (quoting its log).
  static StatusOr<std::unique_ptr<PostgresServer>> Launch();

  // The server of this test process, launched on first use and stopped at exit. Fails the
  // current test (with the reason) and returns nullptr when it cannot be launched.
  static PostgresServer* Shared();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;
  // Stops the server (if running) and removes its directory.
  ~PostgresServer();

  // Stops the server at once, as a crash would (immediate shutdown: every connection is cut), and
  // returns when it and all its processes have exited. Nothing is listening on port() afterwards.
  Status Stop();
  // Starts the stopped server again on the same port and data; returns once it accepts
  // connections.
  Status Start();
  bool running() const { return pid_ > 0; }

  std::uint16_t port() const { return port_; }
  // postgresql://cartd_test@127.0.0.1:<port>/<database>
  std::string Uri(const std::string& database) const;

  // Creates a new, empty database (from template0) and returns its name.
  StatusOr<std::string> CreateDatabase();

  // Runs `sql` (one or more statements) in `database` as the superuser and returns the rows of
  // the last statement, each value as text ("NULL" for null).
  // Errors: kUnavailable when the server cannot be reached, kInternal when the SQL fails.
  StatusOr<std::vector<std::vector<std::string>>> Query(const std::string& database,
                                                        const std::string& sql);

 private:
  PostgresServer() = default;
  // The last lines of the server's log, for failure messages.
  std::string LogTail() const;

  std::unique_ptr<TempDir> dir_;
  std::filesystem::path bin_dir_;
  std::filesystem::path data_dir_;
  uid_t uid_ = 0;  // the server's user and group
  gid_t gid_ = 0;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  int next_database_ = 0;
};

}  // namespace cartd::test
