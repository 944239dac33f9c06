// cartctl's human-readable output: a block of "Name  value" lines for a resource, then one table
// row per cart line, order line or term; lists are one row per resource. Columns are padded to
// their widest cell.
#pragma once

#include <string>
#include <vector>

#include "partnercenter/models.h"

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

}  // namespace cartctl
