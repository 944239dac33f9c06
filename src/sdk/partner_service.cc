#include "partnercenter/partner_service.h"

#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "partnercenter/json.h"
#include "sdk/service_core.h"
#include "sdk/uri.h"

namespace partnercenter {
namespace {

using internal::Call;
using internal::ServiceCore;

// The body the .NET and Java SDKs post to check out: the JSON string "success".
constexpr char kCheckoutBody[] = "\"success\"";

std::string CustomerPath(const std::string& customer_id) {
  return "/v1/customers/" + internal::EncodePathSegment(customer_id);
}

std::string CartPath(const std::string& customer_id, const std::string& cart_id) {
  return CustomerPath(customer_id) + "/carts/" + internal::EncodePathSegment(cart_id);
}

std::string OrderPath(const std::string& customer_id, const std::string& order_id) {
  return CustomerPath(customer_id) + "/orders/" + internal::EncodePathSegment(order_id);
}

// The operations below take the core by reference so that ...Async tasks, which must not own
// the core (the last owner would then be a worker thread, which cannot join itself), can call
// them with a pointer the core's destructor keeps valid until the queue is drained.

std::optional<std::string> MissingId(const std::string& customer_id, const char* what = nullptr,
                                     const std::string* id = nullptr) {
  if (customer_id.empty()) return std::string("the customer id is empty");
  if (id != nullptr && id->empty()) return std::string("the ") + what + " id is empty";
  return std::nullopt;
}

Result<Cart> GetCart(const ServiceCore& core, const std::string& customer_id,
                     const std::string& cart_id) {
  if (auto missing = MissingId(customer_id, "cart", &cart_id)) {
    return core.Reject<Cart>(*missing);
  }
  return core.Run<Cart>(Call{"GET", CartPath(customer_id, cart_id), std::nullopt, {}}, ParseCart);
}

Result<Cart> PutCart(const ServiceCore& core, const std::string& customer_id,
                     const std::string& cart_id, const Cart& cart, const PutOptions& options) {
  if (auto missing = MissingId(customer_id, "cart", &cart_id)) {
    return core.Reject<Cart>(*missing);
  }
  Call call{"PUT", CartPath(customer_id, cart_id), ToJson(cart), {}};
  if (!options.if_match.empty()) call.headers.emplace_back("If-Match", options.if_match);
  return core.Run<Cart>(call, ParseCart);
}

Result<CartCheckoutResult> CheckoutCart(const ServiceCore& core, const std::string& customer_id,
                                        const std::string& cart_id,
                                        const CheckoutOptions& options) {
  if (auto missing = MissingId(customer_id, "cart", &cart_id)) {
    return core.Reject<CartCheckoutResult>(*missing);
  }
  Call call{"POST", CartPath(customer_id, cart_id) + "/checkout", kCheckoutBody, {}};
  if (!options.if_match.empty()) call.headers.emplace_back("If-Match", options.if_match);
  if (!options.customer_user_upn.empty()) {
    call.headers.emplace_back("x-ms-customeruser-upn", options.customer_user_upn);
  }
  return core.Run<CartCheckoutResult>(call, ParseCartCheckoutResult);
}

Result<Cart> CreateCart(const ServiceCore& core, const std::string& customer_id, const Cart& cart) {
  if (auto missing = MissingId(customer_id)) return core.Reject<Cart>(*missing);
  return core.Run<Cart>(Call{"POST", CustomerPath(customer_id) + "/carts", ToJson(cart), {}},
                        ParseCart);
}

Result<Order> GetOrder(const ServiceCore& core, const std::string& customer_id,
                       const std::string& order_id) {
  if (auto missing = MissingId(customer_id, "order", &order_id)) {
    return core.Reject<Order>(*missing);
  }
  return core.Run<Order>(Call{"GET", OrderPath(customer_id, order_id), std::nullopt, {}},
                         ParseOrder);
}

Result<Order> PatchOrder(const ServiceCore& core, const std::string& customer_id,
                         const std::string& order_id, const Order& order) {
  if (auto missing = MissingId(customer_id, "order", &order_id)) {
    return core.Reject<Order>(*missing);
  }
  return core.Run<Order>(Call{"PATCH", OrderPath(customer_id, order_id), ToJson(order), {}},
                         ParseOrder);
}

Result<ProvisioningStatusCollection> GetProvisioningStatus(const ServiceCore& core,
                                                           const std::string& customer_id,
                                                           const std::string& order_id) {
  if (auto missing = MissingId(customer_id, "order", &order_id)) {
    return core.Reject<ProvisioningStatusCollection>(*missing);
  }
  return core.Run<ProvisioningStatusCollection>(
      Call{"GET", OrderPath(customer_id, order_id) + "/provisioningstatus", std::nullopt, {}},
      ParseProvisioningStatusCollection);
}

// A customer's subscriptions; with a non-null `order_id`, only that order's (?order_id=).
Result<SubscriptionCollection> ListSubscriptions(const ServiceCore& core,
                                                 const std::string& customer_id,
                                                 const std::string* order_id) {
  if (auto missing = MissingId(customer_id, "order", order_id)) {
    return core.Reject<SubscriptionCollection>(*missing);
  }
  std::string target = CustomerPath(customer_id) + "/subscriptions";
  if (order_id != nullptr) target += "?order_id=" + internal::EncodePathSegment(*order_id);
  return core.Run<SubscriptionCollection>(Call{"GET", target, std::nullopt, {}},
                                          ParseSubscriptionCollection);
}

Result<Subscription> GetSubscription(const ServiceCore& core, const std::string& customer_id,
                                     const std::string& subscription_id) {
  if (auto missing = MissingId(customer_id, "subscription", &subscription_id)) {
    return core.Reject<Subscription>(*missing);
  }
  return core.Run<Subscription>(Call{"GET",
                                     CustomerPath(customer_id) + "/subscriptions/" +
                                         internal::EncodePathSegment(subscription_id),
                                     std::nullopt,
                                     {}},
                                ParseSubscription);
}

// "/v1/products/{product}[/skus/{sku}[/availabilities/{availability}]]", as far as `path` names
// ids, and `tail` ("/skus", "/availabilities" or "").
std::string CatalogPathOf(const internal::CatalogPath& path, const char* tail = "") {
  std::string out = "/v1/products";
  if (!path.product_id.empty()) out += "/" + internal::EncodePathSegment(path.product_id);
  if (!path.sku_id.empty()) out += "/skus/" + internal::EncodePathSegment(path.sku_id);
  if (!path.availability_id.empty()) {
    out += "/availabilities/" + internal::EncodePathSegment(path.availability_id);
  }
  return out + tail;
}

// "?country=US[&name=value]..." with each value percent-encoded.
std::string CatalogQuery(const internal::CatalogPath& path,
                         std::initializer_list<std::pair<const char*, const std::string*>> more) {
  std::string query = "?country=" + internal::EncodePathSegment(path.country);
  for (const auto& [name, value] : more) {
    if (value->empty()) continue;
    query += std::string("&") + name + "=" + internal::EncodePathSegment(*value);
  }
  return query;
}

// What is missing from `path` for a call at depth `ids` (0: products, 1: a product, 2: a SKU, 3:
// an availability).
std::optional<std::string> MissingCatalogArgument(const internal::CatalogPath& path, int ids) {
  if (path.country.empty()) return std::string("the country is empty");
  if (ids >= 1 && path.product_id.empty()) return std::string("the product id is empty");
  if (ids >= 2 && path.sku_id.empty()) return std::string("the SKU id is empty");
  if (ids >= 3 && path.availability_id.empty()) {
    return std::string("the availability id is empty");
  }
  return std::nullopt;
}

Result<ProductCollection> ListProducts(const ServiceCore& core, const internal::CatalogPath& path,
                                       const std::string& target_view,
                                       const std::string& target_segment) {
  if (auto missing = MissingCatalogArgument(path, 0)) {
    return core.Reject<ProductCollection>(*missing);
  }
  if (target_view.empty()) return core.Reject<ProductCollection>("the target view is empty");
  const std::string query =
      CatalogQuery(path, {{"targetView", &target_view}, {"targetSegment", &target_segment}});
  return core.Run<ProductCollection>(Call{"GET", "/v1/products" + query, std::nullopt, {}},
                                     ParseProductCollection);
}

Result<Product> GetProduct(const ServiceCore& core, const internal::CatalogPath& path) {
  if (auto missing = MissingCatalogArgument(path, 1)) return core.Reject<Product>(*missing);
  return core.Run<Product>(
      Call{"GET", CatalogPathOf(path) + CatalogQuery(path, {}), std::nullopt, {}}, ParseProduct);
}

Result<SkuCollection> ListSkus(const ServiceCore& core, const internal::CatalogPath& path,
                               const std::string& target_segment) {
  if (auto missing = MissingCatalogArgument(path, 1)) return core.Reject<SkuCollection>(*missing);
  const std::string query = CatalogQuery(path, {{"targetSegment", &target_segment}});
  return core.Run<SkuCollection>(
      Call{"GET", CatalogPathOf(path, "/skus") + query, std::nullopt, {}}, ParseSkuCollection);
}

Result<Sku> GetSku(const ServiceCore& core, const internal::CatalogPath& path) {
  if (auto missing = MissingCatalogArgument(path, 2)) return core.Reject<Sku>(*missing);
  return core.Run<Sku>(Call{"GET", CatalogPathOf(path) + CatalogQuery(path, {}), std::nullopt, {}},
                       ParseSku);
}

Result<AvailabilityCollection> ListAvailabilities(const ServiceCore& core,
                                                  const internal::CatalogPath& path,
                                                  const std::string& target_segment) {
  if (auto missing = MissingCatalogArgument(path, 2)) {
    return core.Reject<AvailabilityCollection>(*missing);
  }
  const std::string query = CatalogQuery(path, {{"targetSegment", &target_segment}});
  return core.Run<AvailabilityCollection>(
      Call{"GET", CatalogPathOf(path, "/availabilities") + query, std::nullopt, {}},
      ParseAvailabilityCollection);
}

Result<Availability> GetAvailability(const ServiceCore& core, const internal::CatalogPath& path) {
  if (auto missing = MissingCatalogArgument(path, 3)) return core.Reject<Availability>(*missing);
  return core.Run<Availability>(
      Call{"GET", CatalogPathOf(path) + CatalogQuery(path, {}), std::nullopt, {}},
      ParseAvailability);
}

Result<OrderCollection> ListOrders(const ServiceCore& core, const std::string& customer_id) {
  if (auto missing = MissingId(customer_id)) return core.Reject<OrderCollection>(*missing);
  return core.Run<OrderCollection>(
      Call{"GET", CustomerPath(customer_id) + "/orders", std::nullopt, {}}, ParseOrderCollection);
}

}  // namespace

const char* SdkVersion() { return PARTNERCENTER_SDK_VERSION; }

Credentials Credentials::BearerToken(std::string token) {
  return Credentials([token = std::move(token)]() -> Result<std::string> { return token; });
}

Credentials Credentials::TokenProvider(TokenCallback callback) {
  return Credentials(std::move(callback));
}

Result<std::string> Credentials::Token() const {
  Error error;
  error.kind = ErrorKind::kCredentials;
  if (!callback_) {
    error.description = "no token provider";
    return error;
  }
  try {
    Result<std::string> token = callback_();
    if (token.ok()) return token;
    error = token.error();
    error.kind = ErrorKind::kCredentials;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    error.description = std::string("the token provider failed: ") + e.what();
  } catch (...) {
    error.description = "the token provider failed";
  }
  return error;
}

CartOperations::CartOperations(std::shared_ptr<ServiceCore> core, std::string customer_id,
                               std::string cart_id)
    : core_(std::move(core)), customer_id_(std::move(customer_id)), cart_id_(std::move(cart_id)) {}

Result<Cart> CartOperations::Get() const { return GetCart(*core_, customer_id_, cart_id_); }

Result<Cart> CartOperations::Put(const Cart& cart, const PutOptions& options) const {
  return PutCart(*core_, customer_id_, cart_id_, cart, options);
}

Result<CartCheckoutResult> CartOperations::Checkout(const CheckoutOptions& options) const {
  return CheckoutCart(*core_, customer_id_, cart_id_, options);
}

std::future<Result<Cart>> CartOperations::GetAsync() const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, cart_id = cart_id_] {
    return GetCart(*core, customer_id, cart_id);
  });
}

