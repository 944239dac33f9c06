// Runs the SDK's ...Async calls: a queue of tasks and up to `max_threads` threads that take from
// it, started only when a task finds no idle thread.
//
// Thread-safety: Post may be called from any thread. The destructor runs every task still queued,
// joins the threads, and must not be called from one of them (from inside a task).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace partnercenter::internal {

class AsyncExecutor {
 public:
  // REQUIRES: max_threads >= 1.
  explicit AsyncExecutor(int max_threads) : max_threads_(max_threads) {}
  ~AsyncExecutor();
  AsyncExecutor(const AsyncExecutor&) = delete;
  AsyncExecutor& operator=(const AsyncExecutor&) = delete;

  // Queues `task`; its result (or exception) arrives in the future.
  template <typename F>
  std::future<std::invoke_result_t<F>> Submit(F task) {
    auto packaged =
        std::make_shared<std::packaged_task<std::invoke_result_t<F>()>>(std::move(task));
    std::future<std::invoke_result_t<F>> future = packaged->get_future();
    Post([packaged] { (*packaged)(); });
    return future;
  }

 private:
  void Post(std::function<void()> task);
  void Work();

  const int max_threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  std::vector<std::thread> threads_;         // guarded by mutex_
  int idle_ = 0;                             // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
};

}  // namespace partnercenter::internal
