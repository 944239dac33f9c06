#include "tests/testing/record_builders.h"

#include <chrono>
#include <utility>

#include "common/ids.h"
#include "partnercenter/json.h"
#include "tests/testing/contract_samples.h"

namespace cartd::test {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;

constexpr auto kDay = std::chrono::hours(24);

}  // namespace

Timestamp TestTime(Ticks offset) {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar literals
  return time_point_cast<Ticks>(sys_days{2024y / May / 1} + 10h) + offset;
}

CartKey NewCartKey(const std::string& partner_tenant, const std::string& customer_id) {
  return CartKey{partner_tenant, customer_id, NewGuid()};
}

OrderKey NewOrderKey(const CartKey& cart) {
  return OrderKey{cart.partner_tenant, cart.customer_id, NewHexId(12)};
}

CartRecord FullCart(const CartKey& key, std::int64_t version) {
  CartRecord record;
  record.key = key;
  record.version = version;
  record.cart = partnercenter::test::FullCart();
  record.cart.id = key.cart_id;
  record.cart.creation_timestamp = TestTime(Ticks(6'062'996));
  record.cart.last_modified_timestamp = TestTime(std::chrono::minutes(5) + Ticks(1'234'567));
  record.cart.expiration_timestamp = TestTime(7 * kDay + Ticks(6'062'996));
  record.cart.status = CartStatus::kActive;
  // What the API layer renders is not stored.
  record.cart.links.reset();
  record.cart.attributes.reset();
  // A legacy line beside the sample's modern one: another order group, a GUID offer id.
  CartLineItem legacy;
  legacy.id = 2;
  legacy.catalog_item_id = "031c9e47-4802-4248-838e-778fb1d2cc05";
  legacy.quantity = 1;
  legacy.currency_code = "USD";
  legacy.billing_cycle = BillingCycle::kMonthly;
  legacy.order_group = "OMS-0";
  record.cart.line_items.push_back(std::move(legacy));
  return record;
}

CartRecord SimpleCart(const CartKey& key, std::int64_t version, Timestamp expiration) {
  CartLineItem line;
  line.id = 0;
  line.catalog_item_id = "DZH318Z0BQ3Q:0007:DZH318Z0BMGK";
  line.quantity = 1;
  line.currency_code = "EUR";
  line.billing_cycle = BillingCycle::kOneTime;
  line.order_group = "0";

  CartRecord record;
  record.key = key;
  record.version = version;
  record.cart.id = key.cart_id;
  record.cart.creation_timestamp = expiration - 7 * kDay;
  record.cart.last_modified_timestamp = expiration - 7 * kDay;
  record.cart.expiration_timestamp = expiration;
  record.cart.last_modified_user = "app-3f1b";
  record.cart.line_items = {line};
  record.cart.status = CartStatus::kActive;
  return record;
}

CartRecord OrderedCart(const CartRecord& cart, const std::vector<OrderRecord>& orders) {
  CartRecord ordered = cart;
  ordered.version = cart.version + 1;
  ordered.cart.status = CartStatus::kOrdered;
  ordered.cart.last_modified_timestamp = TestTime(std::chrono::hours(1) + Ticks(42));
  partnercenter::CartCheckoutResult result;
  for (const OrderRecord& order : orders) result.orders.push_back(order.order);
  result.order_errors.push_back(partnercenter::OrderError{
      .order_group_id = "OMS-0",
      .code = 10002,
      .description = "Quota not available for this offer.",
      .attributes = std::nullopt,
  });
  result.attributes = partnercenter::ResourceAttributes{std::nullopt, "CartCheckoutResult"};
  ordered.checkout_result = std::move(result);
  return ordered;
}

OrderRecord FullOrder(const CartKey& cart, const OrderKey& key, Timestamp created) {
  OrderRecord record;
  record.key = key;
  record.cart_id = cart.cart_id;
  record.order = partnercenter::test::FullOrder();
  record.order.id = key.order_id;
  record.order.alternate_id = key.order_id;
  record.order.reference_customer_id = key.customer_id;
  record.order.creation_date = created;
  for (partnercenter::OrderLineItem& line : record.order.line_items) {
    line.subscription_id = NewGuid();
  }
  // What the API layer renders is not stored.
  record.order.links.reset();
  record.order.attributes.reset();
  return record;
}

