// The Partner Center client: a fluent API over the cart, order, subscription and products
// endpoints with the shape of Microsoft's .NET SDK
// (IAggregatePartner.Customers.ById(id).Carts.ById(id).Get()), in C++ naming:
//
//   auto partner = partnercenter::PartnerService::Create(
//       partnercenter::Credentials::BearerToken(token), {.api_root = "http://127.0.0.1:8080"});
//   auto cart = partner->Customers().ById(customer_id).Carts().ById(cart_id).Get();
//   cart->line_items[0].quantity++;
//   auto updated = partner->Customers().ById(customer_id).Carts().ById(cart_id).Put(
//       *cart, {.if_match = cart.etag()});
//   auto sku = partner->Products().ByCountry("US").ById("DG7GMGF0DWTL").Skus().ById("0001").Get();
//
// Every call returns a Result<T> (partnercenter/result.h): the value, or an Error saying what went
// wrong, plus the answer's metadata (HTTP status, ETag, MS-RequestId, MS-CorrelationId) either
// way. Nothing here throws for HTTP, network or decoding failures (std::bad_alloc aside). Each
// synchronous call has an ...Async twin that runs it on the partner's worker threads and returns
// a std::future.
//
// Each call sends the headers of the contract (§4): Authorization (omitted when the token is
// empty), Accept, Content-Type on bodies, MS-RequestId (a new GUID per call, the same on every
// attempt of that call, so the service can recognise a retry), MS-CorrelationId (one per
// AggregatePartner), X-Locale, MS-PartnerCenter-Client, MS-SdkVersion and, when configured,
// MS-PartnerCenter-Application.
//
// Retries: answers 5xx and 429 and transport failures (refused connection, timeout, connection
// lost) are tried again, up to PartnerServiceOptions::max_attempts attempts in all, after a wait
// with exponential backoff and full jitter, or after the Retry-After the service asked for; never
// past total_timeout. Other 4xx answers are returned at once.
//
// Thread-safety: AggregatePartner and every ...Operations object are immutable and may be used
// from any number of threads at once; they share one connection pool.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "partnercenter/models.h"
#include "partnercenter/result.h"

namespace partnercenter {

// The SDK's version ("0.1.0"), sent as MS-SdkVersion.
const char* SdkVersion();

// How calls are authenticated: a fixed bearer token, or a callback asked for a token before
// each attempt, so that it can refresh tokens as they expire. Copyable; thread-safe when the
// callback is.
class Credentials {
 public:
  // Returns the access token to send, or an Error (the call then fails with that error, its kind
  // set to kCredentials, and sends nothing). Called on the thread making the call; it may block.
  using TokenCallback = std::function<Result<std::string>()>;

  // `token` as is: "Authorization: Bearer <token>". An empty token sends no Authorization.
  static Credentials BearerToken(std::string token);
  // Asks `callback` before every attempt. A callback that throws fails the call with kCredentials.
  static Credentials TokenProvider(TokenCallback callback);

  // The token for the next attempt. Errors: kCredentials.
  Result<std::string> Token() const;

 private:
  explicit Credentials(TokenCallback callback) : callback_(std::move(callback)) {}
  TokenCallback callback_;
};

// Every member has an initialiser, so that designated initialisers ({.api_root = ...}) leave
// the others at their defaults without -Wmissing-field-initializers warnings.
struct PartnerServiceOptions {
  // Scheme, host and optional port (and path prefix) of the service; "/v1/..." is appended.
  std::string api_root = "https://api.partnercenter.microsoft.com";
  // X-Locale; "" sends none.
  std::string locale = "en-US";
  // MS-CorrelationId of every call of this partner; "" draws a new GUID for it.
  std::string correlation_id = "";
  // MS-PartnerCenter-Application, the calling application's name; "" sends none.
  std::string application_name = "";

