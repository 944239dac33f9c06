#include "api/cart_handlers.h"

#include <optional>
#include <utility>

#include "api/error_mapping.h"
#include "api/rendering.h"
#include "api/replies.h"
#include "domain/cart_lines.h"
#include "domain/etag.h"
#include "wire/json_writer.h"

namespace cartd::api {
namespace {

using partnercenter::Cart;

http::Response CartResponse(int status, const CartRecord& record) {
  http::Response response = JsonResponse(status, partnercenter::ToJson(RenderCart(record)));
  response.headers.Add("ETag", ETagOf(record));
  return response;
}

http::Response CheckoutResponse(const CheckoutOutcome& outcome) {
  http::Response response = JsonResponse(
      201, partnercenter::ToJson(RenderCheckoutResult(outcome.result, outcome.cart.key.customer_id)));
  response.headers.Add("ETag", ETagOf(outcome.cart));
  return response;
}

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

// Runs an operation that may carry an idempotency key: replays the stored answer when the same
// request was answered before, otherwise runs it and has the service store the answer with its
// effect. `run` gets the recorder (or nullptr) and returns StatusOr<Outcome>; `render` turns an
// outcome into the response.
template <typename Outcome, typename Run, typename Render, typename OnError>
http::Response RunIdempotent(CartService& service, const RequestContext& context, Run run,
                             Render render, OnError on_error) {
  const std::optional<IdempotencyKey> key =
      IdempotencyKeyFor(context.request, context.customer.partner_tenant, context.customer.id);
  auto replay = [&]() -> std::optional<http::Response> {
    StatusOr<std::optional<std::string>> stored = service.FindReply(*key);
    if (!stored.ok() || !stored->has_value()) return std::nullopt;
    std::optional<http::Response> response = DecodeReply(**stored);
    if (response) response->headers.Add("Idempotent-Replayed", "true");
    return response;
  };
  if (key) {
    if (auto response = replay()) return *std::move(response);
  }
  std::optional<ReplyRecorder<Outcome>> recorder;
  if (key) {
    recorder = ReplyRecorder<Outcome>{
        .key = *key, .encode = [&](const Outcome& outcome) { return EncodeReply(render(outcome)); }};
  }
  StatusOr<Outcome> outcome = run(recorder ? &*recorder : nullptr);
  if (outcome.ok()) return render(*outcome);
  if (outcome.status().code() == ErrorCode::kAlreadyExists && key) {
    // The same request was answered concurrently; its answer is stored now.
    if (auto response = replay()) return *std::move(response);
  }
  return on_error(outcome.status());
}

}  // namespace

http::Response StatusResponse(const Status& status) {
  const WireError wire = ToWireError(status.code());
  return ErrorResponse(wire.http_status, wire.code, ClientDescription(status));
}

http::Response CartHandlers::CreateCart(const RequestContext& context) {
  StatusOr<Cart> draft = DecodeCart(context.request.body, parse_options_);
  if (!draft.ok()) return StatusResponse(draft.status());
  return RunIdempotent<CartRecord>(
      service_, context,
      [&](const ReplyRecorder<CartRecord>* recorder) {
        return service_.CreateCart(context.principal, context.customer, *draft, recorder);
      },
      [](const CartRecord& record) { return CartResponse(201, record); }, StatusResponse);
}

http::Response CartHandlers::GetCart(const RequestContext& context) {
  StatusOr<CartRecord> record = service_.GetCart(context.customer, context.resource_id);
  if (!record.ok()) return StatusResponse(record.status());
  return CartResponse(200, *record);
}

// A failed precondition shows the cart's current ETag, in the header and in the body's data, so
// that the client can re-read and rebase its change.
http::Response CurrentETagError(CartService& service, const RequestContext& context,
                                const Status& status) {
  http::Response response = StatusResponse(status);
  if (status.code() != ErrorCode::kPreconditionFailed) return response;
  StatusOr<CartRecord> current = service.GetCart(context.customer, context.resource_id);
  if (!current.ok()) return response;
  const std::string etag = ETagOf(*current);
  const WireError wire = ToWireError(status.code());
  std::string data;
  partnercenter::wire::JsonWriter json(data);
  json.BeginObject();
  json.Key("currentETag");
  json.String(etag);
  json.EndObject();
  response = ErrorResponse(wire.http_status, wire.code, ClientDescription(status), {data});
  response.headers.Add("ETag", etag);
  return response;
}

http::Response CartHandlers::UpdateCart(const RequestContext& context) {
  StatusOr<Cart> draft = DecodeCart(context.request.body, parse_options_);
  if (!draft.ok()) return StatusResponse(draft.status());
  const std::optional<ETagCondition> if_match = ParseIfMatch(context.request);
  return RunIdempotent<CartRecord>(
      service_, context,
      [&](const ReplyRecorder<CartRecord>* recorder) {
        return service_.ReplaceCart(context.principal, context.customer, context.resource_id,
                                    *draft, if_match, recorder);
      },
      [](const CartRecord& record) { return CartResponse(201, record); },
      [&](const Status& status) { return CurrentETagError(service_, context, status); });
}

// Checkout of a cart whose lines carry errors lists them in the error's data, one
// {"id": <line id>, "error": {"errorCode", "errorDescription"}} per line.
http::Response LineErrorsResponse(CartService& service, const RequestContext& context,
                                  const Status& status) {
  if (status.code() != ErrorCode::kCartHasErrors) {
    return CurrentETagError(service, context, status);
  }
  std::vector<std::string> data;
  StatusOr<CartRecord> current = service.GetCart(context.customer, context.resource_id);
  if (current.ok()) {
    ForEachLine(current->cart.line_items, [&](const partnercenter::CartLineItem& line,
                                              const partnercenter::CartLineItem*) {
      if (!line.error) return;
      std::string entry;
      partnercenter::wire::JsonWriter json(entry);
      json.BeginObject();
      json.Key("id");
      json.Int(line.id.value_or(-1));
      json.Key("error");
      json.BeginObject();
      json.Key("errorCode");
      json.Int(line.error->error_code);
      json.Key("errorDescription");
      json.String(line.error->error_description);
      json.EndObject();
      json.EndObject();
      data.push_back(std::move(entry));
    });
  }
  const WireError wire = ToWireError(status.code());
  return ErrorResponse(wire.http_status, wire.code, ClientDescription(status), std::move(data));
}

http::Response CartHandlers::Checkout(const RequestContext& context) {
  // The body is ignored whatever it is: the SDKs send the JSON string "success", others nothing.
  const std::optional<ETagCondition> if_match = ParseIfMatch(context.request);
  return RunIdempotent<CheckoutOutcome>(
      service_, context,
      [&](const ReplyRecorder<CheckoutOutcome>* recorder) {
        return service_.Checkout(context.principal, context.customer, context.resource_id,
                                 if_match, recorder);
      },
      CheckoutResponse,
      [&](const Status& status) { return LineErrorsResponse(service_, context, status); });
}

http::Response CartHandlers::GetOrder(const RequestContext& context) {
  StatusOr<OrderRecord> order = service_.GetOrder(context.customer, context.resource_id);
  if (!order.ok()) return StatusResponse(order.status());
  return JsonResponse(200, partnercenter::ToJson(RenderOrder(order->order, context.customer.id)));
}

http::Response CartHandlers::ListOrders(const RequestContext& context) {
  StatusOr<std::vector<OrderRecord>> orders = service_.ListOrders(context.customer);
  if (!orders.ok()) return StatusResponse(orders.status());
  return JsonResponse(200,
                      partnercenter::ToJson(RenderOrderCollection(*orders, context.customer.id)));
}

}  // namespace cartd::api
