// ControlHandlers: the stand-in controls under /_cartd/ (SPEC §13; docs/controls.md): the
// clock, fault rules, the request journal, reset, fixtures, development tokens and the customer
// list. App routes here only requests that presented the control token; the handlers read and
// write the controls' JSON (cartd's own documents, camelCase) and answer failures with Partner
// Center's error body, as every other endpoint does.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "api/router.h"
#include "common/status.h"
#include "controls/fault_rules.h"
#include "controls/fixtures.h"
#include "controls/request_journal.h"
#include "controls/stand_in_clock.h"
#include "domain/cart_service.h"
#include "domain/cart_store.h"
#include "http/message.h"

namespace cartd::api {

// What the controls act on. References must outlive the App; hooks must be thread-safe.
struct StandIn {
  controls::StandInClock& clock;
  controls::FaultRules& faults;
  controls::RequestJournal& journal;
  CartStore& store;
  // What a request must present: "Bearer <control_token>".
  std::string control_token;
  // The HS256 development key tokens are minted with; "" when the node takes RS256 keys from a
  // JWKS (then POST /_cartd/tokens answers 404).
  std::string dev_signing_key;
  std::string audience;
  std::optional<std::string> issuer;  // `iss` of minted tokens, when the node requires one
  // Returns the store to the demo state (`demo`) or to empty: everything deleted, the clock back
  // at the system time, caches that depend on the store forgotten.
  std::function<StatusOr<controls::LoadedFixtures>(bool demo)> reset;
  // Loads fixtures into the store, replacing carts stored under the fixtures' ids.
  std::function<StatusOr<controls::LoadedFixtures>(const controls::Fixtures&)> load_fixtures;
  // Called after the clock moved, so that what is due (sweeps, completions) happens soon.
  std::function<void()> clock_moved;
};

// Thread-safe.
class ControlHandlers {
 public:
  ControlHandlers(StandIn& stand_in, const CartServiceOptions& service_options)
      : stand_in_(stand_in), service_options_(service_options) {}

  // REQUIRES: IsControlOperation(route.operation), and the request presented the control token.
  http::Response Handle(const RouteMatch& route, const http::Request& request);

 private:
  http::Response Clock();
  http::Response MoveClock(const http::Request& request);
  http::Response ListFaults();
  http::Response ArmFault(const http::Request& request);
  http::Response ClearFaults(const std::string& id);
  http::Response ListRequests(const http::Request& request);
  http::Response ClearRequests();
  http::Response Reset(const http::Request& request);
  http::Response LoadFixtures(const http::Request& request);
  http::Response MintToken(const http::Request& request);
  http::Response ListCustomers(const http::Request& request);
  http::Response ListCarts(const http::Request& request);

  StandIn& stand_in_;
  const CartServiceOptions& service_options_;
};

}  // namespace cartd::api
