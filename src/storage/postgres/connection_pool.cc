#include "storage/postgres/connection_pool.h"

#include <utility>

namespace cartd::storage::postgres {

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)), discard_(other.discard_) {}

ConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Return(std::move(connection_), discard_);
}

ConnectionPool::ConnectionPool(ConnectOptions options, int size,
                               std::chrono::milliseconds acquire_timeout)
    : options_(std::move(options)), size_(size), acquire_timeout_(acquire_timeout) {}

ConnectionPool::~ConnectionPool() = default;

StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  const Deadline deadline = std::chrono::steady_clock::now() + acquire_timeout_;
  std::unique_lock lock(mutex_);
  while (true) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (!connection->HasUnexpectedInput()) return Lease(this, std::move(connection));
      --counters_.open;
      ++counters_.discarded;
      returned_.notify_one();
      // Closing sends a goodbye to the server; not worth holding the lock for.
      lock.unlock();
      connection.reset();
      lock.lock();
    }
    if (counters_.open < size_) break;
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        counters_.open >= size_) {
      return Unavailable("all " + std::to_string(size_) +
                         " PostgreSQL connections stayed busy for " +
                         std::to_string(acquire_timeout_.count()) + " ms");
    }
  }

  // Reserve the slot, then connect without the lock: connecting takes a round trip or more.
  ++counters_.open;
  lock.unlock();
  StatusOr<std::unique_ptr<Connection>> opened = Connection::Open(options_);
  lock.lock();
  if (!opened.ok()) {
    --counters_.open;
    ++counters_.connect_failures;
    returned_.notify_one();
    return opened.status();
  }
  ++counters_.connects;
  return Lease(this, std::move(opened).value());
}

void ConnectionPool::DiscardIdle() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
    counters_.open -= static_cast<int>(closing.size());
    counters_.discarded += closing.size();
  }
  returned_.notify_all();
}

PoolCounters ConnectionPool::counters() const {
  std::lock_guard lock(mutex_);
  PoolCounters snapshot = counters_;
  snapshot.idle = static_cast<int>(idle_.size());
  return snapshot;
}

void ConnectionPool::Return(std::unique_ptr<Connection> connection, bool discard) {
  const bool keep = !discard && !connection->broken() && !connection->InTransaction();
  if (!keep) connection.reset();
  {
    std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(connection));
    } else {
      --counters_.open;
      ++counters_.discarded;
    }
  }
  returned_.notify_one();
}

}  // namespace cartd::storage::postgres
