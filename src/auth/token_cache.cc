#include "auth/token_cache.h"

#include <mutex>

namespace cartd::auth {
namespace {

// Hash node, bucket slot, deque slot and the VerifiedClaims object itself, roughly.
constexpr std::size_t kEntryOverhead = 64 + sizeof(VerifiedClaims) + sizeof(std::string);

}  // namespace

TokenCache::TokenCache(std::size_t max_entries, std::size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

std::size_t TokenCache::Cost(std::string_view token, const VerifiedClaims& claims) {
  return kEntryOverhead + token.size() + claims.principal.partner_tenant.size() +
         claims.principal.user_object_id.size() + claims.principal.app_id.size();
}

std::optional<VerifiedClaims> TokenCache::Find(std::string_view token) const {
  std::shared_lock lock(mutex_);
  const auto it = entries_.find(token);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void TokenCache::Insert(std::string_view token, const VerifiedClaims& claims) {
  const std::size_t cost = Cost(token, claims);
  if (max_entries_ == 0 || cost > max_bytes_) return;
  std::unique_lock lock(mutex_);
  const auto [it, inserted] = entries_.try_emplace(std::string(token), claims);
  if (!inserted) return;
  order_.push_back(&it->first);
  bytes_ += cost;
  while (entries_.size() > max_entries_ || bytes_ > max_bytes_) {
    const auto oldest = entries_.find(*order_.front());
    bytes_ -= Cost(oldest->first, oldest->second);
    order_.pop_front();
    entries_.erase(oldest);
  }
}

std::size_t TokenCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

}  // namespace cartd::auth
