#include "domain/catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "common/status.h"

namespace cartd {
namespace {

char AsciiUpper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::string UpperCase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), AsciiUpper);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiUpper(x) == AsciiUpper(y);
         });
}

struct CurrencyInfo {
  std::string_view code;
  std::string_view symbol;
  int minor_units;
};

// The currencies of the markets Partner Center sells in, with the symbol Partner Center shows
// for them. Dollar currencies show a bare "$" there, as the market's own culture writes them.
constexpr std::array kCurrencies{
    CurrencyInfo{"AED", "AED", 100}, CurrencyInfo{"ARS", "$", 100},
    CurrencyInfo{"AUD", "$", 100},   CurrencyInfo{"BHD", "BD", 1000},
    CurrencyInfo{"BRL", "R$", 100},  CurrencyInfo{"CAD", "$", 100},
    CurrencyInfo{"CHF", "CHF", 100}, CurrencyInfo{"CLP", "$", 1},
    CurrencyInfo{"CNY", "¥", 100},   CurrencyInfo{"COP", "$", 100},
    CurrencyInfo{"CZK", "Kč", 100},  CurrencyInfo{"DKK", "kr.", 100},
    CurrencyInfo{"EGP", "E£", 100},  CurrencyInfo{"EUR", "€", 100},
    CurrencyInfo{"GBP", "£", 100},   CurrencyInfo{"HKD", "HK$", 100},
    CurrencyInfo{"HUF", "Ft", 100},  CurrencyInfo{"IDR", "Rp", 100},
    CurrencyInfo{"ILS", "₪", 100},   CurrencyInfo{"INR", "₹", 100},
    CurrencyInfo{"ISK", "kr", 1},    CurrencyInfo{"JOD", "JD", 1000},
    CurrencyInfo{"JPY", "¥", 1},     CurrencyInfo{"KRW", "₩", 1},
    CurrencyInfo{"KWD", "KD", 1000}, CurrencyInfo{"MXN", "$", 100},
    CurrencyInfo{"MYR", "RM", 100},  CurrencyInfo{"NOK", "kr", 100},
    CurrencyInfo{"NZD", "$", 100},   CurrencyInfo{"OMR", "OMR", 1000},
    CurrencyInfo{"PEN", "S/", 100},  CurrencyInfo{"PHP", "₱", 100},
    CurrencyInfo{"PLN", "zł", 100},  CurrencyInfo{"QAR", "QR", 100},
    CurrencyInfo{"RON", "lei", 100}, CurrencyInfo{"SAR", "SR", 100},
    CurrencyInfo{"SEK", "kr", 100},  CurrencyInfo{"SGD", "$", 100},
    CurrencyInfo{"THB", "฿", 100},   CurrencyInfo{"TND", "DT", 1000},
    CurrencyInfo{"TRY", "₺", 100},   CurrencyInfo{"TWD", "NT$", 100},
    CurrencyInfo{"UAH", "₴", 100},   CurrencyInfo{"USD", "$", 100},
    CurrencyInfo{"VND", "₫", 1},     CurrencyInfo{"ZAR", "R", 100},
};

const CurrencyInfo* FindCurrency(std::string_view code) {
  for (const CurrencyInfo& info : kCurrencies) {
    if (EqualsIgnoreCase(info.code, code)) return &info;
  }
  return nullptr;
}

constexpr std::array<std::pair<ProductKind, std::string_view>, 5> kProductKinds{{
    {ProductKind::kOnlineServices, "onlineServices"},
    {ProductKind::kAzureReservation, "azureReservation"},
    {ProductKind::kAzurePlan, "azurePlan"},
    {ProductKind::kSoftware, "software"},
    {ProductKind::kMarketplace, "marketplace"},
}};

constexpr std::array<std::pair<TargetView, std::string_view>, 12> kTargetViews{{
    {TargetView::kAzure, "Azure"},
    {TargetView::kAzureReservations, "AzureReservations"},
    {TargetView::kAzureReservationsVM, "AzureReservationsVM"},
    {TargetView::kAzureReservationsSQL, "AzureReservationsSQL"},
    {TargetView::kAzureReservationsCosmosDb, "AzureReservationsCosmosDb"},
    {TargetView::kMicrosoftAzure, "MicrosoftAzure"},
    {TargetView::kOnlineServices, "OnlineServices"},
    {TargetView::kSoftware, "Software"},
    {TargetView::kSoftwareSUSELinux, "SoftwareSUSELinux"},
    {TargetView::kSoftwarePerpetual, "SoftwarePerpetual"},
    {TargetView::kSoftwareSubscriptions, "SoftwareSubscriptions"},
    {TargetView::kSpecializedOffers, "SpecializedOffers"},
}};

