#include "api/list_gate.h"

#include <malloc.h>

namespace cartd::api {

std::optional<ListGate::Pass> ListGate::Enter(std::string_view partner) {
  std::unique_lock lock(mutex_);
  const auto has_room = [&] {
    const auto it = by_partner_.find(partner);
    const int mine = it == by_partner_.end() ? 0 : it->second;
    return in_flight_ < options_.total && mine < options_.per_partner;
  };
  if (!room_.wait_for(lock, options_.max_wait, has_room)) return std::nullopt;
  ++in_flight_;
  ++by_partner_[std::string(partner)];
  return Pass(this, std::string(partner));
}

void ListGate::Leave(const std::string& partner) {
  {
    std::lock_guard lock(mutex_);
    --in_flight_;
    const auto it = by_partner_.find(partner);
    if (--it->second == 0) by_partner_.erase(it);
  }
  // Waiters of different partners wait for different things: wake them all to re-check.
  room_.notify_all();
  // A list allocates tens of MiB on the worker thread that built it, from that thread's malloc
  // arena, and glibc keeps what is freed in the arena: with dozens of workers, each would keep a
  // list's worth. Giving the free memory back here keeps the node's RSS to the lists in flight.
  malloc_trim(0);
}

int ListGate::InFlight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

int ListGate::InFlight(std::string_view partner) const {
  std::lock_guard lock(mutex_);
  const auto it = by_partner_.find(partner);
  return it == by_partner_.end() ? 0 : it->second;
}

}  // namespace cartd::api
