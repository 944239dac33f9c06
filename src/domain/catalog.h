// The product catalog cart lines are validated and priced against: products, their SKUs, and
// the availabilities of each SKU. An availability is what a cart line names by catalog item id.
// The same catalog answers the products API (SPEC §11): products, SKUs and availabilities looked up
// by id or listed within a country, a product in a country when one of its availabilities is
// priced in that market.
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

#include "common/status.h"
#include "partnercenter/models.h"

namespace cartd {

// Which ordering system places an item: modern-commerce items are grouped "0", "1", ...;
// legacy (OMS) offers "OMS-0", "OMS-1", ...
enum class PurchaseSystem { kModern, kLegacy };

// What kind of product an item belongs to, for the rules that treat kinds differently (what an
// order of it creates) and for the defaults of a product's type, target views and prerequisites.
// Catalog files spell them as ProductKindName gives them.
enum class ProductKind {
  kOnlineServices,    // "onlineServices": license-based services (Microsoft 365, Dynamics 365)
  kAzureReservation,  // "azureReservation": Azure reservations (VMs, SQL, storage, ...)
  kAzurePlan,         // "azurePlan": Azure consumption (the Azure plan; the legacy MS-AZR-0145P)
  kSoftware,          // "software": perpetual software and software subscriptions
  kMarketplace,       // "marketplace": commercial marketplace (SaaS) offers
};

// The products API's targetView values (Partner Center's spelling, docs/contract-products.md
// §1.9): the views of the catalog a product is listed in.
enum class TargetView {
  kAzure,
  kAzureReservations,
  kAzureReservationsVM,
  kAzureReservationsSQL,
  kAzureReservationsCosmosDb,
  kMicrosoftAzure,
  kOnlineServices,
  kSoftware,
  kSoftwareSUSELinux,
  kSoftwarePerpetual,
  kSoftwareSubscriptions,
  kSpecializedOffers,
};

// The industry segment an availability is sold to; targetSegment filters by it.
enum class Segment { kCommercial, kEducation, kGovernment, kNonprofit };

// "onlineServices", "AzureReservationsVM", "commercial": the spellings of the catalog file and of
// the API (segments are written lower case, as the API's examples do).
std::string_view ProductKindName(ProductKind kind);
std::string_view TargetViewName(TargetView view);
std::string_view SegmentName(Segment segment);
// The value `text` names, compared case-insensitively; nullopt when it names none.
std::optional<ProductKind> ParseProductKind(std::string_view text);
std::optional<TargetView> ParseTargetView(std::string_view text);
std::optional<Segment> ParseSegment(std::string_view text);

// A term and the billing cycles it can be paid in. An empty duration is an item sold without a
// term (perpetual software, Azure plan), which a line requests by leaving termDuration out.
struct CatalogTerm {
  std::string duration;  // ISO 8601: "P1M", "P1Y", "P3Y", or empty
  std::vector<partnercenter::BillingCycle> billing_cycles;
  // What the products API shows for it; empty: TermDescription derives one.
  std::string description = "";
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
  // The kind of the product the catalog file lists the item under.
  ProductKind product_kind = ProductKind::kOnlineServices;
  Segment segment = Segment::kCommercial;
  // Whether the products API shows it renewable; nullopt: IsRenewable derives it from the terms.
  std::optional<bool> renewable = std::nullopt;

