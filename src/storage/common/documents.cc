#include "storage/common/documents.h"

#include "models/enums.h"

namespace cartd::storage {

StatusOr<CartHead> HeadFromColumns(const CartKey& key, std::int64_t version,
                                   std::string_view status,
                                   std::optional<std::int64_t> expiration_ticks) {
  const std::optional<partnercenter::CartStatus> parsed =
      partnercenter::models::CartStatusFromName(status);
  if (!parsed) {
    return Internal("stored " + Describe(key) + " has the unknown status '" + std::string(status) +
                    "'");
  }
  CartHead head{.version = version, .status = *parsed, .expiration = std::nullopt};
  if (expiration_ticks) head.expiration = FromTicks(*expiration_ticks);
  return head;
}

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
