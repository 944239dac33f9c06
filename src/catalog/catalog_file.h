// Catalog files: the JSON file cartd reads its product catalog from, products -> skus ->
// availabilities (the format is described in docs/catalog.md; data/demo-catalog.json is the
// catalog `cartd --demo` serves).
//
// Loading checks the whole file and refuses it at the first problem, so that a typo never turns
// into a silently different catalog: unknown or repeated members, missing ids and titles,
// duplicate catalog item ids (compared case-insensitively), unknown billing cycles, purchase
// systems, product kinds, target views and segments, term durations that are not whole months or
// years, items without terms or prices, bad quantities, market and currency codes, prices with
// more decimals than their currency has, and add-ons whose parent is not in the catalog.
//
// What the products API shows (product descriptions, kinds, types, target views; SKU
// descriptions, prerequisites, dynamic attributes; availability segments) is optional: a file
// without it loads, and gets the defaults docs/catalog.md lists. A SKU's quantities and
// provisioning variables are the defaults of its availabilities.
//
// Stateless functions; safe to call from any thread.
#pragma once

#include <filesystem>
#include <string_view>

#include "common/status.h"
#include "domain/catalog.h"

namespace cartd::catalog {

// Reads and checks the catalog file at `path`.
// Errors: kInvalidInput when the file cannot be read ("<path>: cannot read the catalog file:
// <reason>") and for everything ParseCatalog refuses, with `path` as the source name.
StatusOr<Catalog> LoadCatalogFile(const std::filesystem::path& path);

// Checks the catalog `json` and builds the Catalog it describes. `source_name` (usually the
// file name) starts every error message.
// Errors: kInvalidInput naming the source, the entry and the problem, e.g.
//   "demo-catalog.json: products[2].skus[0].availabilities[1] (DZH318Z0BQ3Q:0001:DZH318Z0BPS6):
//    terms[0].billingCycles: 'weekly' is not a billing cycle"
//   "demo-catalog.json: Invalid JSON: unexpected character '"' at line 3, column 5"
// The JSON itself is read strictly (wire/json_reader.h: columns count bytes, a member given twice
// is refused even in another case); a byte order mark before it is skipped. Prices are read as
// numbers of at most 15 significant digits and convert to minor units exactly.
StatusOr<Catalog> ParseCatalog(std::string_view json, std::string_view source_name);

}  // namespace cartd::catalog
