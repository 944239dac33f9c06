// libFuzzer target: the whole request pipeline in-process. Input bytes go through Beast's HTTP/1.1
// request parser (with the transport's limits), become http::Requests as the transport makes
// them, and are answered by api::App wired to a real CartService over the in-memory store (which
// the storage conformance suite holds to the contract of SQLite and PostgreSQL; no fsync, so many
// more executions per second), with the demo customers, catalog and seed cart.
// Up to eight pipelined requests are taken from one input, so that a create can be followed by
// reads and writes of what it made.
//
// So that fuzzed bodies reach the handlers, every request that carries no Authorization header
// gets a valid token of the demo partner, and "@TOKEN@" anywhere in the input is replaced by that
// token before parsing.
//
// Checks: no crash, leak or undefined behaviour; no answer is a 5xx (bad input must get a clear
// 4xx); every JSON answer is valid JSON, and a Cart answer parses as a Cart; a cart a PUT or POST
// just stored reads back (GET) with the same body and ETag.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "api/app.h"
#include "auth/token_minter.h"
#include "auth/token_verifier.h"
#include "cartd/demo.h"
#include "cartd/embedded_demo_catalog.h"
#include "catalog/catalog_file.h"
#include "common/clock.h"
#include "common/swappable.h"
#include "domain/cart_service.h"
#include "domain/catalog_holder.h"
#include "domain/order_service.h"
#include "http/beast_request.h"
#include "http/message.h"
#include "partnercenter/json.h"
#include "storage/memory/memory_store.h"

namespace {

namespace bhttp = boost::beast::http;

constexpr char kSecret[] = "fuzzing-secret-0123456789abcdef0123456789";
constexpr std::size_t kMaxBodyBytes = 1 << 20;  // http::ServerOptions defaults
constexpr std::size_t kMaxHeaderBytes = 16 << 10;
constexpr int kMaxRequestsPerInput = 8;

[[noreturn]] void Fail(const std::string& what, const cartd::http::Request& request,
                       const cartd::http::Response& response) {
  std::fprintf(stderr, "%s\nrequest: %s %s\n%s\nresponse: %d\n%s\n", what.c_str(),
               request.method.c_str(), request.target.c_str(), request.body.c_str(),
               response.status, response.body.c_str());
  std::abort();
}

void Must(const cartd::Status& status) {
  if (!status.ok()) {
    std::fprintf(stderr, "fuzzer setup: %s\n", status.ToString().c_str());
    std::abort();
  }
}

// One App over one in-memory store for the whole process.
class World {
 public:
  World() : clock_(cartd::Timestamp(std::chrono::seconds(1795168800))) {
    auto catalog = cartd::catalog::ParseCatalog(cartd::kEmbeddedDemoCatalog, "demo-catalog.json");
    Must(catalog.status());
    catalog_.Set(std::make_shared<const cartd::Catalog>(*std::move(catalog)));

    auto verifier = cartd::auth::TokenVerifier::Create({}, kSecret, "");
    Must(verifier.status());
    verifier_.Set(*std::move(verifier));

    service_ =
        std::make_unique<cartd::CartService>(store_, clock_, catalog_, cartd::CartServiceOptions{});
    Must(cartd::demo::Load(store_, catalog_.Get().get(), clock_, service_->options()));
    orders_ = std::make_unique<cartd::OrderService>(store_, clock_, catalog_,
                                                    cartd::OrderServiceOptions{});
    app_ = std::make_unique<cartd::api::App>(*service_, *orders_, verifier_, clock_,
                                             cartd::api::AppOptions{}, cartd::api::AppHooks{});

    cartd::auth::MintOptions mint;
    mint.tenant = cartd::demo::kPartnerTenant;
    mint.user_object_id = cartd::demo::kUser;
    mint.now = clock_.Now();
    mint.ttl = std::chrono::hours(24 * 365);
    token_ = cartd::auth::MintHs256Token(mint, kSecret);
  }

  cartd::api::App& app() { return *app_; }
  const std::string& token() const { return token_; }

