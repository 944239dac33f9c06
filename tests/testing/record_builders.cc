#include "tests/testing/record_builders.h"

#include <chrono>
#include <utility>

#include "common/ids.h"
#include "partnercenter/json.h"

namespace cartd::test {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::CartStatus;
using partnercenter::Participant;
using partnercenter::ParticipantType;

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
  CartLineItem addon;
  addon.id = 1;
  addon.catalog_item_id = "CFQ7TTC0LH0R:0001:CFQ7TTC0K5J0";
  addon.friendly_name = "extra storage";
  addon.quantity = 3;
  addon.currency_code = "USD";
  addon.billing_cycle = BillingCycle::kMonthly;
  addon.term_duration = "P1M";
  addon.order_group = "0";

  CartLineItem modern;
  modern.id = 0;
  modern.catalog_item_id = "CFQ7TTC0LH18:0001:CFQ7TTC0K971";
  modern.friendly_name = "my offer purchase";
  modern.quantity = 25;
  modern.currency_code = "USD";
  modern.billing_cycle = BillingCycle::kAnnual;
  modern.term_duration = "P1Y";
  modern.promotion_id = "39NFJQT1Q5KP:0001:39NFJQT1Q4JD";
  modern.participants = std::vector<Participant>{
      {ParticipantType::kTransactionReseller, "5357564"},
      {ParticipantType::kAdditionalTransactionReseller, "7654321"},
  };
  modern.provisioning_context = partnercenter::StringPairs{
      {"subscriptionId", "8a3c1c2e-6f51-4c3a-9b7e-1df0a6a0f0b2"},
      {"scope", "billingGroup"},
  };
  modern.order_group = "0";
  modern.purchase_system = "modern";
  modern.addon_items = std::vector<CartLineItem>{addon};
  modern.renews_to = partnercenter::RenewsTo{"P1Y"};
  modern.custom_term_end_date = TestTime(std::chrono::days(200) + Ticks(1));
  modern.attestation_accepted = true;

  CartLineItem legacy;
  legacy.id = 2;
  legacy.catalog_item_id = "031c9e47-4802-4248-838e-778fb1d2cc05";
  legacy.quantity = 1;
  legacy.currency_code = "USD";
  legacy.billing_cycle = BillingCycle::kMonthly;
  legacy.order_group = "OMS-0";
  legacy.error = partnercenter::CartError{
      .error_code = partnercenter::cart_error::kQuotaNotAvailable,
      .error_description = "Quota not available for this offer.",
      .additional_information_json = R"({"maxAllowedQuantity":20})",
  };

  CartRecord record;
  record.key = key;
  record.version = version;
  record.cart.id = key.cart_id;
  record.cart.creation_timestamp = TestTime(Ticks(6'062'996));
  record.cart.last_modified_timestamp = TestTime(std::chrono::minutes(5) + Ticks(1'234'567));
  record.cart.expiration_timestamp = TestTime(7 * kDay + Ticks(6'062'996));
  record.cart.last_modified_user = "4b9a3c1e-0b6e-4c5b-8f0e-7d4f4a1f9c11";
  record.cart.line_items = {modern, legacy};
  record.cart.status = CartStatus::kActive;
  record.cart.partner_on_record_attestation_accepted = true;
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
  partnercenter::OrderLineItem line;
  line.line_item_number = 0;
  line.offer_id = "CFQ7TTC0LH18:0001:CFQ7TTC0K971";
  line.subscription_id = "a4c1de27-7e3d-4d3c-b0b3-3a2b5c6d7e8f";
  line.parent_subscription_id = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
  line.term_duration = "P1Y";
  line.renews_to = partnercenter::RenewsTo{"P1Y"};
  line.transaction_type = "New";
  line.promotion_id = "39NFJQT1Q5KP:0001:39NFJQT1Q4JD";
  line.custom_term_end_date = TestTime(std::chrono::days(365));
  line.friendly_name = "Microsoft 365 Business Basic";
  line.quantity = 25;
  line.pricing = partnercenter::Pricing{
      .list_price = 72.0,
      .discounted_price = 64.5,
      .prorated_price = 32.25,
      .price = 64.5,
      .extended_price = 1612.5,
  };
  line.partner_id_on_record = "5357564";
  line.additional_partner_ids_on_record = std::vector<std::string>{"7654321"};
  line.provisioning_context = partnercenter::StringPairs{{"scope", "billingGroup"}};
  line.attestation_accepted = true;

  OrderRecord record;
  record.key = key;
  record.cart_id = cart.cart_id;
  record.order.id = key.order_id;
  record.order.alternate_id = key.order_id;
  record.order.reference_customer_id = key.customer_id;
  record.order.billing_cycle = BillingCycle::kAnnual;
  record.order.currency_code = "USD";
  record.order.currency_symbol = "$";
  record.order.line_items = {line};
  record.order.creation_date = created;
  record.order.status = "pending";
  record.order.transaction_type = "UserPurchase";
  record.order.total_price = 1612.5;
  record.order.partner_on_record_attestation_accepted = true;
  return record;
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

void PrintTo(const Customer& customer, std::ostream* os) {
  *os << "Customer{" << customer.partner_tenant << "/" << customer.id << " " << customer.country
      << " " << customer.currency << " \"" << customer.company_name << "\"}";
}

}  // namespace cartd
