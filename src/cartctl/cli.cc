#include "cartctl/cli.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cartctl/control_commands.h"
#include "cartctl/line_items.h"
#include "cartctl/table.h"
#include "partnercenter/json.h"
#include "partnercenter/partner_service.h"

namespace cartctl {
namespace {

using partnercenter::Cart;
using partnercenter::Error;
using partnercenter::ErrorKind;
using partnercenter::Result;

struct Globals {
  std::string base_url = "http://127.0.0.1:8080";
  std::string token;
  std::string control_token;
  std::string customer;
  std::string output = "table";
  std::string ca_bundle;
  bool insecure = false;
};

// What a command needs once the arguments are parsed.
struct Session {
  const Globals& globals;
  std::ostream& out;
  std::ostream& err;
  std::shared_ptr<partnercenter::AggregatePartner> partner;

  partnercenter::CustomerOperations Customer() const {
    return partner->Customers().ById(globals.customer);
  }
  bool json() const { return globals.output == "json"; }
};

int Fail(const Session& session, const Error& error) {
  session.err << error.ToString() << '\n';
  return ExitCodeFor(error);
}

int Usage(std::ostream& err, const std::string& message) {
  err << "cartctl: " << message << "\nRun with --help for more information.\n";
  return kExitUsage;
}

// A Cart body from `path` ("-": standard input).
Result<Cart> ReadCartFile(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      Error error;
      error.kind = ErrorKind::kInvalidArgument;
      error.description = path + ": cannot open the file";
      return error;
    }
    text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  Result<Cart> cart = partnercenter::ParseCart(text);
  if (!cart.ok()) {
    Error error = cart.error();
    error.description = path + ": " + error.description;
    return error;
  }
  return cart;
}

int PrintCart(const Session& session, const Result<Cart>& cart) {
  if (!cart.ok()) return Fail(session, cart.error());
  if (session.json()) {
    session.out << partnercenter::ToJson(*cart) << '\n';
  } else {
    session.out << FormatCart(*cart, cart.etag());
  }
  return kExitOk;
}

struct CreateFlags {
  std::vector<std::string> items;
  std::string file;
};

int CreateCart(const Session& session, const CreateFlags& flags) {
  Cart cart;
  if (!flags.file.empty()) {
    Result<Cart> read = ReadCartFile(flags.file);
    if (!read.ok()) return Fail(session, read.error());
    cart = std::move(*read);
  } else {
    for (const std::string& spec : flags.items) {
      Result<partnercenter::CartLineItem> line = ParseItemSpec(spec);
      if (!line.ok()) return Usage(session.err, line.error().description);
      cart.line_items.push_back(std::move(*line));
    }
  }
  return PrintCart(session, session.Customer().Carts().Create(cart));
}

struct UpdateFlags {
  std::string cart_id;
  std::vector<std::string> quantities;
  std::string file;
  std::string if_match;
};

int UpdateCart(const Session& session, const UpdateFlags& flags) {
  const partnercenter::CartOperations operations = session.Customer().Carts().ById(flags.cart_id);
  if (!flags.file.empty()) {
    Result<Cart> read = ReadCartFile(flags.file);
    if (!read.ok()) return Fail(session, read.error());
    return PrintCart(session, operations.Put(*read, {.if_match = flags.if_match}));
  }
  std::vector<QuantityChange> changes;
  for (const std::string& text : flags.quantities) {
    Result<QuantityChange> change = ParseQuantityChange(text);
    if (!change.ok()) return Usage(session.err, change.error().description);
    changes.push_back(*change);
  }
  // Read, change, write back under If-Match: a change made by someone else in between makes the
  // write fail (412) instead of being overwritten.
  Result<Cart> current = operations.Get();
  if (!current.ok()) return Fail(session, current.error());
  Cart cart = std::move(*current);
  for (const QuantityChange& change : changes) {
    if (!ApplyQuantityChange(cart, change)) {
      return Usage(session.err,
                   "cart " + flags.cart_id + " has no line " + std::to_string(change.line_id));
    }
  }
  const std::string if_match = flags.if_match.empty() ? current.etag() : flags.if_match;
  return PrintCart(session, operations.Put(cart, {.if_match = if_match}));
}

int Checkout(const Session& session, const std::string& cart_id, const std::string& if_match) {
  Result<partnercenter::CartCheckoutResult> result =
      session.Customer().Carts().ById(cart_id).Checkout({.if_match = if_match});
  if (!result.ok()) {
    const int code = Fail(session, result.error());
    for (const partnercenter::LineError& line : result.error().line_errors) {
      session.err << "  line " << line.line_item_id << ": " << line.error_description << " ("
                  << line.error_code << ")\n";
    }
    return code;
  }
  if (session.json()) {
    session.out << partnercenter::ToJson(*result) << '\n';
  } else {
    session.out << FormatCheckout(*result);
  }
  return kExitOk;
}

int GetOrder(const Session& session, const std::string& order_id) {
  Result<partnercenter::Order> order = session.Customer().Orders().ById(order_id).Get();
  if (!order.ok()) return Fail(session, order.error());
  if (session.json()) {
    session.out << partnercenter::ToJson(*order) << '\n';
  } else {
    session.out << FormatOrder(*order);
  }
  return kExitOk;
}

// Prints a successful answer as the contract's JSON or as `format` lays it out.
template <typename T>
int Print(const Session& session, const Result<T>& result, std::string (*format)(const T&)) {
  if (!result.ok()) return Fail(session, result.error());
  if (session.json()) {
    session.out << partnercenter::ToJson(*result) << '\n';
  } else {
    session.out << format(*result);
  }
  return kExitOk;
}

// The integration sandbox's cancellation: PATCH the order with status "cancelled".
int CancelOrder(const Session& session, const std::string& order_id) {
  partnercenter::Order order;
  order.id = order_id;
  order.status = "cancelled";
  return Print(session, session.Customer().Orders().ById(order_id).Patch(order), FormatOrder);
}

// What the catalog commands were given.
struct CatalogFlags {
  std::string country;
  std::string target_view;
  std::string target_segment;
  std::string product_id;
  std::string sku_id;
  std::string availability_id;
};

partnercenter::ProductCollectionByCountryOperations Products(const Session& session,
                                                             const CatalogFlags& flags) {
  return session.partner->Products().ByCountry(flags.country);
}

partnercenter::SkuOperations Sku(const Session& session, const CatalogFlags& flags) {
  return Products(session, flags).ById(flags.product_id).Skus().ById(flags.sku_id);
}

int ListOrders(const Session& session) {
  Result<partnercenter::OrderCollection> orders = session.Customer().Orders().Get();
  if (!orders.ok()) return Fail(session, orders.error());
  if (session.json()) {
    session.out << partnercenter::ToJson(*orders) << '\n';
  } else {
    session.out << FormatOrders(*orders);
  }
  return kExitOk;
}

}  // namespace

