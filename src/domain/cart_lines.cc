#include "domain/cart_lines.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "domain/checkout.h"

namespace cartd {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartError;
using partnercenter::CartLineItem;
namespace cart_error = partnercenter::cart_error;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "lineItems[0].addonItems[1]"
std::string LinePath(const std::string& parent_path, std::size_t index) {
  return (parent_path.empty() ? std::string("lineItems") : parent_path + ".addonItems") + "[" +
         std::to_string(index) + "]";
}

Status CheckLevel(const std::vector<CartLineItem>& lines, const std::string& parent_path,
                  const LineLimits& limits) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const CartLineItem& line = lines[i];
    const std::string path = LinePath(parent_path, i);
    if (!line.catalog_item_id || line.catalog_item_id->empty()) {
      return InvalidInput(path + ": catalogItemId is required");
    }
    // The contract's quantity is a plain integer: absent reads as 0.
    if (line.quantity == 0) {
      return InvalidInput(path + ": quantity is required and must be between 1 and " +
                          std::to_string(limits.max_quantity));
    }
    if (line.quantity < 1 || line.quantity > limits.max_quantity) {
      return InvalidInput(path + ": quantity must be between 1 and " +
                          std::to_string(limits.max_quantity) + ", not " +
                          std::to_string(line.quantity));
    }
    if (!line.billing_cycle || *line.billing_cycle == BillingCycle::kUnknown) {
      return InvalidInput(path + ": billingCycle is required");
    }
    if (line.addon_items) CARTD_RETURN_IF_ERROR(CheckLevel(*line.addon_items, path, limits));
  }
  return Status::Ok();
}

void VisitMutable(std::vector<CartLineItem>& lines, CartLineItem* parent,
                  const std::function<void(CartLineItem&, CartLineItem*)>& visit) {
  for (CartLineItem& line : lines) {
    visit(line, parent);
    if (line.addon_items) VisitMutable(*line.addon_items, &line, visit);
  }
}

void AssignIds(std::vector<CartLineItem>& lines) {
  std::set<int> seen;
  bool keep = true;
  ForEachLine(lines, [&](const CartLineItem& line, const CartLineItem*) {
    if (!line.id || *line.id < 0 || !seen.insert(*line.id).second) keep = false;
  });
  if (keep) return;
  int next = 0;
  VisitMutable(lines, nullptr, [&](CartLineItem& line, CartLineItem*) { line.id = next++; });
}

CartError LineError(int code, std::string description) {
  CartError error;
  error.error_code = code;
  error.error_description = std::move(description);
  return error;
}

std::string TermText(const CartLineItem& line) {
  return line.term_duration && !line.term_duration->empty() ? "term " + *line.term_duration
                                                            : "no term";
}

