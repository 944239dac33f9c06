// cartd_bench_preload: fills a cartd SQLite database with carts, fast, for the load benchmark.
//
// It opens the store cartd itself would open (same file, same schema, same records), adds the
// demo customers, and creates carts through CartService::CreateCart from many threads at once, so
// that the store's group commit writes them in large transactions. The ids of the new carts are
// appended to a file, one per line, for the wrk scripts to pick from.
//
//   cartd_bench_preload --db DIR/cartd.db --cart bench/data/typical_cart.json
//                       --count 1000000 --ids-out DIR/carts.ids
//
// Exit status: 0 when every cart was created, 1 on any failure (the message says which).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cartd/demo.h"
#include "cartd/embedded_demo_catalog.h"
#include "catalog/catalog_file.h"
#include "common/clock.h"
#include "domain/cart_lines.h"
#include "domain/cart_service.h"
#include "domain/catalog_holder.h"
#include "domain/principal.h"
#include "partnercenter/json.h"
#include "storage/sqlite/sqlite_store.h"

namespace cartd::bench {
namespace {

struct Flags {
  std::string db;
  std::string cart_file;
  std::int64_t count = 1000;
  std::string ids_out;
  int threads = 256;
  int batch = 1024;
};

bool ReadFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

bool HasLineErrors(const std::vector<partnercenter::CartLineItem>& lines) {
  return std::any_of(lines.begin(), lines.end(), [](const partnercenter::CartLineItem& line) {
    return line.error.has_value() || (line.addon_items && HasLineErrors(*line.addon_items));
  });
}

int Run(const Flags& flags) {
  std::string draft_json;
  if (!ReadFile(flags.cart_file, draft_json)) {
    std::cerr << "preload: cannot read " << flags.cart_file << "\n";
    return 1;
  }
  partnercenter::Result<partnercenter::Cart> draft = partnercenter::ParseCart(draft_json);
  if (!draft.ok()) {
    std::cerr << "preload: " << flags.cart_file << ": " << draft.error().ToString() << "\n";
    return 1;
  }

  storage::SqliteOptions store_options;
  store_options.path = flags.db;
  store_options.read_connections = 1;
  store_options.max_batch_writes = flags.batch;
  StatusOr<std::unique_ptr<storage::SqliteStore>> store = storage::OpenSqliteStore(store_options);
  if (!store.ok()) {
    std::cerr << "preload: " << store.status().ToString() << "\n";
    return 1;
  }

  StatusOr<Catalog> catalog = catalog::ParseCatalog(kEmbeddedDemoCatalog, "demo-catalog.json");
  if (!catalog.ok()) {
    std::cerr << "preload: " << catalog.status().ToString() << "\n";
    return 1;
  }
  CatalogHolder holder(std::make_shared<const Catalog>(*std::move(catalog)));
  const SystemClock clock;
  const CartServiceOptions service_options;
  // The demo customers, as `cartd serve --demo` adds them, so the carts have an owner.
  if (Status loaded = demo::Load(**store, holder.Get().get(), clock, service_options);
      !loaded.ok()) {
    std::cerr << "preload: " << loaded.ToString() << "\n";
    return 1;
  }
  StatusOr<std::optional<Customer>> customer =
      (*store)->FindCustomer(demo::kPartnerTenant, demo::kCustomer);
  if (!customer.ok() || !*customer) {
    std::cerr << "preload: the demo customer is missing\n";
    return 1;
  }
  CartService service(**store, clock, holder, service_options);
  const Principal principal{.partner_tenant = demo::kPartnerTenant,
                            .user_object_id = demo::kUser,
                            .app_id = "",
                            .app_only = false};

  // Refuse a draft whose lines would carry errors: checkout of such carts fails, which would
  // turn the checkout benchmark into a benchmark of refusals.
  if (Status checked = CheckLineItems(draft->line_items, service_options.limits); !checked.ok()) {
    std::cerr << "preload: " << flags.cart_file << ": " << checked.ToString() << "\n";
    return 1;
  }
  if (HasLineErrors(PrepareLines(draft->line_items, **customer, holder.Get().get()))) {
    std::cerr << "preload: the cart in " << flags.cart_file
              << " has line errors against the demo catalog\n";
    return 1;
  }

  const auto started = std::chrono::steady_clock::now();
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex output_mutex;
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(flags.count));
  const std::int64_t progress_step = std::max<std::int64_t>(flags.count / 10, 1);

  auto worker = [&] {
    std::vector<std::string> mine;
    while (!failed.load(std::memory_order_relaxed)) {
      const std::int64_t index = next.fetch_add(1);
      if (index >= flags.count) break;
      const StatusOr<CartRecord> created =
          service.CreateCart(principal, **customer, *draft, nullptr);
      if (!created.ok()) {
        std::lock_guard lock(output_mutex);
        std::cerr << "preload: " << created.status().ToString() << "\n";
        failed = true;
        break;
      }
      mine.push_back(created->key.cart_id);
      if ((index + 1) % progress_step == 0) {
        std::lock_guard lock(output_mutex);
        std::fprintf(stderr, "preload: %lld of %lld\n", static_cast<long long>(index + 1),
                     static_cast<long long>(flags.count));
      }
    }
    std::lock_guard lock(output_mutex);
    ids.insert(ids.end(), std::make_move_iterator(mine.begin()),
               std::make_move_iterator(mine.end()));
  };
  std::vector<std::thread> threads;
  const int thread_count =
      static_cast<int>(std::clamp<std::int64_t>(flags.count, 1, flags.threads));
  for (int i = 0; i < thread_count; ++i) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  if (failed) return 1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (!flags.ids_out.empty()) {
    std::ofstream out(flags.ids_out, std::ios::app);
    for (const std::string& id : ids) out << id << '\n';
    out.flush();
    if (!out) {
      std::cerr << "preload: cannot write " << flags.ids_out << "\n";
      return 1;
    }
  }
  const storage::SqliteStats stats = (*store)->stats();
  std::printf("preload: %lld carts in %.1f s (%.0f carts/s, %llu transactions)\n",
              static_cast<long long>(flags.count), seconds,
              static_cast<double>(flags.count) / std::max(seconds, 1e-9),
              static_cast<unsigned long long>(stats.transactions));
  return 0;
}

}  // namespace
}  // namespace cartd::bench

int main(int argc, char** argv) {
  CLI::App app("Preloads a cartd SQLite database with carts for the load benchmark",
               "cartd_bench_preload");
  cartd::bench::Flags flags;
  app.add_option("--db", flags.db, "The SQLite file (its directory must exist)")->required();
  app.add_option("--cart", flags.cart_file, "A JSON cart whose lines every new cart gets")
      ->required();
  app.add_option("--count", flags.count, "How many carts to create")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}))
      ->capture_default_str();
  app.add_option("--ids-out", flags.ids_out, "Append the new carts' ids to this file");
  app.add_option("--threads", flags.threads, "Concurrent writers (each write waits for its commit)")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--batch", flags.batch, "The most writes one transaction takes")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return cartd::bench::Run(flags);
}
