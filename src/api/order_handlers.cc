#include "api/order_handlers.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/error_mapping.h"
#include "api/query_parameters.h"
#include "api/rendering.h"

namespace cartd::api {
namespace {

// Order ids are short strings of letters, digits and dashes.
bool IsOrderIdShape(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status BusyWithLists() {
  return Unavailable("every slot for building a list was taken for the whole wait");
}

}  // namespace

http::Response OrderHandlers::GetOrder(const RequestContext& context) {
  StatusOr<OrderRecord> order = service_.GetOrder(context.customer, context.resource_id);
  if (!order.ok()) return ErrorResponse(order.status());
  return JsonResponse(200, partnercenter::ToJson(RenderOrder(order->order, context.customer.id)));
}

http::Response OrderHandlers::ListOrders(const RequestContext& context) {
  const std::optional<ListGate::Pass> pass = lists_.Enter(context.customer.partner_tenant);
  if (!pass) return ErrorResponse(BusyWithLists());
  // Page by page into the body: the list holds its body and one page of orders at a time.
  OrderListBody body(context.customer.id);
  const Status listed = service_.ForEachOrderPage(
      context.customer, [&body](std::vector<OrderRecord>& page) { body.Add(page); });
  if (!listed.ok()) return ErrorResponse(listed);
  return JsonResponse(200, std::move(body).Finish());
}

http::Response OrderHandlers::CancelOrder(const RequestContext& context) {
  partnercenter::Result<partnercenter::Order> patch =
      partnercenter::ParseOrder(context.request.body, parse_options_);
  if (!patch.ok()) {
    return ErrorResponse(Status(patch.error().kind == partnercenter::ErrorKind::kInvalidEnum
                                    ? ErrorCode::kInvalidEnum
                                    : ErrorCode::kInvalidInput,
                                patch.error().description));
  }
  if (!patch->status || !http::EqualsIgnoreCase(*patch->status, "cancelled")) {
    return ErrorResponse(InvalidInput(
        "An order's status can only be set to \"cancelled\" (the integration sandbox's "
        "cancellation); no other change of an order is possible."));
  }
  StatusOr<OrderRecord> cancelled = service_.CancelOrder(context.customer, context.resource_id);
  if (!cancelled.ok()) return ErrorResponse(cancelled.status());
  return JsonResponse(200,
                      partnercenter::ToJson(RenderOrder(cancelled->order, context.customer.id)));
}

http::Response OrderHandlers::GetProvisioningStatus(const RequestContext& context) {
  StatusOr<std::vector<partnercenter::OrderLineItemProvisioningStatus>> lines =
      service_.ProvisioningStatus(context.customer, context.resource_id);
  if (!lines.ok()) return ErrorResponse(lines.status());
  return JsonResponse(200, partnercenter::ToJson(RenderProvisioningStatus(*std::move(lines))));
}

http::Response OrderHandlers::ListSubscriptions(const RequestContext& context) {
  StatusOr<QueryParameters> query = QueryParameters::Parse(context.request.query);
  if (!query.ok()) return ErrorResponse(query.status());
  const std::optional<std::string> order_id = query->Get("order_id");
  if (order_id && !IsOrderIdShape(*order_id)) {
    return ErrorResponse(InvalidInput("The order_id '" + *order_id + "' is not an order id."));
  }
  const std::optional<ListGate::Pass> pass = lists_.Enter(context.customer.partner_tenant);
  if (!pass) return ErrorResponse(BusyWithLists());
  SubscriptionListBody body(context.customer, order_id.value_or(""));
  const Status listed = service_.ForEachSubscriptionPage(
      context.customer, order_id ? std::optional<std::string_view>(*order_id) : std::nullopt,
      [&body](std::vector<SubscriptionRecord>& page) { body.Add(page); });
  if (!listed.ok()) return ErrorResponse(listed);
  return JsonResponse(200, std::move(body).Finish());
}

http::Response OrderHandlers::GetSubscription(const RequestContext& context) {
  StatusOr<SubscriptionRecord> subscription =
      service_.GetSubscription(context.customer, context.resource_id);
  if (!subscription.ok()) return ErrorResponse(subscription.status());
  return JsonResponse(200,
                      partnercenter::ToJson(RenderSubscription(*subscription, context.customer)));
}

}  // namespace cartd::api
