#include "storage/common/caching_store.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "partnercenter/json.h"
#include "storage/common/documents.h"

namespace cartd::storage {
namespace {

// What one heap block costs beyond its bytes (malloc's header and rounding), roughly.
constexpr std::size_t kBlock = 32;

// Heap bytes of a string beyond its object (short ones are kept inside it).
std::size_t TextBytes(const std::string& text) {
  return text.size() > 15 ? text.size() + kBlock : 0;
}
std::size_t TextBytes(const std::optional<std::string>& text) {
  return text ? TextBytes(*text) : 0;
}

// Roughly what a decoded line takes: its struct, and what its strings, pairs and participants
// hold on the heap. The fixed strings (ids, codes, durations) are short; the rest can be long.
std::size_t LineBytes(const partnercenter::CartLineItem& line) {
  std::size_t bytes = sizeof(line) + TextBytes(line.catalog_item_id) +
                      TextBytes(line.friendly_name) + TextBytes(line.promotion_id);
  if (line.provisioning_context) {
    bytes += kBlock;
    for (const auto& [key, value] : *line.provisioning_context) {
      bytes += sizeof(key) + sizeof(value) + TextBytes(key) + TextBytes(value);
    }
  }
  if (line.participants) {
    bytes += kBlock;
    for (const partnercenter::Participant& participant : *line.participants) {
      bytes += sizeof(participant) + TextBytes(participant.value);
    }
  }
  if (line.error) {
    bytes += kBlock + TextBytes(line.error->error_description) +
             TextBytes(line.error->additional_information_json);
  }
  if (line.addon_items) {
    bytes += kBlock;
    for (const partnercenter::CartLineItem& addon : *line.addon_items) bytes += LineBytes(addon);
  }
  return bytes;
}

// Roughly what a decoded cart takes in memory. Checkout results (Ordered carts) are counted by a
// fixed figure per order line: their orders repeat the cart's lines with a few more fields.
std::size_t ApproximateBytes(const CartRecord& record) {
  std::size_t bytes = sizeof(record) + 4 * kBlock + TextBytes(record.key.partner_tenant) +
                      TextBytes(record.key.customer_id) + TextBytes(record.key.cart_id) +
                      TextBytes(record.cart.id) + TextBytes(record.cart.last_modified_user);
  for (const partnercenter::CartLineItem& line : record.cart.line_items) bytes += LineBytes(line);
  if (record.checkout_result) {
    for (const partnercenter::Order& order : record.checkout_result->orders) {
      bytes += sizeof(order) + 8 * kBlock + order.line_items.size() * 768;
    }
  }
  return bytes;
}

// Customers are small and few per node: a fixed share, outside the carts' capacity.
constexpr std::size_t kCustomerCapacity = 1 << 20;
constexpr std::size_t kCustomerBytes = sizeof(Customer) + 128;

// Camel-cases the keys of `pairs` as the codec writes them (partnercenter::CamelCaseKey). Two
// keys cannot become equal: a request whose member names are equal ignoring case is refused.
void CamelCaseKeys(std::optional<partnercenter::StringPairs>& pairs) {
  if (!pairs) return;
  for (auto& [key, value] : *pairs) key = partnercenter::CamelCaseKey(key);
}

void CamelCaseKeys(std::vector<partnercenter::CartLineItem>& lines) {
  for (partnercenter::CartLineItem& line : lines) {
    CamelCaseKeys(line.provisioning_context);
    if (line.addon_items) CamelCaseKeys(*line.addon_items);
  }
}

// Turns a cart as a write gives it into the cart as the store reads it back: the members the API
// layer renders are not stored, and provisioning context keys are written camel-cased. Everything
// else the codec reads back as it was written (the conformance suite's round trips; debug builds
// check every write, CachingOptions::check_kept_writes).
void ToStoredForm(CartRecord& record) {
  record.cart.links.reset();
  record.cart.attributes.reset();
  CamelCaseKeys(record.cart.line_items);
  if (record.checkout_result) {
    for (partnercenter::Order& order : record.checkout_result->orders) {
      for (partnercenter::OrderLineItem& line : order.line_items) {
        CamelCaseKeys(line.provisioning_context);
      }
    }
  }
}

}  // namespace

CachingStore::CachingStore(std::unique_ptr<CartStore> inner, CachingOptions options)
    : CartStoreWrapper(std::move(inner)),
      options_(options),
      carts_(options.capacity_bytes),
      customers_(options.capacity_bytes == 0 ? 0 : kCustomerCapacity) {}

void CachingStore::Keep(std::shared_ptr<const CartRecord> record) {
  const std::size_t bytes = ApproximateBytes(*record);
  std::string key = JoinedKey(record->key);
  carts_.Put(std::move(key), std::move(record), bytes);
}

void CachingStore::KeepWritten(const CartRecord& written) {
  auto stored = std::make_shared<CartRecord>(written);
  ToStoredForm(*stored);
  if (options_.check_kept_writes) {
    StatusOr<std::optional<CartRecord>> read = inner().FindCart(written.key);
    if (read.ok() && read->has_value() && HeadOf(**read) == HeadOf(*stored) && **read != *stored) {
      std::fprintf(stderr,
                   "CachingStore: the cart kept from a write of %s differs from the "
                   "stored one\n",
                   Describe(written.key).c_str());
      std::abort();
    }
  }
  Keep(std::move(stored));
}

StatusOr<std::optional<CartRecord>> CachingStore::FindCart(const CartKey& key) {
  const std::shared_ptr<const CartRecord> kept = carts_.Find(JoinedKey(key));
  if (kept == nullptr) {
    StatusOr<std::optional<CartRecord>> found = inner().FindCart(key);
    if (found.ok() && found->has_value()) Keep(std::make_shared<const CartRecord>(**found));
    return found;
  }
  CARTD_ASSIGN_OR_RETURN(std::optional<CartRead> read, inner().FindChangedCart(key, HeadOf(*kept)));
  if (!read) {
    carts_.Erase(JoinedKey(key));
    return std::optional<CartRecord>();
  }
  if (!read->record) return std::optional<CartRecord>(*kept);
  Keep(std::make_shared<const CartRecord>(*read->record));
  return std::move(read->record);
}

StatusOr<std::optional<CartRead>> CachingStore::FindChangedCart(const CartKey& key,
                                                                const CartHead& known) {
  StatusOr<std::optional<CartRead>> read = inner().FindChangedCart(key, known);
  if (read.ok() && read->has_value() && (*read)->record) {
    Keep(std::make_shared<const CartRecord>(*(*read)->record));
  }
  return read;
}

Status CachingStore::Commit(const CartWrite& write) {
  const Status status = inner().Commit(write);
  if (status.ok()) {
    KeepWritten(write.cart);
  } else {
    // Whatever the store holds now, it is not what was kept.
    carts_.Erase(JoinedKey(write.cart.key));
  }
  return status;
}

Status CachingStore::DeleteEverything() {
  const Status status = inner().DeleteEverything();
  customer_generation_.fetch_add(1);
  carts_.Clear();
  customers_.Clear();
  return status;
}

StatusOr<std::optional<Customer>> CachingStore::FindCustomer(std::string_view partner_tenant,
                                                             std::string_view customer_id) {
  std::string key = JoinedKey(partner_tenant, customer_id);
  const auto now = std::chrono::steady_clock::now();
  if (const std::shared_ptr<const KeptCustomer> kept = customers_.Find(key);
      kept != nullptr && now - kept->read_at < options_.customer_staleness) {
    return std::optional<Customer>(kept->customer);
  }
  const std::uint64_t generation = customer_generation_.load();
  StatusOr<std::optional<Customer>> found = inner().FindCustomer(partner_tenant, customer_id);
  if (!found.ok() || !found->has_value()) {
    customers_.Erase(key);
    return found;
  }
  customers_.Put(key, std::make_shared<const KeptCustomer>(KeptCustomer{**found, now}),
                 kCustomerBytes);
  // A change of customers through this store between the read and the Put may have erased its
  // entry before the Put: then what was read must not stay (ForgetCustomers' order makes this
  // test see every such change).
  if (customer_generation_.load() != generation) customers_.Erase(key);
  return found;
}

void CachingStore::ForgetCustomer(std::string_view partner_tenant, std::string_view customer_id) {
  customer_generation_.fetch_add(1);
  customers_.Erase(JoinedKey(partner_tenant, customer_id));
}

Status CachingStore::PutCustomer(const Customer& customer) {
  const Status status = inner().PutCustomer(customer);
  ForgetCustomer(customer.partner_tenant, customer.id);
  return status;
}

StatusOr<bool> CachingStore::RemoveCustomer(std::string_view partner_tenant,
                                            std::string_view customer_id) {
  StatusOr<bool> removed = inner().RemoveCustomer(partner_tenant, customer_id);
  ForgetCustomer(partner_tenant, customer_id);
  return removed;
}

}  // namespace cartd::storage
