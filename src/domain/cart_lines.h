// The rules a cart's line list follows: what makes a request invalid as a whole, how lines get
// their ids, currency, order group and line errors. Pure functions of their inputs.
//
// Lines are visited depth-first in document order: a line, then its add-ons (addonItems), then
// the next line. "Every line" below includes add-ons.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "domain/catalog.h"
#include "domain/customer.h"
#include "partnercenter/models.h"

namespace cartd {

struct LineLimits {
  int max_line_items = 250;      // every line, add-ons included
  int max_quantity = 1'000'000;  // per line
};

// Checks what the contract requires of a cart's lines: at least one line, no more than
// `max_line_items` lines, and on every line a catalogItemId, a quantity in [1, max_quantity] and
// a billingCycle other than "unknown".
// Errors: kInvalidInput naming the first offending line ("lineItems[0].addonItems[1]: ...").
Status CheckLineItems(const std::vector<partnercenter::CartLineItem>& lines,
                      const LineLimits& limits);

// What checking a line needs beyond the line, the customer and the catalog.
struct LineContext {
  // When the lines are being bought: a customTermEndDate is checked against terms starting now.
  Timestamp now{};
  // The commitment end dates of the customer's subscriptions, which a line may co-term with.
  std::vector<Timestamp> coterm_end_dates;
  // The integration sandbox's licences per subscription (SandboxLimits); 0: no such limit. A line
  // above it gets line error 10015.
  int max_licences = 0;
};

// Prepares checked lines for storage:
//  - ids: kept when every line has one, non-negative and unique; otherwise every line is
//    renumbered 0..n-1 depth-first;
//  - server-managed members the client sent (currencyCode, orderGroup, purchaseSystem, error)
//    are replaced: currencyCode becomes the customer's currency;
//  - provisioningContext becomes {} on lines without one (as Partner Center's examples show);
//  - each line is checked against `catalog` (nullptr: no catalog, nothing to check but the
//    currency) and gets `error` for the first problem found (SPEC §4 line errors), a
//    customTermEndDate included (CheckCustomTermEndDate);
//  - orderGroup is assigned (AssignOrderGroups).
// REQUIRES: CheckLineItems(lines) is OK.
std::vector<partnercenter::CartLineItem> PrepareLines(
    std::vector<partnercenter::CartLineItem> lines, const Customer& customer,
    const Catalog* catalog, const LineContext& context = {});

// Whether a line for `item` may name `end` as its customTermEndDate: only modern licence-based
// items bought for a term and billed periodically (not trials, billing cycle "none") may (else
// line error 10016), and only with an end date Partner Center offers (else 10017): the last day
// of a calendar month that ends the term early (the term's last day when that ends a month, else
// the last day of the month before), or the commitment end date of one of the customer's
// subscriptions that falls after `context.now` and within the term. Dates compare by day (UTC).
std::optional<partnercenter::CartError> CheckCustomTermEndDate(
    const partnercenter::CartLineItem& line, const CatalogItem& item, Timestamp end,
    const LineContext& context);

// Partitions lines into order groups by (purchase system, billing cycle): modern groups are
// "0", "1", ... and legacy groups "OMS-0", "OMS-1", ..., numbered by first appearance. Add-ons
// take their parent's group; termDuration does not split groups. The purchase system comes from
// `catalog` when it lists the item, else from the id's shape (PurchaseSystemByIdShape).
void AssignOrderGroups(std::vector<partnercenter::CartLineItem>& lines, const Catalog* catalog);

// Calls `visit` on every line depth-first, with its parent (nullptr for top-level lines).
void ForEachLine(const std::vector<partnercenter::CartLineItem>& lines,
                 const std::function<void(const partnercenter::CartLineItem& line,
                                          const partnercenter::CartLineItem* parent)>& visit);

// The value of `key` in the line's provisioningContext, keys compared case-insensitively.
std::optional<std::string> ProvisioningValue(const partnercenter::CartLineItem& line,
                                             std::string_view key);

// The number of lines, add-ons included.
int CountLines(const std::vector<partnercenter::CartLineItem>& lines);

}  // namespace cartd
