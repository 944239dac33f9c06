// EncodedWrite: a CartWrite checked and with its documents serialised, so that JSON encoding
// happens on the caller's thread before the store takes a connection (or hands the write to the
// SQLite writer thread), which then only binds and executes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/cart_store.h"

namespace cartd::storage {

struct EncodedWrite {
  const CartWrite& write;  // what was encoded; must outlive this
  const char* status;      // the cart's status as stored ("Active", "Ordered")
  std::string cart_document;
  std::optional<std::string> checkout_document;
  std::vector<std::string> order_documents;         // one per write.new_orders, in order
  std::vector<std::string> subscription_documents;  // one per write.new_subscriptions, in order
  std::optional<std::string> reply_payload;  // with write.reply (storage/common/reply_payload.h)
};

// Checks the write's shape (the new version follows the expected one; its orders, subscriptions
// and reply belong to the cart's customer; each subscription belongs to one of its orders; a
// checkout reply comes with a checkout result), then encodes it into `out`. kInternal naming the
// cart when either fails: such a write is a bug of the caller, never the client's input.
Status EncodeWrite(const CartWrite& write, std::optional<EncodedWrite>& out);

// The bytes `encoded` stores as CartStore::StoredBytes counts them: the cart's document and
// checkout result, and the reply's payload (orders and subscriptions are not counted).
std::int64_t StoredBytesOf(const EncodedWrite& encoded);

// Asks the write's CartWrite::admit, if it has one, whether it may be stored.
Status Admit(const EncodedWrite& encoded);

// An OrderChange checked (the version follows the expected one; the subscriptions are the
// order's) and with its documents serialised.
struct EncodedOrderChange {
  const OrderChange& change;  // what was encoded; must outlive this
  std::string order_document;
  std::vector<std::string> subscription_documents;  // one per change.subscriptions
};

// Errors: kInternal naming the order when the change breaks the REQUIREs of CommitOrderChange.
Status EncodeOrderChange(const OrderChange& change, std::optional<EncodedOrderChange>& out);

}  // namespace cartd::storage