std::future<Result<Cart>> CartOperations::PutAsync(Cart cart, PutOptions options) const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, cart_id = cart_id_,
                       cart = std::move(cart), options = std::move(options)] {
    return PutCart(*core, customer_id, cart_id, cart, options);
  });
}

std::future<Result<CartCheckoutResult>> CartOperations::CheckoutAsync(
    CheckoutOptions options) const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, cart_id = cart_id_,
                       options = std::move(options)] {
    return CheckoutCart(*core, customer_id, cart_id, options);
  });
}

CartCollectionOperations::CartCollectionOperations(std::shared_ptr<ServiceCore> core,
                                                   std::string customer_id)
    : core_(std::move(core)), customer_id_(std::move(customer_id)) {}

CartOperations CartCollectionOperations::ById(std::string cart_id) const {
  return CartOperations(core_, customer_id_, std::move(cart_id));
}

Result<Cart> CartCollectionOperations::Create(const Cart& cart) const {
  return CreateCart(*core_, customer_id_, cart);
}

std::future<Result<Cart>> CartCollectionOperations::CreateAsync(Cart cart) const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, cart = std::move(cart)] {
    return CreateCart(*core, customer_id, cart);
  });
}

OrderOperations::OrderOperations(std::shared_ptr<ServiceCore> core, std::string customer_id,
                                 std::string order_id)
    : core_(std::move(core)),
      customer_id_(std::move(customer_id)),
      order_id_(std::move(order_id)) {}

