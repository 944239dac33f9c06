#include "partnercenter/partner_service.h"

#include <exception>

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

CustomerCollectionOperations::CustomerCollectionOperations(std::shared_ptr<ServiceCore> core)
    : core_(std::move(core)) {}

CustomerOperations CustomerCollectionOperations::ById(std::string customer_id) const {
  return CustomerOperations(core_, std::move(customer_id));
}

AggregatePartner::AggregatePartner(std::shared_ptr<ServiceCore> core) : core_(std::move(core)) {}

CustomerCollectionOperations AggregatePartner::Customers() const {
  return CustomerCollectionOperations(core_);
}

const std::string& AggregatePartner::correlation_id() const { return core_->correlation_id(); }

const PartnerServiceOptions& AggregatePartner::options() const { return core_->options(); }

std::shared_ptr<AggregatePartner> PartnerService::Create(Credentials credentials,
                                                         PartnerServiceOptions options) {
  auto core = std::make_shared<ServiceCore>(std::move(credentials), std::move(options));
  return std::shared_ptr<AggregatePartner>(new AggregatePartner(std::move(core)));
}

}  // namespace partnercenter
