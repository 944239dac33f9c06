// The client of cartd's stand-in controls (docs/controls.md): what a test of a Partner Center
// client drives besides the API itself. The controls are cartd's own, under /_cartd/, and
// Partner Center has nothing like them, so they are a client of their own rather than part of
// AggregatePartner's fluent API, with their own credentials (the control token, which is never a
// partner's token) and the same options, transport, errors and ...Async twins:
//
//   auto stand_in = partnercenter::StandInService::Create(
//       partnercenter::Credentials::BearerToken(control_token), {.api_root = base_url});
//   stand_in->Faults().Arm({.operation = "update", .status = 429, .retry_after_seconds = 2,
//                           .count = 2});
//   stand_in->Clock().Advance(std::chrono::days(8));
//   auto token = stand_in->Tokens().Mint({.tenant = partner_tenant, .user = user_object_id});
//   auto journal = stand_in->Requests().Get({.limit = 10});
//
// Every call returns a Result<T> (partnercenter/result.h), as AggregatePartner's calls do; nothing
// throws for HTTP, network or decoding failures. Errors are those of partner_service.h with the
// controls' own:
//   kHttp  401/800001 no token; 401/900420 a token that is neither the control token nor a valid
//          partner token; 403/800101 a partner's token (the controls take only the control token);
//          400/800002 a refused argument (its description names it: a clock moved backwards, a
//          duration in months, an unknown fault operation, ...); 404 on a node whose controls
//          are off (every call), for an unknown fault rule (ById(id).Clear()) and for Mint on a
//          node that takes RS256 keys from a JWKS.
//
// Retries are those of partner_service.h (5xx, 429 and lost connections, up to max_attempts),
// except for the calls whose repetition after a lost answer would act twice or fail where the
// first attempt succeeded: Clock().Advance, Clock().AdvanceTo, Faults().Arm and Fixtures().Load
// are sent once.
//
// Thread-safety: StandIn and its ...Operations objects are immutable and may be used from any
// number of threads at once; they share one connection pool. The controls act on the whole node:
// tests that use them should not run in parallel against one node.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partnercenter/json.h"
#include "partnercenter/models.h"
#include "partnercenter/partner_service.h"
#include "partnercenter/result.h"

