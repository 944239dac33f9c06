// The domain's line rules on a 250-line cart (the limit) against the demo catalog: the request
// checks (CheckLineItems), the full preparation a create or update runs (PrepareLines: ids,
// currency, catalog validation, order groups) and the order-group partition alone.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "cartd/demo.h"
#include "cartd/embedded_demo_catalog.h"
#include "catalog/catalog_file.h"
#include "domain/cart_lines.h"
#include "domain/catalog.h"
#include "domain/customer.h"
#include "micro/bench_carts.h"

namespace cartd::bench {
namespace {

const Catalog& DemoCatalog() {
  static const Catalog catalog = [] {
    StatusOr<Catalog> parsed = catalog::ParseCatalog(kEmbeddedDemoCatalog, "demo-catalog.json");
    if (!parsed.ok()) std::abort();
    return *std::move(parsed);
  }();
  return catalog;
}

Customer DemoCustomer() {
  return Customer{demo::kPartnerTenant, demo::kCustomer, "US", "USD", "Contoso"};
}

void BM_CheckLineItems(benchmark::State& state) {
  const partnercenter::Cart draft = MakeDraft(static_cast<int>(state.range(0)));
  const LineLimits limits;
  for (auto _ : state) {
    Status status = CheckLineItems(draft.line_items, limits);
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      break;
    }
    benchmark::DoNotOptimize(status);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CheckLineItems)->Arg(250);

// Includes copying the lines in, since PrepareLines takes them by value as the service passes
// them.
void BM_PrepareLines(benchmark::State& state) {
  const partnercenter::Cart draft = MakeDraft(static_cast<int>(state.range(0)));
  const Customer customer = DemoCustomer();
  const Catalog& catalog = DemoCatalog();
  for (auto _ : state) {
    std::vector<partnercenter::CartLineItem> lines =
        PrepareLines(draft.line_items, customer, &catalog);
    benchmark::DoNotOptimize(lines);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PrepareLines)->Arg(250);

void BM_AssignOrderGroups(benchmark::State& state) {
  std::vector<partnercenter::CartLineItem> lines =
      MakeDraft(static_cast<int>(state.range(0))).line_items;
  const Catalog& catalog = DemoCatalog();
  for (auto _ : state) {
    AssignOrderGroups(lines, &catalog);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssignOrderGroups)->Arg(250);

}  // namespace
}  // namespace cartd::bench
