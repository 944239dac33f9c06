#include "api/rendered_carts.h"

#include <utility>

namespace cartd::api {
namespace {

// What an entry costs beyond its key and body: the list node, the index slot, the shared entry's
// control block and the head, roughly.
constexpr std::size_t kEntryOverhead = 160;

}  // namespace

void RenderedCarts::Put(const CartKey& key, const CartHead& head, std::string body) {
  const std::size_t bytes = body.size() + kEntryOverhead;
  entries_.Put(JoinedKey(key), std::make_shared<const Entry>(Entry{head, std::move(body)}), bytes);
}

}  // namespace cartd::api
