#include "cartctl/table.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string_view>

namespace cartctl {
namespace {

using partnercenter::CartLineItem;

constexpr char kAbsent[] = "-";

std::string Or(const std::optional<std::string>& value) { return value ? *value : kAbsent; }

std::string Or(const std::optional<partnercenter::Timestamp>& value) {
  return value ? partnercenter::FormatTimestamp(*value) : kAbsent;
}

std::string Or(const std::optional<int>& value) { return value ? std::to_string(*value) : kAbsent; }

std::string Or(const std::optional<partnercenter::BillingCycle>& value) {
  return value ? partnercenter::ToString(*value) : kAbsent;
}

// Prices are doubles on the wire; two decimals is how people read amounts of money.
std::string Money(const std::optional<double>& value) {
  if (!value) return kAbsent;
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.2f", *value);
  return buffer;
}

std::string Fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t width = 0;
  for (const auto& [name, value] : fields) width = std::max(width, name.size());
  std::string out;
  for (const auto& [name, value] : fields) {
    out += name;
    out.append(width - name.size() + 2, ' ');
    out += value;
    out += '\n';
  }
  return out;
}

// Cells hold no line breaks: a description with one would break the table's rows.
std::string OneLine(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return text;
}

void AddLineRows(const std::vector<CartLineItem>& lines, int depth,
                 std::vector<std::vector<std::string>>& rows) {
  for (const CartLineItem& line : lines) {
    std::string item = std::string(2 * static_cast<std::size_t>(depth), ' ');
    if (depth > 0) item += "+ ";
    item += Or(line.catalog_item_id);
    std::string error = kAbsent;
    if (line.error) {
      error = OneLine(line.error->error_description) + " (" +
              std::to_string(line.error->error_code) + ")";
    }
    rows.push_back({Or(line.id), item, std::to_string(line.quantity), Or(line.billing_cycle),
                    Or(line.term_duration), Or(line.order_group), error});
    if (line.addon_items) AddLineRows(*line.addon_items, depth + 1, rows);
  }
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// Free text on one line; "-" when empty.
std::string Text(const std::string& text) { return text.empty() ? kAbsent : OneLine(text); }

// "a, b, c", or "-" for none.
std::string List(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out.empty() ? kAbsent : out;
}

std::string Cycles(const std::vector<partnercenter::BillingCycle>& cycles) {
  std::vector<std::string> names;
  for (const auto cycle : cycles) names.emplace_back(partnercenter::ToString(cycle));
  return List(names);
}

// "Azure/VirtualMachines", or the type's id alone.
std::string TypeOf(const partnercenter::ItemType& type) {
  return type.sub_type ? type.id + "/" + type.sub_type->id : type.id;
}

std::string Quantities(const partnercenter::Sku& sku) {
  return std::to_string(sku.minimum_quantity) + "-" + std::to_string(sku.maximum_quantity);
}

// "P1Y Monthly", as a cart line's termDuration and billingCycle would name it: "P1Y monthly".
std::string TermOf(const partnercenter::Term& term) {
  std::string cycle = Or(term.billing_cycle);
  if (!cycle.empty() && cycle[0] >= 'A' && cycle[0] <= 'Z')
    cycle[0] = static_cast<char>(cycle[0] - 'A' + 'a');
  return Or(term.duration) + " " + cycle;
}

std::string Count(int count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural) + "\n";
}

}  // namespace

std::string FormatColumns(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  }
  return out;
}

std::string FormatCart(const partnercenter::Cart& cart, const std::string& etag) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Cart", Or(cart.id)},
      {"Status", cart.status ? partnercenter::ToString(*cart.status) : kAbsent},
      {"Created", Or(cart.creation_timestamp)},
      {"Last modified", Or(cart.last_modified_timestamp)},
      {"Last modified by", Or(cart.last_modified_user)},
      {"Expires", Or(cart.expiration_timestamp)},
  };
  if (!etag.empty()) fields.emplace_back("ETag", etag);
  std::vector<std::vector<std::string>> rows = {
      {"ID", "CATALOG ITEM", "QUANTITY", "BILLING CYCLE", "TERM", "ORDER GROUP", "ERROR"}};
  AddLineRows(cart.line_items, 0, rows);
  return Fields(fields) + "\n" + FormatColumns(rows);
}

std::string FormatOrder(const partnercenter::Order& order) {
  const std::string header = Fields({
      {"Order", order.id},
      {"Status", Or(order.status)},
      {"Created", Or(order.creation_date)},
      {"Billing cycle", Or(order.billing_cycle)},
      {"Currency", Or(order.currency_code)},
      {"Total", Money(order.total_price)},
  });
  std::vector<std::vector<std::string>> rows = {
      {"LINE", "OFFER", "QUANTITY", "TERM", "SUBSCRIPTION", "PRICE", "PARTNER ON RECORD"}};
  for (const auto& line : order.line_items) {
    rows.push_back({std::to_string(line.line_item_number), line.offer_id,
                    std::to_string(line.quantity), Or(line.term_duration), Or(line.subscription_id),
                    Money(line.pricing ? line.pricing->extended_price : std::nullopt),
                    Or(line.partner_id_on_record)});
  }
  return header + "\n" + FormatColumns(rows);
}