namespace partnercenter {

// --- Models: the controls' JSON documents (camelCase, as docs/controls.md shows them) ---------

// GET /_cartd/clock: {"now", "systemNow", "offset"}.
struct StandInClock {
  Timestamp now{};         // cartd's time: what every expiry, delay and token check reads
  Timestamp system_now{};  // the system's time on the node
  // How far cartd's clock is ahead of the system's (the wire's "PT604800S", in milliseconds).
  std::chrono::milliseconds offset{0};
  friend bool operator==(const StandInClock&, const StandInClock&) = default;
};

// What a fault rule does to a request it fires on.
enum class FaultAction {
  kError,  // answers `status` at once (429 with the gateway's body and Retry-After)
  kDelay,  // waits `delay`, then handles the request as usual
  kDrop,   // closes the connection without an answer
};

// A fault rule: POST /_cartd/faults's body, and each item of GET /_cartd/faults. Members left at
// their defaults are not sent, and the service applies its own defaults (docs/controls.md): any
// operation, any partner and customer, an error 503/800003, no end, probability 1.
struct FaultRule {
  // Set by the service when armed ("fault-1"); not sent.
  std::string id = "";
  // "create", "get", "update", "checkout" (the cart operations), "orders", "subscriptions",
  // "catalog", or "any"; "" sends none ("any").
  std::string operation = "";
  // Only requests of this partner tenant / for this customer; "" for all.
  std::string partner = "";
  std::string customer = "";
  FaultAction action = FaultAction::kError;
  // kError: the answer's status (400-599), Partner Center error code and description, and the
  // seconds of its Retry-After (1-3600). The service fills in what is not given (code 800003,
  // Retry-After 1 for a 429) and lists the rule with them.
  std::optional<int> status = std::nullopt;
  std::optional<int> code = std::nullopt;
  std::optional<std::string> description = std::nullopt;
  std::optional<int> retry_after_seconds = std::nullopt;
  // kDelay: how long (1 ms to 120 s; sent as an ISO 8601 duration, "PT1.5S").
  std::optional<std::chrono::milliseconds> delay = std::nullopt;
  // Fire at most this many times; nullopt: without end.
  std::optional<std::int64_t> count = std::nullopt;
  // Each matching request fires with this probability (0 < p <= 1).
  std::optional<double> probability = std::nullopt;
  // Set by the service, not sent: requests that matched the rule, and times it acted on one.
  std::int64_t matched = 0;
  std::int64_t fired = 0;
  friend bool operator==(const FaultRule&, const FaultRule&) = default;
};

// GET /_cartd/faults: every rule armed since the last clear, spent ones too, oldest first.
struct FaultRuleCollection {
  int total_count = 0;
  std::vector<FaultRule> items;
  friend bool operator==(const FaultRuleCollection&, const FaultRuleCollection&) = default;
};

// HTTP header names compare ignoring ASCII case: entry.request_headers.find("ms-requestid").
struct HeaderNameLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using HeaderMap = std::map<std::string, std::string, HeaderNameLess>;

// One request the node received (an item of GET /_cartd/requests).
struct JournalEntry {
  std::uint64_t sequence = 0;  // 1, 2, ... in the order recorded; never reused, not by a clear
  Timestamp received{};        // on cartd's clock
  std::string method;
  std::string target;          // path and query as sent
  std::string route;           // "PUT /v1/customers/{customer-id}/carts/{cart-id}", "unmatched"
  std::string partner_tenant;  // "" when the token was refused
  std::string customer_id;     // "" when the path has none
  std::string request_id;      // MS-RequestId (the client's, or the one the node made up)
  std::string correlation_id;  // MS-CorrelationId
  HeaderMap request_headers;   // Authorization always reads "Bearer [redacted]"
  std::string request_body;    // cut at 64 KiB: request_body_truncated
  bool request_body_truncated = false;
  int status = 0;  // 0: the connection was dropped (by a drop fault) without an answer
  HeaderMap response_headers;
  std::string response_body;
  bool response_body_truncated = false;
  double latency_ms = 0;  // time the node spent on it, a delay fault's wait included
  std::string fault;      // the id of the fault rule that decided the answer; "" when none
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

// GET /_cartd/requests: newest first.
struct JournalEntryCollection {
  int total_count = 0;
  std::vector<JournalEntry> items;
  friend bool operator==(const JournalEntryCollection&, const JournalEntryCollection&) = default;
};

// Which journal entries Requests().Get returns; defaults are the service's.
struct JournalQuery {
  std::optional<int> limit = std::nullopt;        // at most this many (service: 100; at most 1000)
  std::string partner = "";                       // only this partner tenant's
  std::string customer = "";                      // only those for this customer
  std::optional<Timestamp> since = std::nullopt;  // only those received at or after it
};

// {"removed": n}: what a DELETE of fault rules or of the journal removed.
struct RemovedCount {
  std::int64_t removed = 0;
  friend bool operator==(const RemovedCount&, const RemovedCount&) = default;
};

// A cart a reset or fixtures load wrote.
struct LoadedCart {
  std::string partner_tenant;
  std::string customer_id;
  std::string id;
  friend bool operator==(const LoadedCart&, const LoadedCart&) = default;
};

// What POST /_cartd/fixtures loaded, or POST /_cartd/reset left in the store.
struct LoadedFixtures {
  // Reset only: "demo" or "empty"; "" for a fixtures load (and then not written by ToJson).
  std::string to = "";
  int customers = 0;  // customers added or replaced
  std::vector<LoadedCart> carts;
  friend bool operator==(const LoadedFixtures&, const LoadedFixtures&) = default;
};

// What Reset leaves in the store.
enum class ResetTarget {
  kDemo,   // the demo fixtures (data/demo-fixtures.json), as a fresh `cartd serve --demo`
  kEmpty,  // nothing: no customers, carts, orders or subscriptions
};

// POST /_cartd/tokens's body: an App+User token (user set) or an App-only one (app set).
struct TokenRequest {
  std::string tenant = "";                                 // the partner tenant (a GUID)
  std::string user = "";                                   // the user's object id
  std::string app = "";                                    // the application id
  std::optional<std::chrono::seconds> ttl = std::nullopt;  // 1 s to 366 days; service: 1 hour
};

// A development token minted on cartd's clock.
struct MintedToken {
  std::string token;
  Timestamp expires_on{};
  friend bool operator==(const MintedToken&, const MintedToken&) = default;
};

// An item of GET /_cartd/customers.
struct StandInCustomer {
  std::string partner_tenant;
  std::string id;
  std::string country;
  std::string currency;
  std::string company_name;
  friend bool operator==(const StandInCustomer&, const StandInCustomer&) = default;
};

struct StandInCustomerCollection {
  int total_count = 0;
  std::vector<StandInCustomer> items;
  friend bool operator==(const StandInCustomerCollection&,
                         const StandInCustomerCollection&) = default;
};

// --- The models' JSON: the controls' own documents, exactly as the service writes them
// (member order, optional members left out). Reading takes what the service writes; a member
// of the wrong type is kInvalidJson naming it. ----------------------------------------------

Result<StandInClock> ParseStandInClock(std::string_view json, const ParseOptions& options = {});
Result<FaultRule> ParseFaultRule(std::string_view json, const ParseOptions& options = {});
Result<FaultRuleCollection> ParseFaultRuleCollection(std::string_view json,
                                                     const ParseOptions& options = {});
Result<JournalEntry> ParseJournalEntry(std::string_view json, const ParseOptions& options = {});
Result<JournalEntryCollection> ParseJournalEntryCollection(std::string_view json,
                                                           const ParseOptions& options = {});
Result<RemovedCount> ParseRemovedCount(std::string_view json, const ParseOptions& options = {});
Result<LoadedFixtures> ParseLoadedFixtures(std::string_view json, const ParseOptions& options = {});
Result<MintedToken> ParseMintedToken(std::string_view json, const ParseOptions& options = {});
Result<StandInCustomerCollection> ParseStandInCustomerCollection(std::string_view json,
                                                                 const ParseOptions& options = {});

std::string ToJson(const StandInClock& clock);
// As the service lists an armed rule (id, matched and fired included). Arm sends its own body:
// only the members the caller set.
std::string ToJson(const FaultRule& rule);
std::string ToJson(const FaultRuleCollection& rules);
std::string ToJson(const JournalEntry& entry);
std::string ToJson(const JournalEntryCollection& entries);
std::string ToJson(const RemovedCount& removed);
std::string ToJson(const LoadedFixtures& loaded);
std::string ToJson(const MintedToken& token);
std::string ToJson(const StandInCustomerCollection& customers);

// "error", "delay", "drop"; and back (nullopt for anything else).
const char* ToString(FaultAction action);
std::optional<FaultAction> ParseFaultAction(std::string_view text);

// Durations as the controls read them: ISO 8601 of weeks, days, hours, minutes and seconds
// ("P7D", "PT36H", "P1DT2H", "PT0.5S") or cartd's spelling, units concatenated ("7d", "1h30m",
// "1500ms", "2s"). nullopt for anything else (years and months included), negative values and
// overflow. More than three decimals of a second are refused.
std::optional<std::chrono::milliseconds> ParseStandInDuration(std::string_view text);
// "PT604800S", "PT1.5S", "PT0S": ISO 8601 seconds, what the SDK sends for a duration.
// REQUIRES: duration >= 0.
std::string FormatIsoSeconds(std::chrono::milliseconds duration);
// cartd's shortest spelling: "7d", "1h30m", "1500ms" -> "1s500ms", "0s". REQUIRES: duration >= 0.
std::string FormatShortDuration(std::chrono::milliseconds duration);

// --- Operations -----------------------------------------------------------------------------

namespace internal {
class ServiceCore;
}

// /_cartd/clock.
class StandInClockOperations {
 public:
  // GET: the clock. The node first reads the offset another node of its store may have moved.
  Result<StandInClock> Get() const;
  // POST {"advance"}: moves cartd's clock forward by `by` (> 0; sent in seconds, "PT691200S"),
  // and returns the clock as moved. Sent once, never retried.
  Result<StandInClock> Advance(std::chrono::milliseconds by) const;
  // The same with the duration as the service reads it ("P7D", "PT36H", "7d"; sent as is).
  // Errors beyond the common ones: kHttp 400/800002 (not a duration, not positive, or in years or
  // months).
  Result<StandInClock> Advance(const std::string& by) const;
  // POST {"now"}: moves cartd's clock forward to `to`. Sent once, never retried. Errors beyond the
  // common ones: kHttp 400/800002 for a time before the clock's now (time only moves forward).
  Result<StandInClock> AdvanceTo(Timestamp to) const;

