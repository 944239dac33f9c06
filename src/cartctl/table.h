// cartctl's human-readable output: a block of "Name  value" lines for a resource, then one table
// row per cart line or order line, columns padded to their widest cell.
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

}  // namespace cartctl