constexpr std::array<std::pair<Segment, std::string_view>, 4> kSegments{{
    {Segment::kCommercial, "commercial"},
    {Segment::kEducation, "education"},
    {Segment::kGovernment, "government"},
    {Segment::kNonprofit, "nonprofit"},
}};

template <typename Enum, std::size_t size>
std::string_view NameIn(const std::array<std::pair<Enum, std::string_view>, size>& names,
                        Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

template <typename Enum, std::size_t size>
std::optional<Enum> ParseIn(const std::array<std::pair<Enum, std::string_view>, size>& names,
                            std::string_view text) {
  for (const auto& [value, name] : names) {
    if (EqualsIgnoreCase(name, text)) return value;
  }
  return std::nullopt;
}

partnercenter::ItemType Type(std::string id, std::optional<std::string> sub_type = std::nullopt) {
  partnercenter::ItemType type{.id = id, .display_name = id, .sub_type = std::nullopt};
  if (sub_type) {
    type.sub_type = partnercenter::ItemSubType{.id = *sub_type, .display_name = *sub_type};
  }
  return type;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// "P3Y" -> {3, 'Y'}; {0, 0} for anything else.
std::pair<int, char> DurationParts(std::string_view duration) {
  if (duration.size() < 3 || duration.front() != 'P') return {0, 0};
  const char unit = static_cast<char>(AsciiUpper(duration.back()));
  if (unit != 'M' && unit != 'Y') return {0, 0};
  int count = 0;
  for (const char c : duration.substr(1, duration.size() - 2)) {
    if (c < '0' || c > '9' || count > 9999) return {0, 0};
    count = count * 10 + (c - '0');
  }
  return {count, unit};
}

std::string CountWord(int count) {
  static constexpr std::array<std::string_view, 11> kWords{
      "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"};
  return count >= 0 && count < static_cast<int>(kWords.size()) ? std::string(kWords[count])
                                                               : std::to_string(count);
}

// How a description names a billing cycle: "monthly", "yearly", "one-time", ...
std::string_view CycleWord(partnercenter::BillingCycle cycle) {
  using partnercenter::BillingCycle;
  switch (cycle) {
    case BillingCycle::kMonthly:
      return "monthly";
    case BillingCycle::kAnnual:
      return "yearly";
    case BillingCycle::kTriennial:
      return "triennial";
    case BillingCycle::kBiennial:
      return "biennial";
    case BillingCycle::kOneTime:
      return "one-time";
    case BillingCycle::kNone:
      return "no";
    case BillingCycle::kUnknown:
      break;
  }
  return "unknown";
}

bool OnlyCycle(const CatalogTerm& term, partnercenter::BillingCycle cycle) {
  return !term.billing_cycles.empty() &&
         std::all_of(term.billing_cycles.begin(), term.billing_cycles.end(),
                     [&](partnercenter::BillingCycle c) { return c == cycle; });
}

Status ProductNotFound() { return Status(ErrorCode::kProductNotFound, "Product was not found."); }
Status SkuNotFound() { return Status(ErrorCode::kSkuNotFound, "SKU was not found."); }
Status AvailabilityNotFound() {
  return Status(ErrorCode::kAvailabilityNotFound, "Availability not found.");
}

}  // namespace

std::string_view ProductKindName(ProductKind kind) { return NameIn(kProductKinds, kind); }
std::string_view TargetViewName(TargetView view) { return NameIn(kTargetViews, view); }
std::string_view SegmentName(Segment segment) { return NameIn(kSegments, segment); }

std::optional<ProductKind> ParseProductKind(std::string_view text) {
  return ParseIn(kProductKinds, text);
}
std::optional<TargetView> ParseTargetView(std::string_view text) {
  return ParseIn(kTargetViews, text);
}
std::optional<Segment> ParseSegment(std::string_view text) { return ParseIn(kSegments, text); }

partnercenter::ItemType DefaultProductType(ProductKind kind) {
  switch (kind) {
    case ProductKind::kOnlineServices:
      return Type("OnlineServicesNCE");
    case ProductKind::kAzureReservation:
      return Type("Azure");
    case ProductKind::kAzurePlan:
      return Type("Azure", "Azure");
    case ProductKind::kSoftware:
      return Type("Software");
    case ProductKind::kMarketplace:
      return Type("OnlineServices", "SaaS");
  }
  return Type("OnlineServicesNCE");
}

ProductKind KindOfProductType(const partnercenter::ItemType& type) {
  const std::string_view sub_type = type.sub_type ? std::string_view(type.sub_type->id) : "";
  if (EqualsIgnoreCase(type.id, "Azure")) {
    return EqualsIgnoreCase(sub_type, "Azure") ? ProductKind::kAzurePlan
                                               : ProductKind::kAzureReservation;
  }
  if (StartsWithIgnoreCase(type.id, "Software")) return ProductKind::kSoftware;
  if (EqualsIgnoreCase(sub_type, "SaaS")) return ProductKind::kMarketplace;
  return ProductKind::kOnlineServices;
}

std::vector<TargetView> DefaultTargetViews(ProductKind kind, const partnercenter::ItemType& type) {
  switch (kind) {
    case ProductKind::kOnlineServices:
    case ProductKind::kMarketplace:
      return {TargetView::kOnlineServices};
    case ProductKind::kAzureReservation: {
      std::vector<TargetView> views{TargetView::kAzure, TargetView::kAzureReservations};
      const std::string_view sub_type = type.sub_type ? std::string_view(type.sub_type->id) : "";
      if (EqualsIgnoreCase(sub_type, "VirtualMachines")) {
        views.push_back(TargetView::kAzureReservationsVM);
      } else if (StartsWithIgnoreCase(sub_type, "Sql")) {
        views.push_back(TargetView::kAzureReservationsSQL);
      } else if (EqualsIgnoreCase(sub_type, "CosmosDb")) {
        views.push_back(TargetView::kAzureReservationsCosmosDb);
      }
      return views;
    }
    case ProductKind::kAzurePlan:
      return {TargetView::kAzure, TargetView::kMicrosoftAzure};
    case ProductKind::kSoftware:
      return {TargetView::kSoftware};
  }
  return {};
}

std::vector<std::string> DefaultPurchasePrerequisites(ProductKind kind) {
  switch (kind) {
    case ProductKind::kOnlineServices:
      return {"MicrosoftCloudAgreement"};
    case ProductKind::kAzureReservation:
      return {"AzureSubscriptionRegistration", "InventoryCheck"};
    default:
      return {};
  }
}

std::vector<std::string> DefaultInventoryVariables(ProductKind kind) {
  if (kind == ProductKind::kAzureReservation) return {"CustomerId", "AzureSubscriptionId"};
  return {};
}

std::string TermDescription(const CatalogTerm& term) {
  using partnercenter::BillingCycle;
  if (!term.description.empty()) return term.description;
  std::string cycles;
  for (const BillingCycle cycle : term.billing_cycles) {
    if (!cycles.empty()) cycles += '/';
    cycles += CycleWord(cycle);
  }
  const auto [count, unit] = DurationParts(term.duration);
  if (count == 0) {
    return OnlyCycle(term, BillingCycle::kOneTime) ? "One-time purchase"
                                                   : "No term commitment, " + cycles + " billing";
  }
  const std::string unit_word = unit == 'Y' ? "Year" : "Month";
  if (OnlyCycle(term, BillingCycle::kOneTime)) {
    return std::to_string(count) + " " + unit_word + (count == 1 ? "" : "s") + " Prepaid";
  }
  const std::string length = CountWord(count) + "-" + unit_word;
  if (OnlyCycle(term, BillingCycle::kNone)) return length + " trial";
  return length + " commitment for " + cycles + " billing";
}

std::string_view TermBillingCycleName(partnercenter::BillingCycle cycle) {
  using partnercenter::BillingCycle;
  switch (cycle) {
    case BillingCycle::kMonthly:
      return "Monthly";
    case BillingCycle::kAnnual:
      return "Annual";
    case BillingCycle::kNone:
      return "None";
    case BillingCycle::kOneTime:
      return "OneTime";
    case BillingCycle::kTriennial:
      return "Triennial";
    case BillingCycle::kBiennial:
      return "Biennial";
    case BillingCycle::kUnknown:
      break;
  }
  return "Unknown";
}

const MarketPrice* CatalogItem::PriceIn(std::string_view market) const {
  for (const MarketPrice& price : prices) {
    if (EqualsIgnoreCase(price.market, market)) return &price;
  }
  return nullptr;
}

bool CatalogItem::Offers(partnercenter::BillingCycle cycle, std::string_view duration) const {
  return std::any_of(terms.begin(), terms.end(), [&](const CatalogTerm& term) {
    return EqualsIgnoreCase(term.duration, duration) &&
           std::find(term.billing_cycles.begin(), term.billing_cycles.end(), cycle) !=
               term.billing_cycles.end();
  });
}

bool CatalogItem::IsRenewable() const {
  using partnercenter::BillingCycle;
  if (renewable) return *renewable;
  return std::any_of(terms.begin(), terms.end(), [](const CatalogTerm& term) {
    return !term.duration.empty() && std::any_of(term.billing_cycles.begin(),
                                                 term.billing_cycles.end(), [](BillingCycle cycle) {
                                                   return cycle != BillingCycle::kOneTime &&
                                                          cycle != BillingCycle::kNone &&
                                                          cycle != BillingCycle::kUnknown;
                                                 });
  });
}

bool CatalogItem::OfferedIn(std::string_view country) const {
  return !product_id.empty() && !sku_id.empty() && !availability_id.empty() &&
         PriceIn(country) != nullptr;
}

Catalog::Catalog(std::vector<CatalogItem> items) : items_(std::move(items)) {
  IndexItems();
  // One product per product id and one SKU per SKU id, described by their first item.
  std::vector<CatalogProduct> entries;
  for (std::size_t i = 0; i < items_.size(); ++i) {
    const CatalogItem& item = items_[i];
    if (item.product_id.empty()) continue;
    auto product = std::find_if(entries.begin(), entries.end(), [&](const CatalogProduct& p) {
      return EqualsIgnoreCase(p.id, item.product_id);
    });
    if (product == entries.end()) {
      CatalogProduct entry;
      entry.id = item.product_id;
      entry.title = item.title;
      entry.description = item.title;
      entry.kind = item.product_kind;
      entry.product_type = DefaultProductType(entry.kind);
      entry.target_views = DefaultTargetViews(entry.kind, entry.product_type);
      product = entries.insert(entries.end(), std::move(entry));
    }
    auto sku = std::find_if(product->skus.begin(), product->skus.end(), [&](const CatalogSku& s) {
      return EqualsIgnoreCase(s.id, item.sku_id);
    });
    if (sku == product->skus.end()) {
      CatalogSku entry;
      entry.id = item.sku_id;
      entry.title = item.title;
      entry.description = item.title;
      entry.purchase_prerequisites = DefaultPurchasePrerequisites(product->kind);
      entry.inventory_variables = DefaultInventoryVariables(product->kind);
      sku = product->skus.insert(product->skus.end(), std::move(entry));
    }
    sku->availabilities.push_back(i);
  }
  Build(std::move(entries));
}

Catalog::Catalog(std::vector<CatalogItem> items, std::vector<CatalogProduct> products)
    : items_(std::move(items)) {
  IndexItems();
  Build(std::move(products));
}

void Catalog::IndexItems() {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    // With duplicate ids (which the REQUIRES rules out) the first item wins.
    index_.emplace(UpperCase(items_[i].catalog_item_id), i);
  }
}

