#include "storage/common/caching_store.h"

#include <string>
#include <utility>

namespace cartd::storage {
namespace {

// Roughly what a decoded cart takes in memory: its structs, and the strings and maps of its lines
// (a typical line holds about 200 bytes of text).
std::size_t ApproximateBytes(const CartRecord& record) {
  constexpr std::size_t kRecordAndKey = sizeof(CartRecord) + 256;
  constexpr std::size_t kLine = sizeof(partnercenter::CartLineItem) + 256;
  std::size_t bytes = kRecordAndKey + record.cart.line_items.size() * kLine;
  for (const partnercenter::CartLineItem& line : record.cart.line_items) {
    if (line.addon_items) bytes += line.addon_items->size() * kLine;
  }
  if (record.checkout_result) bytes += 1024 * record.checkout_result->orders.size();
  return bytes;
}

}  // namespace

CachingStore::CachingStore(std::unique_ptr<CartStore> inner, std::size_t capacity_bytes)
    : CartStoreWrapper(std::move(inner)), carts_(capacity_bytes) {}

void CachingStore::Keep(const CartRecord& record) {
  auto kept = std::make_shared<CartRecord>(record);
  // As FindCart returns it: the members the API layer renders are not stored.
  kept->cart.links.reset();
  kept->cart.attributes.reset();
  const std::size_t bytes = ApproximateBytes(*kept);
  carts_.Put(JoinedKey(record.key), std::move(kept), bytes);
}

StatusOr<std::optional<CartRecord>> CachingStore::FindCart(const CartKey& key) {
  const std::shared_ptr<const CartRecord> kept = carts_.Find(JoinedKey(key));
  if (kept == nullptr) {
    StatusOr<std::optional<CartRecord>> found = inner().FindCart(key);
    if (found.ok() && found->has_value()) Keep(**found);
    return found;
  }
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRead> read, inner().FindChangedCart(key, HeadOf(*kept)));
  if (!read) {
    carts_.Erase(JoinedKey(key));
    return std::optional<CartRecord>();
  }
  if (!read->record) return std::optional<CartRecord>(*kept);
  Keep(*read->record);
  return std::move(read->record);
}

StatusOr<std::optional<CartRead>> CachingStore::FindChangedCart(const CartKey& key,
                                                                const CartHead& known) {
  StatusOr<std::optional<CartRead>> read = inner().FindChangedCart(key, known);
  if (read.ok() && read->has_value() && (*read)->record) Keep(*(*read)->record);
  return read;
}

Status CachingStore::Commit(const CartWrite& write) {
  const Status status = inner().Commit(write);
  if (status.ok()) {
    Keep(write.cart);
  } else {
    // Whatever the store holds now, it is not what was kept.
    carts_.Erase(JoinedKey(write.cart.key));
  }
  return status;
}

Status CachingStore::DeleteEverything() {
  const Status status = inner().DeleteEverything();
  carts_.Clear();
  return status;
}

}  // namespace cartd::storage