  const MarketPrice* PriceIn(std::string_view market) const;
  // True when the item offers `cycle` for the term `duration` (empty: no term).
  bool Offers(partnercenter::BillingCycle cycle, std::string_view duration) const;
  // `renewable` when set; otherwise true when a term with a duration is paid in instalments
  // (monthly, annual, biennial, triennial), which renew at its end; prepaid (one_time) and free
  // (none) terms, and items without a term, do not.
  bool IsRenewable() const;
  // True when the products API lists the item: it has product, SKU and availability ids (legacy
  // offers such as MS-AZR-0145P have none) and is priced in `country` (compared ignoring case).
  bool OfferedIn(std::string_view country) const;
};

// A SKU of a product: a shape of the product, whose availabilities are what carts buy.
struct CatalogSku {
  std::string id;  // unique within the product, compared case-insensitively
  std::string product_id;
  std::string title;
  std::string description;
  std::optional<bool> is_trial;  // as stated; the Catalog derives it when absent (see below)
  std::vector<std::string> purchase_prerequisites;     // "InventoryCheck", ...
  std::vector<std::string> inventory_variables;        // "CustomerId", ...
  std::optional<std::string> dynamic_attributes_json;  // a JSON object's text, when stated
  // Positions in Catalog::items() of the SKU's availabilities, in file order.
  std::vector<std::size_t> availabilities;

  // Derived by the Catalog from the availabilities: the fewest and most units any of them sells
  // (no maximum when one has none), the billing cycles their terms offer (in BillingCycle order),
  // the provisioning variables they need (in order of first appearance). `is_trial`, when not
  // stated, becomes true when every term of every availability is billed "none".
  int min_quantity = 1;
  std::optional<int> max_quantity = std::nullopt;
  std::vector<partnercenter::BillingCycle> supported_billing_cycles = {};
  std::vector<std::string> provisioning_variables = {};
};

// A product: what the products API shows, and its SKUs.
struct CatalogProduct {
  std::string id;  // compared case-insensitively
  std::string title;
  std::string description;
  partnercenter::ItemType product_type;
  ProductKind kind = ProductKind::kOnlineServices;
  bool is_microsoft_product = true;
  std::string publisher_name = "Microsoft Corporation";
  std::vector<TargetView> target_views = {};
  std::vector<CatalogSku> skus = {};
};

class Catalog {
 public:
  // REQUIRES: catalog item ids are unique (compared case-insensitively); the loader checks this.
  // Products and SKUs are made up from the items' ids, with their defaults (DefaultProductType
  // and so on) and the first item's title.
  explicit Catalog(std::vector<CatalogItem> items);

  // `products` are the catalog file's entries, their SKUs' `availabilities` the positions in
  // `items` of the items listed under them. The products API shows the items by their own ids:
  // a product (SKU) is made of every item with its product id (product and SKU ids), compared
  // case-insensitively, and described by the first entry that lists one of them, so that
  // entries repeated or items stated with another product's ids still form one product. Items
  // without product ids (legacy offers) and entries left without items are not shown.
  // REQUIRES: as above, and every position is in range.
  Catalog(std::vector<CatalogItem> items, std::vector<CatalogProduct> products);

  // The item with that catalog item id (compared case-insensitively), or nullptr.
  const CatalogItem* Find(std::string_view catalog_item_id) const;

  const std::vector<CatalogItem>& items() const { return items_; }
  // Every product the products API can show, in file order, whatever the country.
  const std::vector<CatalogProduct>& products() const { return products_; }

  // --- The products API: lookups within a country (ISO 3166-1 alpha-2, compared ignoring case).
  // A product or SKU is in a country when one of its availabilities is offered there
  // (CatalogItem::OfferedIn); what is not offered in a country is unknown there. Ids compare
  // ignoring case. The errors carry Partner Center's descriptions: kProductNotFound "Product was
  // not found.", kSkuNotFound "SKU was not found.", kAvailabilityNotFound "Availability not
  // found.", the outermost unknown one reported.
  StatusOr<const CatalogProduct*> GetProduct(std::string_view product_id,
                                             std::string_view country) const;
  StatusOr<const CatalogSku*> GetSku(std::string_view product_id, std::string_view sku_id,
                                     std::string_view country) const;
  StatusOr<const CatalogItem*> GetAvailability(std::string_view product_id, std::string_view sku_id,
                                               std::string_view availability_id,
                                               std::string_view country) const;
  // The products of `view` in `country`; with `segment`, only those with an availability of that
  // segment there.
  std::vector<const CatalogProduct*> ListProducts(std::string_view country, TargetView view,
                                                  std::optional<Segment> segment) const;
  // The product's (SKU's) SKUs (availabilities) in `country`, filtered by `segment` when given.
  // Errors: as GetProduct (GetSku).
  StatusOr<std::vector<const CatalogSku*>> ListSkus(std::string_view product_id,
                                                    std::string_view country,
                                                    std::optional<Segment> segment) const;
  StatusOr<std::vector<const CatalogItem*>> ListAvailabilities(
      std::string_view product_id, std::string_view sku_id, std::string_view country,
      std::optional<Segment> segment) const;
  // The product and SKU of an item the products API shows (OfferedIn some country); nullptr for
  // any other.
  const CatalogProduct* ProductOf(const CatalogItem& item) const;
  const CatalogSku* SkuOf(const CatalogItem& item) const;