void Catalog::Build(std::vector<CatalogProduct> entries) {
  places_.assign(items_.size(), Place{});
  for (CatalogProduct& entry : entries) {
    for (CatalogSku& sku_entry : entry.skus) {
      for (const std::size_t position : sku_entry.availabilities) {
        const CatalogItem& item = items_[position];
        if (item.product_id.empty() || item.sku_id.empty() || item.availability_id.empty()) {
          continue;
        }
        const auto [found, added] =
            product_index_.emplace(UpperCase(item.product_id), products_.size());
        if (added) {
          CatalogProduct product;
          product.id = item.product_id;
          product.title = entry.title;
          product.description = entry.description;
          product.product_type = entry.product_type;
          product.kind = entry.kind;
          product.is_microsoft_product = entry.is_microsoft_product;
          product.publisher_name = entry.publisher_name;
          product.target_views = entry.target_views;
          products_.push_back(std::move(product));
        }
        CatalogProduct& product = products_[found->second];
        auto sku = std::find_if(product.skus.begin(), product.skus.end(), [&](const CatalogSku& s) {
          return EqualsIgnoreCase(s.id, item.sku_id);
        });
        if (sku == product.skus.end()) {
          CatalogSku added_sku;
          added_sku.id = item.sku_id;
          added_sku.product_id = product.id;
          added_sku.title = sku_entry.title;
          added_sku.description = sku_entry.description;
          added_sku.is_trial = sku_entry.is_trial;
          added_sku.purchase_prerequisites = sku_entry.purchase_prerequisites;
          added_sku.inventory_variables = sku_entry.inventory_variables;
          added_sku.dynamic_attributes_json = sku_entry.dynamic_attributes_json;
          sku = product.skus.insert(product.skus.end(), std::move(added_sku));
        }
        sku->availabilities.push_back(position);
        places_[position] = Place{.product = found->second,
                                  .sku = static_cast<std::size_t>(sku - product.skus.begin())};
      }
    }
  }
  for (CatalogProduct& product : products_) {
    for (CatalogSku& sku : product.skus) Derive(sku);
  }
}

