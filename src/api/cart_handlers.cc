#include "api/cart_handlers.h"

#include <optional>
#include <utility>

#include "api/error_mapping.h"
#include "api/idempotency.h"
#include "api/rendering.h"
#include "domain/etag.h"

namespace cartd::api {
namespace {

using partnercenter::Cart;

StatusOr<Cart> DecodeCart(const std::string& body, const partnercenter::ParseOptions& options) {
  partnercenter::Result<Cart> cart = partnercenter::ParseCart(body, options);
  if (cart.ok()) return std::move(cart).value();
  const partnercenter::Error& error = cart.error();
  return Status(error.kind == partnercenter::ErrorKind::kInvalidEnum ? ErrorCode::kInvalidEnum
                                                                     : ErrorCode::kInvalidInput,
                error.description);
}

// If-Match as a list of entity tags (RFC 9110 §13.1.1): "*" or "\"1\", \"2\"".
std::optional<ETagCondition> ParseIfMatch(const http::Request& request) {
  if (!request.headers.Has("If-Match")) return std::nullopt;
  std::string_view value = request.headers.Get("If-Match");
  ETagCondition condition;
  while (!value.empty()) {
    const std::size_t start = value.find_first_not_of(" \t,");
    if (start == std::string_view::npos) break;
    value.remove_prefix(start);
    if (value.front() == '*') {
      condition.any = true;
      value.remove_prefix(1);
      continue;
    }
    // An entity tag is W/"..." or "..." and cannot contain a quote, so the next quote ends it.
    const bool weak = value.starts_with("W/");
    const std::size_t open = value.find('"');
    const std::size_t close = open == std::string_view::npos ? open : value.find('"', open + 1);
    if (close == std::string_view::npos) {
      // Not an entity tag: keep it, so that it fails to match instead of being dropped.
      const std::size_t end = value.find(',');
      condition.tags.emplace_back(value.substr(0, end));
      value.remove_prefix(end == std::string_view::npos ? value.size() : end);
      continue;
    }
    if (!weak) condition.tags.emplace_back(value.substr(open, close - open + 1));
    value.remove_prefix(close + 1);
  }
  return condition;
}

}  // namespace

http::Response CartHandlers::CreateCart(const RequestContext& context) {
  StatusOr<Cart> draft = DecodeCart(context.request.body, parse_options_);
  if (!draft.ok()) return ErrorResponse(draft.status());
  return RunIdempotent(service_, context.request, context.customer,
                       [&](const IdempotencyKey* key) -> StatusOr<http::Response> {
                         CARTD_ASSIGN_OR_RETURN(
                             CartRecord record,
                             service_.CreateCart(context.principal, context.customer, *draft, key));
                         return RenderAndKeep(201, record);
                       });
}

http::Response CartHandlers::GetCart(const RequestContext& context) {
  const CartKey key{context.customer.partner_tenant, context.customer.id, context.resource_id};
  const std::shared_ptr<const RenderedCarts::Entry> kept = rendered_.Find(key);
  StatusOr<CartRead> read =
      service_.GetChangedCart(context.customer, context.resource_id,
                              kept ? std::optional<CartHead>(kept->head) : std::nullopt);
  if (!read.ok()) {
    if (kept) rendered_.Erase(key);
    return ErrorResponse(read.status());
  }
  if (kept && !read->record) return RenderedCartResponse(200, kept->head.version, kept->body);
  return RenderAndKeep(200, *read->record);
}

http::Response CartHandlers::RenderAndKeep(int status, const CartRecord& record) {
  http::Response response = CartResponse(status, record);
  rendered_.Put(record.key, HeadOf(record), response.body);
  return response;
}

http::Response CartHandlers::UpdateCart(const RequestContext& context) {
  StatusOr<Cart> draft = DecodeCart(context.request.body, parse_options_);
  if (!draft.ok()) return ErrorResponse(draft.status());
  const std::optional<ETagCondition> if_match = ParseIfMatch(context.request);
  return RunIdempotent(service_, context.request, context.customer,
                       [&](const IdempotencyKey* key) -> StatusOr<http::Response> {
                         CARTD_ASSIGN_OR_RETURN(
                             CartRecord record,
                             service_.ReplaceCart(context.principal, context.customer,
                                                  context.resource_id, *draft, if_match, key));
                         return RenderAndKeep(201, record);
                       });
}

http::Response CartHandlers::Checkout(const RequestContext& context) {
  // The body is ignored whatever it is: the SDKs send the JSON string "success", others nothing.
  const std::optional<ETagCondition> if_match = ParseIfMatch(context.request);
  return RunIdempotent(service_, context.request, context.customer,
                       [&](const IdempotencyKey* key) -> StatusOr<http::Response> {
                         CARTD_ASSIGN_OR_RETURN(
                             CheckoutOutcome outcome,
                             service_.Checkout(context.principal, context.customer,
                                               context.resource_id, if_match, key));
                         return CheckoutResponse(std::move(outcome.result), context.customer.id,
                                                 outcome.cart.version);
                       });
}

}  // namespace cartd::api
