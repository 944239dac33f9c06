// cartctl's command line: parses the arguments, calls the service through the partnercenter SDK
// and prints the answer.
//
//   cartctl [--base-url URL] [--token TOKEN] [--customer ID] [--output json|table] COMMAND
//     carts create (--item ID,QTY,CYCLE[,TERM]... | --file CART.json)
//     carts get CART_ID
//     carts update CART_ID (--set-quantity LINE=N... | --file CART.json) [--if-match ETAG]
//     carts checkout CART_ID [--if-match ETAG]
//     orders get ORDER_ID
//     orders list
//     orders status ORDER_ID
//     orders cancel ORDER_ID
//     subscriptions list [--order ORDER_ID]
//     subscriptions get SUBSCRIPTION_ID
//     catalog products --country CC --target-view VIEW [--target-segment SEGMENT]
//     catalog product PRODUCT_ID --country CC
//     catalog skus PRODUCT_ID --country CC [--target-segment SEGMENT]
//     catalog sku PRODUCT_ID SKU_ID --country CC
//     catalog availabilities PRODUCT_ID SKU_ID --country CC [--target-segment SEGMENT]
//     catalog availability PRODUCT_ID SKU_ID AVAILABILITY_ID --country CC
//   cartctl [--base-url URL] [--control-token TOKEN] [--output json|table] COMMAND
//     clock [show] | clock advance DURATION | clock set TIME
//     faults add [...] | faults list | faults clear [ID]
//     requests tail [...] [--follow] | requests clear
//     reset [--empty] | fixtures load FILE | token mint ... | customers list [--partner ID]
// The carts, orders and subscriptions commands need a customer; the catalog commands a country;
// the stand-in controls' commands (cartctl/control_commands.h) the control token.
//
// docs/cartctl.md is the user's guide.
#pragma once

#include <ostream>

#include "partnercenter/result.h"

namespace cartctl {

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;        // bad arguments, unreadable or invalid --file
inline constexpr int kExitClientError = 3;  // the service answered 4xx
inline constexpr int kExitServerError =
    4;  // 5xx, no answer, or an answer that is not the contract's

// The exit code for a failed call.
int ExitCodeFor(const partnercenter::Error& error);

// Runs cartctl with `argv` (argv[0] is the program name), writing results to `out` and errors
// (as "description (code)") to `err`. Reads CARTCTL_BASE_URL, CARTCTL_TOKEN, CARTCTL_CUSTOMER,
// CARTCTL_COUNTRY and CARTD_CONTROL_TOKEN from the environment for options not given. Returns the
// exit code.
int Run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace cartctl