// The first problem of `line` against the catalog and the customer's market, if any.
std::optional<CartError> FindLineProblem(const CartLineItem& line, const CartLineItem* parent,
                                         const std::optional<std::string>& requested_currency,
                                         const Customer& customer, const Catalog* catalog,
                                         const LineContext& context) {
  const std::string& id = *line.catalog_item_id;
  if (requested_currency && !EqualsIgnoreCase(*requested_currency, customer.currency)) {
    return LineError(cart_error::kCurrencyIsNotSupported,
                     "Currency " + *requested_currency + " is not supported in market " +
                         customer.country + "; the customer's currency is " + customer.currency +
                         ".");
  }
  if (context.max_licences > 0 && line.quantity > context.max_licences) {
    return LineError(
        cart_error::kMaxAllowedSeatsPerSubscriptionExceeded,
        "Requested number of seats exceeds the limit: the integration sandbox allows " +
            std::to_string(context.max_licences) + " licences per subscription, not " +
            std::to_string(line.quantity) + ".");
  }
  if (catalog == nullptr) return std::nullopt;

  const CatalogItem* item = catalog->Find(id);
  if (item == nullptr) {
    return LineError(cart_error::kCatalogItemIdIsNotValid,
                     "Catalog item " + id + " was not found in the catalog.");
  }
  const MarketPrice* price = item->PriceIn(customer.country);
  if (price == nullptr || !EqualsIgnoreCase(price->currency, customer.currency)) {
    return LineError(cart_error::kCurrencyIsNotSupported,
                     "Catalog item " + id + " is not sold in market " + customer.country + " in " +
                         customer.currency + ".");
  }
  const std::string term = line.term_duration.value_or("");
  if (!item->Offers(*line.billing_cycle, term)) {
    return LineError(cart_error::kBillingPlanNotSupported,
                     "Catalog item " + id + " is not offered with billing cycle " +
                         partnercenter::ToString(*line.billing_cycle) + " and " + TermText(line) +
                         ".");
  }
  if (item->max_quantity && line.quantity > *item->max_quantity) {
    return LineError(cart_error::kMaxAllowedSeatsPerSubscriptionExceeded,
                     "Quantity " + std::to_string(line.quantity) + " exceeds the maximum of " +
                         std::to_string(*item->max_quantity) + " for catalog item " + id + ".");
  }
  if (line.quantity < item->min_quantity) {
    return LineError(
        item->addon_parent ? cart_error::kMinimumAddOnSeatsNotMet : cart_error::kInvalidInput,
        "Quantity " + std::to_string(line.quantity) + " is below the minimum of " +
            std::to_string(item->min_quantity) + " for catalog item " + id + ".");
  }
  for (const std::string& variable : item->provisioning_variables) {
    const auto value = ProvisioningValue(line, variable);
    if (!value || value->empty()) {
      return LineError(cart_error::kInvalidInput,
                       "Catalog item " + id + " requires provisioningContext." + variable + ".");
    }
  }
  if (item->attestation_required && line.attestation_accepted != true) {
    return LineError(cart_error::kAttestationNotAccepted,
                     "Catalog item " + id + " requires attestationAccepted to be true.");
  }
  if (line.promotion_id && !line.promotion_id->empty() &&
      std::none_of(item->promotion_ids.begin(), item->promotion_ids.end(),
                   [&](const std::string& p) { return EqualsIgnoreCase(p, *line.promotion_id); })) {
    return LineError(
        cart_error::kInvalidPromotionId,
        "Promotion " + *line.promotion_id + " is not valid for catalog item " + id + ".");
  }
  if (line.custom_term_end_date) {
    if (auto problem = CheckCustomTermEndDate(line, *item, *line.custom_term_end_date, context)) {
      return problem;
    }
  }
  if (parent != nullptr) {
    if (!item->addon_parent) {
      return LineError(cart_error::kUnableToProcessCartLineItem,
                       "Catalog item " + id + " is not an add-on and cannot be in addonItems.");
    }
    if (!EqualsIgnoreCase(*item->addon_parent, *parent->catalog_item_id)) {
      return LineError(cart_error::kUnableToProcessCartLineItem,
                       "Catalog item " + id + " is an add-on of " + *item->addon_parent +
                           ", not of " + *parent->catalog_item_id + ".");
    }
    if (parent->quantity < item->min_parent_quantity) {
      return LineError(cart_error::kBaseOfferSeatQuantityNotMet,
                       "Add-on " + id + " needs at least " +
                           std::to_string(item->min_parent_quantity) + " seats of " +
                           *parent->catalog_item_id + "; the parent line has " +
                           std::to_string(parent->quantity) + ".");
    }
  } else if (item->addon_parent) {
    // An add-on bought on its own attaches to an existing subscription of its parent.
    const auto parent_subscription = ProvisioningValue(line, "parentSubscriptionId");
    if (!parent_subscription || parent_subscription->empty()) {
      return LineError(cart_error::kInvalidInput,
                       "Add-on " + id + " must be in the addonItems of a " + *item->addon_parent +
                           " line, or name provisioningContext.parentSubscriptionId.");
    }
  }
  return std::nullopt;
}

PurchaseSystem PurchaseSystemOf(const CartLineItem& line, const Catalog* catalog) {
  const std::string& id = line.catalog_item_id.value_or("");
  if (catalog != nullptr) {
    if (const CatalogItem* item = catalog->Find(id)) return item->purchase_system;
  }
  return PurchaseSystemByIdShape(id);
}

void SetGroup(CartLineItem& line, const std::string& group) {
  line.order_group = group;
  if (line.addon_items) {
    for (CartLineItem& addon : *line.addon_items) SetGroup(addon, group);
  }
}

}  // namespace

void ForEachLine(const std::vector<CartLineItem>& lines,
                 const std::function<void(const CartLineItem&, const CartLineItem*)>& visit) {
  // A recursive lambda would need std::function anyway; a small explicit recursion reads better.
  struct Walker {
    const std::function<void(const CartLineItem&, const CartLineItem*)>& visit;
    void Walk(const std::vector<CartLineItem>& level, const CartLineItem* parent) const {
      for (const CartLineItem& line : level) {
        visit(line, parent);
        if (line.addon_items) Walk(*line.addon_items, &line);
      }
    }
  };
  Walker{visit}.Walk(lines, nullptr);
}

