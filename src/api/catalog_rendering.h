// From the domain catalog to the products API's contract types (SPEC §11,
// docs/contract-products.md): the hypermedia links (relative, without /v1, the child's link
// before `self`, the country in upper case), attributes.objectType ("Product", "Sku",
// "Availability", "Collection"), and what depends on the country (an availability's currency).
//
// Stateless functions; safe to call from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.h"
#include "partnercenter/models.h"

namespace cartd::api {

// "/products/{product}?country=US" and the like; `country` is written as given.
std::string ProductLinkPath(std::string_view product_id, std::string_view country);
std::string SkuLinkPath(std::string_view product_id, std::string_view sku_id,
                        std::string_view country);
std::string AvailabilityLinkPath(std::string_view product_id, std::string_view sku_id,
                                 std::string_view availability_id, std::string_view country);

// The self links of the three lists: their path and normalised query, parameters in the order
// country, targetView, targetSegment, values in their canonical spelling ("OnlineServices",
// "education").
std::string ProductsLinkPath(std::string_view country, TargetView view,
                             std::optional<Segment> segment);
std::string SkusLinkPath(std::string_view product_id, std::string_view country,
                         std::optional<Segment> segment);
std::string AvailabilitiesLinkPath(std::string_view product_id, std::string_view sku_id,
                                   std::string_view country, std::optional<Segment> segment);

// The resources in `country` (two letters, upper case). REQUIRES for an availability: `item`
// is one of `catalog`'s items, shown by the products API and offered in `country`.
partnercenter::Product RenderProduct(const CatalogProduct& product, std::string_view country);
partnercenter::Sku RenderSku(const CatalogSku& sku, std::string_view country);
partnercenter::Availability RenderAvailability(const Catalog& catalog, const CatalogItem& item,
                                               std::string_view country);

// Collections of every item given, in that order; links.self is `self`.
partnercenter::ProductCollection RenderProducts(const std::vector<const CatalogProduct*>& products,
                                                std::string_view country, std::string self);
partnercenter::SkuCollection RenderSkus(const std::vector<const CatalogSku*>& skus,
                                        std::string_view country, std::string self);
partnercenter::AvailabilityCollection RenderAvailabilities(
    const Catalog& catalog, const std::vector<const CatalogItem*>& items, std::string_view country,
    std::string self);

}  // namespace cartd::api
