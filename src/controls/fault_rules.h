// FaultRules: the failures a test arms on purpose (SPEC §13, `/_cartd/faults`), in the manner of
// LocalStack's chaos API. A rule names the operations it applies to, optionally one partner or
// customer, what happens (a Partner Center–shaped error answer, a delay before the request is
// handled, or a connection dropped without an answer), and how often (at most `count` times,
// each time with `probability`). The first armed rule that matches a request and fires decides
// it. Rules live in one node's memory: each node of a cluster has its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace cartd::controls {

// What a request does, as fault rules name it.
enum class FaultOperation {
  kAny,
  kCreate,         // POST .../carts
  kGet,            // GET .../carts/{id}
  kUpdate,         // PUT .../carts/{id}
  kCheckout,       // POST .../carts/{id}/checkout
  kOrders,         // the order reads and the order's cancellation
  kSubscriptions,  // the subscription reads
  kCatalog,        // the products API
};

// "any", "create", "get", "update", "checkout", "orders", "subscriptions", "catalog".
std::string_view FaultOperationName(FaultOperation operation);
std::optional<FaultOperation> ParseFaultOperation(std::string_view name);

enum class FaultKind {
  kError,  // answer `status` with Partner Center's error body (`code`), or the gateway's 429
  kDelay,  // wait `delay`, then handle the request as usual
  kDrop,   // close the connection without answering
};

struct FaultRule {
  std::string id;  // assigned when armed
  FaultOperation operation = FaultOperation::kAny;
  std::string partner_tenant;  // "" matches every partner
  std::string customer_id;     // "" matches every customer (and the catalog, which has none)
  FaultKind kind = FaultKind::kError;
  int status = 503;                     // kError: the HTTP status
  int code = 800003;                    // kError: Partner Center's error code (unused for 429)
  std::string description;              // kError: the error's description; "" for the usual text
  std::chrono::seconds retry_after{0};  // kError: Retry-After (429 and 503); 0: none (1 for 429)
  std::chrono::milliseconds delay{0};   // kDelay
  std::optional<std::int64_t> count;    // fires at most this many times; nullopt: without end
  double probability = 1.0;             // each match fires with this probability, in (0, 1]
  std::int64_t fired = 0;               // how often it has fired
  std::int64_t matched = 0;             // how often a request matched it
};

// What a fired rule does to one request.
struct FaultAction {
  std::string rule_id;
  FaultKind kind = FaultKind::kError;
  int status = 503;
  int code = 800003;
  std::string description;
  std::chrono::seconds retry_after{0};
  std::chrono::milliseconds delay{0};
};

// Thread-safe.
class FaultRules {
 public:
  // The most rules armed at once: a bound on memory and on the work of Match.
  static constexpr std::size_t kMaxRules = 256;

  // `seed`: for the probability draws (tests give a fixed one).
  explicit FaultRules(std::uint64_t seed = std::random_device{}());

  // Arms `rule` (its id, fired and matched are set here) and returns it as armed. When kMaxRules
  // are armed, spent ones (count reached) are removed to make room; nullopt when none is spent.
  std::optional<FaultRule> Arm(FaultRule rule);

  // Every rule, in the order armed, with its counters. Spent rules (count reached) stay listed.
  std::vector<FaultRule> List() const;

  // Removes every rule (`id` empty) or the one named; returns how many were removed.
  std::size_t Clear(std::string_view id = {});

  // True when no rule is armed: the request path then skips Match without a lock.
  bool empty() const;

  // The action of the first rule that matches the request and fires, counting both.
  std::optional<FaultAction> Match(FaultOperation operation, std::string_view partner_tenant,
                                   std::string_view customer_id);

 private:
  mutable std::mutex mutex_;
  std::vector<FaultRule> rules_;  // guarded by mutex_
  std::mt19937_64 random_;        // guarded by mutex_
  std::uint64_t next_id_ = 1;     // guarded by mutex_
  std::atomic<std::size_t> size_{0};
};

}  // namespace cartd::controls
