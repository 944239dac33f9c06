#include "storage/memory/memory_store.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <utility>

#include "storage/common/documents.h"
#include "storage/common/encoded_write.h"

namespace cartd::storage {
namespace {

// Keys compare as tuples, partner tenant and customer first, as the other stores' primary keys.
using RecordKey = std::tuple<std::string, std::string, std::string>;
using ReplyKey =
    std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;

RecordKey KeyOf(const CartKey& key) { return {key.partner_tenant, key.customer_id, key.cart_id}; }
RecordKey KeyOf(const OrderKey& key) { return {key.partner_tenant, key.customer_id, key.order_id}; }
RecordKey KeyOf(const SubscriptionKey& key) {
  return {key.partner_tenant, key.customer_id, key.subscription_id};
}
ReplyKey KeyOf(const IdempotencyKey& key) {
  return {key.partner_tenant, key.customer_id, key.request_id,
          key.method,         key.path,        key.body_digest};
}

// A record's place in its list (ListPosition), as references for comparisons that copy nothing.
// A missing creation date (nullopt) sorts first, as the list's order and NULL in SQL have it.
auto PlaceOf(const OrderRecord& record) {
  return std::tie(record.order.creation_date, record.key.order_id);
}
auto PlaceOf(const SubscriptionRecord& record) {
  return std::tie(record.subscription.creation_date, record.key.subscription_id);
}
auto PlaceOf(const ListPosition& position) { return std::tie(position.created, position.id); }

// The page `page` of the list of one customer's records in `records` that `keep` keeps: copies of
// the first page.limit of them after page.after, in list order. Scans the customer's records
// (the memory store has no index by position). The caller holds the store's lock.
template <typename Record, typename Keep>
std::vector<Record> PageOf(const std::map<RecordKey, Record>& records,
                           std::string_view partner_tenant, std::string_view customer_id,
                           const ListPage& page, const Keep& keep) {
  if (page.limit <= 0) return {};
  std::vector<const Record*> candidates;
  const RecordKey first{std::string(partner_tenant), std::string(customer_id), ""};
  for (auto it = records.lower_bound(first);
       it != records.end() && std::get<0>(it->first) == partner_tenant &&
       std::get<1>(it->first) == customer_id;
       ++it) {
    if (!keep(it->second)) continue;
    if (page.after && !(PlaceOf(*page.after) < PlaceOf(it->second))) continue;
    candidates.push_back(&it->second);
  }
  const auto size = std::min(candidates.size(), static_cast<std::size_t>(page.limit));
  const auto end = candidates.begin() + static_cast<std::ptrdiff_t>(size);
  std::partial_sort(candidates.begin(), end, candidates.end(),
                    [](const Record* a, const Record* b) { return PlaceOf(*a) < PlaceOf(*b); });
  std::vector<Record> out;
  out.reserve(size);
  for (auto it = candidates.begin(); it != end; ++it) out.push_back(**it);
  return out;
}

// The stores keep what the contract shows without what the API layer renders.
template <typename T>
T WithoutRendering(T value) {
  value.links.reset();
  value.attributes.reset();
  return value;
}

// What a write stores, as SQLite and PostgreSQL read it back: decoded from the documents they
// store (so without what the API layer renders, and with provisioning context keys camel-cased).
struct StoredWrite {
  CartRecord cart;
  std::vector<OrderRecord> orders;
  std::vector<SubscriptionRecord> subscriptions;
};

StatusOr<StoredWrite> ReadBack(const EncodedWrite& encoded) {
  const CartWrite& write = encoded.write;
  StoredWrite stored{
      .cart = write.cart, .orders = write.new_orders, .subscriptions = write.new_subscriptions};
  CARTD_ASSIGN_OR_RETURN(stored.cart.cart, Decode(partnercenter::ParseCart(encoded.cart_document,
                                                                           kStoredDocumentLimits),
                                                  "document of " + Describe(write.cart.key)));
  if (encoded.checkout_document) {
    CARTD_ASSIGN_OR_RETURN(stored.cart.checkout_result,
                           Decode(partnercenter::ParseCartCheckoutResult(*encoded.checkout_document,
                                                                         kStoredDocumentLimits),
                                  "checkout result of " + Describe(write.cart.key)));
  }
  for (std::size_t i = 0; i < stored.orders.size(); ++i) {
    CARTD_ASSIGN_OR_RETURN(
        stored.orders[i].order,
        Decode(partnercenter::ParseOrder(encoded.order_documents[i], kStoredDocumentLimits),
               "document of " + Describe(stored.orders[i].key)));
  }
  for (std::size_t i = 0; i < stored.subscriptions.size(); ++i) {
    CARTD_ASSIGN_OR_RETURN(stored.subscriptions[i].subscription,
                           Decode(partnercenter::ParseSubscription(
                                      encoded.subscription_documents[i], kStoredDocumentLimits),
                                  "document of " + Describe(stored.subscriptions[i].key)));
  }
  return stored;
}

// The same checks of a write's shape as storage/common/encoded_write.cc (which encodes too).
Status CheckWriteShape(const CartWrite& write) {
  const CartKey& cart = write.cart.key;
  if (write.expected_version < 0 || write.cart.version != write.expected_version + 1) {
    return Internal("write of cart " + cart.cart_id + " has version " +
                    std::to_string(write.cart.version) + " but expects stored version " +
                    std::to_string(write.expected_version));
  }
  for (const OrderRecord& order : write.new_orders) {
    if (order.key.partner_tenant != cart.partner_tenant ||
        order.key.customer_id != cart.customer_id) {
      return Internal("write of cart " + cart.cart_id + " places order " + order.key.order_id +
                      " under another customer");
    }
  }
  for (const SubscriptionRecord& subscription : write.new_subscriptions) {
    const bool of_a_new_order =
        std::any_of(write.new_orders.begin(), write.new_orders.end(),
                    [&](const OrderRecord& o) { return o.key.order_id == subscription.order_id; });
    if (subscription.key.partner_tenant != cart.partner_tenant ||
        subscription.key.customer_id != cart.customer_id || !of_a_new_order) {
      return Internal("write of cart " + cart.cart_id + " places subscription " +
                      subscription.key.subscription_id + " outside its orders");
    }
  }
  if (write.reply && (write.reply->key.partner_tenant != cart.partner_tenant ||
                      write.reply->key.customer_id != cart.customer_id)) {
    return Internal("write of cart " + cart.cart_id + " stores a reply of another customer");
  }
  if (write.reply && write.reply->kind == ReplyKind::kCheckout && !write.cart.checkout_result) {
    return Internal("write of cart " + cart.cart_id + " stores a checkout reply without a result");
  }
  return Status::Ok();
}

}  // namespace

struct MemoryStore::Data {
  struct Reply {
    StoredReply reply;
    Timestamp created_at;
    std::int64_t bytes = 0;  // its payload's size in the other stores (StoredBytes)
  };

