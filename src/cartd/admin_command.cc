// `cartd admin`: operations on a store without running the service: migrations, the customer
// registry and fixtures.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cartd/commands.h"
#include "cartd/open_store.h"
#include "cartd/reloader.h"
#include "cartd/store_url.h"
#include "common/ids.h"
#include "controls/fixtures.h"
#include "controls/stand_in_clock.h"

namespace cartd {
namespace {

struct StoreFlags {
  std::string data_dir = "./var";
  std::string store;
};

struct CustomerFlags {
  std::string partner;
  std::string customer;
  std::string country;
  std::string currency;
  std::string name;
  bool sandbox_limits = false;
};

struct FixtureFlags {
  std::string file;
  std::string catalog;
  bool sandbox_limits = false;
};

void AddStoreOptions(CLI::App& command, StoreFlags& flags) {
  command.add_option("--data-dir", flags.data_dir, "Data directory whose SQLite store to use")
      ->capture_default_str();
  command.add_option("--store", flags.store, "Store URL (overrides --data-dir)");
}

// Opens the store named by the flags (applying migrations). Prints why on failure.
std::unique_ptr<CartStore> Open(const StoreFlags& flags, const char* command) {
  StatusOr<StoreLocation> location = ParseStoreUrl(flags.store, flags.data_dir);
  if (!location.ok()) {
    std::cerr << command << ": " << location.status().message() << "\n";
    return nullptr;
  }
  if (location->kind == StoreLocation::Kind::kMemory) {
    std::cerr << command
              << ": memory:// lives inside one cartd process; administer it through "
                 "that process (its /_cartd controls)\n";
    return nullptr;
  }
  StatusOr<OpenedStore> opened = OpenStore(*location);
  if (!opened.ok()) {
    std::cerr << command << ": cannot open " << DescribeStore(*location) << ": "
              << opened.status().message() << "\n";
    return nullptr;
  }
  return std::move(opened->store);
}

bool IsUpperAlpha(const std::string& text, std::size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

int AddCustomer(const StoreFlags& store_flags, CustomerFlags flags) {
  const auto partner = CanonicalGuid(flags.partner);
  const auto customer = CanonicalGuid(flags.customer);
  if (!partner || !customer) {
    std::cerr << "cartd admin customers add: --partner and --customer must be GUIDs\n";
    return 2;
  }
  if (!IsUpperAlpha(flags.country, 2) || !IsUpperAlpha(flags.currency, 3)) {
    std::cerr << "cartd admin customers add: --country is two capital letters (US), "
                 "--currency three (USD)\n";
    return 2;
  }
  std::unique_ptr<CartStore> store = Open(store_flags, "cartd admin customers add");
  if (!store) return 1;
  const Customer added{*partner, *customer, flags.country, flags.currency, flags.name};
  const SandboxLimits limits{.enabled = flags.sandbox_limits};
  Status status = controls::CheckCustomerLimit(*store, limits, added);
  if (status.ok()) status = store->PutCustomer(added);
  if (!status.ok()) {
    std::cerr << "cartd admin customers add: " << status.message() << "\n";
    return 1;
  }
  std::printf("customer %s added for partner %s (%s, %s)\n", customer->c_str(), partner->c_str(),
              flags.country.c_str(), flags.currency.c_str());
  return 0;
}

int ListCustomers(const StoreFlags& store_flags, const std::string& partner_flag) {
  std::string partner;
  if (!partner_flag.empty()) {
    const auto canonical = CanonicalGuid(partner_flag);
    if (!canonical) {
      std::cerr << "cartd admin customers list: --partner must be a GUID\n";
      return 2;
    }
    partner = *canonical;
  }
  std::unique_ptr<CartStore> store = Open(store_flags, "cartd admin customers list");
  if (!store) return 1;
  StatusOr<std::vector<Customer>> customers = store->ListCustomers(partner);
  if (!customers.ok()) {
    std::cerr << "cartd admin customers list: " << customers.status().message() << "\n";
    return 1;
  }
  std::printf("%-36s  %-36s  %-7s  %-8s  %s\n", "PARTNER", "CUSTOMER", "COUNTRY", "CURRENCY",
              "NAME");
  for (const Customer& c : *customers) {
    std::printf("%-36s  %-36s  %-7s  %-8s  %s\n", c.partner_tenant.c_str(), c.id.c_str(),
                c.country.c_str(), c.currency.c_str(), c.company_name.c_str());
  }
  return 0;
}

int RemoveCustomer(const StoreFlags& store_flags, const CustomerFlags& flags) {
  const auto partner = CanonicalGuid(flags.partner);
  const auto customer = CanonicalGuid(flags.customer);
  if (!partner || !customer) {
    std::cerr << "cartd admin customers remove: --partner and --customer must be GUIDs\n";
    return 2;
  }
  std::unique_ptr<CartStore> store = Open(store_flags, "cartd admin customers remove");
  if (!store) return 1;
  StatusOr<bool> removed = store->RemoveCustomer(*partner, *customer);
  if (!removed.ok()) {
    std::cerr << "cartd admin customers remove: " << removed.status().message() << "\n";
    return 1;
  }
  if (!*removed) {
    std::cerr << "cartd admin customers remove: partner " << *partner << " has no customer "
              << *customer << "\n";
    return 1;
  }
  std::printf("customer %s removed from partner %s\n", customer->c_str(), partner->c_str());
  return 0;
}

int LoadFixtureFile(const StoreFlags& store_flags, const FixtureFlags& flags) {
  constexpr const char* kCommand = "cartd admin fixtures load";
  StatusOr<std::string> text = ReadFile(flags.file);
  if (!text.ok()) {
    std::cerr << kCommand << ": " << text.status().message() << "\n";
    return 2;
  }
  CartServiceOptions options;
  options.sandbox_limits.enabled = flags.sandbox_limits;
  StatusOr<controls::Fixtures> fixtures = controls::ParseFixtures(*text, flags.file, options);
  if (!fixtures.ok()) {
    std::cerr << kCommand << ": " << fixtures.status().message() << "\n";
    return 2;
  }
  StatusOr<std::shared_ptr<const Catalog>> catalog = LoadCatalog(flags.catalog, true);
  if (!catalog.ok()) {
    std::cerr << kCommand << ": " << catalog.status().message() << "\n";
    return 2;
  }
  std::unique_ptr<CartStore> store = Open(store_flags, kCommand);
  if (!store) return 1;
  // Carts are created on cartd's clock, which the stand-in controls may have moved ahead.
  SystemClock system_clock;
  controls::StandInClock clock(system_clock, *store);
  Status synced = clock.Sync();
  StatusOr<controls::LoadedFixtures> loaded =
      synced.ok() ? controls::LoadFixtures(*store, catalog->get(), clock, options, *fixtures,
                                           controls::ExistingCart::kReplace)
                  : StatusOr<controls::LoadedFixtures>(synced);
  if (!loaded.ok()) {
    std::cerr << kCommand << ": " << loaded.status().message() << "\n";
    return 1;
  }
  std::printf("%d customers and %zu carts loaded\n", loaded->customers, loaded->carts.size());
  for (const CartKey& key : loaded->carts) {
    std::printf("  cart %s of customer %s (partner %s)\n", key.cart_id.c_str(),
                key.customer_id.c_str(), key.partner_tenant.c_str());
  }
  return 0;
}

}  // namespace

void AddAdminCommand(CLI::App& app, int& exit_code) {
  CLI::App* admin = app.add_subcommand("admin", "Manage a store: migrations, customers, fixtures");
  admin->require_subcommand(1);

  auto migrate_flags = std::make_shared<StoreFlags>();
  CLI::App* migrate = admin->add_subcommand("migrate", "Apply the store's schema migrations");
  AddStoreOptions(*migrate, *migrate_flags);
  migrate->callback([migrate_flags, &exit_code] {
    std::unique_ptr<CartStore> store = Open(*migrate_flags, "cartd admin migrate");
    if (!store) {
      exit_code = 1;
      return;
    }
    std::printf("migrations applied\n");
    exit_code = 0;
  });

  CLI::App* customers = admin->add_subcommand("customers", "The customer registry");
  customers->require_subcommand(1);

  auto add_store = std::make_shared<StoreFlags>();
  auto add_flags = std::make_shared<CustomerFlags>();
  CLI::App* add = customers->add_subcommand("add", "Add (or replace) a customer of a partner");
  AddStoreOptions(*add, *add_store);
  add->add_option("--partner", add_flags->partner, "Partner tenant id")->required();
  add->add_option("--customer", add_flags->customer, "Customer tenant id")->required();
  add->add_option("--country", add_flags->country, "Market, ISO 3166 alpha-2 (US)")->required();
  add->add_option("--currency", add_flags->currency, "Currency, ISO 4217 (USD)")->required();
  add->add_option("--name", add_flags->name, "Company name");
  add->add_flag("--sandbox-limits", add_flags->sandbox_limits,
                "Refuse a partner's 76th customer, as the integration sandbox does");
  add->callback(
      [add_store, add_flags, &exit_code] { exit_code = AddCustomer(*add_store, *add_flags); });

  auto list_store = std::make_shared<StoreFlags>();
  auto list_partner = std::make_shared<std::string>();
  CLI::App* list = customers->add_subcommand("list", "List customers");
  AddStoreOptions(*list, *list_store);
  list->add_option("--partner", *list_partner, "Only this partner's customers");
  list->callback([list_store, list_partner, &exit_code] {
    exit_code = ListCustomers(*list_store, *list_partner);
  });

  auto remove_store = std::make_shared<StoreFlags>();
  auto remove_flags = std::make_shared<CustomerFlags>();
  CLI::App* remove = customers->add_subcommand("remove", "Remove a customer of a partner");
  AddStoreOptions(*remove, *remove_store);
  remove->add_option("--partner", remove_flags->partner, "Partner tenant id")->required();
  remove->add_option("--customer", remove_flags->customer, "Customer tenant id")->required();
  remove->callback([remove_store, remove_flags, &exit_code] {
    exit_code = RemoveCustomer(*remove_store, *remove_flags);
  });

  CLI::App* fixtures = admin->add_subcommand("fixtures", "Customers and carts to start tests from");
  fixtures->require_subcommand(1);
  auto load_store = std::make_shared<StoreFlags>();
  auto load_flags = std::make_shared<FixtureFlags>();
  CLI::App* load = fixtures->add_subcommand(
      "load", "Load a fixtures document (docs/controls.md), replacing carts with the same ids");
  AddStoreOptions(*load, *load_store);
  load->add_option("file", load_flags->file, "The fixtures JSON file")->required();
  load->add_option("--catalog", load_flags->catalog,
                   "Catalog file to check cart lines against (default: the demo catalog)");
  load->add_flag("--sandbox-limits", load_flags->sandbox_limits,
                 "Apply the integration sandbox's limits (customers, licences)");
  load->callback([load_store, load_flags, &exit_code] {
    exit_code = LoadFixtureFile(*load_store, *load_flags);
  });
}

}  // namespace cartd
