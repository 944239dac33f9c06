// cartctl's human-readable output: a block of "Name  value" lines for a resource, then one table
// row per cart line, order line or term; lists are one row per resource. Columns are padded to
// their widest cell.
#pragma once

#include <string>
#include <vector>

#include "partnercenter/models.h"
#include "partnercenter/stand_in.h"

namespace cartctl {

// Rows of cells rendered as aligned columns, two spaces apart, trailing spaces trimmed.
std::string FormatColumns(const std::vector<std::vector<std::string>>& rows);

// The cart's header (id, status, timestamps, last modified user, ETag when not empty), then one
// row per line: ID, CATALOG ITEM, QUANTITY, BILLING CYCLE, TERM, ORDER GROUP, ERROR. Add-ons
// follow their parent, their catalog item id prefixed with "+ ". Absent values show as "-".
std::string FormatCart(const partnercenter::Cart& cart, const std::string& etag);

// The order's header, then one row per order line.
std::string FormatOrder(const partnercenter::Order& order);

// One row per order: ID, BILLING CYCLE, CURRENCY, STATUS, CREATED, LINES, TOTAL.
std::string FormatOrders(const partnercenter::OrderCollection& orders);

// The orders a checkout placed, then its order errors, if any.
std::string FormatCheckout(const partnercenter::CartCheckoutResult& result);

// One row per order line: LINE, STATUS, QUANTITY (the line's units by provisioning state: "3
// fulfilled"); then the count.
std::string FormatProvisioningStatus(const partnercenter::ProvisioningStatusCollection& status);

// One row per subscription: ID, OFFER, QUANTITY, STATUS, BILLING CYCLE, TERM, ORDER; then the
// count.
std::string FormatSubscriptions(const partnercenter::SubscriptionCollection& subscriptions);
// The subscription's fields: id, offer, names, quantity, status, order, billing, term, dates.
std::string FormatSubscription(const partnercenter::Subscription& subscription);

// One row per product: ID, TITLE, TYPE (id/subType), PUBLISHER; then the count.
std::string FormatProducts(const partnercenter::ProductCollection& products);
// The product's fields: id, title, type, publisher, description.
std::string FormatProduct(const partnercenter::Product& product);
// One row per SKU: ID, TITLE, QUANTITY ("1-300"), BILLING CYCLES, TRIAL; then the count.
std::string FormatSkus(const partnercenter::SkuCollection& skus);
// The SKU's fields, with its prerequisites and variables.
std::string FormatSku(const partnercenter::Sku& sku);
// One row per availability: ID, CATALOG ITEM, CURRENCY, SEGMENT, TERMS ("P1M monthly, P1Y
// annual"), PURCHASABLE; then the count.
std::string FormatAvailabilities(const partnercenter::AvailabilityCollection& availabilities);
// The availability's fields, then one row per term: DURATION, BILLING CYCLE, DESCRIPTION.
std::string FormatAvailability(const partnercenter::Availability& availability);

// --- The stand-in controls (partnercenter/stand_in.h) ---

// Now, System now, Offset ("7d (PT604800S)").
std::string FormatStandInClock(const partnercenter::StandInClock& clock);
// The rule's fields: id, operation, partner and customer ("any" when not set), action, what it
// answers (status, code, description, Retry-After) or how long it waits, count ("unlimited"),
// probability, matched, fired.
std::string FormatFaultRule(const partnercenter::FaultRule& rule);
// One row per rule: ID, OPERATION, PARTNER, CUSTOMER, ACTION, EFFECT ("429 retry-after 2s",
// "503 code 800003", "2s", "-"), COUNT, PROBABILITY, MATCHED, FIRED; then the count.
std::string FormatFaultRules(const partnercenter::FaultRuleCollection& rules);
// The journal's header row and one row per entry as given (newest first from the service):
// SEQ, RECEIVED, METHOD, STATUS ("dropped" for 0), LATENCY ("1.25ms"), FAULT, TARGET; then the
// count.
std::string FormatJournal(const partnercenter::JournalEntryCollection& entries);
// The header and the row of one entry as FormatJournal lays them out, but with fixed column
// widths, so that rows printed one at a time (requests tail --follow) line up.
std::string FormatJournalHeader();
std::string FormatJournalLine(const partnercenter::JournalEntry& entry);
// "Reset to" (for a reset), "Customers", "Carts", then one row per cart: PARTNER, CUSTOMER, CART.
std::string FormatLoadedFixtures(const partnercenter::LoadedFixtures& loaded);
// One row per customer: PARTNER, ID, COUNTRY, CURRENCY, COMPANY; then the count.
std::string FormatStandInCustomers(const partnercenter::StandInCustomerCollection& customers);

}  // namespace cartctl
