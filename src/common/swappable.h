// Swappable<T>: an immutable value that can be replaced while other threads read it, as the
// catalog and the token keys are on a reload.
#pragma once

#include <atomic>
#include <memory>
#include <utility>

namespace cartd {

// Thread-safe. A reader keeps the value it got alive for as long as it holds the pointer, so a
// swap never pulls a value from under a request in flight.
template <typename T>
class Swappable {
 public:
  explicit Swappable(std::shared_ptr<const T> value = nullptr) : value_(std::move(value)) {}

  std::shared_ptr<const T> Get() const { return value_.load(std::memory_order_acquire); }
  void Set(std::shared_ptr<const T> value) {
    value_.store(std::move(value), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const T>> value_;
};

}  // namespace cartd
