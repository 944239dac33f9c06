// Carts of a chosen size for the micro-benchmarks: lines cycle through items of the demo catalog
// that a US customer may buy, with the members real clients send (participants, provisioning
// context, term durations) and the server fields a stored cart has.
#pragma once

#include "partnercenter/models.h"

namespace cartd::bench {

// A cart as cartd stores and returns it, with `line_count` top-level lines (no add-ons).
// Deterministic: the same count gives the same cart.
partnercenter::Cart MakeCart(int line_count);

// The same cart as a client sends it on create or update: lines only, without the members the
// server sets (currencyCode, orderGroup, error).
partnercenter::Cart MakeDraft(int line_count);

}  // namespace cartd::bench
