#include "api/idempotency.h"

#include "api/rendering.h"
#include "common/digest.h"

namespace cartd::api {

std::optional<IdempotencyKey> IdempotencyKeyFor(const http::Request& request,
                                                std::string_view partner_tenant,
                                                std::string_view customer_id) {
  const std::string_view request_id = request.headers.Get("MS-RequestId");
  if (request_id.empty()) return std::nullopt;
  return IdempotencyKey{.partner_tenant = std::string(partner_tenant),
                        .customer_id = std::string(customer_id),
                        .request_id = std::string(request_id),
                        .method = request.method,
                        .path = request.path,
                        .body_digest = Sha256Hex(request.body)};
}

http::Response ReplayResponse(const StoredReply& reply, const IdempotencyKey& key) {
  http::Response response =
      reply.kind == ReplyKind::kCheckout
          ? CheckoutResponse(reply.checkout_result, key.customer_id, reply.cart_version)
          : CartResponse(201, CartRecord{.key = {key.partner_tenant, key.customer_id,
                                                 reply.cart.id.value_or("")},
                                         .version = reply.cart_version,
                                         .cart = reply.cart,
                                         .checkout_result = std::nullopt});
  response.headers.Add("Idempotent-Replayed", "true");
  return response;
}

}  // namespace cartd::api