void Catalog::Derive(CatalogSku& sku) const {
  using partnercenter::BillingCycle;
  bool first = true;
  bool unlimited = false;
  bool all_free = true;
  std::vector<bool> offered(static_cast<std::size_t>(BillingCycle::kBiennial) + 1, false);
  for (const std::size_t position : sku.availabilities) {
    const CatalogItem& item = items_[position];
    sku.min_quantity = first ? item.min_quantity : std::min(sku.min_quantity, item.min_quantity);
    if (!item.max_quantity) {
      unlimited = true;
    } else if (first || !sku.max_quantity || *item.max_quantity > *sku.max_quantity) {
      sku.max_quantity = item.max_quantity;
    }
    first = false;
    for (const CatalogTerm& term : item.terms) {
      all_free = all_free && OnlyCycle(term, BillingCycle::kNone);
      for (const BillingCycle cycle : term.billing_cycles) {
        const auto index = static_cast<std::size_t>(cycle);
        if (index < offered.size()) offered[index] = true;
      }
    }
    for (const std::string& variable : item.provisioning_variables) {
      const bool known =
          std::any_of(sku.provisioning_variables.begin(), sku.provisioning_variables.end(),
                      [&](const std::string& seen) { return EqualsIgnoreCase(seen, variable); });
      if (!known) sku.provisioning_variables.push_back(variable);
    }
  }
  if (unlimited) sku.max_quantity.reset();
  for (std::size_t index = 1; index < offered.size(); ++index) {
    if (offered[index]) sku.supported_billing_cycles.push_back(static_cast<BillingCycle>(index));
  }
  if (!sku.is_trial) sku.is_trial = all_free;
}

