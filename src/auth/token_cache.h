// A bounded cache of tokens that passed signature and claim checks, so that a client reusing one
// token pays for RSA/HMAC verification once rather than on every request.
//
// Only the time window depends on when a token is used, so a hit returns the claims and the
// caller re-checks CheckValidityWindow (claims.h) every time. Entries are keyed by the full token
// text (not a hash of it), so a hit is exactly the token that was verified.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/verified_claims.h"

namespace cartd::auth {

// Thread-safe: lookups share a lock, inserts take it exclusively. When either bound is exceeded
// the oldest inserted entries are evicted first (FIFO: a token in constant use is re-verified
// once per eviction cycle, which keeps hits free of bookkeeping writes).
class TokenCache {
 public:
  // max_entries 0 disables the cache (Insert does nothing). max_bytes bounds the approximate
  // memory held (token text, claim strings and a fixed per-entry overhead).
  TokenCache(std::size_t max_entries, std::size_t max_bytes);

  TokenCache(const TokenCache&) = delete;
  TokenCache& operator=(const TokenCache&) = delete;

  // The claims stored for exactly this token text, if any.
  std::optional<VerifiedClaims> Find(std::string_view token) const;

  // Stores `claims` for `token` unless it is already present or alone exceeds max_bytes.
  void Insert(std::string_view token, const VerifiedClaims& claims);

  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  static std::size_t Cost(std::string_view token, const VerifiedClaims& claims);

  const std::size_t max_entries_;
  const std::size_t max_bytes_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, VerifiedClaims, Hash, std::equal_to<>> entries_;
  // Keys of entries_ in insertion order. The pointers stay valid because unordered_map never
  // moves its nodes; each is removed from here before its node is erased.
  std::deque<const std::string*> order_;
  std::size_t bytes_ = 0;
};

}  // namespace cartd::auth
