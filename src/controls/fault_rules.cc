#include "controls/fault_rules.h"

#include <utility>

namespace cartd::controls {
namespace {

constexpr std::pair<FaultOperation, std::string_view> kOperationNames[] = {
    {FaultOperation::kAny, "any"},
    {FaultOperation::kCreate, "create"},
    {FaultOperation::kGet, "get"},
    {FaultOperation::kUpdate, "update"},
    {FaultOperation::kCheckout, "checkout"},
    {FaultOperation::kOrders, "orders"},
    {FaultOperation::kSubscriptions, "subscriptions"},
    {FaultOperation::kCatalog, "catalog"},
};

bool Matches(const FaultRule& rule, FaultOperation operation, std::string_view partner_tenant,
             std::string_view customer_id) {
  if (rule.operation != FaultOperation::kAny && rule.operation != operation) return false;
  if (!rule.partner_tenant.empty() && rule.partner_tenant != partner_tenant) return false;
  if (!rule.customer_id.empty() && rule.customer_id != customer_id) return false;
  return !rule.count || rule.fired < *rule.count;
}

}  // namespace

std::string_view FaultOperationName(FaultOperation operation) {
  for (const auto& [value, name] : kOperationNames) {
    if (value == operation) return name;
  }
  return "any";
}

std::optional<FaultOperation> ParseFaultOperation(std::string_view name) {
  for (const auto& [value, known] : kOperationNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

FaultRules::FaultRules(std::uint64_t seed) : random_(seed) {}

std::optional<FaultRule> FaultRules::Arm(FaultRule rule) {
  std::lock_guard lock(mutex_);
  if (rules_.size() >= kMaxRules) {
    // Spent rules make room: they can no longer fire.
    std::erase_if(
        rules_, [](const FaultRule& spent) { return spent.count && spent.fired >= *spent.count; });
  }
  if (rules_.size() >= kMaxRules) return std::nullopt;
  rule.id = "fault-" + std::to_string(next_id_++);
  rule.fired = 0;
  rule.matched = 0;
  rules_.push_back(rule);
  size_.store(rules_.size(), std::memory_order_release);
  return rule;
}

std::vector<FaultRule> FaultRules::List() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::size_t FaultRules::Clear(std::string_view id) {
  std::lock_guard lock(mutex_);
  const std::size_t before = rules_.size();
  std::erase_if(rules_, [id](const FaultRule& rule) { return id.empty() || rule.id == id; });
  size_.store(rules_.size(), std::memory_order_release);
  return before - rules_.size();
}

bool FaultRules::empty() const { return size_.load(std::memory_order_acquire) == 0; }

std::optional<FaultAction> FaultRules::Match(FaultOperation operation,
                                             std::string_view partner_tenant,
                                             std::string_view customer_id) {
  if (empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (FaultRule& rule : rules_) {
    if (!Matches(rule, operation, partner_tenant, customer_id)) continue;
    ++rule.matched;
    if (rule.probability < 1.0 &&
        std::uniform_real_distribution<double>(0.0, 1.0)(random_) >= rule.probability) {
      continue;
    }
    ++rule.fired;
    return FaultAction{.rule_id = rule.id,
                       .kind = rule.kind,
                       .status = rule.status,
                       .code = rule.code,
                       .description = rule.description,
                       .retry_after = rule.retry_after,
                       .delay = rule.delay};
  }
  return std::nullopt;
}

}  // namespace cartd::controls
