// Customers: the customer tenants a partner may buy for.
#pragma once

#include <string>

namespace cartd {

// A customer tenant. Each belongs to exactly one partner tenant; its market decides the currency
// of its cart lines.
struct Customer {
  std::string partner_tenant;  // canonical GUID
  std::string id;              // canonical GUID (the customer tenant id)
  std::string country;         // ISO 3166-1 alpha-2, e.g. "US"
  std::string currency;        // ISO 4217, e.g. "USD"
  std::string company_name;    // informational
  friend bool operator==(const Customer&, const Customer&) = default;
};

}  // namespace cartd
