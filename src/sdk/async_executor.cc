#include "sdk/async_executor.h"

#include <system_error>

namespace partnercenter::internal {

AsyncExecutor::~AsyncExecutor() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    threads.swap(threads_);
  }
  wake_.notify_all();
  for (std::thread& thread : threads) thread.join();
}

void AsyncExecutor::Post(std::function<void()> task) {
  std::unique_lock lock(mutex_);
  if (idle_ == 0 && static_cast<int>(threads_.size()) < max_threads_) {
    try {
      threads_.emplace_back([this] { Work(); });
    } catch (const std::system_error&) {
      // Out of threads. With none at all the task would never run and its future never become
      // ready: run it here instead. Otherwise the existing threads will get to it.
      if (threads_.empty()) {
        lock.unlock();
        task();
        return;
      }
    }
  }
  queue_.push_back(std::move(task));
  lock.unlock();
  wake_.notify_one();
}

void AsyncExecutor::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    ++idle_;
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    // Queued tasks run even when stopping: each holds a promise someone may be waiting on.
    if (queue_.empty()) return;
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace partnercenter::internal
