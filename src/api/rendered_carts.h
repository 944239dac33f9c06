// RenderedCarts: the bodies cartd answered for carts, kept so that a GET of a cart that has not
// changed since is answered without reading, decoding or encoding it (SPEC §10).
//
// An entry is the cart's JSON body and the head (CartHead) of the state it was rendered from. It
// is never answered on trust: the GET asks the store whether the cart still has that head
// (CartService::GetChangedCart), which costs a read of the cart's row but not of its documents.
// So a cart changed by another node, by `cartd admin` or by a reset is never answered stale, and
// the cache needs no invalidation to be correct; Clear() only returns the memory.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/lru_cache.h"
#include "domain/records.h"

namespace cartd::api {

// Thread-safe. Bounded: the bodies and keys it holds stay within the capacity given, counted as
// their bytes plus a fixed overhead per entry (least recently used entries make room).
class RenderedCarts {
 public:
  struct Entry {
    CartHead head;
    std::string body;
  };

  // `capacity_bytes` 0: keeps nothing (every Find misses).
  explicit RenderedCarts(std::size_t capacity_bytes) : entries_(capacity_bytes) {}

  // The entry of the cart `key`, or nullptr.
  std::shared_ptr<const Entry> Find(const CartKey& key) { return entries_.Find(JoinedKey(key)); }
  // Keeps `body` as the rendering of the cart `key` at `head`, replacing what was kept for it.
  void Put(const CartKey& key, const CartHead& head, std::string body);
  void Erase(const CartKey& key) { entries_.Erase(JoinedKey(key)); }
  void Clear() { entries_.Clear(); }

  std::size_t bytes() const { return entries_.bytes(); }
  std::size_t size() const { return entries_.size(); }

 private:
  LruCache<Entry> entries_;
};

}  // namespace cartd::api