  mutable std::shared_mutex mutex;
  std::map<RecordKey, CartRecord> carts;  // guarded by mutex
  // What each cart's documents take in the other stores (StoredBytes), by the carts' keys.
  std::map<RecordKey, std::int64_t> cart_bytes;
  std::map<RecordKey, OrderRecord> orders;
  std::map<RecordKey, SubscriptionRecord> subscriptions;
  std::map<ReplyKey, Reply> replies;
  std::map<std::pair<std::string, std::string>, Customer> customers;
  Ticks clock_offset{0};
};

MemoryStore::MemoryStore() : data_(std::make_unique<Data>()) {}
MemoryStore::~MemoryStore() = default;

StatusOr<std::optional<CartRecord>> MemoryStore::FindCart(const CartKey& key) {
  std::shared_lock lock(data_->mutex);
  const auto it = data_->carts.find(KeyOf(key));
  if (it == data_->carts.end()) return std::optional<CartRecord>();
  return std::optional<CartRecord>(it->second);
}

Status MemoryStore::Commit(const CartWrite& write) {
  CARTD_RETURN_IF_ERROR(CheckWriteShape(write));
  // Encoded to measure it as the other stores do (StoredBytes) and to keep what they would read
  // back, and asked about before the lock is taken, since admit may read the store.
  std::optional<EncodedWrite> encoded;
  CARTD_RETURN_IF_ERROR(EncodeWrite(write, encoded));
  CARTD_RETURN_IF_ERROR(Admit(*encoded));
  CARTD_ASSIGN_OR_RETURN(StoredWrite stored, ReadBack(*encoded));
  const std::int64_t reply_bytes =
      encoded->reply_payload ? static_cast<std::int64_t>(encoded->reply_payload->size()) : 0;
  const std::int64_t cart_bytes = StoredBytesOf(*encoded) - reply_bytes;
  // Everything is checked before anything changes, so a failed write leaves no trace.
  std::unique_lock lock(data_->mutex);
  std::optional<ReplyKey> reply_key;
  if (write.reply) {
    reply_key = KeyOf(write.reply->key);
    const auto taken = data_->replies.find(*reply_key);
    if (taken != data_->replies.end() && taken->second.created_at >= write.reply->expired_before) {
      return Status(ErrorCode::kAlreadyExists,
                    "request " + write.reply->key.request_id + " has already been answered");
    }
  }
  const RecordKey cart_key = KeyOf(write.cart.key);
  const auto current = data_->carts.find(cart_key);
  if (write.expected_version == 0) {
    if (current != data_->carts.end()) {
      return Conflict("cart " + write.cart.key.cart_id + " already exists");
    }
  } else if (current == data_->carts.end() || current->second.version != write.expected_version) {
    return Conflict("cart " + write.cart.key.cart_id + " is not at version " +
                    std::to_string(write.expected_version));
  }
  for (const OrderRecord& order : write.new_orders) {
    if (data_->orders.contains(KeyOf(order.key))) {
      return Conflict("order " + order.key.order_id + " already exists");
    }
  }
  for (std::size_t i = 0; i < write.new_orders.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (write.new_orders[i].key == write.new_orders[j].key) {
        return Conflict("order " + write.new_orders[i].key.order_id + " already exists");
      }
    }
  }
  for (std::size_t i = 0; i < write.new_subscriptions.size(); ++i) {
    const SubscriptionKey& key = write.new_subscriptions[i].key;
    bool taken = data_->subscriptions.contains(KeyOf(key));
    for (std::size_t j = 0; j < i && !taken; ++j) taken = write.new_subscriptions[j].key == key;
    if (taken) return Conflict("subscription " + key.subscription_id + " already exists");
  }

