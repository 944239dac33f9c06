#include "storage/sqlite/read_pool.h"

#include <utility>

namespace cartd::storage::sqlite {

ReadPool::Lease::Lease(ReadPool* pool, std::unique_ptr<Connection> connection)
    : pool_(pool), connection_(std::move(connection)) {}

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

ReadPool::Lease::~Lease() {
  if (connection_ != nullptr) pool_->Release(std::move(connection_));
}

StatusOr<std::unique_ptr<ReadPool>> ReadPool::Open(const std::filesystem::path& path, int size,
                                                   std::chrono::milliseconds busy_timeout) {
  std::vector<std::unique_ptr<Connection>> connections;
  connections.reserve(static_cast<std::size_t>(size));
  for (int i = 0; i < size; ++i) {
    CARTD_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                           Connection::Open(path, AccessMode::kReadOnly, busy_timeout));
    connections.push_back(std::move(connection));
  }
  return std::unique_ptr<ReadPool>(new ReadPool(std::move(connections)));
}

ReadPool::ReadPool(std::vector<std::unique_ptr<Connection>> connections)
    : idle_(std::move(connections)) {}

ReadPool::Lease ReadPool::Acquire() {
  std::unique_lock lock(mutex_);
  released_.wait(lock, [this] { return !idle_.empty(); });
  std::unique_ptr<Connection> connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(connection));
}

void ReadPool::Release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  released_.notify_one();
}

}  // namespace cartd::storage::sqlite
