#include "controls/fixtures.h"

#include <boost/json.hpp>
#include <optional>
#include <utility>

#include "common/ids.h"
#include "domain/cart_lines.h"
#include "partnercenter/json.h"

namespace cartd::controls {
namespace {

namespace json = boost::json;

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The member `name` (any case) of `object`; nullptr when absent or null.
const json::value* Member(const json::object& object, std::string_view name) {
  for (const auto& member : object) {
    if (SameName(member.key(), name)) return member.value().is_null() ? nullptr : &member.value();
  }
  return nullptr;
}

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(const std::string& where, const std::string& problem) const {
    return InvalidInput(std::string(source_) + ": " + where + ": " + problem);
  }

  StatusOr<std::string> String(const json::object& object, const std::string& where,
                               std::string_view name, bool required) const {
    const json::value* value = Member(object, name);
    if (value == nullptr) {
      if (required) return Error(where, "'" + std::string(name) + "' is missing");
      return std::string();
    }
    if (!value->is_string()) return Error(where + "." + std::string(name), "expected a string");
    return std::string(value->as_string());
  }

  StatusOr<std::string> Guid(const json::object& object, const std::string& where,
                             std::string_view name, bool required) const {
    CARTD_ASSIGN_OR_RETURN(std::string text, String(object, where, name, required));
    if (text.empty() && !required) return text;
    std::optional<std::string> guid = CanonicalGuid(text);
    if (!guid) return Error(where + "." + std::string(name), "'" + text + "' is not a GUID");
    return *guid;
  }

  // `length` upper-case ASCII letters (a country or currency code).
  StatusOr<std::string> Code(const json::object& object, const std::string& where,
                             std::string_view name, std::size_t length) const {
    CARTD_ASSIGN_OR_RETURN(const std::string given, String(object, where, name, true));
    std::string code = given;
    bool ok = code.size() == length;
    for (char& c : code) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      ok = ok && c >= 'A' && c <= 'Z';
    }
    if (!ok) {
      return Error(where + "." + std::string(name),
                   "'" + given + "' is not " + std::to_string(length) + " letters");
    }
    return code;
  }

 private:
  std::string_view source_;
};

StatusOr<Customer> ReadCustomer(const Reader& read, const json::value& value,
                                const std::string& where) {
  if (!value.is_object()) return read.Error(where, "expected an object");
  const json::object& object = value.as_object();
  Customer customer;
  CARTD_ASSIGN_OR_RETURN(customer.partner_tenant, read.Guid(object, where, "partnerTenant", true));
  CARTD_ASSIGN_OR_RETURN(customer.id, read.Guid(object, where, "id", true));
  CARTD_ASSIGN_OR_RETURN(customer.country, read.Code(object, where, "country", 2));
  CARTD_ASSIGN_OR_RETURN(customer.currency, read.Code(object, where, "currency", 3));
  CARTD_ASSIGN_OR_RETURN(customer.company_name, read.String(object, where, "companyName", false));
  return customer;
}

StatusOr<FixtureCart> ReadCart(const Reader& read, const json::value& value,
                               const std::string& where, const CartServiceOptions& options) {
  if (!value.is_object()) return read.Error(where, "expected an object");
  const json::object& object = value.as_object();
  FixtureCart cart;
  CARTD_ASSIGN_OR_RETURN(cart.partner_tenant, read.Guid(object, where, "partnerTenant", true));
  CARTD_ASSIGN_OR_RETURN(cart.customer_id, read.Guid(object, where, "customerId", true));
  const json::value* body = Member(object, "cart");
  if (body == nullptr) return read.Error(where, "'cart' is missing");
  if (!body->is_object()) return read.Error(where + ".cart", "expected an object");
  partnercenter::Result<partnercenter::Cart> parsed =
      partnercenter::ParseCart(json::serialize(*body));
  if (!parsed.ok()) return read.Error(where + ".cart", parsed.error().description);
  if (Status lines = CheckLineItems(parsed->line_items, options.limits); !lines.ok()) {
    return read.Error(where + ".cart", lines.message());
  }
  cart.line_items = std::move(parsed->line_items);
  cart.last_modified_user = parsed->last_modified_user.value_or("");
  if (parsed->id && !parsed->id->empty()) {
    std::optional<std::string> id = CanonicalGuid(*parsed->id);
    if (!id) return read.Error(where + ".cart.id", "'" + *parsed->id + "' is not a GUID");
    cart.id = *id;
  }
  return cart;
}

}  // namespace

