#include "storage/common/encoded_write.h"

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
        .reply_payload = std::nullopt,
    });
    if (write.cart.checkout_result.has_value()) {
      encoded.checkout_document = partnercenter::ToJson(*write.cart.checkout_result);
    }
    encoded.order_documents.reserve(write.new_orders.size());
    for (const OrderRecord& order : write.new_orders) {
      encoded.order_documents.push_back(EncodeWithoutRendering(order.order));
    }
    if (write.reply.has_value()) encoded.reply_payload = EncodeReplyPayload(encoded);
  } catch (const std::exception& e) {
    out.reset();
    return Internal("encode " + Describe(write.cart.key) + ": " + e.what());
  }
  return Status::Ok();
}

}  // namespace cartd::storage
