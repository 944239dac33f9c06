// The text forms cartctl reads from its flags: cart lines ("--item") and quantity changes
// ("--set-quantity").
#pragma once

#include <string>
#include <string_view>

#include "partnercenter/models.h"
#include "partnercenter/result.h"

namespace cartctl {

// "CATALOG_ITEM_ID,QUANTITY,BILLING_CYCLE[,TERM]", e.g. "DZH318Z0BQ3Q:0007:DZH318Z0BJP7,2,monthly"
// or "CFQ7TTC0LH18:0001:CFQ7TTC0K971,5,annual,P1Y". The billing cycle is a wire spelling
// ("one_time"), in any case, or its PascalCase form ("OneTime").
// Errors: kInvalidArgument with a description naming `spec` and what is wrong.
partnercenter::Result<partnercenter::CartLineItem> ParseItemSpec(std::string_view spec);

// "LINE=N": line id and new quantity, both decimal integers (N may be 0 or more; the service
// decides what it accepts). Errors: kInvalidArgument.
struct QuantityChange {
  int line_id = 0;
  int quantity = 0;
  friend bool operator==(const QuantityChange&, const QuantityChange&) = default;
};
partnercenter::Result<QuantityChange> ParseQuantityChange(std::string_view text);

// Sets the quantity of the line with id `change.line_id`, searching add-ons too. False when the
// cart has no such line.
bool ApplyQuantityChange(partnercenter::Cart& cart, const QuantityChange& change);

}  // namespace cartctl