std::optional<std::string> ProvisioningValue(const CartLineItem& line, std::string_view key) {
  if (!line.provisioning_context) return std::nullopt;
  for (const auto& [k, v] : *line.provisioning_context) {
    if (EqualsIgnoreCase(k, key)) return v;
  }
  return std::nullopt;
}

int CountLines(const std::vector<CartLineItem>& lines) {
  int count = 0;
  ForEachLine(lines, [&](const CartLineItem&, const CartLineItem*) { ++count; });
  return count;
}

Status CheckLineItems(const std::vector<CartLineItem>& lines, const LineLimits& limits) {
  if (lines.empty()) return InvalidInput("lineItems is required and must not be empty");
  const int count = CountLines(lines);
  if (count > limits.max_line_items) {
    return InvalidInput("a cart holds at most " + std::to_string(limits.max_line_items) +
                        " line items (add-ons included); this one has " + std::to_string(count));
  }
  return CheckLevel(lines, "", limits);
}

std::vector<CartLineItem> PrepareLines(std::vector<CartLineItem> lines, const Customer& customer,
                                       const Catalog* catalog, const LineContext& context) {
  AssignIds(lines);
  VisitMutable(lines, nullptr, [&](CartLineItem& line, CartLineItem* parent) {
    const std::optional<std::string> requested_currency = std::move(line.currency_code);
    line.currency_code = customer.currency;
    line.order_group.reset();
    line.purchase_system.reset();
    if (!line.provisioning_context) line.provisioning_context.emplace();
    line.error = FindLineProblem(line, parent, requested_currency, customer, catalog, context);
  });
  AssignOrderGroups(lines, catalog);
  return lines;
}

std::optional<CartError> CheckCustomTermEndDate(const CartLineItem& line, const CatalogItem& item,
                                                Timestamp end, const LineContext& context) {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar types
  const std::string term = line.term_duration.value_or("");
  const bool trial = line.billing_cycle == BillingCycle::kNone;
  const std::optional<Timestamp> term_end = TermEnd(context.now, term);
  if (item.purchase_system != PurchaseSystem::kModern ||
      item.product_kind != ProductKind::kOnlineServices || !term_end || trial ||
      line.billing_cycle == BillingCycle::kOneTime) {
    return LineError(cart_error::kInvalidCustomTermEndDateProduct,
                     "Catalog item " + item.catalog_item_id +
                         " does not take a customTermEndDate: only licence-based new-commerce "
                         "items bought for a term do.");
  }
  const sys_days start = floor<days>(context.now);
  const sys_days last = floor<days>(*term_end);
  const year_month_day last_ymd{last};
  const sys_days month_end = sys_days(last_ymd.year() / last_ymd.month() / std::chrono::last);
  // The term's last day if it ends a month, else the last day of the month before.
  const sys_days aligned =
      month_end == last ? last : sys_days(last_ymd.year() / last_ymd.month() / 1) - days(1);
  const sys_days wanted = floor<days>(end);
  if (wanted == aligned) return std::nullopt;
  for (Timestamp coterm : context.coterm_end_dates) {
    const sys_days day = floor<days>(coterm);
    if (wanted == day && day > start && day <= last) return std::nullopt;
  }
  return LineError(cart_error::kInvalidCustomTermEndDate,
                   "customTermEndDate " + partnercenter::FormatTimestamp(end).substr(0, 10) +
                       " is not an end date this term allows: use the end of a calendar month (" +
                       partnercenter::FormatTimestamp(Timestamp(aligned)).substr(0, 10) +
                       ") or the end date of an active subscription of the customer within the "
                       "term.");
}

void AssignOrderGroups(std::vector<CartLineItem>& lines, const Catalog* catalog) {
  std::map<std::pair<PurchaseSystem, BillingCycle>, std::string> groups;
  int next_modern = 0;
  int next_legacy = 0;
  for (CartLineItem& line : lines) {
    const PurchaseSystem system = PurchaseSystemOf(line, catalog);
    const auto key = std::make_pair(system, line.billing_cycle.value_or(BillingCycle::kUnknown));
    auto it = groups.find(key);
    if (it == groups.end()) {
      std::string name = system == PurchaseSystem::kLegacy ? "OMS-" + std::to_string(next_legacy++)
                                                           : std::to_string(next_modern++);
      it = groups.emplace(key, std::move(name)).first;
    }
    SetGroup(line, it->second);
  }
}

}  // namespace cartd
