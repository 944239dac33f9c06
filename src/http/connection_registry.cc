#include "http/connection_registry.h"

#include <utility>
#include <vector>

namespace cartd::http {

std::uint64_t ConnectionRegistry::Add(std::weak_ptr<Connection> connection) {
  Mode mode;
  std::uint64_t id;
  {
    std::lock_guard lock(mu_);
    id = next_id_++;
    connections_.emplace(id, connection);
    mode = mode_;
  }
  if (mode == Mode::kOpen) return id;
  // A connection accepted while the server was stopping must not outlive the stop.
  if (auto live = connection.lock()) {
    if (mode == Mode::kShuttingDown) {
      live->Shutdown();
    } else {
      live->Abort();
    }
  }
  return id;
}

void ConnectionRegistry::Remove(std::uint64_t id) {
  std::lock_guard lock(mu_);
  connections_.erase(id);
  if (connections_.empty()) empty_cv_.notify_all();
}

template <typename Action>
void ConnectionRegistry::ForEach(Action action) {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu_);
    live.reserve(connections_.size());
    for (const auto& [id, weak] : connections_) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (const auto& connection : live) action(*connection);
}

void ConnectionRegistry::ShutdownAll() {
  {
    std::lock_guard lock(mu_);
    if (mode_ == Mode::kOpen) mode_ = Mode::kShuttingDown;
  }
  ForEach([](Connection& connection) { connection.Shutdown(); });
}

void ConnectionRegistry::AbortAll() {
  {
    std::lock_guard lock(mu_);
    mode_ = Mode::kAborting;
  }
  ForEach([](Connection& connection) { connection.Abort(); });
}

bool ConnectionRegistry::WaitUntilEmpty(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return empty_cv_.wait_until(lock, deadline, [&] { return connections_.empty(); });
}

void ConnectionRegistry::WaitUntilEmpty() {
  std::unique_lock lock(mu_);
  empty_cv_.wait(lock, [&] { return connections_.empty(); });
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

}  // namespace cartd::http
