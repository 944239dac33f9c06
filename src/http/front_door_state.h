// What every connection of one Server shares besides its options: the budget of body bytes held
// in memory and the counters behind ServerStats. Internal to cartd::http.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace cartd::http {

// Bytes of request bodies held across all connections, against a limit. Thread-safe.
class BodyBudget {
 public:
  // 0: no limit (bytes are still counted).
  explicit BodyBudget(std::size_t limit) : limit_(limit) {}

  // Sets `bytes` aside when they fit; false (and nothing set aside) when they do not.
  bool TryReserve(std::size_t bytes) {
    std::size_t held = held_.load(std::memory_order_relaxed);
    do {
      if (limit_ != 0 && (bytes > limit_ || held > limit_ - bytes)) return false;
    } while (!held_.compare_exchange_weak(held, held + bytes, std::memory_order_relaxed));
    return true;
  }

  void Release(std::size_t bytes) { held_.fetch_sub(bytes, std::memory_order_relaxed); }

  std::size_t held() const { return held_.load(std::memory_order_relaxed); }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> held_{0};
};

struct FrontDoorState {
  explicit FrontDoorState(std::size_t body_memory_limit) : bodies(body_memory_limit) {}

  BodyBudget bodies;
  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> connections_refused{0};
  std::atomic<std::uint64_t> body_memory_refusals{0};
  std::atomic<std::uint64_t> answered_before_body{0};
};

}  // namespace cartd::http