std::string FormatOrders(const partnercenter::OrderCollection& orders) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "BILLING CYCLE", "CURRENCY", "STATUS", "CREATED", "LINES", "TOTAL"}};
  for (const auto& order : orders.items) {
    rows.push_back({order.id, Or(order.billing_cycle), Or(order.currency_code), Or(order.status),
                    Or(order.creation_date), std::to_string(order.line_items.size()),
                    Money(order.total_price)});
  }
  return FormatColumns(rows) + std::to_string(orders.total_count) +
         (orders.total_count == 1 ? " order\n" : " orders\n");
}

std::string FormatCheckout(const partnercenter::CartCheckoutResult& result) {
  std::vector<std::vector<std::string>> rows = {
      {"ORDER", "BILLING CYCLE", "CURRENCY", "STATUS", "LINES", "TOTAL"}};
  for (const auto& order : result.orders) {
    rows.push_back({order.id, Or(order.billing_cycle), Or(order.currency_code), Or(order.status),
                    std::to_string(order.line_items.size()), Money(order.total_price)});
  }
  std::string out = FormatColumns(rows);
  if (!result.order_errors.empty()) {
    std::vector<std::vector<std::string>> errors = {{"ORDER GROUP", "CODE", "DESCRIPTION"}};
    for (const auto& error : result.order_errors) {
      errors.push_back(
          {error.order_group_id, std::to_string(error.code), OneLine(error.description)});
    }
    out += "\n" + FormatColumns(errors);
  }
  return out;
}

std::string FormatProvisioningStatus(const partnercenter::ProvisioningStatusCollection& status) {
  std::vector<std::vector<std::string>> rows = {{"LINE", "STATUS", "QUANTITY"}};
  for (const auto& line : status.items) {
    std::vector<std::string> quantities;
    for (const auto& part : line.quantity_provisioning_information) {
      quantities.push_back(std::to_string(part.quantity) + " " + part.status);
    }
    rows.push_back({std::to_string(line.line_item_number), Text(line.status), List(quantities)});
  }
  return FormatColumns(rows) + Count(status.total_count, "line", "lines");
}

std::string FormatSubscriptions(const partnercenter::SubscriptionCollection& subscriptions) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "OFFER", "QUANTITY", "STATUS", "BILLING CYCLE", "TERM", "ORDER"}};
  for (const auto& subscription : subscriptions.items) {
    rows.push_back({subscription.id, Or(subscription.offer_id),
                    std::to_string(subscription.quantity), Or(subscription.status),
                    Or(subscription.billing_cycle), Or(subscription.term_duration),
                    Or(subscription.order_id)});
  }
  return FormatColumns(rows) + Count(subscriptions.total_count, "subscription", "subscriptions");
}

std::string FormatSubscription(const partnercenter::Subscription& subscription) {
  const auto yes_no = [](const std::optional<bool>& value) {
    return value ? YesNo(*value) : kAbsent;
  };
  return Fields({
      {"Subscription", subscription.id},
      {"Offer", Or(subscription.offer_id)},
      {"Offer name", Or(subscription.offer_name)},
      {"Friendly name", Or(subscription.friendly_name)},
      {"Quantity", std::to_string(subscription.quantity)},
      {"Unit type", Or(subscription.unit_type)},
      {"Status", Or(subscription.status)},
      {"Order", Or(subscription.order_id)},
      {"Parent", Or(subscription.parent_subscription_id)},
      {"Billing cycle", Or(subscription.billing_cycle)},
      {"Billing type", Or(subscription.billing_type)},
      {"Term", Or(subscription.term_duration)},
      {"Auto renew", yes_no(subscription.auto_renew_enabled)},
      {"Trial", yes_no(subscription.is_trial)},
      {"Created", Or(subscription.creation_date)},
      {"Starts", Or(subscription.effective_start_date)},
      {"Commitment ends", Or(subscription.commitment_end_date)},
      {"Cancellable until", Or(subscription.cancellation_allowed_until_date)},
  });
}

std::string FormatProducts(const partnercenter::ProductCollection& products) {
  std::vector<std::vector<std::string>> rows = {{"ID", "TITLE", "TYPE", "PUBLISHER"}};
  for (const auto& product : products.items) {
    rows.push_back({product.id, OneLine(product.title), TypeOf(product.product_type),
                    Or(product.publisher_name)});
  }
  return FormatColumns(rows) + Count(products.total_count, "product", "products");
}

