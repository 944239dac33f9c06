// Admission for the requests that build a whole collection in memory (a customer's orders or
// subscriptions: read a page at a time, but answered as one body): at most `total` of them at once
// on the node and at most `per_partner` of one partner, so that one partner's lists can neither
// take the node's memory nor hold up another partner's. Callers wait on a worker thread (lists
// never run on an I/O thread: see App::AnswersPromptly), for at most `max_wait`. When a pass is
// given back, the memory malloc holds free is returned to the system (malloc_trim), so that the
// lists' memory does not stay with the worker threads that built them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace cartd::api {

struct ListGateOptions {
  int total = 4;
  int per_partner = 1;
  std::chrono::milliseconds max_wait{30000};
};

// Thread-safe.
class ListGate {
 public:
  // Held while the list is built and encoded; leaving the scope lets the next one in.
  class Pass {
   public:
    Pass(Pass&& other) noexcept : gate_(other.gate_), partner_(std::move(other.partner_)) {
      other.gate_ = nullptr;
    }
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->Leave(partner_);
    }

   private:
    friend class ListGate;
    Pass(ListGate* gate, std::string partner) : gate_(gate), partner_(std::move(partner)) {}
    ListGate* gate_;
    std::string partner_;
  };

  explicit ListGate(ListGateOptions options = {}) : options_(options) {}
  ListGate(const ListGate&) = delete;
  ListGate& operator=(const ListGate&) = delete;

  // A pass for `partner`, once there is room; nullopt when none came within max_wait (the
  // caller answers 503: the node is busy with lists).
  std::optional<Pass> Enter(std::string_view partner);

  // For tests and metrics: lists being built now, in all and of one partner.
  int InFlight() const;
  int InFlight(std::string_view partner) const;

 private:
  void Leave(const std::string& partner);

  const ListGateOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable room_;
  int in_flight_ = 0;
  std::map<std::string, int, std::less<>> by_partner_;
};

}  // namespace cartd::api
