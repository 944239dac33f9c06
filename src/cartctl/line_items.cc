#include "cartctl/line_items.h"

#include <charconv>
#include <optional>
#include <vector>

namespace cartctl {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::Error;
using partnercenter::ErrorKind;
using partnercenter::Result;

Error InvalidArgument(std::string description) {
  Error error;
  error.kind = ErrorKind::kInvalidArgument;
  error.description = std::move(description);
  return error;
}

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// "one_time", "ONE_TIME", "OneTime" and "onetime" all name kOneTime.
std::optional<BillingCycle> ParseBillingCycle(std::string_view text) {
  const auto fold = [](std::string_view s) {
    std::string folded;
    for (char c : s) {
      if (c == '_') continue;
      folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return folded;
  };
  const std::string wanted = fold(text);
  for (BillingCycle cycle :
       {BillingCycle::kMonthly, BillingCycle::kAnnual, BillingCycle::kNone, BillingCycle::kOneTime,
        BillingCycle::kTriennial, BillingCycle::kBiennial, BillingCycle::kUnknown}) {
    if (fold(partnercenter::ToString(cycle)) == wanted) return cycle;
  }
  return std::nullopt;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

bool SetQuantity(std::vector<CartLineItem>& lines, const QuantityChange& change) {
  for (CartLineItem& line : lines) {
    if (line.id == change.line_id) {
      line.quantity = change.quantity;
      return true;
    }
    if (line.addon_items && SetQuantity(*line.addon_items, change)) return true;
  }
  return false;
}

}  // namespace

Result<CartLineItem> ParseItemSpec(std::string_view spec) {
  const std::string quoted = "--item '" + std::string(spec) + "'";
  const std::vector<std::string_view> parts = Split(spec, ',');
  if (parts.size() < 3 || parts.size() > 4) {
    return InvalidArgument(quoted + ": expected CATALOG_ITEM_ID,QUANTITY,BILLING_CYCLE[,TERM]");
  }
  if (parts[0].empty()) return InvalidArgument(quoted + ": the catalog item id is empty");
  const std::optional<int> quantity = ParseInt(parts[1]);
  if (!quantity) return InvalidArgument(quoted + ": the quantity is not an integer");
  const std::optional<BillingCycle> cycle = ParseBillingCycle(parts[2]);
  if (!cycle) {
    return InvalidArgument(quoted + ": unknown billing cycle '" + std::string(parts[2]) +
                           "' (monthly, annual, triennial, biennial, one_time, none)");
  }
  CartLineItem line;
  line.catalog_item_id = std::string(parts[0]);
  line.quantity = *quantity;
  line.billing_cycle = *cycle;
  if (parts.size() == 4) {
    if (parts[3].empty()) return InvalidArgument(quoted + ": the term is empty");
    line.term_duration = std::string(parts[3]);
  }
  return line;
}

Result<QuantityChange> ParseQuantityChange(std::string_view text) {
  const std::string quoted = "--set-quantity '" + std::string(text) + "'";
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) return InvalidArgument(quoted + ": expected LINE=N");
  const std::optional<int> line = ParseInt(text.substr(0, equals));
  const std::optional<int> quantity = ParseInt(text.substr(equals + 1));
  if (!line || !quantity) {
    return InvalidArgument(quoted + ": expected LINE=N with integers LINE and N");
  }
  return QuantityChange{*line, *quantity};
}

bool ApplyQuantityChange(partnercenter::Cart& cart, const QuantityChange& change) {
  return SetQuantity(cart.line_items, change);
}

}  // namespace cartctl