Result<Order> OrderOperations::Get() const { return GetOrder(*core_, customer_id_, order_id_); }

std::future<Result<Order>> OrderOperations::GetAsync() const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, order_id = order_id_] {
    return GetOrder(*core, customer_id, order_id);
  });
}

Result<Order> OrderOperations::Patch(const Order& order) const {
  return PatchOrder(*core_, customer_id_, order_id_, order);
}

std::future<Result<Order>> OrderOperations::PatchAsync(Order order) const {
  return core_->Async(
      [core = core_.get(), customer_id = customer_id_, order_id = order_id_,
       order = std::move(order)] { return PatchOrder(*core, customer_id, order_id, order); });
}

OrderProvisioningStatusOperations OrderOperations::ProvisioningStatus() const {
  return OrderProvisioningStatusOperations(core_, customer_id_, order_id_);
}

OrderProvisioningStatusOperations::OrderProvisioningStatusOperations(
    std::shared_ptr<ServiceCore> core, std::string customer_id, std::string order_id)
    : core_(std::move(core)),
      customer_id_(std::move(customer_id)),
      order_id_(std::move(order_id)) {}

Result<ProvisioningStatusCollection> OrderProvisioningStatusOperations::Get() const {
  return GetProvisioningStatus(*core_, customer_id_, order_id_);
}

