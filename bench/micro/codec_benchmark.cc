// The JSON codec on carts of 1, 10 and 250 lines: parsing a request body (ParseCart) and writing
// a response body (ToJson). Bytes/s are of the JSON text.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "micro/bench_carts.h"
#include "partnercenter/json.h"

namespace cartd::bench {
namespace {

void BM_ParseCart(benchmark::State& state) {
  const std::string json = partnercenter::ToJson(MakeCart(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    partnercenter::Result<partnercenter::Cart> cart = partnercenter::ParseCart(json);
    if (!cart.ok()) {
      state.SkipWithError(cart.error().description.c_str());
      break;
    }
    benchmark::DoNotOptimize(cart);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
  state.counters["json_bytes"] = static_cast<double>(json.size());
}
BENCHMARK(BM_ParseCart)->Arg(1)->Arg(10)->Arg(250);

void BM_SerializeCart(benchmark::State& state) {
  const partnercenter::Cart cart = MakeCart(static_cast<int>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string json = partnercenter::ToJson(cart);
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["json_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SerializeCart)->Arg(1)->Arg(10)->Arg(250);

// Read then write back, what a PUT costs in the codec.
void BM_RoundTripCart(benchmark::State& state) {
  const std::string json = partnercenter::ToJson(MakeCart(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    partnercenter::Result<partnercenter::Cart> cart = partnercenter::ParseCart(json);
    if (!cart.ok()) {
      state.SkipWithError(cart.error().description.c_str());
      break;
    }
    std::string out = partnercenter::ToJson(*cart);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_RoundTripCart)->Arg(1)->Arg(10)->Arg(250);

}  // namespace
}  // namespace cartd::bench
