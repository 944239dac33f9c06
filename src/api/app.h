// App: cartd's request pipeline, the http::Handler the transport calls. For every request, in
// order: correlation headers; routing (404, 405 + Allow); for /v1 operations the bearer token
// (401), the partner's rate limit (429), path ids (400), the customer's tenancy (403); then the
// operation's handler. The products API's routes name no customer: after the rate limit they go
// to the catalog handlers, which serve the service's catalog (the same for every partner). Every
// response leaves with the headers of SPEC §5 (MS-RequestId, MS-CorrelationId, MS-CV, MS-ServerId,
// X-Locale, Date).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/cart_handlers.h"
#include "api/catalog_handlers.h"
#include "api/control_handlers.h"
#include "api/list_gate.h"
#include "api/order_handlers.h"
#include "api/rendered_carts.h"
#include "api/router.h"
#include "auth/token_verifier.h"
#include "common/clock.h"
#include "common/swappable.h"
#include "domain/cart_service.h"
#include "domain/order_service.h"
#include "http/handler.h"
#include "partnercenter/json.h"

namespace cartd::api {

struct AppOptions {
  // MS-ServerId on every response: names the node that answered.
  std::string server_id = "000001";
  // Limits on request JSON (SPEC §7).
  partnercenter::ParseOptions parse;
  // The store answers reads from local disk (SQLite), never across a network: then reads
  // (GET of carts and orders, /readyz) are answered on the I/O thread (AnswersPromptly).
  bool local_reads = false;
  // What the renderings of carts kept for GETs may hold (RenderedCarts); 0 keeps none.
  std::size_t rendered_cart_bytes = 4 << 20;
  // How many lists of orders or subscriptions are built at once (ListGate).
  ListGateOptions lists;
  // The stand-in controls (SPEC §13): nullptr when they are off, and then every path under
  // /_cartd/ is 404. When on, /v1 requests pass the armed fault rules (after the token and the
  // rate limit, before anything is read or written) and are kept in the request journal.
  StandIn* stand_in = nullptr;
};

// What App tells on_response about a request besides the request and the response. Views valid
// for the duration of the call only.
struct RequestOutcome {
  std::string_view route{};           // RouteMatch::route_name, or "unmatched"
  std::string_view partner_tenant{};  // the verified caller's tenant; "" when not authenticated
  std::string_view request_id{};      // MS-RequestId as answered
  std::string_view correlation_id{};  // MS-CorrelationId as answered
  // When the bearer token was refused (401): kMissingToken or kInvalidToken, and the verifier's
  // reason, for the log (it never contains the token).
  ErrorCode auth_error = ErrorCode::kOk;
  std::string_view auth_failure{};
  // Why a request failed with 500, for the log only.
  std::string_view internal_error{};
  bool rate_limited = false;  // refused with 429 by the rate_limit hook
  Ticks latency{0};
};

// The rate_limit hook's answer: may the partner make this request now, and if not, in how many
// whole seconds it may try again (at least 1).
struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};
};

// What App needs from the outside world besides the service. Every hook is optional, must be
// thread-safe, and must not throw.
struct AppHooks {
  // /readyz: OK when the store answers and its schema is current.
  std::function<Status()> readiness = [] { return Status::Ok(); };
  // /metrics: the Prometheus text exposition; empty function: 404.
  std::function<std::string()> metrics_text;
  // Asked once per /v1 request, after the token is verified and before anything else is looked
  // at; a refusal is answered 429 with Retry-After and the gateway's body (SPEC §4).
  std::function<RateDecision(std::string_view partner_tenant)> rate_limit;
  // Called when a request arrives, before routing; each call is matched by one on_response.
  std::function<void()> on_request;
  // Called once per answered request, after the response is complete (access log, metrics).
  std::function<void(const http::Request&, const http::Response&, const RequestOutcome&)>
      on_response;
  // Called for each request the transport refused before it was complete (see Handler::Reject),
  // with the status it was answered, on an I/O thread: must not block.
  std::function<void(int status, std::string_view reason)> on_reject;
};

// Thread-safe.
//
// The stand-in controls answer only requests that present the control token: 401 without a
// token or with one that is neither the control token nor a partner's, 403 (800101) with a
// partner's.
class App final : public http::Handler {
 public:
  // `service`, `orders`, `verifier` and `clock` must outlive the App.
  App(CartService& service, OrderService& orders, const Swappable<auth::TokenVerifier>& verifier,
      const Clock& clock, AppOptions options, AppHooks hooks);

  http::Response Handle(http::Request& request) override;
  http::Response Reject(http::RejectReason reason, std::string_view description) override;
  // From the header block alone: an unknown route (404), a method not allowed (405), or a /v1
  // operation without a valid token (401) is answered, as Handle would, before the body is read.
  std::optional<http::Response> Screen(const http::Request& head) override;
  // Refusals (404, 405), /healthz, /metrics, /openapi.json, reads of one product, SKU or
  // availability (memory only); and with local_reads, the reads of one cart, order or
  // subscription. Lists, whose work grows with what is stored, always go to a worker.
  bool AnswersPromptly(const http::Request& request) const override;

 private:
  // What Dispatch learns about a request, for on_response.
  struct Facts {
    std::string partner_tenant;
    ErrorCode auth_error = ErrorCode::kOk;
    std::string auth_failure;
    std::string internal_error;
    bool rate_limited = false;
    std::string fault;  // the id of the fault rule that decided the answer
  };

  // Route(), except that paths under /_cartd/ are not found when the controls are off.
  RouteMatch RouteOf(const http::Request& request) const;
  // Answers `request` when a fault rule fires for it; nullopt otherwise (after a delay rule's
  // wait). `customer_id` is the path's, canonical, or "".
  std::optional<http::Response> InjectFault(const RouteMatch& route,
                                            std::string_view partner_tenant,
                                            std::string_view customer_id, Facts& facts);
  http::Response DispatchControl(const http::Request& request, const RouteMatch& route);
  void Journal(const http::Request& request, const http::Response& response,
               const RouteMatch& route, const Facts& facts, Timestamp received, Ticks latency);

  // Everything between routing and the handler; fills in `facts` as it learns them.
  http::Response Dispatch(const http::Request& request, const RouteMatch& route, Facts& facts);
  http::Response HandleOperational(const RouteMatch& route);

  CartService& service_;
  const Swappable<auth::TokenVerifier>& verifier_;
  const Clock& clock_;
  AppOptions options_;
  AppHooks hooks_;
  RenderedCarts rendered_carts_;
  CartHandlers handlers_;
  ListGate lists_;
  OrderHandlers order_handlers_;
  CatalogHandlers catalog_handlers_;
  std::optional<ControlHandlers> control_handlers_;
};

}  // namespace cartd::api
