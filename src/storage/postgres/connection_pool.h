// A bounded pool of PostgreSQL connections with health checks, used only by the PostgreSQL store.
//
// Connections are opened on demand, up to the pool's size, and reused. A connection that broke
// while in use (the server restarted, the network failed, a timeout) is closed instead of being
// returned; an idle one that the server has ended meanwhile (pg_terminate_backend, shutdown) is
// noticed when it is next handed out and replaced by a new one. While the server is unreachable
// every Acquire() fails promptly (a refused connection at once, an unanswered one after the
// connect timeout), and the pool recovers by itself once the server is back.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "common/status.h"
#include "storage/postgres/postgres_connection.h"

namespace cartd::storage::postgres {

// Counters of a ConnectionPool, as one consistent snapshot.
struct PoolCounters {
  std::uint64_t connects = 0;          // connections opened
  std::uint64_t connect_failures = 0;  // attempts to open one that failed
  std::uint64_t discarded = 0;         // connections closed because they broke or were ended
  int open = 0;                        // connections open now (idle, in use, or being opened)
  int idle = 0;                        // of which idle in the pool
};

// Thread-safe. The pool must outlive its leases.
class ConnectionPool {
 public:
  // Exclusive use of one connection until destroyed; then it goes back to the pool, or is closed
  // when it is broken(), in a transaction, or Discard() was called.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Closes the connection at the end of the lease instead of keeping it.
    void Discard() { discard_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection);
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
    bool discard_ = false;
  };

  // REQUIRES: size >= 1. Opens no connection yet.
  ConnectionPool(ConnectOptions options, int size, std::chrono::milliseconds acquire_timeout);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  // REQUIRES: no lease is alive.
  ~ConnectionPool();

  // A healthy idle connection, else a new one when fewer than `size` are open, else waits for one
  // to be returned, for at most the acquire timeout.
  // Errors: kUnavailable when a new connection cannot be opened (as Connection::Open) or none is
  // free in time; kInvalidInput for a malformed URI.
  StatusOr<Lease> Acquire();

  // Closes every idle connection (used after one broke: the others likely share its fate, and a
  // new connection costs little next to a failed call).
  void DiscardIdle();

  PoolCounters counters() const;

 private:
  void Return(std::unique_ptr<Connection> connection, bool discard);

  const ConnectOptions options_;
  const int size_;
  const std::chrono::milliseconds acquire_timeout_;

  mutable std::mutex mutex_;
  std::condition_variable returned_;               // a connection was returned, or a slot freed
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_; most recent last
  PoolCounters counters_;                          // guarded by mutex_ (idle: idle_.size())
};

}  // namespace cartd::storage::postgres
