#include "domain/catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

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

}  // namespace

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

Catalog::Catalog(std::vector<CatalogItem> items) : items_(std::move(items)) {
  for (std::size_t i = 0; i < items_.size(); ++i) {
    // With duplicate ids (which the REQUIRES rules out) the first item wins.
    index_.emplace(UpperCase(items_[i].catalog_item_id), i);
  }
}

const CatalogItem* Catalog::Find(std::string_view catalog_item_id) const {
  const auto it = index_.find(UpperCase(catalog_item_id));
  return it == index_.end() ? nullptr : &items_[it->second];
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
