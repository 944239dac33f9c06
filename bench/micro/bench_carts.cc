#include "micro/bench_carts.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cartd::bench {
namespace {

using partnercenter::BillingCycle;
using partnercenter::CartLineItem;
using partnercenter::Participant;
using partnercenter::ParticipantType;
using partnercenter::StringPairs;
using partnercenter::Timestamp;

// 2021-08-18T17:29:52.3517492Z, the contract example's creation time.
constexpr Timestamp kCreated{partnercenter::Ticks(16293077923517492)};

CartLineItem MakeLine(int index) {
  CartLineItem line;
  line.id = index;
  line.quantity = 1 + index % 7;
  switch (index % 4) {
    case 0:
      line.catalog_item_id = "CFQ7TTC0LFLS:0002:CFQ7TTC0KDLJ";
      line.friendly_name = "desk seats " + std::to_string(index);
      line.billing_cycle = BillingCycle::kMonthly;
      line.term_duration = "P1Y";
      line.participants =
          std::vector<Participant>{{ParticipantType::kTransactionReseller, "5357564"}};
      break;
    case 1:
      line.catalog_item_id = "DG7GMGF0DWTL:0001:DG7GMGF0DSJB";
      line.billing_cycle = BillingCycle::kOneTime;
      line.provisioning_context =
          StringPairs{{"SubscriptionId", "3D5ECED6-1151-44C7-AEE6-70A4BB725666"},
                      {"Scope", "shared"},
                      {"Duration", "1Year"}};
      break;
    case 2:
      line.catalog_item_id = "MS-AZR-0145P";
      line.friendly_name = "azure plan";
      line.billing_cycle = BillingCycle::kMonthly;
      break;
    default:
      line.catalog_item_id = "DZH318Z0BQ36:004G:DZH318Z08C0S";
      line.billing_cycle = BillingCycle::kOneTime;
      line.term_duration = "P1Y";
      line.provisioning_context =
          StringPairs{{"subscriptionId", "1C461A25-F729-4FA5-AADB-280947DD05E8"},
                      {"scope", "shared"},
                      {"duration", "1Year"}};
      break;
  }
  return line;
}

}  // namespace

partnercenter::Cart MakeDraft(int line_count) {
  partnercenter::Cart cart;
  for (int i = 0; i < line_count; ++i) cart.line_items.push_back(MakeLine(i));
  return cart;
}

partnercenter::Cart MakeCart(int line_count) {
  partnercenter::Cart cart = MakeDraft(line_count);
  cart.id = "3e22b548-647d-4223-9675-1fcb6cb57665";
  cart.creation_timestamp = kCreated;
  cart.last_modified_timestamp = kCreated;
  cart.expiration_timestamp = kCreated + std::chrono::hours(24 * 7);
  cart.last_modified_user = "da62a0dc-35e9-4601-b48e-a047bd3ec7c1";
  cart.status = partnercenter::CartStatus::kActive;
  for (CartLineItem& line : cart.line_items) {
    line.currency_code = "USD";
    // As AssignOrderGroups numbers them for this line mix.
    if (line.catalog_item_id == "MS-AZR-0145P") {
      line.order_group = "OMS-0";
    } else {
      line.order_group = line.billing_cycle == BillingCycle::kOneTime ? "1" : "0";
    }
  }
  cart.links = partnercenter::StandardLinks{partnercenter::Link{
      "/customers/f81d98dd-c2f4-499e-a194-5619e260344e/carts/3e22b548-647d-4223-9675-1fcb6cb57665",
      "GET",
      {},
      std::nullopt}};
  cart.attributes = partnercenter::ResourceAttributes{std::nullopt, "Cart"};
  return cart;
}

}  // namespace cartd::bench