  std::future<Result<StandInClock>> GetAsync() const;
  std::future<Result<StandInClock>> AdvanceAsync(std::chrono::milliseconds by) const;
  std::future<Result<StandInClock>> AdvanceAsync(std::string by) const;
  std::future<Result<StandInClock>> AdvanceToAsync(Timestamp to) const;

 private:
  friend class StandIn;
  explicit StandInClockOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// One fault rule: /_cartd/faults/{id}.
class FaultRuleOperations {
 public:
  // DELETE: disarms the rule. Errors beyond the common ones: kHttp 404 (no rule with this id).
  Result<RemovedCount> Clear() const;
  std::future<Result<RemovedCount>> ClearAsync() const;

  const std::string& id() const { return id_; }

 private:
  friend class FaultRuleCollectionOperations;
  FaultRuleOperations(std::shared_ptr<internal::ServiceCore> core, std::string id);
  std::shared_ptr<internal::ServiceCore> core_;
  std::string id_;
};

// /_cartd/faults.
class FaultRuleCollectionOperations {
 public:
  FaultRuleOperations ById(std::string id) const;
  // POST: arms `rule` (its id, matched and fired are ignored) and returns it as armed, with its id
  // and the service's defaults filled in. Sent once, never retried. Errors beyond the common
  // ones: kHttp 400/800002 (a member out of range, an unknown operation, a kDelay rule without a
  // delay, 256 rules armed already).
  Result<FaultRule> Arm(const FaultRule& rule) const;
  // GET: every rule, with how often each matched and fired.
  Result<FaultRuleCollection> Get() const;
  // DELETE: disarms every rule; returns how many there were.
  Result<RemovedCount> Clear() const;