std::future<Result<ProvisioningStatusCollection>> OrderProvisioningStatusOperations::GetAsync()
    const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, order_id = order_id_] {
    return GetProvisioningStatus(*core, customer_id, order_id);
  });
}

OrderCollectionOperations::OrderCollectionOperations(std::shared_ptr<ServiceCore> core,
                                                     std::string customer_id)
    : core_(std::move(core)), customer_id_(std::move(customer_id)) {}

OrderOperations OrderCollectionOperations::ById(std::string order_id) const {
  return OrderOperations(core_, customer_id_, std::move(order_id));
}

Result<OrderCollection> OrderCollectionOperations::Get() const {
  return ListOrders(*core_, customer_id_);
}

std::future<Result<OrderCollection>> OrderCollectionOperations::GetAsync() const {
  return core_->Async(
      [core = core_.get(), customer_id = customer_id_] { return ListOrders(*core, customer_id); });
}

CustomerOperations::CustomerOperations(std::shared_ptr<ServiceCore> core, std::string customer_id)
    : core_(std::move(core)), customer_id_(std::move(customer_id)) {}

CartCollectionOperations CustomerOperations::Carts() const {
  return CartCollectionOperations(core_, customer_id_);
}

OrderCollectionOperations CustomerOperations::Orders() const {
  return OrderCollectionOperations(core_, customer_id_);
}