const CatalogItem* Catalog::Find(std::string_view catalog_item_id) const {
  const auto it = index_.find(UpperCase(catalog_item_id));
  return it == index_.end() ? nullptr : &items_[it->second];
}

const CatalogProduct* Catalog::FindProduct(std::string_view product_id) const {
  const auto it = product_index_.find(UpperCase(product_id));
  return it == product_index_.end() ? nullptr : &products_[it->second];
}

const CatalogSku* Catalog::FindSku(const CatalogProduct& product, std::string_view sku_id) {
  for (const CatalogSku& sku : product.skus) {
    if (EqualsIgnoreCase(sku.id, sku_id)) return &sku;
  }
  return nullptr;
}

bool Catalog::SkuOffered(const CatalogSku& sku, std::string_view country,
                         std::optional<Segment> segment) const {
  return std::any_of(sku.availabilities.begin(), sku.availabilities.end(), [&](std::size_t i) {
    return items_[i].OfferedIn(country) && (!segment || items_[i].segment == *segment);
  });
}

bool Catalog::ProductOffered(const CatalogProduct& product, std::string_view country,
                             std::optional<Segment> segment) const {
  return std::any_of(product.skus.begin(), product.skus.end(),
                     [&](const CatalogSku& sku) { return SkuOffered(sku, country, segment); });
}

StatusOr<const CatalogProduct*> Catalog::GetProduct(std::string_view product_id,
                                                    std::string_view country) const {
  const CatalogProduct* product = FindProduct(product_id);
  if (product == nullptr || !ProductOffered(*product, country, std::nullopt)) {
    return ProductNotFound();
  }
  return product;
}