std::string FormatProduct(const partnercenter::Product& product) {
  return Fields({
      {"Product", product.id},
      {"Title", OneLine(product.title)},
      {"Type", TypeOf(product.product_type)},
      {"Publisher", Or(product.publisher_name)},
      {"Description", Text(product.description)},
  });
}

std::string FormatSkus(const partnercenter::SkuCollection& skus) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "TITLE", "QUANTITY", "BILLING CYCLES", "TRIAL"}};
  for (const auto& sku : skus.items) {
    rows.push_back({sku.id, OneLine(sku.title), Quantities(sku),
                    Cycles(sku.supported_billing_cycles), YesNo(sku.is_trial)});
  }
  return FormatColumns(rows) + Count(skus.total_count, "SKU", "SKUs");
}

std::string FormatSku(const partnercenter::Sku& sku) {
  return Fields({
      {"SKU", sku.id},
      {"Product", sku.product_id},
      {"Title", OneLine(sku.title)},
      {"Description", Text(sku.description)},
      {"Quantity", Quantities(sku)},
      {"Billing cycles", Cycles(sku.supported_billing_cycles)},
      {"Trial", YesNo(sku.is_trial)},
      {"Prerequisites", List(sku.purchase_prerequisites)},
      {"Provisioning", List(sku.provisioning_variables)},
      {"Inventory", List(sku.inventory_variables.value_or(std::vector<std::string>{}))},
  });
}

std::string FormatAvailabilities(const partnercenter::AvailabilityCollection& availabilities) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "CATALOG ITEM", "CURRENCY", "SEGMENT", "TERMS", "PURCHASABLE"}};
  for (const auto& availability : availabilities.items) {
    std::vector<std::string> terms;
    for (const auto& term : availability.terms) terms.push_back(TermOf(term));
    rows.push_back({availability.id, availability.catalog_item_id,
                    availability.default_currency ? availability.default_currency->code : kAbsent,
                    Or(availability.segment), List(terms), YesNo(availability.is_purchasable)});
  }
  return FormatColumns(rows) + Count(availabilities.total_count, "availability", "availabilities");
}

std::string FormatAvailability(const partnercenter::Availability& availability) {
  const auto& currency = availability.default_currency;
  const std::string header = Fields({
      {"Availability", availability.id},
      {"Catalog item", availability.catalog_item_id},
      {"Product", availability.product_id},
      {"SKU", availability.sku_id},
      {"Country", Or(availability.country)},
      {"Currency", currency ? currency->code + " (" + currency->symbol + ")" : kAbsent},
      {"Segment", Or(availability.segment)},
      {"Purchasable", YesNo(availability.is_purchasable)},
      {"Renewable", YesNo(availability.is_renewable)},
  });
  std::vector<std::vector<std::string>> rows = {{"TERM", "BILLING CYCLE", "DESCRIPTION"}};
  for (const auto& term : availability.terms) {
    rows.push_back({Or(term.duration), Or(term.billing_cycle), OneLine(term.description)});
  }
  return header + "\n" + FormatColumns(rows);
}

namespace {

std::string Seconds(std::int64_t seconds) { return std::to_string(seconds) + "s"; }

// What an armed rule does when it fires.
std::string EffectOf(const partnercenter::FaultRule& rule) {
  switch (rule.action) {
    case partnercenter::FaultAction::kError: {
      std::string effect = Or(rule.status);
      if (rule.code) effect += " code " + std::to_string(*rule.code);
      if (rule.retry_after_seconds) effect += " retry-after " + Seconds(*rule.retry_after_seconds);
      return effect;
    }
    case partnercenter::FaultAction::kDelay:
      return rule.delay ? partnercenter::FormatShortDuration(*rule.delay) : kAbsent;
    case partnercenter::FaultAction::kDrop:
      break;
  }
  return kAbsent;
}

std::string AnyOr(const std::string& value) { return value.empty() ? "any" : value; }

std::string CountOf(const partnercenter::FaultRule& rule) {
  return rule.count ? std::to_string(*rule.count) : "unlimited";
}

std::string Probability(const std::optional<double>& probability) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", probability.value_or(1.0));
  return buffer;
}

std::vector<std::string> JournalCells(const partnercenter::JournalEntry& entry) {
  char latency[32];
  std::snprintf(latency, sizeof latency, "%.2fms", entry.latency_ms);
  return {std::to_string(entry.sequence),
          partnercenter::FormatTimestamp(entry.received),
          entry.method,
          entry.status == 0 ? "dropped" : std::to_string(entry.status),
          latency,
          Text(entry.fault),
          OneLine(entry.target)};
}

const std::vector<std::string> kJournalHeader = {"SEQ",     "RECEIVED", "METHOD", "STATUS",
                                                 "LATENCY", "FAULT",    "TARGET"};