SubscriptionRecord FullSubscription(const OrderRecord& order, int line) {
  const partnercenter::OrderLineItem& bought =
      order.order.line_items.at(static_cast<std::size_t>(line));
  SubscriptionRecord record;
  record.key = SubscriptionKey{order.key.partner_tenant, order.key.customer_id,
                               bought.subscription_id.value_or(NewGuid())};
  record.order_id = order.key.order_id;
  partnercenter::Subscription& s = record.subscription;
  s.id = record.key.subscription_id;
  s.offer_id = bought.offer_id;
  s.offer_name = bought.friendly_name;
  s.friendly_name = "team licences";
  s.quantity = bought.quantity;
  s.unit_type = "Licenses";
  s.parent_subscription_id = bought.parent_subscription_id;
  s.has_purchasable_addons = false;
  s.creation_date = order.order.creation_date;
  s.effective_start_date = order.order.creation_date;
  s.commitment_end_date = order.order.creation_date.value_or(TestTime()) + 365 * kDay;
  s.cancellation_allowed_until_date = order.order.creation_date.value_or(TestTime()) + 7 * kDay;
  s.status = "pending";
  s.auto_renew_enabled = true;
  s.is_trial = false;
  s.billing_type = "license";
  s.billing_cycle = order.order.billing_cycle;
  s.term_duration = bought.term_duration;
  s.renewal_term_duration = bought.term_duration;
  s.is_microsoft_product = true;
  s.partner_id = bought.partner_id_on_record;
  s.contract_type = "subscription";
  s.promotion_id = bought.promotion_id;
  s.publisher_name = "Microsoft Corporation";
  s.order_id = order.key.order_id;
  return record;
}

OrderChange ChangeOrder(const OrderRecord& order, const std::string& status,
                        std::vector<SubscriptionRecord> subscriptions,
                        const std::string& subscription_status) {
  OrderChange change;
  change.order = order;
  change.order.version = order.version + 1;
  change.order.order.status = status;
  change.expected_version = order.version;
  for (SubscriptionRecord& subscription : subscriptions) {
    subscription.subscription.status = subscription_status;
  }
  change.subscriptions = std::move(subscriptions);
  return change;
}

IdempotencyKey ReplyKey(const CartKey& cart, const std::string& request_id) {
  return IdempotencyKey{
      .partner_tenant = cart.partner_tenant,
      .customer_id = cart.customer_id,
      .request_id = request_id,
      .method = "PUT",
      .path = "/v1/customers/" + cart.customer_id + "/carts/" + cart.cart_id,
      .body_digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  };
}

ReplyToStore MakeReply(const IdempotencyKey& key, Timestamp created, ReplyKind kind) {
  return ReplyToStore{.key = key, .kind = kind, .created_at = created};
}

StoredReply ExpectedReply(const CartWrite& write) {
  StoredReply reply;
  reply.kind = write.reply->kind;
  reply.cart_version = write.cart.version;
  if (reply.kind == ReplyKind::kCheckout) {
    reply.checkout_result = *write.cart.checkout_result;
  } else {
    reply.cart = write.cart.cart;
    reply.cart.links.reset();
    reply.cart.attributes.reset();
  }
  return reply;
}

Customer MakeCustomer(const std::string& partner_tenant, const std::string& id,
                      const std::string& company_name) {
  return Customer{
      .partner_tenant = partner_tenant,
      .id = id,
      .country = "US",
      .currency = "USD",
      .company_name = company_name,
  };
}

CartWrite CreateWrite(CartRecord cart) {
  CartWrite write;
  write.cart = std::move(cart);
  write.expected_version = 0;
  return write;
}

CartWrite UpdateWrite(CartRecord cart) {
  CartWrite write;
  write.expected_version = cart.version - 1;
  write.cart = std::move(cart);
  return write;
}

}  // namespace cartd::test

namespace cartd {

void PrintTo(const CartRecord& record, std::ostream* os) {
  *os << "CartRecord{" << record.key.partner_tenant << "/" << record.key.customer_id << "/"
      << record.key.cart_id << " v" << record.version << " " << partnercenter::ToJson(record.cart);
  if (record.checkout_result.has_value()) {
    *os << " checkout " << partnercenter::ToJson(*record.checkout_result);
  }
  *os << "}";
}

void PrintTo(const OrderRecord& record, std::ostream* os) {
  *os << "OrderRecord{" << record.key.partner_tenant << "/" << record.key.customer_id << "/"
      << record.key.order_id << " cart " << record.cart_id << " "
      << partnercenter::ToJson(record.order) << "}";
}

void PrintTo(const StoredReply& reply, std::ostream* os) {
  *os << "StoredReply{v" << reply.cart_version << " ";
  if (reply.kind == ReplyKind::kCheckout) {
    *os << "checkout " << partnercenter::ToJson(reply.checkout_result);
  } else {
    *os << "cart " << partnercenter::ToJson(reply.cart);
  }
  *os << "}";
}

void PrintTo(const SubscriptionRecord& record, std::ostream* os) {
  *os << "SubscriptionRecord{" << record.key.partner_tenant << "/" << record.key.customer_id << "/"
      << record.key.subscription_id << " order " << record.order_id << " "
      << partnercenter::ToJson(record.subscription) << "}";
}

void PrintTo(const Customer& customer, std::ostream* os) {
  *os << "Customer{" << customer.partner_tenant << "/" << customer.id << " " << customer.country
      << " " << customer.currency << " \"" << customer.company_name << "\"}";
}

}  // namespace cartd
