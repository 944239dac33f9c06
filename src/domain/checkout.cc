#include "domain/checkout.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/ids.h"
#include "domain/cart_lines.h"

namespace cartd {
namespace {

using partnercenter::CartLineItem;
using partnercenter::Order;
using partnercenter::OrderLineItem;
using partnercenter::ParticipantType;

// A line of a group with the subscription its parent line will get (for add-ons).
struct GroupLine {
  const CartLineItem* line;
  const CartLineItem* parent;
};

struct Group {
  std::string name;
  std::vector<GroupLine> lines;
};

std::vector<Group> GroupsInOrder(const std::vector<CartLineItem>& lines) {
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  ForEachLine(lines, [&](const CartLineItem& line, const CartLineItem* parent) {
    const std::string name = line.order_group.value_or("");
    auto [it, inserted] = index.emplace(name, groups.size());
    if (inserted) groups.push_back(Group{name, {}});
    groups[it->second].lines.push_back(GroupLine{&line, parent});
  });
  return groups;
}

double ToMajorUnits(std::int64_t minor, std::string_view currency) {
  return static_cast<double>(minor) / CurrencyMinorUnits(currency);
}

partnercenter::Link GetLink(std::string uri) {
  return partnercenter::Link{.uri = std::move(uri), .method = "GET", .headers = {}, .body = {}};
}

// Links to the catalog entries of a modern item, as Partner Center gives them.
std::optional<partnercenter::OrderLineItemLinks> CatalogLinks(const CatalogItem* item,
                                                              const Customer& customer) {
  if (item == nullptr || item->product_id.empty()) return std::nullopt;
  const std::string product = "/products/" + item->product_id;
  const std::string sku = product + "/skus/" + item->sku_id;
  const std::string country = "?country=" + customer.country;
  partnercenter::OrderLineItemLinks links;
  links.product = GetLink(product + country);
  links.sku = GetLink(sku + country);
  links.availability = GetLink(sku + "/availabilities/" + item->availability_id + country);
  return links;
}

OrderLineItem MakeOrderLine(const CartLineItem& line, const CatalogItem* item,
                            const Customer& customer, int number,
                            const std::optional<std::string>& parent_subscription,
                            std::int64_t* extended_total_minor) {
  OrderLineItem out;
  out.line_item_number = number;
  out.offer_id = *line.catalog_item_id;
  out.subscription_id = NewGuid();
  out.parent_subscription_id = parent_subscription;
  out.term_duration = line.term_duration;
  out.renews_to = line.renews_to;
  out.transaction_type = "New";
  out.promotion_id = line.promotion_id;
  out.custom_term_end_date = line.custom_term_end_date;
  out.friendly_name = item != nullptr ? item->title : line.friendly_name;
  out.quantity = line.quantity;
  if (item != nullptr) {
    if (const MarketPrice* price = item->PriceIn(customer.country)) {
      const std::int64_t extended = price->unit_price_minor * line.quantity;
      *extended_total_minor += extended;
      partnercenter::Pricing pricing;
      pricing.list_price = ToMajorUnits(price->unit_price_minor, price->currency);
      pricing.price = pricing.list_price;
      pricing.extended_price = ToMajorUnits(extended, price->currency);
      out.pricing = pricing;
    }
  }
  if (line.participants) {
    for (const auto& participant : *line.participants) {
      if (participant.key == ParticipantType::kTransactionReseller) {
        out.partner_id_on_record = participant.value;
      } else if (participant.key == ParticipantType::kAdditionalTransactionReseller) {
        if (!out.additional_partner_ids_on_record) out.additional_partner_ids_on_record.emplace();
        out.additional_partner_ids_on_record->push_back(participant.value);
      }
    }
  }
  if (line.provisioning_context && !line.provisioning_context->empty()) {
    out.provisioning_context = line.provisioning_context;
  }
  out.attestation_accepted = line.attestation_accepted;
  out.links = CatalogLinks(item, customer);
  return out;
}

// Why `group` cannot be ordered, if it cannot.
std::optional<partnercenter::OrderError> GroupProblem(const Group& group, const Catalog* catalog) {
  if (catalog == nullptr) return std::nullopt;
  for (const GroupLine& entry : group.lines) {
    const std::string& id = *entry.line->catalog_item_id;
    const CatalogItem* item = catalog->Find(id);
    if (item == nullptr || !item->purchasable) {
      return partnercenter::OrderError{
          .order_group_id = group.name,
          .code = kOrderErrorNotPurchasable,
          .description = "Catalog item " + id + " is not eligible for purchase.",
          .attributes = std::nullopt};
    }
  }
  return std::nullopt;
}

// Far in the future: the commitment end of a subscription that has no term (Partner Center shows
// 9999-12-10 for such Azure subscriptions).
Timestamp NoCommitmentEnd() {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar literals
  return Timestamp(sys_days{year(9999) / December / 10});
}

// Usage-billed Azure consumption (Azure plan, the legacy Azure offer): no licences to count.
// Without a catalog, the legacy Azure offer ids say so.
bool IsUsageBased(const partnercenter::OrderLineItem& line, const CatalogItem* item) {
  if (item != nullptr) return item->product_kind == ProductKind::kAzurePlan;
  return line.offer_id.starts_with("MS-AZR-");
}

}  // namespace

std::optional<Timestamp> TermEnd(Timestamp start, std::string_view term) {
  using namespace std::chrono;  // NOLINT(google-build-using-namespace): calendar types
  if (term.size() < 3 || term.front() != 'P' || (term.back() != 'M' && term.back() != 'Y')) {
    return std::nullopt;
  }
  int count = 0;
  for (char c : term.substr(1, term.size() - 2)) {
    if (c < '0' || c > '9' || count > 1000) return std::nullopt;
    count = count * 10 + (c - '0');
  }
  if (count == 0) return std::nullopt;
  const months length(term.back() == 'Y' ? 12 * count : count);
  const year_month_day first{floor<days>(start)};
  // A day the later month lacks is its last day (31 January + 1 month is 28 February), as .NET's
  // DateTime.AddMonths has it.
  year_month_day later = first + length;
  if (!later.ok()) later = later.year() / later.month() / std::chrono::last;
  return Timestamp(sys_days(later) - days(1));
}

partnercenter::Subscription MakeSubscription(const partnercenter::Order& order,
                                             const OrderLineItem& line,
                                             const CartLineItem& cart_line,
                                             const CatalogItem* item) {
  const Timestamp start = order.creation_date.value_or(Timestamp{});
  const bool usage = IsUsageBased(line, item);
  const std::string term = line.term_duration.value_or("");
  const bool periodic = order.billing_cycle != partnercenter::BillingCycle::kOneTime &&
                        order.billing_cycle != partnercenter::BillingCycle::kNone;
  partnercenter::Subscription s;
  s.id = line.subscription_id.value_or("");
  s.offer_id = line.offer_id;
  s.offer_name = item != nullptr ? item->title : line.friendly_name;
  s.friendly_name = cart_line.friendly_name ? cart_line.friendly_name : s.offer_name;
  s.quantity = line.quantity;
  s.unit_type = usage ? "Usage-based" : "Licenses";
  s.parent_subscription_id = line.parent_subscription_id;
  s.has_purchasable_addons = false;
  s.creation_date = start;
  s.effective_start_date = start;
  s.commitment_end_date = line.custom_term_end_date
                              ? line.custom_term_end_date
                              : TermEnd(start, term).value_or(NoCommitmentEnd());
  s.status = order.status == "completed" ? "active" : "pending";
  s.auto_renew_enabled = !term.empty() && periodic;
  s.is_trial = order.billing_cycle == partnercenter::BillingCycle::kNone;
  s.billing_type = usage ? "usage" : "license";
  s.billing_cycle = order.billing_cycle;
  if (!term.empty()) {
    s.term_duration = term;
    s.renewal_term_duration =
        line.renews_to && line.renews_to->term_duration ? *line.renews_to->term_duration : term;
  }
  s.is_microsoft_product = true;
  s.partner_id = line.partner_id_on_record;
  s.contract_type = "subscription";
  s.promotion_id = line.promotion_id;
  s.publisher_name = "Microsoft Corporation";
  s.order_id = order.id;
  return s;
}

PlacedOrders PlaceOrders(const CartRecord& cart, const Customer& customer, const Catalog* catalog,
                         Timestamp now) {
  PlacedOrders placed;
  for (const Group& group : GroupsInOrder(cart.cart.line_items)) {
    if (auto problem = GroupProblem(group, catalog)) {
      placed.result.order_errors.push_back(std::move(*problem));
      continue;
    }
    Order order;
    order.id = NewHexId(12);
    order.alternate_id = order.id;
    order.reference_customer_id = customer.id;
    order.billing_cycle = group.lines.front().line->billing_cycle;
    order.currency_code = customer.currency;
    order.currency_symbol = CurrencySymbol(customer.currency);
    order.creation_date = now;
    // Partner Center shows legacy (OMS) orders completed at once; modern ones are provisioned.
    const bool legacy = group.name.starts_with("OMS-");
    order.status = legacy ? "completed" : "pending";
    order.transaction_type = "UserPurchase";
    order.partner_on_record_attestation_accepted = cart.cart.partner_on_record_attestation_accepted;

    std::map<const CartLineItem*, std::string> subscription_of;
    std::int64_t total_minor = 0;
    bool priced = catalog != nullptr;
    for (const GroupLine& entry : group.lines) {
      const CatalogItem* item =
          catalog != nullptr ? catalog->Find(*entry.line->catalog_item_id) : nullptr;
      std::optional<std::string> parent_subscription =
          entry.parent != nullptr ? std::optional<std::string>(subscription_of[entry.parent])
                                  : ProvisioningValue(*entry.line, "parentSubscriptionId");
      OrderLineItem line =
          MakeOrderLine(*entry.line, item, customer, static_cast<int>(order.line_items.size()),
                        parent_subscription, &total_minor);
      priced = priced && line.pricing.has_value();
      subscription_of[entry.line] = *line.subscription_id;
      order.line_items.push_back(std::move(line));
    }
    if (priced) order.total_price = ToMajorUnits(total_minor, customer.currency);

    for (std::size_t i = 0; i < group.lines.size(); ++i) {
      const CartLineItem& cart_line = *group.lines[i].line;
      const CatalogItem* item =
          catalog != nullptr ? catalog->Find(*cart_line.catalog_item_id) : nullptr;
      partnercenter::Subscription subscription =
          MakeSubscription(order, order.line_items[i], cart_line, item);
      placed.subscriptions.push_back(SubscriptionRecord{
          .key = SubscriptionKey{cart.key.partner_tenant, cart.key.customer_id, subscription.id},
          .order_id = order.id,
          .subscription = std::move(subscription)});
    }
    placed.records.push_back(
        OrderRecord{.key = OrderKey{cart.key.partner_tenant, cart.key.customer_id, order.id},
                    .cart_id = cart.key.cart_id,
                    .version = 1,
                    .order = order});
    placed.result.orders.push_back(std::move(order));
  }
  return placed;
}

}  // namespace cartd