// Cells padded to the widths they usually need; the last one (the target) as it is.
std::string FixedWidthLine(const std::vector<std::string>& cells) {
  static constexpr std::size_t kWidths[] = {5, 28, 6, 7, 10, 10};
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) {
      const std::size_t width = i < std::size(kWidths) ? kWidths[i] : cells[i].size();
      line.append(width > cells[i].size() ? width - cells[i].size() + 2 : 2, ' ');
    }
  }
  return line + "\n";
}

}  // namespace

std::string FormatStandInClock(const partnercenter::StandInClock& clock) {
  return Fields({
      {"Now", partnercenter::FormatTimestamp(clock.now)},
      {"System now", partnercenter::FormatTimestamp(clock.system_now)},
      {"Offset", partnercenter::FormatShortDuration(clock.offset) + " (" +
                     partnercenter::FormatIsoSeconds(clock.offset) + ")"},
  });
}

std::string FormatFaultRule(const partnercenter::FaultRule& rule) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"Rule", Text(rule.id)},
      {"Operation", AnyOr(rule.operation)},
      {"Partner", AnyOr(rule.partner)},
      {"Customer", AnyOr(rule.customer)},
      {"Action", partnercenter::ToString(rule.action)},
  };
  if (rule.action == partnercenter::FaultAction::kError) {
    fields.emplace_back("Status", Or(rule.status));
    fields.emplace_back("Code", Or(rule.code));
    fields.emplace_back("Description", rule.description ? Text(*rule.description) : kAbsent);
    fields.emplace_back("Retry-After",
                        rule.retry_after_seconds ? Seconds(*rule.retry_after_seconds) : kAbsent);
  } else if (rule.action == partnercenter::FaultAction::kDelay) {
    fields.emplace_back("Delay", EffectOf(rule));
  }
  fields.emplace_back("Count", CountOf(rule));
  fields.emplace_back("Probability", Probability(rule.probability));
  fields.emplace_back("Matched", std::to_string(rule.matched));
  fields.emplace_back("Fired", std::to_string(rule.fired));
  return Fields(fields);
}

std::string FormatFaultRules(const partnercenter::FaultRuleCollection& rules) {
  std::vector<std::vector<std::string>> rows = {{"ID", "OPERATION", "PARTNER", "CUSTOMER", "ACTION",
                                                 "EFFECT", "COUNT", "PROBABILITY", "MATCHED",
                                                 "FIRED"}};
  for (const auto& rule : rules.items) {
    rows.push_back({rule.id, AnyOr(rule.operation), AnyOr(rule.partner), AnyOr(rule.customer),
                    partnercenter::ToString(rule.action), EffectOf(rule), CountOf(rule),
                    Probability(rule.probability), std::to_string(rule.matched),
                    std::to_string(rule.fired)});
  }
  return FormatColumns(rows) + Count(rules.total_count, "rule", "rules");
}

std::string FormatJournal(const partnercenter::JournalEntryCollection& entries) {
  std::vector<std::vector<std::string>> rows = {kJournalHeader};
  for (const auto& entry : entries.items) rows.push_back(JournalCells(entry));
  return FormatColumns(rows) + Count(entries.total_count, "request", "requests");
}

std::string FormatJournalHeader() { return FixedWidthLine(kJournalHeader); }

std::string FormatJournalLine(const partnercenter::JournalEntry& entry) {
  return FixedWidthLine(JournalCells(entry));
}

std::string FormatLoadedFixtures(const partnercenter::LoadedFixtures& loaded) {
  std::vector<std::pair<std::string, std::string>> fields;
  if (!loaded.to.empty()) fields.emplace_back("Reset to", loaded.to);
  fields.emplace_back("Customers", std::to_string(loaded.customers));
  fields.emplace_back("Carts", std::to_string(loaded.carts.size()));
  std::string out = Fields(fields);
  if (loaded.carts.empty()) return out;
  std::vector<std::vector<std::string>> rows = {{"PARTNER", "CUSTOMER", "CART"}};
  for (const auto& cart : loaded.carts)
    rows.push_back({cart.partner_tenant, cart.customer_id, cart.id});
  return out + "\n" + FormatColumns(rows);
}

std::string FormatStandInCustomers(const partnercenter::StandInCustomerCollection& customers) {
  std::vector<std::vector<std::string>> rows = {
      {"PARTNER", "ID", "COUNTRY", "CURRENCY", "COMPANY"}};
  for (const auto& customer : customers.items) {
    rows.push_back({customer.partner_tenant, customer.id, Text(customer.country),
                    Text(customer.currency), Text(customer.company_name)});
  }
  return FormatColumns(rows) + Count(customers.total_count, "customer", "customers");
}

}  // namespace cartctl
