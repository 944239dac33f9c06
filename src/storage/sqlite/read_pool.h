// A fixed pool of read-only connections for the SQLite store. In WAL mode readers do not block the
// writer nor each other, so reads run concurrently with group commits; each connection keeps its
// own prepared statements, so a statement is prepared once per connection and reused.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "common/status.h"
#include "storage/sqlite/sqlite_connection.h"

namespace cartd::storage::sqlite {

// Thread-safe. The pool must outlive its leases.
class ReadPool {
 public:
  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    friend class ReadPool;
    Lease(ReadPool* pool, std::unique_ptr<Connection> connection);
    ReadPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Opens `size` read-only connections to the database at `path`.
  // REQUIRES: size >= 1; the database exists (readers cannot create it).
  // Errors: as Connection::Open.
  static StatusOr<std::unique_ptr<ReadPool>> Open(const std::filesystem::path& path, int size,
                                                  std::chrono::milliseconds busy_timeout);

  // A connection, waiting while all are leased.
  Lease Acquire();

 private:
  explicit ReadPool(std::vector<std::unique_ptr<Connection>> connections);
  void Release(std::unique_ptr<Connection> connection);

  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mutex_
};

}  // namespace cartd::storage::sqlite
