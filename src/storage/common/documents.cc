#include "storage/common/documents.h"

namespace cartd::storage {

std::string Describe(const CartKey& key) {
  return "cart " + key.cart_id + " of customer " + key.customer_id + " (partner " +
         key.partner_tenant + ")";
}

std::string Describe(const OrderKey& key) {
  return "order " + key.order_id + " of customer " + key.customer_id + " (partner " +
         key.partner_tenant + ")";
}

std::string Describe(const SubscriptionKey& key) {
  return "subscription " + key.subscription_id + " of customer " + key.customer_id + " (partner " +
         key.partner_tenant + ")";
}

std::string Describe(const IdempotencyKey& key) {
  return "reply to request " + key.request_id + " (" + key.method + " " + key.path +
         ") of customer " + key.customer_id + " (partner " + key.partner_tenant + ")";
}

std::string DescribeCustomer(std::string_view partner_tenant, std::string_view customer_id) {
  return "customer " + std::string(customer_id) + " (partner " + std::string(partner_tenant) + ")";
}

}  // namespace cartd::storage
