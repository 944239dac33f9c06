#include "api/catalog_handlers.h"

#include <boost/url/pct_string_view.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/catalog_rendering.h"
#include "api/error_mapping.h"
#include "api/query_parameters.h"
#include "api/rendering.h"
#include "partnercenter/json.h"

namespace cartd::api {
namespace {

// A path id as the catalog knows it: percent-decoded. Errors: kInvalidInput.
StatusOr<std::string> PathId(std::string_view what, const std::string& raw) {
  const auto encoded = boost::urls::make_pct_string_view(raw);
  if (!encoded) return InvalidInput("The " + std::string(what) + " id in the path is malformed.");
  return encoded->decode();
}

StatusOr<std::string> Country(const QueryParameters& query) {
  const std::optional<std::string> country = query.Get("country");
  if (!country) return InvalidInput("The query parameter 'country' is required.");
  const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (country->size() != 2 || !letter((*country)[0]) || !letter((*country)[1])) {
    return InvalidInput(
        "The query parameter 'country' must be a two-letter country code (ISO "
        "3166-1 alpha-2); '" +
        *country + "' is not one.");
  }
  std::string upper = *country;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return upper;
}

StatusOr<std::optional<Segment>> TargetSegment(const QueryParameters& query) {
  const std::optional<std::string> text = query.Get("targetSegment");
  if (!text) return std::optional<Segment>();
  const std::optional<Segment> segment = ParseSegment(*text);
  if (!segment) {
    return Status(ErrorCode::kTargetSegmentNotAllowed,
                  "Access to the requested targetSegment is not allowed.");
  }
  return segment;
}

StatusOr<TargetView> RequiredTargetView(const QueryParameters& query) {
  const std::optional<std::string> text = query.Get("targetView");
  if (!text) return InvalidInput("The query parameter 'targetView' is required.");
  const std::optional<TargetView> view = ParseTargetView(*text);
  if (!view) {
    return Status(ErrorCode::kTargetViewNotAllowed,
                  "Access to the requested targetView is not allowed.");
  }
  return *view;
}

template <typename T>
http::Response Ok(const T& value) {
  return JsonResponse(200, partnercenter::ToJson(value));
}

}  // namespace

http::Response CatalogHandlers::Handle(const RouteMatch& route,
                                       const http::Request& request) const {
  StatusOr<QueryParameters> query = QueryParameters::Parse(request.query);
  if (!query.ok()) return ErrorResponse(query.status());
  StatusOr<std::string> product_id = PathId("product", route.product_id);
  StatusOr<std::string> sku_id = PathId("SKU", route.sku_id);
  StatusOr<std::string> availability_id = PathId("availability", route.availability_id);
  for (const Status& status : {product_id.status(), sku_id.status(), availability_id.status()}) {
    if (!status.ok()) return ErrorResponse(status);
  }
  StatusOr<std::string> country = Country(*query);
  if (!country.ok()) return ErrorResponse(country.status());
  std::optional<TargetView> view;
  if (route.operation == Operation::kListProducts) {
    StatusOr<TargetView> required = RequiredTargetView(*query);
    if (!required.ok()) return ErrorResponse(required.status());
    view = *required;
  }
  std::optional<Segment> segment;
  if (route.operation == Operation::kListProducts || route.operation == Operation::kListSkus ||
      route.operation == Operation::kListAvailabilities) {
    StatusOr<std::optional<Segment>> filter = TargetSegment(*query);
    if (!filter.ok()) return ErrorResponse(filter.status());
    segment = *filter;
  }

  // One snapshot for the whole answer: a reload does not change the catalog under it.
  static const Catalog kEmpty{std::vector<CatalogItem>{}};
  const std::shared_ptr<const Catalog> held = catalog_.Get();
  const Catalog& catalog = held != nullptr ? *held : kEmpty;
  const std::string& cc = *country;
  switch (route.operation) {
    case Operation::kListProducts:
      return Ok(RenderProducts(catalog.ListProducts(cc, *view, segment), cc,
                               ProductsLinkPath(cc, *view, segment)));
    case Operation::kGetProduct: {
      const StatusOr<const CatalogProduct*> product = catalog.GetProduct(*product_id, cc);
      if (!product.ok()) return ErrorResponse(product.status());
      return Ok(RenderProduct(**product, cc));
    }
    case Operation::kListSkus: {
      const StatusOr<std::vector<const CatalogSku*>> skus =
          catalog.ListSkus(*product_id, cc, segment);
      if (!skus.ok()) return ErrorResponse(skus.status());
      const CatalogProduct& product = **catalog.GetProduct(*product_id, cc);
      return Ok(RenderSkus(*skus, cc, SkusLinkPath(product.id, cc, segment)));
    }
    case Operation::kGetSku: {
      const StatusOr<const CatalogSku*> sku = catalog.GetSku(*product_id, *sku_id, cc);
      if (!sku.ok()) return ErrorResponse(sku.status());
      return Ok(RenderSku(**sku, cc));
    }
    case Operation::kListAvailabilities: {
      const StatusOr<std::vector<const CatalogItem*>> items =
          catalog.ListAvailabilities(*product_id, *sku_id, cc, segment);
      if (!items.ok()) return ErrorResponse(items.status());
      const CatalogSku& sku = **catalog.GetSku(*product_id, *sku_id, cc);
      return Ok(RenderAvailabilities(catalog, *items, cc,
                                     AvailabilitiesLinkPath(sku.product_id, sku.id, cc, segment)));
    }
    case Operation::kGetAvailability: {
      const StatusOr<const CatalogItem*> item =
          catalog.GetAvailability(*product_id, *sku_id, *availability_id, cc);
      if (!item.ok()) return ErrorResponse(item.status());
      return Ok(RenderAvailability(catalog, **item, cc));
    }
    default:
      break;
  }
  return ErrorResponse(Internal("no catalog handler for route " + route.route_name));
}

}  // namespace cartd::api