StatusOr<const CatalogSku*> Catalog::GetSku(std::string_view product_id, std::string_view sku_id,
                                            std::string_view country) const {
  CARTD_ASSIGN_OR_RETURN(const CatalogProduct* product, GetProduct(product_id, country));
  const CatalogSku* sku = FindSku(*product, sku_id);
  if (sku == nullptr || !SkuOffered(*sku, country, std::nullopt)) return SkuNotFound();
  return sku;
}

StatusOr<const CatalogItem*> Catalog::GetAvailability(std::string_view product_id,
                                                      std::string_view sku_id,
                                                      std::string_view availability_id,
                                                      std::string_view country) const {
  CARTD_ASSIGN_OR_RETURN(const CatalogSku* sku, GetSku(product_id, sku_id, country));
  for (const std::size_t position : sku->availabilities) {
    const CatalogItem& item = items_[position];
    if (EqualsIgnoreCase(item.availability_id, availability_id) && item.OfferedIn(country)) {
      return &item;
    }
  }
  return AvailabilityNotFound();
}

std::vector<const CatalogProduct*> Catalog::ListProducts(std::string_view country, TargetView view,
                                                         std::optional<Segment> segment) const {
  std::vector<const CatalogProduct*> out;
  for (const CatalogProduct& product : products_) {
    const bool in_view = std::find(product.target_views.begin(), product.target_views.end(),
                                   view) != product.target_views.end();
    if (in_view && ProductOffered(product, country, segment)) out.push_back(&product);
  }
  return out;
}

StatusOr<std::vector<const CatalogSku*>> Catalog::ListSkus(std::string_view product_id,
                                                           std::string_view country,
                                                           std::optional<Segment> segment) const {
  CARTD_ASSIGN_OR_RETURN(const CatalogProduct* product, GetProduct(product_id, country));
  std::vector<const CatalogSku*> out;
  for (const CatalogSku& sku : product->skus) {
    if (SkuOffered(sku, country, segment)) out.push_back(&sku);
  }
  return out;
}

StatusOr<std::vector<const CatalogItem*>> Catalog::ListAvailabilities(
    std::string_view product_id, std::string_view sku_id, std::string_view country,
    std::optional<Segment> segment) const {
  CARTD_ASSIGN_OR_RETURN(const CatalogSku* sku, GetSku(product_id, sku_id, country));
  std::vector<const CatalogItem*> out;
  for (const std::size_t position : sku->availabilities) {
    const CatalogItem& item = items_[position];
    if (item.OfferedIn(country) && (!segment || item.segment == *segment)) out.push_back(&item);
  }
  return out;
}

const CatalogProduct* Catalog::ProductOf(const CatalogItem& item) const {
  const Place* place = PlaceOf(item);
  return place == nullptr ? nullptr : &products_[place->product];
}

const CatalogSku* Catalog::SkuOf(const CatalogItem& item) const {
  const Place* place = PlaceOf(item);
  return place == nullptr ? nullptr : &products_[place->product].skus[place->sku];
}

const Catalog::Place* Catalog::PlaceOf(const CatalogItem& item) const {
  if (items_.empty() || &item < items_.data() || &item >= items_.data() + items_.size()) {
    return nullptr;
  }
  const Place& place = places_[static_cast<std::size_t>(&item - items_.data())];
  return place.product == Place::kNone ? nullptr : &place;
}

PurchaseSystem PurchaseSystemByIdShape(std::string_view catalog_item_id) {
  const std::size_t first = catalog_item_id.find(':');
  if (first == std::string_view::npos || first == 0) return PurchaseSystem::kLegacy;
  const std::size_t second = catalog_item_id.find(':', first + 1);
  if (second == std::string_view::npos || second == first + 1) return PurchaseSystem::kLegacy;
  if (second + 1 == catalog_item_id.size()) return PurchaseSystem::kLegacy;
  if (catalog_item_id.find(':', second + 1) != std::string_view::npos) {
    return PurchaseSystem::kLegacy;
  }
  return PurchaseSystem::kModern;
}

std::string CurrencySymbol(std::string_view currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  return std::string(info != nullptr ? info->symbol : currency);
}

int CurrencyMinorUnits(std::string_view currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  // Most currencies have cents; an unknown code is priced as if it had them too.
  return info != nullptr ? info->minor_units : 100;
}

}  // namespace cartd
