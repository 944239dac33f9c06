#include "api/list_gate.h"

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