SubscriptionCollectionOperations CustomerOperations::Subscriptions() const {
  return SubscriptionCollectionOperations(core_, customer_id_);
}

SubscriptionOperations::SubscriptionOperations(std::shared_ptr<ServiceCore> core,
                                               std::string customer_id, std::string subscription_id)
    : core_(std::move(core)),
      customer_id_(std::move(customer_id)),
      subscription_id_(std::move(subscription_id)) {}

Result<Subscription> SubscriptionOperations::Get() const {
  return GetSubscription(*core_, customer_id_, subscription_id_);
}

std::future<Result<Subscription>> SubscriptionOperations::GetAsync() const {
  return core_->Async(
      [core = core_.get(), customer_id = customer_id_, subscription_id = subscription_id_] {
        return GetSubscription(*core, customer_id, subscription_id);
      });
}

SubscriptionCollectionByOrderOperations::SubscriptionCollectionByOrderOperations(
    std::shared_ptr<ServiceCore> core, std::string customer_id, std::string order_id)
    : core_(std::move(core)),
      customer_id_(std::move(customer_id)),
      order_id_(std::move(order_id)) {}

Result<SubscriptionCollection> SubscriptionCollectionByOrderOperations::Get() const {
  return ListSubscriptions(*core_, customer_id_, &order_id_);
}

std::future<Result<SubscriptionCollection>> SubscriptionCollectionByOrderOperations::GetAsync()
    const {
  return core_->Async([core = core_.get(), customer_id = customer_id_, order_id = order_id_] {
    return ListSubscriptions(*core, customer_id, &order_id);
  });
}

SubscriptionCollectionOperations::SubscriptionCollectionOperations(
    std::shared_ptr<ServiceCore> core, std::string customer_id)
    : core_(std::move(core)), customer_id_(std::move(customer_id)) {}

SubscriptionOperations SubscriptionCollectionOperations::ById(std::string subscription_id) const {
  return SubscriptionOperations(core_, customer_id_, std::move(subscription_id));
}

SubscriptionCollectionByOrderOperations SubscriptionCollectionOperations::ByOrder(
    std::string order_id) const {
  return SubscriptionCollectionByOrderOperations(core_, customer_id_, std::move(order_id));
}

Result<SubscriptionCollection> SubscriptionCollectionOperations::Get() const {
  return ListSubscriptions(*core_, customer_id_, nullptr);
}

std::future<Result<SubscriptionCollection>> SubscriptionCollectionOperations::GetAsync() const {
  return core_->Async([core = core_.get(), customer_id = customer_id_] {
    return ListSubscriptions(*core, customer_id, nullptr);
  });
}

CustomerCollectionOperations::CustomerCollectionOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

CustomerOperations CustomerCollectionOperations::ById(std::string customer_id) const {
  return CustomerOperations(core_, std::move(customer_id));
}