  // Time to establish a connection (TCP and TLS) within one attempt.
  std::chrono::milliseconds connect_timeout{10'000};
  // Time for one attempt, connection included.
  std::chrono::milliseconds request_timeout{30'000};
  // Time for a whole call: every attempt and every wait between attempts. An attempt's timeout is
  // cut to what is left of it, and no wait begins that would end past it.
  std::chrono::milliseconds total_timeout{120'000};
  // Attempts per call, the first included; 1 disables retries.
  int max_attempts = 3;
  // Backoff before retry n is drawn from [0, min(max_backoff, initial_backoff * 2^(n-1))], unless
  // the answer carried Retry-After, which is waited for exactly.
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{8'000};

  // PEM file of CAs to trust for https; "" uses the system's store.
  std::string ca_bundle_path = "";
  // Turns off certificate and host name verification. Only for test servers with self-signed
  // certificates: anyone on the path can then read and change the traffic.
  bool insecure_skip_tls_verify = false;

  // Threads that run ...Async calls, started as needed.
  int async_threads = 4;
  // Answers with larger bodies fail with kInvalidResponse: a bound on what a broken or hostile
  // server can make the client allocate.
  std::size_t max_response_bytes = 64u << 20;
};

// Options of CartOperations::Put.
struct PutOptions {
  // If-Match: the ETag of the cart being replaced (a Get's or Put's Result::etag()). The service
  // answers 412 (code 800036) when the cart changed since. "": no If-Match, the last writer wins
  // (what a service that sends no ETags, such as Partner Center itself, always does).
  std::string if_match = "";
};

// Options of CartOperations::Checkout.
struct CheckoutOptions {
  std::string if_match = "";  // as in PutOptions
  // x-ms-customeruser-upn: the customer's user the purchase is made for; "" sends none.
  std::string customer_user_upn = "";
};

namespace internal {
class ServiceCore;

// Where a products API call points: the country and the ids chosen so far.
struct CatalogPath {
  std::string country;
  std::string product_id;
  std::string sku_id;
  std::string availability_id;
};
}  // namespace internal

// The errors every call may return, beyond those listed with it:
//   kHttp              the service's error (http_status, code, description): 400/800002 bad
//                      input, 401/800001 no token, 401/900420 bad token, 403/20002 not your
//                      customer, 404/800008 no such cart or order (404/20000 for an order's
//                      provisioning status and cancellation, 404/20003 for a subscription), 429
//                      throttled, 5xx
//   kNetwork, kTimeout no answer (http_status 0)
//   kInvalidResponse   a 2xx answer whose body is not the contract's JSON
//   kInvalidArgument   an empty id or a header value with a line break, or unusable options
//                      given to PartnerService::Create (every call then fails with it)
//   kCredentials       the token callback failed

// One cart: /v1/customers/{customer-id}/carts/{cart-id}.
class CartOperations {
 public:
  // GET: the cart, with its ETag in Result::etag().
  Result<Cart> Get() const;
  // PUT: replaces the cart's lines with `cart`'s and returns the stored cart (ETag in
  // Result::etag()). Lines with problems come back with `error` set; the call still succeeds.
  // Errors beyond the common ones: kHttp 400/800065 (the cart is already ordered), 412/800036
  // (if_match is stale; Result::etag() is then the current ETag).
  Result<Cart> Put(const Cart& cart, const PutOptions& options = {}) const;
  // POST .../checkout: orders the cart, one Order per order group. Repeating it for an ordered
  // cart returns the first result. Errors beyond the common ones: kHttp 400/800009 (lines carry
  // errors; Error::line_errors lists them), 409/800064 (another checkout is running), 412/800036.
  Result<CartCheckoutResult> Checkout(const CheckoutOptions& options = {}) const;

  std::future<Result<Cart>> GetAsync() const;
  std::future<Result<Cart>> PutAsync(Cart cart, PutOptions options = {}) const;
  std::future<Result<CartCheckoutResult>> CheckoutAsync(CheckoutOptions options = {}) const;

  const std::string& customer_id() const { return customer_id_; }
  const std::string& cart_id() const { return cart_id_; }

 private:
  friend class CartCollectionOperations;
  CartOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id,
                 std::string cart_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
  std::string cart_id_;
};

// A customer's carts: /v1/customers/{customer-id}/carts.
class CartCollectionOperations {
 public:
  CartOperations ById(std::string cart_id) const;
  // POST: creates a cart from `cart`'s lines and returns it with the fields the service sets
  // (id, timestamps, order groups, line errors).
  Result<Cart> Create(const Cart& cart) const;
  std::future<Result<Cart>> CreateAsync(Cart cart) const;

 private:
  friend class CustomerOperations;
  CartCollectionOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
};

// An order's provisioning status (the .NET SDK's Orders.ById(id).ProvisioningStatus):
// /v1/customers/{customer-id}/orders/{order-id}/provisioningstatus.
class OrderProvisioningStatusOperations {
 public:
  // GET: one entry per order line, with its quantity: "prefulfillmentpending" while the order is
  // pending, "fulfilled" once it is completed, "unfulfilled" once it is cancelled. Errors beyond
  // the common ones: kHttp 404/20000 (no such order).
  Result<ProvisioningStatusCollection> Get() const;
  std::future<Result<ProvisioningStatusCollection>> GetAsync() const;

 private:
  friend class OrderOperations;
  OrderProvisioningStatusOperations(std::shared_ptr<internal::ServiceCore> core,
                                    std::string customer_id, std::string order_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
  std::string order_id_;
};

// One order: /v1/customers/{customer-id}/orders/{order-id}.
class OrderOperations {
 public:
  Result<Order> Get() const;
  std::future<Result<Order>> GetAsync() const;
  // PATCH: changes the order to `order`, as the .NET SDK does (it sends the whole order back).
  // The only change there is, in the integration sandbox, is cancellation: `order.status` set to
  // "cancelled" (the path's order id is used, whatever `order.id` says). Returns the cancelled
  // order; its subscriptions are cancelled with it (status "deleted"). Errors beyond the common
  // ones: kHttp 400/800002 (any other change), 404/20000 (no such order), 409/800060 (the order
  // is still pending), 400/800061 (it is cancelled already: also what a retried cancellation
  // whose first attempt went through gets), 400/800063 (its items are cancelled through their
  // subscriptions: new-commerce licences, Azure plans), 400/900117 (the cancellation window has
  // passed).
  Result<Order> Patch(const Order& order) const;
  std::future<Result<Order>> PatchAsync(Order order) const;
  OrderProvisioningStatusOperations ProvisioningStatus() const;

  const std::string& order_id() const { return order_id_; }

 private:
  friend class OrderCollectionOperations;
  OrderOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id,
                  std::string order_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
  std::string order_id_;
};

// A customer's orders: /v1/customers/{customer-id}/orders.
class OrderCollectionOperations {
 public:
  OrderOperations ById(std::string order_id) const;
  // GET: every order of the customer.
  Result<OrderCollection> Get() const;
  std::future<Result<OrderCollection>> GetAsync() const;

 private:
  friend class CustomerOperations;
  OrderCollectionOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
};

// One subscription: /v1/customers/{customer-id}/subscriptions/{subscription-id}.
class SubscriptionOperations {
 public:
  // GET: the subscription as of now. Errors beyond the common ones: kHttp 400/800002 (an id that
  // is not a GUID), 404/20003 (no such subscription of the customer).
  Result<Subscription> Get() const;
  std::future<Result<Subscription>> GetAsync() const;

  const std::string& subscription_id() const { return subscription_id_; }

 private:
  friend class SubscriptionCollectionOperations;
  SubscriptionOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id,
                         std::string subscription_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
  std::string subscription_id_;
};

// The subscriptions one order created: /v1/customers/{customer-id}/subscriptions?order_id={id}.
class SubscriptionCollectionByOrderOperations {
 public:
  // GET: the order's subscriptions, one per order line, oldest first; an empty collection for an
  // order id the customer has no order of. Errors beyond the common ones: kHttp 400/800002 (an
  // order id with characters other than letters, digits and dashes).
  Result<SubscriptionCollection> Get() const;
  std::future<Result<SubscriptionCollection>> GetAsync() const;

  const std::string& order_id() const { return order_id_; }

 private:
  friend class SubscriptionCollectionOperations;
  SubscriptionCollectionByOrderOperations(std::shared_ptr<internal::ServiceCore> core,
                                          std::string customer_id, std::string order_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
  std::string order_id_;
};

// A customer's subscriptions: /v1/customers/{customer-id}/subscriptions. Each order line created
// one; they are read-only here, apart from what cancelling their order does.
class SubscriptionCollectionOperations {
 public:
  SubscriptionOperations ById(std::string subscription_id) const;
  SubscriptionCollectionByOrderOperations ByOrder(std::string order_id) const;
  // GET: every subscription of the customer, oldest first.
  Result<SubscriptionCollection> Get() const;
  std::future<Result<SubscriptionCollection>> GetAsync() const;

 private:
  friend class CustomerOperations;
  SubscriptionCollectionOperations(std::shared_ptr<internal::ServiceCore> core,
                                   std::string customer_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
};

// One customer (tenant id).
class CustomerOperations {
 public:
  CartCollectionOperations Carts() const;
  OrderCollectionOperations Orders() const;
  SubscriptionCollectionOperations Subscriptions() const;

  const std::string& customer_id() const { return customer_id_; }

 private:
  friend class CustomerCollectionOperations;
  CustomerOperations(std::shared_ptr<internal::ServiceCore> core, std::string customer_id);

  std::shared_ptr<internal::ServiceCore> core_;
  std::string customer_id_;
};

class CustomerCollectionOperations {
 public:
  CustomerOperations ById(std::string customer_id) const;

 private:
  friend class AggregatePartner;
  explicit CustomerCollectionOperations(std::shared_ptr<internal::ServiceCore> core);

  std::shared_ptr<internal::ServiceCore> core_;
};

// --- The products API: /v1/products..., looked up by country (the .NET SDK's
// partner.Products.ByCountry("US")...). Beyond the common errors: kHttp 400/800002 (a country
// that is not two letters), 403/400036 (a targetView the service does not have), 403/400030 (a
// targetSegment it does not have), 404/400013, 400018, 400019 (no such product, SKU or
// availability in that country: the outermost unknown one). An empty country, id or target view
// is kInvalidArgument, and nothing is sent.

// One availability: .../skus/{sku-id}/availabilities/{availability-id}?country=.
class AvailabilityOperations {
 public:
  Result<Availability> Get() const;
  std::future<Result<Availability>> GetAsync() const;

  const std::string& availability_id() const { return path_.availability_id; }

 private:
  friend class AvailabilityCollectionOperations;
  AvailabilityOperations(std::shared_ptr<internal::ServiceCore> core, internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// A SKU's availabilities: .../skus/{sku-id}/availabilities?country=[&targetSegment=].
class AvailabilityCollectionOperations {
 public:
  AvailabilityOperations ById(std::string availability_id) const;
  // GET: the SKU's availabilities in the country; with `target_segment` ("commercial",
  // "education", ...), only those of that segment.
  Result<AvailabilityCollection> Get(const std::string& target_segment = "") const;
  std::future<Result<AvailabilityCollection>> GetAsync(std::string target_segment = "") const;

 private:
  friend class SkuOperations;
  AvailabilityCollectionOperations(std::shared_ptr<internal::ServiceCore> core,
                                   internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// One SKU: /v1/products/{product-id}/skus/{sku-id}?country=.
class SkuOperations {
 public:
  Result<Sku> Get() const;
  std::future<Result<Sku>> GetAsync() const;
  AvailabilityCollectionOperations Availabilities() const;

  const std::string& sku_id() const { return path_.sku_id; }

 private:
  friend class SkuCollectionOperations;
  SkuOperations(std::shared_ptr<internal::ServiceCore> core, internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// A product's SKUs: /v1/products/{product-id}/skus?country=[&targetSegment=].
class SkuCollectionOperations {
 public:
  SkuOperations ById(std::string sku_id) const;
  // GET: the product's SKUs in the country, of `target_segment` when given.
  Result<SkuCollection> Get(const std::string& target_segment = "") const;
  std::future<Result<SkuCollection>> GetAsync(std::string target_segment = "") const;

 private:
  friend class ProductOperations;
  SkuCollectionOperations(std::shared_ptr<internal::ServiceCore> core, internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// One product: /v1/products/{product-id}?country=.
class ProductOperations {
 public:
  Result<Product> Get() const;
  std::future<Result<Product>> GetAsync() const;
  SkuCollectionOperations Skus() const;

  const std::string& product_id() const { return path_.product_id; }

 private:
  friend class ProductCollectionByCountryOperations;
  ProductOperations(std::shared_ptr<internal::ServiceCore> core, internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// The products of one country: /v1/products?country=&targetView=[&targetSegment=].
class ProductCollectionByCountryOperations {
 public:
  ProductOperations ById(std::string product_id) const;
  // GET: the products of `target_view` ("OnlineServices", "Azure", "Software", ...) in the
  // country, of `target_segment` when given.
  Result<ProductCollection> Get(const std::string& target_view,
                                const std::string& target_segment = "") const;
  std::future<Result<ProductCollection>> GetAsync(std::string target_view,
                                                  std::string target_segment = "") const;

  const std::string& country() const { return path_.country; }

 private:
  friend class ProductCollectionOperations;
  ProductCollectionByCountryOperations(std::shared_ptr<internal::ServiceCore> core,
                                       internal::CatalogPath path);

  std::shared_ptr<internal::ServiceCore> core_;
  internal::CatalogPath path_;
};

// The products API's entry: a country must be chosen first.
class ProductCollectionOperations {
 public:
  // `country`: an ISO 3166-1 alpha-2 code ("US"), in any case.
  ProductCollectionByCountryOperations ByCountry(std::string country) const;

 private:
  friend class AggregatePartner;
  explicit ProductCollectionOperations(std::shared_ptr<internal::ServiceCore> core);

  std::shared_ptr<internal::ServiceCore> core_;
};

// The entry point of the fluent API, for one service and one set of credentials. Owns the
// connection pool and the threads of ...Async calls, which the objects it hands out share: they
// stay usable after the AggregatePartner is gone. When the last of them goes, outstanding ...Async
// calls are completed first (that destructor waits for them).
class AggregatePartner {
 public:
  CustomerCollectionOperations Customers() const;
  ProductCollectionOperations Products() const;

  // The MS-CorrelationId sent with every call.
  const std::string& correlation_id() const;
  const PartnerServiceOptions& options() const;

 private:
  friend class PartnerService;
  explicit AggregatePartner(std::shared_ptr<internal::ServiceCore> core);

  std::shared_ptr<internal::ServiceCore> core_;
};

class PartnerService {
 public:
  // Never fails: with unusable `options` (an api_root that is not http(s)://host..., a timeout or
  // max_attempts below 1, a negative backoff, max_backoff < initial_backoff, async_threads < 1, a
  // header value with a line break), every call of the partner fails with kInvalidArgument naming
  // the problem, and sends nothing. Cheap: threads and connections are made when first needed.
  static std::shared_ptr<AggregatePartner> Create(Credentials credentials,
                                                  PartnerServiceOptions options = {});
};

}  // namespace partnercenter
