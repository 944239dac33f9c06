#include "api/catalog_rendering.h"

#include <utility>

namespace cartd::api {
namespace {

// Partner Center's maximumQuantity for a SKU sold without a limit (its reservations' figure).
constexpr int kUnlimitedQuantity = 999'999'999;

partnercenter::Link GetLink(std::string uri) {
  return partnercenter::Link{.uri = std::move(uri), .method = "GET", .headers = {}, .body = {}};
}

partnercenter::ResourceAttributes ObjectType(std::string type) {
  return partnercenter::ResourceAttributes{.etag = std::nullopt, .object_type = std::move(type)};
}

std::string Query(std::string_view country) { return "?country=" + std::string(country); }

void AddSegment(std::string& path, std::optional<Segment> segment) {
  if (!segment) return;
  path += "&targetSegment=";
  path += SegmentName(*segment);
}

std::string ProductPath(std::string_view product_id) {
  return "/products/" + std::string(product_id);
}

std::string SkuPath(std::string_view product_id, std::string_view sku_id) {
  return ProductPath(product_id) + "/skus/" + std::string(sku_id);
}

std::string AvailabilityPath(std::string_view product_id, std::string_view sku_id,
                             std::string_view availability_id) {
  return SkuPath(product_id, sku_id) + "/availabilities/" + std::string(availability_id);
}

template <typename T>
partnercenter::ResourceCollection<T> Collection(std::vector<T> items, std::string self) {
  partnercenter::ResourceCollection<T> collection;
  collection.total_count = static_cast<int>(items.size());
  collection.items = std::move(items);
  collection.links = partnercenter::StandardLinks{.self = GetLink(std::move(self))};
  collection.attributes = ObjectType("Collection");
  return collection;
}

}  // namespace

std::string ProductLinkPath(std::string_view product_id, std::string_view country) {
  return ProductPath(product_id) + Query(country);
}

std::string SkuLinkPath(std::string_view product_id, std::string_view sku_id,
                        std::string_view country) {
  return SkuPath(product_id, sku_id) + Query(country);
}

std::string AvailabilityLinkPath(std::string_view product_id, std::string_view sku_id,
                                 std::string_view availability_id, std::string_view country) {
  return AvailabilityPath(product_id, sku_id, availability_id) + Query(country);
}

std::string ProductsLinkPath(std::string_view country, TargetView view,
                             std::optional<Segment> segment) {
  std::string path = "/products" + Query(country) + "&targetView=";
  path += TargetViewName(view);
  AddSegment(path, segment);
  return path;
}

std::string SkusLinkPath(std::string_view product_id, std::string_view country,
                         std::optional<Segment> segment) {
  std::string path = ProductPath(product_id) + "/skus" + Query(country);
  AddSegment(path, segment);
  return path;
}

std::string AvailabilitiesLinkPath(std::string_view product_id, std::string_view sku_id,
                                   std::string_view country, std::optional<Segment> segment) {
  std::string path = SkuPath(product_id, sku_id) + "/availabilities" + Query(country);
  AddSegment(path, segment);
  return path;
}

partnercenter::Product RenderProduct(const CatalogProduct& product, std::string_view country) {
  partnercenter::Product out;
  out.id = product.id;
  out.title = product.title;
  out.description = product.description;
  out.product_type = product.product_type;
  out.is_microsoft_product = product.is_microsoft_product;
  out.publisher_name = product.publisher_name;
  out.links = partnercenter::ProductLinks{
      .skus = GetLink(ProductPath(product.id) + "/skus" + Query(country)),
      .self = GetLink(ProductLinkPath(product.id, country))};
  out.attributes = ObjectType("Product");
  return out;
}

partnercenter::Sku RenderSku(const CatalogSku& sku, std::string_view country) {
  partnercenter::Sku out;
  out.id = sku.id;
  out.product_id = sku.product_id;
  out.title = sku.title;
  out.description = sku.description;
  out.minimum_quantity = sku.min_quantity;
  out.maximum_quantity = sku.max_quantity.value_or(kUnlimitedQuantity);
  out.is_trial = sku.is_trial.value_or(false);
  out.supported_billing_cycles = sku.supported_billing_cycles;
  out.purchase_prerequisites = sku.purchase_prerequisites;
  out.inventory_variables = sku.inventory_variables;
  out.provisioning_variables = sku.provisioning_variables;
  out.dynamic_attributes_json = sku.dynamic_attributes_json;
  out.links = partnercenter::SkuLinks{
      .availabilities =
          GetLink(SkuPath(sku.product_id, sku.id) + "/availabilities" + Query(country)),
      .self = GetLink(SkuLinkPath(sku.product_id, sku.id, country))};
  out.attributes = ObjectType("Sku");
  return out;
}

partnercenter::Availability RenderAvailability(const Catalog& catalog, const CatalogItem& item,
                                               std::string_view country) {
  partnercenter::Availability out;
  out.id = item.availability_id;
  out.product_id = item.product_id;
  out.sku_id = item.sku_id;
  out.catalog_item_id = item.catalog_item_id;
  if (const MarketPrice* price = item.PriceIn(country)) {
    out.default_currency = partnercenter::DefaultCurrency{
        .code = price->currency, .symbol = CurrencySymbol(price->currency)};
  }
  out.segment = std::string(SegmentName(item.segment));
  out.country = std::string(country);
  out.is_purchasable = item.purchasable;
  out.is_renewable = item.IsRenewable();
  for (const CatalogTerm& term : item.terms) {
    // A term without duration is no term to show: the SKU's supportedBillingCycles say how an
    // item sold without one is paid.
    if (term.duration.empty()) continue;
    const std::string description = TermDescription(term);
    for (const partnercenter::BillingCycle cycle : term.billing_cycles) {
      out.terms.push_back(
          partnercenter::Term{.id = std::nullopt,
                              .duration = term.duration,
                              .description = description,
                              .billing_cycle = std::string(TermBillingCycleName(cycle))});
    }
  }
  // The product and SKU as their own answers show them; the item's own ids in the links, which
  // are the catalog's spelling of them.
  if (const CatalogProduct* product = catalog.ProductOf(item)) {
    out.product = RenderProduct(*product, country);
  }
  if (const CatalogSku* sku = catalog.SkuOf(item)) out.sku = RenderSku(*sku, country);
  out.links = partnercenter::StandardLinks{
      .self = GetLink(
          AvailabilityLinkPath(item.product_id, item.sku_id, item.availability_id, country))};
  out.attributes = ObjectType("Availability");
  return out;
}

partnercenter::ProductCollection RenderProducts(const std::vector<const CatalogProduct*>& products,
                                                std::string_view country, std::string self) {
  std::vector<partnercenter::Product> items;
  items.reserve(products.size());
  for (const CatalogProduct* product : products) items.push_back(RenderProduct(*product, country));
  return Collection(std::move(items), std::move(self));
}

partnercenter::SkuCollection RenderSkus(const std::vector<const CatalogSku*>& skus,
                                        std::string_view country, std::string self) {
  std::vector<partnercenter::Sku> items;
  items.reserve(skus.size());
  for (const CatalogSku* sku : skus) items.push_back(RenderSku(*sku, country));
  return Collection(std::move(items), std::move(self));
}

partnercenter::AvailabilityCollection RenderAvailabilities(
    const Catalog& catalog, const std::vector<const CatalogItem*>& items, std::string_view country,
    std::string self) {
  std::vector<partnercenter::Availability> rendered;
  rendered.reserve(items.size());
  for (const CatalogItem* item : items) {
    rendered.push_back(RenderAvailability(catalog, *item, country));
  }
  return Collection(std::move(rendered), std::move(self));
}

}  // namespace cartd::api