StatusOr<Fixtures> ParseFixtures(std::string_view text, std::string_view source_name,
                                 const CartServiceOptions& options) {
  const Reader read(source_name);
  boost::system::error_code ec;
  const json::value document = json::parse(text, ec);
  if (ec) return read.Error("the document", "not valid JSON (" + ec.message() + ")");
  if (!document.is_object()) return read.Error("the document", "expected an object");
  Fixtures fixtures;
  for (std::string_view list : {"customers", "carts"}) {
    const json::value* entries = Member(document.as_object(), list);
    if (entries == nullptr) continue;
    if (!entries->is_array()) return read.Error(std::string(list), "expected an array");
    std::size_t index = 0;
    for (const json::value& entry : entries->as_array()) {
      const std::string where = std::string(list) + "[" + std::to_string(index++) + "]";
      if (list == "customers") {
        CARTD_ASSIGN_OR_RETURN(Customer customer, ReadCustomer(read, entry, where));
        fixtures.customers.push_back(std::move(customer));
      } else {
        CARTD_ASSIGN_OR_RETURN(FixtureCart cart, ReadCart(read, entry, where, options));
        fixtures.carts.push_back(std::move(cart));
      }
    }
  }
  return fixtures;
}

Status CheckCustomerLimit(CartStore& store, const SandboxLimits& limits, const Customer& customer) {
  if (!limits.enabled) return Status::Ok();
  CARTD_ASSIGN_OR_RETURN(std::optional<Customer> existing,
                         store.FindCustomer(customer.partner_tenant, customer.id));
  if (existing) return Status::Ok();
  CARTD_ASSIGN_OR_RETURN(std::vector<Customer> customers,
                         store.ListCustomers(customer.partner_tenant));
  if (static_cast<int>(customers.size()) < limits.customers_per_partner) return Status::Ok();
  return Status(ErrorCode::kSandboxLimitReached,
                "The sandbox limit has been met: the integration sandbox allows " +
                    std::to_string(limits.customers_per_partner) + " customers per partner, and " +
                    customer.partner_tenant + " has them all.");
}

StatusOr<LoadedFixtures> LoadFixtures(CartStore& store, const Catalog* catalog, const Clock& clock,
                                      const CartServiceOptions& options, const Fixtures& fixtures,
                                      ExistingCart existing_cart) {
  LoadedFixtures loaded;
  for (const Customer& customer : fixtures.customers) {
    CARTD_RETURN_IF_ERROR(CheckCustomerLimit(store, options.sandbox_limits, customer));
    CARTD_RETURN_IF_ERROR(store.PutCustomer(customer));
    ++loaded.customers;
  }
  for (const FixtureCart& fixture : fixtures.carts) {
    CARTD_ASSIGN_OR_RETURN(std::optional<Customer> customer,
                           store.FindCustomer(fixture.partner_tenant, fixture.customer_id));
    if (!customer) {
      return InvalidInput("cart " + (fixture.id.empty() ? std::string("(new)") : fixture.id) +
                          ": customer " + fixture.customer_id + " of partner " +
                          fixture.partner_tenant + " is neither in the fixtures nor stored");
    }
    const CartKey key{fixture.partner_tenant, fixture.customer_id,
                      fixture.id.empty() ? NewGuid() : fixture.id};
    loaded.carts.push_back(key);
    CARTD_ASSIGN_OR_RETURN(std::optional<CartRecord> stored, store.FindCart(key));
    const Timestamp now = clock.Now();
    const bool usable = stored && stored->cart.status == partnercenter::CartStatus::kActive &&
                        stored->cart.expiration_timestamp > now;
    if (usable && existing_cart == ExistingCart::kKeepIfUsable) continue;

    CartRecord cart;
    cart.key = key;
    cart.version = stored ? stored->version + 1 : 1;
    cart.cart.id = key.cart_id;
    cart.cart.creation_timestamp = now;
    cart.cart.last_modified_timestamp = now;
    cart.cart.expiration_timestamp = now + options.cart_ttl;
    // Every cart has a last modifier; a fixture that names none was "modified" by its partner.
    cart.cart.last_modified_user =
        fixture.last_modified_user.empty() ? fixture.partner_tenant : fixture.last_modified_user;
    cart.cart.status = partnercenter::CartStatus::kActive;
    LineContext context;
    context.now = now;
    if (options.sandbox_limits.enabled) {
      context.max_licences = options.sandbox_limits.licences_per_subscription;
    }
    cart.cart.line_items = PrepareLines(fixture.line_items, *customer, catalog, context);
    CARTD_RETURN_IF_ERROR(store.Commit(CartWrite{.cart = std::move(cart),
                                                 .expected_version = stored ? stored->version : 0,
                                                 .new_orders = {},
                                                 .new_subscriptions = {},
                                                 .reply = std::nullopt,
                                                 .admit = nullptr}));
  }
  return loaded;
}

}  // namespace cartd::controls