  std::future<Result<FaultRule>> ArmAsync(FaultRule rule) const;
  std::future<Result<FaultRuleCollection>> GetAsync() const;
  std::future<Result<RemovedCount>> ClearAsync() const;

 private:
  friend class StandIn;
  explicit FaultRuleCollectionOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// /_cartd/requests: the journal of the /v1 requests the node received (not the controls' own).
class RequestJournalOperations {
 public:
  // GET: the entries `query` selects, newest first. Errors beyond the common ones: kHttp
  // 400/800002 (a limit below 1, a partner or customer that is not a GUID).
  Result<JournalEntryCollection> Get(const JournalQuery& query = {}) const;
  // DELETE: empties the journal; returns how many entries there were.
  Result<RemovedCount> Clear() const;

  std::future<Result<JournalEntryCollection>> GetAsync(JournalQuery query = {}) const;
  std::future<Result<RemovedCount>> ClearAsync() const;

 private:
  friend class StandIn;
  explicit RequestJournalOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// /_cartd/fixtures.
class FixturesOperations {
 public:
  // POST: loads a fixtures document (docs/controls.md, "The fixtures format"): its customers are
  // added or replaced, its carts created Active now (replacing carts stored under the same ids).
  // Returns what was loaded, with the ids given to carts that had none. Sent once, never retried
  // (a cart without an id would be created twice). Errors beyond the common
  // ones: kHttp 400/800002 (not a fixtures document, a cart whose customer is unknown), 400/800018
  // (the sandbox's customer limit).
  Result<LoadedFixtures> Load(const std::string& fixtures_json) const;
  std::future<Result<LoadedFixtures>> LoadAsync(std::string fixtures_json) const;

 private:
  friend class StandIn;
  explicit FixturesOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// /_cartd/tokens.
class TokenOperations {
 public:
  // POST: a development token of `request.tenant`, issued and expiring on cartd's clock (so that
  // it is valid after the clock was moved). Errors beyond the common ones: kHttp 400/800002 (no
  // tenant, neither or both of user and app, a ttl out of range), 404 (the node takes RS256 keys
  // from a JWKS file and mints nothing).
  Result<MintedToken> Mint(const TokenRequest& request) const;
  std::future<Result<MintedToken>> MintAsync(TokenRequest request) const;

 private:
  friend class StandIn;
  explicit TokenOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// /_cartd/customers.
class StandInCustomerOperations {
 public:
  // GET: the customers in the store, of one partner tenant when `partner` is not "".
  Result<StandInCustomerCollection> Get(const std::string& partner = "") const;
  std::future<Result<StandInCustomerCollection>> GetAsync(std::string partner = "") const;

 private:
  friend class StandIn;
  explicit StandInCustomerOperations(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

// The entry point of the controls' client, for one node (or one store's nodes) and the control
// token. Like AggregatePartner, owns a connection pool and the threads of ...Async calls, which
// the objects it hands out share.
class StandIn {
 public:
  StandInClockOperations Clock() const;
  FaultRuleCollectionOperations Faults() const;
  RequestJournalOperations Requests() const;
  FixturesOperations Fixtures() const;
  TokenOperations Tokens() const;
  StandInCustomerOperations Customers() const;

  // POST /_cartd/reset: deletes every cart, order, subscription, stored reply and customer, sets
  // the clock back to the system's time and, for kDemo, loads the demo fixtures again. Fault rules
  // and the journal are left alone. Returns what the store now holds (LoadedFixtures::to set).
  Result<LoadedFixtures> Reset(ResetTarget to = ResetTarget::kDemo) const;
  std::future<Result<LoadedFixtures>> ResetAsync(ResetTarget to = ResetTarget::kDemo) const;

  // The MS-CorrelationId sent with every call.
  const std::string& correlation_id() const;
  const PartnerServiceOptions& options() const;

 private:
  friend class StandInService;
  explicit StandIn(std::shared_ptr<internal::ServiceCore> core);
  std::shared_ptr<internal::ServiceCore> core_;
};

class StandInService {
 public:
  // `credentials`: the control token (Credentials::BearerToken(control_token); `cartd serve`
  // prints it, `cartd token --control` too). `options` as for PartnerService::Create: api_root is
  // the node's base URL ("http://127.0.0.1:8080"; "/_cartd/..." is appended), and unusable options
  // fail every call with kInvalidArgument. Never fails; cheap.
  static std::shared_ptr<StandIn> Create(Credentials credentials,
                                         PartnerServiceOptions options = {});
};

}  // namespace partnercenter