  if (write.reply) {
    StoredReply reply;
    reply.kind = write.reply->kind;
    reply.cart_version = stored.cart.version;
    if (reply.kind == ReplyKind::kCheckout) {
      reply.checkout_result = *stored.cart.checkout_result;
    } else {
      reply.cart = stored.cart.cart;
    }
    data_->replies[*reply_key] =
        Data::Reply{std::move(reply), write.reply->created_at, reply_bytes};
  }
  for (OrderRecord& order : stored.orders) {
    const RecordKey key = KeyOf(order.key);
    data_->orders.emplace(key, std::move(order));
  }
  for (SubscriptionRecord& subscription : stored.subscriptions) {
    const RecordKey key = KeyOf(subscription.key);
    data_->subscriptions.emplace(key, std::move(subscription));
  }
  data_->carts[cart_key] = std::move(stored.cart);
  data_->cart_bytes[cart_key] = cart_bytes;
  return Status::Ok();
}

StatusOr<std::optional<OrderRecord>> MemoryStore::FindOrder(const OrderKey& key) {
  std::shared_lock lock(data_->mutex);
  const auto it = data_->orders.find(KeyOf(key));
  if (it == data_->orders.end()) return std::optional<OrderRecord>();
  return std::optional<OrderRecord>(it->second);
}

StatusOr<std::vector<OrderRecord>> MemoryStore::ListOrders(std::string_view partner_tenant,
                                                           std::string_view customer_id,
                                                           const ListPage& page) {
  std::shared_lock lock(data_->mutex);
  return PageOf(data_->orders, partner_tenant, customer_id, page,
                [](const OrderRecord&) { return true; });
}

StatusOr<std::vector<OrderRecord>> MemoryStore::ListPendingOrders(Timestamp created_before,
                                                                  int limit) {
  std::vector<OrderRecord> pending;
  {
    std::shared_lock lock(data_->mutex);
    for (const auto& [key, record] : data_->orders) {
      const bool is_pending = record.order.status.value_or("pending") == "pending";
      if (is_pending && record.order.creation_date &&
          *record.order.creation_date < created_before) {
        pending.push_back(record);
      }
    }
  }
  std::stable_sort(pending.begin(), pending.end(), [](const OrderRecord& a, const OrderRecord& b) {
    return a.order.creation_date < b.order.creation_date;
  });
  if (pending.size() > static_cast<std::size_t>(std::max(limit, 0))) {
    pending.resize(static_cast<std::size_t>(std::max(limit, 0)));
  }
  return pending;
}

