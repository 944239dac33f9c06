// The catalog in use, replaceable while requests read it (a reload swaps it).
#pragma once

#include "common/swappable.h"
#include "domain/catalog.h"

namespace cartd {

// Holds nullptr when no catalog is configured: lines are then not checked against one.
using CatalogHolder = Swappable<Catalog>;

}  // namespace cartd
