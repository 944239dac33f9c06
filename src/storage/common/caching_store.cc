#include "storage/common/caching_store.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "partnercenter/json.h"
#include "storage/common/documents.h"

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

// Customers are small and few per node: a fixed share, outside the carts' capacity.
constexpr std::size_t kCustomerCapacity = 1 << 20;
constexpr std::size_t kCustomerBytes = sizeof(Customer) + 128;

std::string CustomerKey(std::string_view partner_tenant, std::string_view customer_id) {
  std::string key;
  key.reserve(partner_tenant.size() + customer_id.size() + 1);
  key.append(partner_tenant).append(1, '/').append(customer_id);
  return key;
}

// Camel-cases the keys of `pairs` as the codec writes them (partnercenter::CamelCaseKey). False
// when two keys would then be equal.
bool CamelCaseKeys(std::optional<partnercenter::StringPairs>& pairs) {
  if (!pairs) return true;
  std::set<std::string_view> seen;
  for (auto& [key, value] : *pairs) {
    key = partnercenter::CamelCaseKey(key);
    if (!seen.insert(key).second) return false;
  }
  return true;
}

bool CamelCaseKeys(std::vector<partnercenter::CartLineItem>& lines) {
  for (partnercenter::CartLineItem& line : lines) {
    if (!CamelCaseKeys(line.provisioning_context)) return false;
    if (line.addon_items && !CamelCaseKeys(*line.addon_items)) return false;
  }
  return true;
}

// Turns a cart as a write gives it into the cart as the store reads it back: the members the API
// layer renders are not stored, and provisioning context keys are written camel-cased. Everything
// else the codec reads back as it was written (the conformance suite's round trips). False when
// the store's reading cannot be foreseen (keys that camel-case alike): such a cart is not kept.
bool ToStoredForm(CartRecord& record) {
  record.cart.links.reset();
  record.cart.attributes.reset();
  if (!CamelCaseKeys(record.cart.line_items)) return false;
  if (record.checkout_result) {
    for (partnercenter::Order& order : record.checkout_result->orders) {
      for (partnercenter::OrderLineItem& line : order.line_items) {
        if (!CamelCaseKeys(line.provisioning_context)) return false;
      }
    }
  }
  return true;
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
  if (!ToStoredForm(*stored)) {
    carts_.Erase(JoinedKey(written.key));
    return;
  }
  if (options_.check_kept_writes) {
    StatusOr<std::optional<CartRecord>> read = inner().FindCart(written.key);
    if (read.ok() && read->has_value() && (*read)->version == stored->version &&
        **read != *stored) {
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
  carts_.Clear();
  customers_.Clear();
  return status;
}

StatusOr<std::optional<Customer>> CachingStore::FindCustomer(std::string_view partner_tenant,
                                                             std::string_view customer_id) {
  std::string key = CustomerKey(partner_tenant, customer_id);
  const auto now = std::chrono::steady_clock::now();
  if (const std::shared_ptr<const KeptCustomer> kept = customers_.Find(key);
      kept != nullptr && now - kept->read_at < options_.customer_staleness) {
    return std::optional<Customer>(kept->customer);
  }
  StatusOr<std::optional<Customer>> found = inner().FindCustomer(partner_tenant, customer_id);
  if (found.ok() && found->has_value()) {
    customers_.Put(std::move(key), std::make_shared<const KeptCustomer>(KeptCustomer{**found, now}),
                   kCustomerBytes);
  } else {
    customers_.Erase(key);
  }
  return found;
}

Status CachingStore::PutCustomer(const Customer& customer) {
  const Status status = inner().PutCustomer(customer);
  customers_.Erase(CustomerKey(customer.partner_tenant, customer.id));
  return status;
}

StatusOr<bool> CachingStore::RemoveCustomer(std::string_view partner_tenant,
                                            std::string_view customer_id) {
  StatusOr<bool> removed = inner().RemoveCustomer(partner_tenant, customer_id);
  customers_.Erase(CustomerKey(partner_tenant, customer_id));
  return removed;
}

}  // namespace cartd::storage