Status MemoryStore::CommitOrderChange(const OrderChange& change) {
  const OrderKey& key = change.order.key;
  if (change.expected_version < 1 || change.order.version != change.expected_version + 1) {
    return Internal("change of order " + key.order_id + " has version " +
                    std::to_string(change.order.version) + " but expects stored version " +
                    std::to_string(change.expected_version));
  }
  for (const SubscriptionRecord& subscription : change.subscriptions) {
    if (subscription.key.partner_tenant != key.partner_tenant ||
        subscription.key.customer_id != key.customer_id || subscription.order_id != key.order_id) {
      return Internal("change of order " + key.order_id + " changes subscription " +
                      subscription.key.subscription_id + " of another order");
    }
  }
  std::unique_lock lock(data_->mutex);
  const auto order = data_->orders.find(KeyOf(key));
  if (order == data_->orders.end() || order->second.version != change.expected_version) {
    return Conflict("order " + key.order_id + " is not at version " +
                    std::to_string(change.expected_version));
  }
  for (const SubscriptionRecord& subscription : change.subscriptions) {
    const auto stored = data_->subscriptions.find(KeyOf(subscription.key));
    if (stored == data_->subscriptions.end() || stored->second.order_id != key.order_id) {
      return Conflict("subscription " + subscription.key.subscription_id + " does not exist");
    }
  }
  OrderRecord kept = change.order;
  kept.order = WithoutRendering(std::move(kept.order));
  order->second = std::move(kept);
  for (const SubscriptionRecord& subscription : change.subscriptions) {
    SubscriptionRecord stored = subscription;
    stored.subscription = WithoutRendering(std::move(stored.subscription));
    data_->subscriptions[KeyOf(subscription.key)] = std::move(stored);
  }
  return Status::Ok();
}

StatusOr<std::optional<SubscriptionRecord>> MemoryStore::FindSubscription(
    const SubscriptionKey& key) {
  std::shared_lock lock(data_->mutex);
  const auto it = data_->subscriptions.find(KeyOf(key));
  if (it == data_->subscriptions.end()) return std::optional<SubscriptionRecord>();
  return std::optional<SubscriptionRecord>(it->second);
}

StatusOr<std::vector<SubscriptionRecord>> MemoryStore::ListSubscriptions(
    std::string_view partner_tenant, std::string_view customer_id,
    std::optional<std::string_view> order_id, const ListPage& page) {
  std::shared_lock lock(data_->mutex);
  return PageOf(
      data_->subscriptions, partner_tenant, customer_id, page,
      [&](const SubscriptionRecord& record) { return !order_id || record.order_id == *order_id; });
}

StatusOr<std::optional<StoredReply>> MemoryStore::FindReply(const IdempotencyKey& key,
                                                            Timestamp not_before) {
  std::shared_lock lock(data_->mutex);
  const auto it = data_->replies.find(KeyOf(key));
  if (it == data_->replies.end() || it->second.created_at < not_before) {
    return std::optional<StoredReply>();
  }
  return std::optional<StoredReply>(it->second.reply);
}

StatusOr<std::optional<Customer>> MemoryStore::FindCustomer(std::string_view partner_tenant,
                                                            std::string_view customer_id) {
  std::shared_lock lock(data_->mutex);
  const auto it = data_->customers.find({std::string(partner_tenant), std::string(customer_id)});
  if (it == data_->customers.end()) return std::optional<Customer>();
  return std::optional<Customer>(it->second);
}

Status MemoryStore::PutCustomer(const Customer& customer) {
  std::unique_lock lock(data_->mutex);
  data_->customers[{customer.partner_tenant, customer.id}] = customer;
  return Status::Ok();
}

StatusOr<bool> MemoryStore::RemoveCustomer(std::string_view partner_tenant,
                                           std::string_view customer_id) {
  std::unique_lock lock(data_->mutex);
  return data_->customers.erase({std::string(partner_tenant), std::string(customer_id)}) > 0;
}

StatusOr<std::vector<Customer>> MemoryStore::ListCustomers(std::string_view partner_tenant) {
  std::shared_lock lock(data_->mutex);
  std::vector<Customer> customers;
  for (const auto& [key, customer] : data_->customers) {
    if (partner_tenant.empty() || key.first == partner_tenant) customers.push_back(customer);
  }
  return customers;
}