int ExitCodeFor(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kHttp:
      return error.http_status >= 400 && error.http_status < 500 ? kExitClientError
                                                                 : kExitServerError;
    case ErrorKind::kInvalidJson:
    case ErrorKind::kInvalidEnum:
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kCredentials:
      return kExitUsage;
    case ErrorKind::kNetwork:
    case ErrorKind::kTimeout:
    case ErrorKind::kInvalidResponse:
      return kExitServerError;
  }
  return kExitServerError;
}

int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app(
      "cartctl: carts, orders, subscriptions and the catalog of a Partner Center-compatible cart "
      "service, and cartd's stand-in controls",
      "cartctl");
  app.require_subcommand(1);
  app.fallthrough();

  Globals globals;
  app.add_option("--base-url", globals.base_url, "Service URL")
      ->envname("CARTCTL_BASE_URL")
      ->capture_default_str();
  app.add_option("--token", globals.token, "Access token (a JWT)")->envname("CARTCTL_TOKEN");
  app.add_option("--control-token", globals.control_token,
                 "cartd's control token, for clock, faults, requests, reset, fixtures, token and "
                 "customers")
      ->envname("CARTD_CONTROL_TOKEN");
  app.add_option("--customer", globals.customer, "Customer tenant id")->envname("CARTCTL_CUSTOMER");
  app.add_option("--output,-o", globals.output, "Output format")
      ->check(CLI::IsMember({"json", "table"}))
      ->capture_default_str();
  app.add_option("--ca-bundle", globals.ca_bundle, "PEM file of CAs to trust for https");
  app.add_flag("--insecure-skip-tls-verify", globals.insecure,
               "Do not verify the server's certificate (test servers only)");

  std::function<int(const Session&)> action;

  CLI::App* carts = app.add_subcommand("carts", "Create, read, update and check out carts");
  carts->require_subcommand(1);

  CreateFlags create_flags;
  CLI::App* create = carts->add_subcommand("create", "Create a cart");
  CLI::Option* items =
      create->add_option("--item", create_flags.items,
                         "A line: CATALOG_ITEM_ID,QUANTITY,BILLING_CYCLE[,TERM] (repeatable)");
  CLI::Option* create_file =
      create->add_option("--file", create_flags.file, "A Cart body in JSON ('-': stdin)");
  items->excludes(create_file);
  create->callback([&] {
    if (create_flags.items.empty() && create_flags.file.empty()) {
      throw CLI::ValidationError("carts create", "give lines with --item or a cart with --file");
    }
    action = [&](const Session& session) { return CreateCart(session, create_flags); };
  });

  std::string get_cart_id;
  CLI::App* get = carts->add_subcommand("get", "Show a cart");
  get->add_option("CART_ID", get_cart_id, "Cart id")->required();
  get->callback([&] {
    action = [&](const Session& session) {
      return PrintCart(session, session.Customer().Carts().ById(get_cart_id).Get());
    };
  });

  UpdateFlags update_flags;
  CLI::App* update = carts->add_subcommand(
      "update", "Change line quantities (GET, change, PUT with If-Match) or replace the cart");
  update->add_option("CART_ID", update_flags.cart_id, "Cart id")->required();
  CLI::Option* quantities = update->add_option("--set-quantity", update_flags.quantities,
                                               "LINE=N: set line LINE's quantity (repeatable)");
  CLI::Option* update_file =
      update->add_option("--file", update_flags.file, "The new Cart body in JSON ('-': stdin)");
  update->add_option("--if-match", update_flags.if_match,
                     "ETag the cart must still have (default with --set-quantity: the GET's)");
  quantities->excludes(update_file);
  update->callback([&] {
    if (update_flags.quantities.empty() && update_flags.file.empty()) {
      throw CLI::ValidationError("carts update", "give --set-quantity LINE=N or --file");
    }
    action = [&](const Session& session) { return UpdateCart(session, update_flags); };
  });

  std::string checkout_cart_id;
  std::string checkout_if_match;
  CLI::App* checkout = carts->add_subcommand("checkout", "Check out a cart: place its orders");
  checkout->add_option("CART_ID", checkout_cart_id, "Cart id")->required();
  checkout->add_option("--if-match", checkout_if_match, "ETag the cart must still have");
  checkout->callback([&] {
    action = [&](const Session& session) {
      return Checkout(session, checkout_cart_id, checkout_if_match);
    };
  });

  CLI::App* orders = app.add_subcommand("orders", "Read and cancel orders");
  orders->require_subcommand(1);
  std::string order_id;
  CLI::App* order_get = orders->add_subcommand("get", "Show an order");
  order_get->add_option("ORDER_ID", order_id, "Order id")->required();
  order_get->callback(
      [&] { action = [&](const Session& session) { return GetOrder(session, order_id); }; });
  CLI::App* order_list = orders->add_subcommand("list", "List the customer's orders");
  order_list->callback(
      [&] { action = [](const Session& session) { return ListOrders(session); }; });
  CLI::App* order_status =
      orders->add_subcommand("status", "Show how far each line of an order is provisioned");
  order_status->add_option("ORDER_ID", order_id, "Order id")->required();
  order_status->callback([&] {
    action = [&](const Session& session) {
      return Print(session, session.Customer().Orders().ById(order_id).ProvisioningStatus().Get(),
                   FormatProvisioningStatus);
    };
  });
  CLI::App* order_cancel = orders->add_subcommand(
      "cancel", "Cancel an order and its subscriptions (integration sandbox)");
  order_cancel->add_option("ORDER_ID", order_id, "Order id")->required();
  order_cancel->callback(
      [&] { action = [&](const Session& session) { return CancelOrder(session, order_id); }; });

  CLI::App* subscriptions =
      app.add_subcommand("subscriptions", "Read the subscriptions orders created");
  subscriptions->require_subcommand(1);
  std::string subscription_order_id;
  CLI::App* subscription_list =
      subscriptions->add_subcommand("list", "List the customer's subscriptions");
  CLI::Option* subscription_order = subscription_list->add_option(
      "--order", subscription_order_id, "Only the subscriptions of this order");
  subscription_list->callback([&] {
    action = [&](const Session& session) {
      const partnercenter::SubscriptionCollectionOperations collection =
          session.Customer().Subscriptions();
      return Print(session,
                   subscription_order->count() > 0 ? collection.ByOrder(subscription_order_id).Get()
                                                   : collection.Get(),
                   FormatSubscriptions);
    };
  });
  std::string subscription_id;
  CLI::App* subscription_get = subscriptions->add_subcommand("get", "Show a subscription");
  subscription_get->add_option("SUBSCRIPTION_ID", subscription_id, "Subscription id")->required();
  subscription_get->callback([&] {
    action = [&](const Session& session) {
      return Print(session, session.Customer().Subscriptions().ById(subscription_id).Get(),
                   FormatSubscription);
    };
  });

  // The products API: no customer, a country.
  bool needs_customer = true;
  CatalogFlags catalog_flags;
  CLI::App* catalog =
      app.add_subcommand("catalog", "Look up products, SKUs and availabilities by country");
  catalog->require_subcommand(1);
  catalog->add_option("--country", catalog_flags.country, "Country code (ISO 3166-1 alpha-2)")
      ->envname("CARTCTL_COUNTRY");
  const auto catalog_action = [&](std::function<int(const Session&)> run) {
    needs_customer = false;
    action = std::move(run);
  };
  const auto segment_option = [&](CLI::App* command) {
    command->add_option("--target-segment", catalog_flags.target_segment,
                        "Only what is sold to this segment (commercial, education, ...)");
  };

  CLI::App* products = catalog->add_subcommand("products", "List the products of a view");
  products
      ->add_option("--target-view", catalog_flags.target_view,
                   "The view (OnlineServices, Azure, Software, ...)")
      ->required();
  segment_option(products);
  products->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(session,
                   Products(session, catalog_flags)
                       .Get(catalog_flags.target_view, catalog_flags.target_segment),
                   FormatProducts);
    });
  });

  CLI::App* product = catalog->add_subcommand("product", "Show a product");
  product->add_option("PRODUCT_ID", catalog_flags.product_id, "Product id")->required();
  product->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(session, Products(session, catalog_flags).ById(catalog_flags.product_id).Get(),
                   FormatProduct);
    });
  });

  CLI::App* skus = catalog->add_subcommand("skus", "List a product's SKUs");
  skus->add_option("PRODUCT_ID", catalog_flags.product_id, "Product id")->required();
  segment_option(skus);
  skus->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(session,
                   Products(session, catalog_flags)
                       .ById(catalog_flags.product_id)
                       .Skus()
                       .Get(catalog_flags.target_segment),
                   FormatSkus);
    });
  });

  CLI::App* sku = catalog->add_subcommand("sku", "Show a SKU");
  sku->add_option("PRODUCT_ID", catalog_flags.product_id, "Product id")->required();
  sku->add_option("SKU_ID", catalog_flags.sku_id, "SKU id")->required();
  sku->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(session, Sku(session, catalog_flags).Get(), FormatSku);
    });
  });

  CLI::App* availabilities =
      catalog->add_subcommand("availabilities", "List a SKU's availabilities");
  availabilities->add_option("PRODUCT_ID", catalog_flags.product_id, "Product id")->required();
  availabilities->add_option("SKU_ID", catalog_flags.sku_id, "SKU id")->required();
  segment_option(availabilities);
  availabilities->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(session,
                   Sku(session, catalog_flags).Availabilities().Get(catalog_flags.target_segment),
                   FormatAvailabilities);
    });
  });

  CLI::App* availability = catalog->add_subcommand(
      "availability", "Show an availability: the catalog item id a cart line names");
  availability->add_option("PRODUCT_ID", catalog_flags.product_id, "Product id")->required();
  availability->add_option("SKU_ID", catalog_flags.sku_id, "SKU id")->required();
  availability->add_option("AVAILABILITY_ID", catalog_flags.availability_id, "Availability id")
      ->required();
  availability->callback([&] {
    catalog_action([&](const Session& session) {
      return Print(
          session,
          Sku(session, catalog_flags).Availabilities().ById(catalog_flags.availability_id).Get(),
          FormatAvailability);
    });
  });

  // The stand-in controls: clock, faults, requests, reset, fixtures, token, customers.
  ControlCommands controls(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  partnercenter::PartnerServiceOptions options;
  options.api_root = globals.base_url;
  options.ca_bundle_path = globals.ca_bundle;
  options.insecure_skip_tls_verify = globals.insecure;
  if (controls.action()) {
    if (globals.control_token.empty()) {
      return Usage(err,
                   "the control token is required: --control-token TOKEN or "
                   "CARTD_CONTROL_TOKEN (cartd token --control prints it)");
    }
    const std::shared_ptr<partnercenter::StandIn> stand_in = partnercenter::StandInService::Create(
        partnercenter::Credentials::BearerToken(globals.control_token), options);
    return controls.action()(*stand_in, ControlOutput{out, err, globals.output == "json"});
  }
  if (!action) return Usage(err, "no command given");
  if (needs_customer && globals.customer.empty()) {
    return Usage(err, "a customer is required: --customer ID or CARTCTL_CUSTOMER");
  }
  if (!needs_customer && catalog_flags.country.empty()) {
    return Usage(err, "a country is required: --country CC or CARTCTL_COUNTRY");
  }
  if (globals.token.empty()) {
    return Usage(err, "a token is required: --token TOKEN or CARTCTL_TOKEN");
  }

  Session session{globals, out, err,
                  partnercenter::PartnerService::Create(
                      partnercenter::Credentials::BearerToken(globals.token), options)};
  return action(session);
}

}  // namespace cartctl
