// App: cartd's request pipeline, the http::Handler the transport calls. For every request, in
// order: correlation headers; routing (404, 405 + Allow); for /v1 operations the bearer token
// (401), path ids (400), the customer's tenancy (403); then the operation's handler. Every
// response leaves with the headers of SPEC §5 (MS-RequestId, MS-CorrelationId, MS-CV,
// MS-ServerId, X-Locale, Date).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/cart_handlers.h"
#include "api/router.h"
#include "auth/token_verifier.h"
#include "common/clock.h"
#include "common/swappable.h"
#include "domain/cart_service.h"
#include "http/handler.h"
#include "partnercenter/json.h"

namespace cartd::api {

struct AppOptions {
  // MS-ServerId on every response: names the node that answered.
  std::string server_id = "000001";
  // Limits on request JSON (SPEC §7).
  partnercenter::ParseOptions parse;
};

// What App needs from the outside world besides the service.
struct AppHooks {
  // /readyz: OK when the store answers and its schema is current.
  std::function<Status()> readiness = [] { return Status::Ok(); };
  // /metrics: the Prometheus text exposition; empty function: 404.
  std::function<std::string()> metrics_text;
  // Called once per answered request, after the response is complete (access log, metrics).
  std::function<void(const http::Request&, const http::Response&, std::string_view route,
                     std::string_view partner_tenant, Ticks latency)>
      on_response;
};

// Thread-safe.
class App final : public http::Handler {
 public:
  App(CartService& service, const Swappable<auth::TokenVerifier>& verifier, const Clock& clock,
      AppOptions options, AppHooks hooks);

  http::Response Handle(http::Request& request) override;
  http::Response Reject(int status, std::string_view reason) override;

 private:
  // Everything between routing and the handler; fills `partner_tenant` once known (for logs).
  http::Response Dispatch(const http::Request& request, const RouteMatch& route,
                          std::string& partner_tenant);
  http::Response HandleOperational(Operation operation);

  CartService& service_;
  const Swappable<auth::TokenVerifier>& verifier_;
  const Clock& clock_;
  AppOptions options_;
  AppHooks hooks_;
  CartHandlers handlers_;
};

}  // namespace cartd::api