AvailabilityOperations::AvailabilityOperations(std::shared_ptr<ServiceCore> core,
                                               internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

Result<Availability> AvailabilityOperations::Get() const { return GetAvailability(*core_, path_); }

std::future<Result<Availability>> AvailabilityOperations::GetAsync() const {
  return core_->Async([core = core_.get(), path = path_] { return GetAvailability(*core, path); });
}

AvailabilityCollectionOperations::AvailabilityCollectionOperations(
    std::shared_ptr<ServiceCore> core, internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

AvailabilityOperations AvailabilityCollectionOperations::ById(std::string availability_id) const {
  internal::CatalogPath path = path_;
  path.availability_id = std::move(availability_id);
  return AvailabilityOperations(core_, std::move(path));
}

Result<AvailabilityCollection> AvailabilityCollectionOperations::Get(
    const std::string& target_segment) const {
  return ListAvailabilities(*core_, path_, target_segment);
}

std::future<Result<AvailabilityCollection>> AvailabilityCollectionOperations::GetAsync(
    std::string target_segment) const {
  return core_->Async([core = core_.get(), path = path_, segment = std::move(target_segment)] {
    return ListAvailabilities(*core, path, segment);
  });
}

SkuOperations::SkuOperations(std::shared_ptr<ServiceCore> core, internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

Result<Sku> SkuOperations::Get() const { return GetSku(*core_, path_); }

std::future<Result<Sku>> SkuOperations::GetAsync() const {
  return core_->Async([core = core_.get(), path = path_] { return GetSku(*core, path); });
}

AvailabilityCollectionOperations SkuOperations::Availabilities() const {
  return AvailabilityCollectionOperations(core_, path_);
}

SkuCollectionOperations::SkuCollectionOperations(std::shared_ptr<ServiceCore> core,
                                                 internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

SkuOperations SkuCollectionOperations::ById(std::string sku_id) const {
  internal::CatalogPath path = path_;
  path.sku_id = std::move(sku_id);
  return SkuOperations(core_, std::move(path));
}

Result<SkuCollection> SkuCollectionOperations::Get(const std::string& target_segment) const {
  return ListSkus(*core_, path_, target_segment);
}

std::future<Result<SkuCollection>> SkuCollectionOperations::GetAsync(
    std::string target_segment) const {
  return core_->Async([core = core_.get(), path = path_, segment = std::move(target_segment)] {
    return ListSkus(*core, path, segment);
  });
}

ProductOperations::ProductOperations(std::shared_ptr<ServiceCore> core, internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

Result<Product> ProductOperations::Get() const { return GetProduct(*core_, path_); }

std::future<Result<Product>> ProductOperations::GetAsync() const {
  return core_->Async([core = core_.get(), path = path_] { return GetProduct(*core, path); });
}

SkuCollectionOperations ProductOperations::Skus() const {
  return SkuCollectionOperations(core_, path_);
}

ProductCollectionByCountryOperations::ProductCollectionByCountryOperations(
    std::shared_ptr<ServiceCore> core, internal::CatalogPath path)
    : core_(std::move(core)), path_(std::move(path)) {}

ProductOperations ProductCollectionByCountryOperations::ById(std::string product_id) const {
  internal::CatalogPath path = path_;
  path.product_id = std::move(product_id);
  return ProductOperations(core_, std::move(path));
}

Result<ProductCollection> ProductCollectionByCountryOperations::Get(
    const std::string& target_view, const std::string& target_segment) const {
  return ListProducts(*core_, path_, target_view, target_segment);
}

std::future<Result<ProductCollection>> ProductCollectionByCountryOperations::GetAsync(
    std::string target_view, std::string target_segment) const {
  return core_->Async(
      [core = core_.get(), path = path_, view = std::move(target_view),
       segment = std::move(target_segment)] { return ListProducts(*core, path, view, segment); });
}

ProductCollectionOperations::ProductCollectionOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

ProductCollectionByCountryOperations ProductCollectionOperations::ByCountry(
    std::string country) const {
  internal::CatalogPath path;
  path.country = std::move(country);
  return ProductCollectionByCountryOperations(core_, std::move(path));
}

AggregatePartner::AggregatePartner(std::shared_ptr<ServiceCore> core) : core_(std::move(core)) {}

CustomerCollectionOperations AggregatePartner::Customers() const {
  return CustomerCollectionOperations(core_);
}

ProductCollectionOperations AggregatePartner::Products() const {
  return ProductCollectionOperations(core_);
}

const std::string& AggregatePartner::correlation_id() const { return core_->correlation_id(); }

const PartnerServiceOptions& AggregatePartner::options() const { return core_->options(); }

std::shared_ptr<AggregatePartner> PartnerService::Create(Credentials credentials,
                                                         PartnerServiceOptions options) {
  auto core = std::make_shared<ServiceCore>(std::move(credentials), std::move(options));
  return std::shared_ptr<AggregatePartner>(new AggregatePartner(std::move(core)));
}

}  // namespace partnercenter
