// The set of open connections of one Server, so that stopping the server can reach each of them.
// Independent of the network library: a connection is anything that can be asked to finish.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace cartd::http {

// One open connection as the registry sees it. Both calls return at once (the work happens on the
// connection's own executor) and may be made from any thread, any number of times.
class Connection {
 public:
  virtual ~Connection() = default;

  // Finish gracefully: close at once if no request is being read, handled or answered; otherwise
  // answer the current request with "Connection: close" and close after it.
  virtual void Shutdown() = 0;

  // Close now. A request being handled is not answered; one not yet handed to the Handler is
  // never handed to it.
  virtual void Abort() = 0;
};

// Thread-safe. Holds connections weakly: a connection's lifetime is its own, and it calls Remove
// from its destructor. Once ShutdownAll (or AbortAll) has been called, connections added later
// are shut down (or aborted) as they are added, so that none slips past a stopping server.
class ConnectionRegistry {
 public:
  ConnectionRegistry() = default;
  ConnectionRegistry(const ConnectionRegistry&) = delete;
  ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

  // Registers `connection` and returns the id to pass to Remove.
  std::uint64_t Add(std::weak_ptr<Connection> connection);

  // Forgets the connection `id` and wakes WaitUntilEmpty when it was the last one.
  void Remove(std::uint64_t id);

  // Calls Shutdown on every registered connection, now and on every one added from now on.
  void ShutdownAll();

  // Calls Abort on every registered connection, now and on every one added from now on.
  void AbortAll();

  // Blocks until no connection is registered or `deadline` passes; true when empty.
  bool WaitUntilEmpty(std::chrono::steady_clock::time_point deadline);
  // Blocks until no connection is registered.
  void WaitUntilEmpty();

  std::size_t size() const;

 private:
  enum class Mode { kOpen, kShuttingDown, kAborting };

  // Locks and calls `action` on every live connection, outside the mutex: a connection may be
  // destroyed (and call Remove) as the last reference is dropped.
  template <typename Action>
  void ForEach(Action action);

  mutable std::mutex mu_;
  std::condition_variable empty_cv_;
  Mode mode_ = Mode::kOpen;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
};

}  // namespace cartd::http