StatusOr<int> MemoryStore::DeleteExpiredCarts(Timestamp expired_before, int limit) {
  std::unique_lock lock(data_->mutex);
  // Oldest expiration first, as the other stores delete.
  std::vector<std::pair<Timestamp, RecordKey>> expired;
  for (const auto& [key, record] : data_->carts) {
    const auto& expiration = record.cart.expiration_timestamp;
    if (record.cart.status.value_or(partnercenter::CartStatus::kActive) ==
            partnercenter::CartStatus::kActive &&
        expiration && *expiration < expired_before) {
      expired.emplace_back(*expiration, key);
    }
  }
  std::sort(expired.begin(), expired.end());
  const std::size_t count = std::min(expired.size(), static_cast<std::size_t>(std::max(limit, 0)));
  for (std::size_t i = 0; i < count; ++i) {
    data_->carts.erase(expired[i].second);
    data_->cart_bytes.erase(expired[i].second);
  }
  return static_cast<int>(count);
}

StatusOr<int> MemoryStore::DeleteRepliesBefore(Timestamp created_before, int limit) {
  std::unique_lock lock(data_->mutex);
  std::vector<std::pair<Timestamp, ReplyKey>> old;
  for (const auto& [key, reply] : data_->replies) {
    if (reply.created_at < created_before) old.emplace_back(reply.created_at, key);
  }
  std::sort(old.begin(), old.end());
  const std::size_t count = std::min(old.size(), static_cast<std::size_t>(std::max(limit, 0)));
  for (std::size_t i = 0; i < count; ++i) data_->replies.erase(old[i].second);
  return static_cast<int>(count);
}

StatusOr<CartCounts> MemoryStore::CountCarts() {
  std::shared_lock lock(data_->mutex);
  CartCounts counts;
  for (const auto& [key, record] : data_->carts) {
    if (record.cart.status == partnercenter::CartStatus::kOrdered) {
      ++counts.ordered;
    } else {
      ++counts.active;
    }
  }
  return counts;
}

StatusOr<std::int64_t> MemoryStore::StoredBytes(std::string_view partner_tenant) {
  std::shared_lock lock(data_->mutex);
  std::int64_t bytes = 0;
  const RecordKey first{std::string(partner_tenant), "", ""};
  for (auto it = data_->cart_bytes.lower_bound(first);
       it != data_->cart_bytes.end() && std::get<0>(it->first) == partner_tenant; ++it) {
    bytes += it->second;
  }
  const ReplyKey first_reply{std::string(partner_tenant), "", "", "", "", ""};
  for (auto it = data_->replies.lower_bound(first_reply);
       it != data_->replies.end() && std::get<0>(it->first) == partner_tenant; ++it) {
    bytes += it->second.bytes;
  }
  return bytes;
}

Status MemoryStore::Ping() { return Status::Ok(); }

StatusOr<Ticks> MemoryStore::FindClockOffset() {
  std::shared_lock lock(data_->mutex);
  return data_->clock_offset;
}

StatusOr<Ticks> MemoryStore::AdvanceClockOffset(Ticks offset) {
  std::unique_lock lock(data_->mutex);
  data_->clock_offset = std::max(data_->clock_offset, offset);
  return data_->clock_offset;
}

StatusOr<std::vector<CartRecord>> MemoryStore::ListCarts(std::string_view partner_tenant,
                                                         std::string_view customer_id) {
  std::shared_lock lock(data_->mutex);
  std::vector<CartRecord> carts;
  for (const auto& [key, record] : data_->carts) {
    if (record.key.partner_tenant == partner_tenant && record.key.customer_id == customer_id) {
      carts.push_back(record);
    }
  }
  std::sort(carts.begin(), carts.end(),
            [](const CartRecord& a, const CartRecord& b) { return a.key.cart_id < b.key.cart_id; });
  return carts;
}

Status MemoryStore::DeleteEverything() {
  std::unique_lock lock(data_->mutex);
  data_->carts.clear();
  data_->cart_bytes.clear();
  data_->orders.clear();
  data_->subscriptions.clear();
  data_->replies.clear();
  data_->customers.clear();
  data_->clock_offset = Ticks(0);
  return Status::Ok();
}

}  // namespace cartd::storage
