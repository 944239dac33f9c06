// The product catalog cart lines are validated and priced against: products, their SKUs, and
// the availabilities of each SKU. An availability is what a cart line names by catalog item id.
//
// The catalog is immutable once built; a reload builds a new one. Thread-safe for reading.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partnercenter/models.h"

namespace cartd {

// Which ordering system places an item: modern-commerce items are grouped "0", "1", ...;
// legacy (OMS) offers "OMS-0", "OMS-1", ...
enum class PurchaseSystem { kModern, kLegacy };

// A term and the billing cycles it can be paid in. An empty duration is an item sold without a
// term (perpetual software, Azure plan), which a line requests by leaving termDuration out.
struct CatalogTerm {
  std::string duration;  // ISO 8601: "P1M", "P1Y", "P3Y", or empty
  std::vector<partnercenter::BillingCycle> billing_cycles;
};

// The price of one unit in one market.
struct MarketPrice {
  std::string market;    // ISO 3166-1 alpha-2 country, e.g. "US"
  std::string currency;  // ISO 4217, e.g. "USD"
  // Unit price in minor units of the currency (cents for USD), to avoid binary fractions.
  std::int64_t unit_price_minor = 0;
};

// An availability: one purchasable form of a SKU, named by its catalog item id.
struct CatalogItem {
  // "product:sku:availability" for modern items, or the legacy offer id ("MS-AZR-0145P").
  std::string catalog_item_id;
  std::string product_id;       // empty for legacy offers
  std::string sku_id;           // empty for legacy offers
  std::string availability_id;  // empty for legacy offers
  std::string title;            // order lines' friendlyName
  PurchaseSystem purchase_system = PurchaseSystem::kModern;
  std::vector<CatalogTerm> terms;
  std::vector<MarketPrice> prices;
  // provisioningContext keys a line must carry, compared case-insensitively ("SubscriptionId").
  std::vector<std::string> provisioning_variables;
  int min_quantity = 1;
  std::optional<int> max_quantity;  // seats per subscription; none when unlimited
  bool attestation_required = false;
  std::vector<std::string> promotion_ids;
  // For add-ons: the catalog item id this add-on attaches to, and the seats the parent line needs.
  std::optional<std::string> addon_parent;
  int min_parent_quantity = 0;
  // False for items the catalog lists but no longer sells: checkout reports an order error.
  bool purchasable = true;

  const MarketPrice* PriceIn(std::string_view market) const;
  // True when the item offers `cycle` for the term `duration` (empty: no term).
  bool Offers(partnercenter::BillingCycle cycle, std::string_view duration) const;
};

class Catalog {
 public:
  // REQUIRES: catalog item ids are unique (compared case-insensitively); the loader checks this.
  explicit Catalog(std::vector<CatalogItem> items);

  // The item with that catalog item id (compared case-insensitively), or nullptr.
  const CatalogItem* Find(std::string_view catalog_item_id) const;

  const std::vector<CatalogItem>& items() const { return items_; }

 private:
  std::vector<CatalogItem> items_;
  std::map<std::string, std::size_t, std::less<>> index_;  // upper-cased id -> position
};

// The purchase system an id implies when no catalog describes it: "product:sku:availability"
// (three non-empty parts separated by ':') is modern, anything else legacy.
PurchaseSystem PurchaseSystemByIdShape(std::string_view catalog_item_id);

// The symbol of an ISO 4217 currency ("USD" -> "$"), as Partner Center shows it in an order's
// currencySymbol; the code itself when it has none we know. Codes compare case-insensitively.
std::string CurrencySymbol(std::string_view currency);

// Minor units per major unit of a currency (100 for USD, 1 for JPY, 1000 for KWD); 100 for a
// code we do not know. Never 0. Codes compare case-insensitively.
int CurrencyMinorUnits(std::string_view currency);

}  // namespace cartd