 private:
  // Where an item sits among products_ (and their skus); kNone for items not shown.
  struct Place {
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t product = kNone;
    std::size_t sku = kNone;
  };

  void IndexItems();
  // Groups the shown items by their ids, describing each product and SKU by `entries`.
  void Build(std::vector<CatalogProduct> entries);
  // Fills in what `sku` derives from its availabilities.
  void Derive(CatalogSku& sku) const;
  const Place* PlaceOf(const CatalogItem& item) const;
  const CatalogProduct* FindProduct(std::string_view product_id) const;
  static const CatalogSku* FindSku(const CatalogProduct& product, std::string_view sku_id);
  bool SkuOffered(const CatalogSku& sku, std::string_view country,
                  std::optional<Segment> segment) const;
  bool ProductOffered(const CatalogProduct& product, std::string_view country,
                      std::optional<Segment> segment) const;

  std::vector<CatalogItem> items_;
  std::map<std::string, std::size_t, std::less<>> index_;  // upper-cased id -> position
  std::vector<CatalogProduct> products_;
  std::map<std::string, std::size_t, std::less<>> product_index_;  // upper-cased id -> position
  std::vector<Place> places_;                                      // one per item
};

// What a product's kind gives it when the catalog file does not say (docs/catalog.md):
//   type: onlineServices {OnlineServicesNCE}, azureReservation {Azure}, azurePlan {Azure,
//         subType Azure}, software {Software}, marketplace {OnlineServices, subType SaaS};
//   kind of a stated type: Azure with subType Azure is azurePlan, other Azure azureReservation,
//         Software... software, a SaaS subType marketplace, anything else onlineServices;
//   target views: OnlineServices for onlineServices and marketplace; Azure, AzureReservations and
//         the reservation's own view by subType (VirtualMachines: AzureReservationsVM, Sql...:
//         AzureReservationsSQL, CosmosDb: AzureReservationsCosmosDb) for azureReservation;
//         Azure and MicrosoftAzure for azurePlan; Software for software;
//   SKU purchase prerequisites: MicrosoftCloudAgreement for onlineServices,
//         AzureSubscriptionRegistration and InventoryCheck for azureReservation, none otherwise;
//   SKU inventory variables: CustomerId and AzureSubscriptionId for azureReservation.
partnercenter::ItemType DefaultProductType(ProductKind kind);
ProductKind KindOfProductType(const partnercenter::ItemType& type);
std::vector<TargetView> DefaultTargetViews(ProductKind kind, const partnercenter::ItemType& type);
std::vector<std::string> DefaultPurchasePrerequisites(ProductKind kind);
std::vector<std::string> DefaultInventoryVariables(ProductKind kind);

// The term's description, or one in Partner Center's style: "1 Year Prepaid" for a term paid
// one_time, "One-Month trial" for one billed none, "One-Year commitment for monthly/yearly
// billing" otherwise; "No term" wording for a term without duration.
std::string TermDescription(const CatalogTerm& term);

// Partner Center's spelling of a billing cycle in a Term ("Monthly", "Annual", "OneTime").
std::string_view TermBillingCycleName(partnercenter::BillingCycle cycle);

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
