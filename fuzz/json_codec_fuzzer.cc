// libFuzzer target: the JSON codec (partnercenter/json.h). Every input is given to each Parse*
// function; whatever one accepts must survive the write-back round trip: ToJson's output parses
// again, and writing that gives the same bytes (the codec's output is a fixed point). Together
// with the sanitizers this finds crashes, leaks, undefined behaviour, and values the codec reads
// but cannot write back faithfully.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "partnercenter/json.h"

namespace {

template <typename T, typename ParseFn>
void CheckRoundTrip(std::string_view input, ParseFn parse, const char* what) {
  partnercenter::Result<T> first = parse(input, partnercenter::ParseOptions{});
  if (!first.ok()) {
    // An error must say what is wrong, as one of the codec's two kinds and with no service code.
    const partnercenter::Error& error = first.error();
    if ((error.kind != partnercenter::ErrorKind::kInvalidJson &&
         error.kind != partnercenter::ErrorKind::kInvalidEnum) ||
        error.description.empty() || error.code != 0) {
      std::fprintf(stderr, "%s: malformed error (code %d): %s\n", what, error.code,
                   error.description.c_str());
      std::abort();
    }
    return;
  }
  const std::string written = partnercenter::ToJson(*first);
  partnercenter::Result<T> second = parse(written, partnercenter::ParseOptions{});
  if (!second.ok()) {
    std::fprintf(stderr, "%s: written JSON does not parse: %s\n%s\n", what,
                 second.error().description.c_str(), written.c_str());
    std::abort();
  }
  const std::string rewritten = partnercenter::ToJson(*second);
  if (rewritten != written) {
    std::fprintf(stderr, "%s: round trip changed the JSON\nfirst:  %s\nsecond: %s\n", what,
                 written.c_str(), rewritten.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace partnercenter;
  CheckRoundTrip<Cart>(
      input, [](std::string_view j, const ParseOptions& o) { return ParseCart(j, o); },
      "ParseCart");
  CheckRoundTrip<CartLineItem>(
      input, [](std::string_view j, const ParseOptions& o) { return ParseCartLineItem(j, o); },
      "ParseCartLineItem");
  CheckRoundTrip<CartCheckoutResult>(
      input,
      [](std::string_view j, const ParseOptions& o) { return ParseCartCheckoutResult(j, o); },
      "ParseCartCheckoutResult");
  CheckRoundTrip<Order>(
      input, [](std::string_view j, const ParseOptions& o) { return ParseOrder(j, o); },
      "ParseOrder");
  CheckRoundTrip<OrderCollection>(
      input, [](std::string_view j, const ParseOptions& o) { return ParseOrderCollection(j, o); },
      "ParseOrderCollection");
  CheckRoundTrip<ApiFault>(
      input, [](std::string_view j, const ParseOptions& o) { return ParseApiFault(j, o); },
      "ParseApiFault");
  return 0;
}