 private:
  cartd::FakeClock clock_;
  cartd::storage::MemoryStore store_;
  cartd::CatalogHolder catalog_;
  cartd::Swappable<cartd::auth::TokenVerifier> verifier_;
  std::unique_ptr<cartd::CartService> service_;
  std::unique_ptr<cartd::OrderService> orders_;
  std::unique_ptr<cartd::api::App> app_;
  std::string token_;
};

// Lives until the process ends.
World& TheWorld() {
  static World world;
  return world;
}

bool IsJson(std::string_view content_type) {
  return content_type.substr(0, 16) == "application/json";
}

void CheckResponse(const cartd::http::Request& request, const cartd::http::Response& response) {
  if (response.status < 100 || response.status > 599)
    Fail("status out of range", request, response);
  if (response.status >= 500) Fail("server error", request, response);
  if (!IsJson(response.headers.Get("Content-Type"))) return;
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(response.body, ec);
  if (ec) Fail("answer is not JSON: " + ec.message(), request, response);
  const boost::json::object* object = body.if_object();
  if (object == nullptr) return;
  const boost::json::value* attributes = object->if_contains("attributes");
  if (attributes != nullptr && attributes->is_object()) {
    const boost::json::value* type = attributes->as_object().if_contains("objectType");
    if (type != nullptr && type->is_string() && type->as_string() == "Cart") {
      const auto cart = partnercenter::ParseCart(response.body);
      if (!cart.ok())
        Fail("Cart answer does not parse: " + cart.error().description, request, response);
    }
  }
}

// A successful create or update must be what a GET of the cart returns next. A replayed answer
// is the one stored when the request first ran (Idempotent-Replayed: true), and the cart may have
// changed since: it is not checked.
void CheckReadBack(World& world, const cartd::http::Request& request,
                   const cartd::http::Response& response) {
  const bool write = (request.method == "PUT" || request.method == "POST") &&
                     response.status == 201 && !response.headers.Get("ETag").empty() &&
                     request.path.find("/checkout") == std::string::npos &&
                     response.headers.Get("Idempotent-Replayed").empty();
  if (!write) return;
  const auto cart = partnercenter::ParseCart(response.body);
  if (!cart.ok() || !cart->links || !cart->links->self) return;
  cartd::http::Request get;
  get.method = "GET";
  get.target = "/v1" + cart->links->self->uri;
  get.path = get.target;
  get.headers.Add("Authorization", "Bearer " + world.token());
  const cartd::http::Response read = world.app().Handle(get);
  if (read.status != 200 || read.body != response.body ||
      read.headers.Get("ETag") != response.headers.Get("ETag")) {
    Fail("stored cart reads back differently: " + std::to_string(read.status) + " " + read.body,
         request, response);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& world = TheWorld();
  std::string input(reinterpret_cast<const char*>(data), size);
  for (std::size_t at = input.find("@TOKEN@"); at != std::string::npos;
       at = input.find("@TOKEN@", at + world.token().size())) {
    input.replace(at, 7, world.token());
  }

  std::size_t offset = 0;
  for (int n = 0; n < kMaxRequestsPerInput && offset < input.size(); ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    parser.eager(true);
    boost::beast::error_code ec;
    offset += parser.put(boost::asio::buffer(input.data() + offset, input.size() - offset), ec);
    if (ec == bhttp::error::need_more) {
      // The input ends inside this request: the transport would wait, then time out.
      return 0;
    }
    if (ec || !parser.is_done()) {
      // The transport refuses it (400, 413 or 431) through Reject and closes the connection.
      using cartd::http::RejectReason;
      const RejectReason why = ec == bhttp::error::body_limit     ? RejectReason::kBodyTooLarge
                               : ec == bhttp::error::header_limit ? RejectReason::kHeaderTooLarge
                                                                  : RejectReason::kMalformed;
      const int status = why == RejectReason::kBodyTooLarge     ? 413
                         : why == RejectReason::kHeaderTooLarge ? 431
                                                                : 400;
      cartd::http::Response refusal = world.app().Reject(why, ec ? ec.message() : "incomplete");
      if (refusal.status != status || !refusal.close_connection) {
        Fail("Reject did not refuse", cartd::http::Request{}, refusal);
      }
      return 0;
    }
    if (const auto violation = cartd::http::FramingViolation(parser.get())) {
      // The transport refuses it (400) before reading the body, and closes the connection: what
      // follows is never read as another request.
      const cartd::http::Response refusal =
          world.app().Reject(cartd::http::RejectReason::kMalformed, *violation);
      if (refusal.status != 400 || !refusal.close_connection) {
        Fail("Reject did not refuse bad framing", cartd::http::Request{}, refusal);
      }
      return 0;
    }
    cartd::http::Request request = cartd::http::ToRequest(parser.release(), "127.0.0.1:1");
    if (!request.headers.Has("Authorization")) {
      request.headers.Add("Authorization", "Bearer " + world.token());
    }
    const cartd::http::Request sent = request;
    const cartd::http::Response response = world.app().Handle(request);
    CheckResponse(sent, response);
    CheckReadBack(world, sent, response);
  }
  return 0;
}
