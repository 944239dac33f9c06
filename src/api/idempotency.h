// Idempotent requests (SPEC §5), in one place: which requests count as the same (the key), running
// a request at most once (find, or run and remember), and answering a repeat with the stored
// answer (replay). The service stores the answer as data with the request's effect; this file
// alone decides what that data looks like on the wire.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "api/error_mapping.h"
#include "domain/cart_service.h"
#include "domain/records.h"
#include "http/message.h"

namespace cartd::api {

// The key of a request that carries an MS-RequestId: (partner, customer, request id, method,
// path, SHA-256 of the body). nullopt when the client sent no MS-RequestId.
std::optional<IdempotencyKey> IdempotencyKeyFor(const http::Request& request,
                                                std::string_view partner_tenant,
                                                std::string_view customer_id);

// The answer a stored reply stands for, as first sent: 201 with the cart (kCart) or the checkout
// result (kCheckout) rendered for `customer_id` and the ETag of the cart's version; marked
// `Idempotent-Replayed: true`.
http::Response ReplayResponse(const StoredReply& reply, const IdempotencyKey& key);

// Runs a request at most once. When the request has a key and was answered within the retention
// period, its stored answer is replayed and `run` is not called. Otherwise `run(key)` (key null
// when the request has none) performs it, storing the answer with its effect, and returns the
// response or a failure; a kAlreadyExists failure means the same request was answered
// concurrently, whose stored answer is then replayed. Other failures become ErrorResponse.
// `run`: StatusOr<http::Response>(const IdempotencyKey*).
template <typename Run>
http::Response RunIdempotent(const CartService& service, const http::Request& request,
                             const Customer& customer, Run&& run) {
  const std::optional<IdempotencyKey> key =
      IdempotencyKeyFor(request, customer.partner_tenant, customer.id);
  auto replay = [&]() -> std::optional<http::Response> {
    StatusOr<std::optional<StoredReply>> stored = service.FindReply(*key);
    if (!stored.ok() || !stored->has_value()) return std::nullopt;
    return ReplayResponse(**stored, *key);
  };
  if (key) {
    if (std::optional<http::Response> replayed = replay()) return *std::move(replayed);
  }
  StatusOr<http::Response> response = std::forward<Run>(run)(key ? &*key : nullptr);
  if (response.ok()) return *std::move(response);
  if (response.status().code() == ErrorCode::kAlreadyExists && key) {
    if (std::optional<http::Response> replayed = replay()) return *std::move(replayed);
  }
  return ErrorResponse(response.status());
}

}  // namespace cartd::api
