#include "storage/common/encoded_write.h"

#include <algorithm>
#include <exception>

#include "partnercenter/json.h"
#include "storage/common/documents.h"
#include "storage/common/reply_payload.h"

namespace cartd::storage {
namespace {

Status CheckWriteShape(const CartWrite& write) {
  const CartKey& cart = write.cart.key;
  if (write.expected_version < 0 || write.cart.version != write.expected_version + 1) {
    return Internal("write of " + Describe(cart) + " has version " +
                    std::to_string(write.cart.version) + " but expects stored version " +
                    std::to_string(write.expected_version));
  }
  for (const OrderRecord& order : write.new_orders) {
    if (order.key.partner_tenant != cart.partner_tenant ||
        order.key.customer_id != cart.customer_id) {
      return Internal("write of " + Describe(cart) + " places " + Describe(order.key) +
                      " under another customer");
    }
  }
  for (const SubscriptionRecord& subscription : write.new_subscriptions) {
    const bool of_a_new_order =
        std::any_of(write.new_orders.begin(), write.new_orders.end(),
                    [&](const OrderRecord& o) { return o.key.order_id == subscription.order_id; });
    if (subscription.key.partner_tenant != cart.partner_tenant ||
        subscription.key.customer_id != cart.customer_id || !of_a_new_order) {
      return Internal("write of " + Describe(cart) + " places subscription " +
                      subscription.key.subscription_id + " outside its orders");
    }
  }
  if (write.reply.has_value() && (write.reply->key.partner_tenant != cart.partner_tenant ||
                                  write.reply->key.customer_id != cart.customer_id)) {
    return Internal("write of " + Describe(cart) + " stores a " + Describe(write.reply->key));
  }
  if (write.reply.has_value() && write.reply->kind == ReplyKind::kCheckout &&
      !write.cart.checkout_result.has_value()) {
    return Internal("write of " + Describe(cart) + " stores a checkout reply without a result");
  }
  return Status::Ok();
}

}  // namespace

Status EncodeWrite(const CartWrite& write, std::optional<EncodedWrite>& out) {
  CARTD_RETURN_IF_ERROR(CheckWriteShape(write));
  try {
    EncodedWrite& encoded = out.emplace(EncodedWrite{
        .write = write,
        .status = partnercenter::ToString(
            write.cart.cart.status.value_or(partnercenter::CartStatus::kActive)),
        .cart_document = EncodeWithoutRendering(write.cart.cart),
        .checkout_document = std::nullopt,
        .order_documents = {},
        .subscription_documents = {},
        .reply_payload = std::nullopt,
    });
    if (write.cart.checkout_result.has_value()) {
      encoded.checkout_document = partnercenter::ToJson(*write.cart.checkout_result);
    }
    encoded.order_documents.reserve(write.new_orders.size());
    for (const OrderRecord& order : write.new_orders) {
      encoded.order_documents.push_back(EncodeWithoutRendering(order.order));
    }
    encoded.subscription_documents.reserve(write.new_subscriptions.size());
    for (const SubscriptionRecord& subscription : write.new_subscriptions) {
      encoded.subscription_documents.push_back(EncodeWithoutRendering(subscription.subscription));
    }
    if (write.reply.has_value()) encoded.reply_payload = EncodeReplyPayload(encoded);
  } catch (const std::exception& e) {
    out.reset();
    return Internal("encode " + Describe(write.cart.key) + ": " + e.what());
  }
  return Status::Ok();
}

std::int64_t StoredBytesOf(const EncodedWrite& encoded) {
  std::size_t bytes = encoded.cart_document.size();
  if (encoded.checkout_document.has_value()) bytes += encoded.checkout_document->size();
  if (encoded.reply_payload.has_value()) bytes += encoded.reply_payload->size();
  return static_cast<std::int64_t>(bytes);
}

Status Admit(const EncodedWrite& encoded) {
  if (!encoded.write.admit) return Status::Ok();
  return encoded.write.admit(StoredBytesOf(encoded));
}

Status EncodeOrderChange(const OrderChange& change, std::optional<EncodedOrderChange>& out) {
  const OrderKey& order = change.order.key;
  if (change.expected_version < 1 || change.order.version != change.expected_version + 1) {
    return Internal("change of " + Describe(order) + " has version " +
                    std::to_string(change.order.version) + " but expects stored version " +
                    std::to_string(change.expected_version));
  }
  for (const SubscriptionRecord& subscription : change.subscriptions) {
    if (subscription.key.partner_tenant != order.partner_tenant ||
        subscription.key.customer_id != order.customer_id ||
        subscription.order_id != order.order_id) {
      return Internal("change of " + Describe(order) + " changes subscription " +
                      subscription.key.subscription_id + " of another order");
    }
  }
  try {
    EncodedOrderChange& encoded = out.emplace(EncodedOrderChange{
        .change = change,
        .order_document = EncodeWithoutRendering(change.order.order),
        .subscription_documents = {},
    });
    for (const SubscriptionRecord& subscription : change.subscriptions) {
      encoded.subscription_documents.push_back(EncodeWithoutRendering(subscription.subscription));
    }
  } catch (const std::exception& e) {
    out.reset();
    return Internal("encode " + Describe(order) + ": " + e.what());
  }
  return Status::Ok();
}

}  // namespace cartd::storage
