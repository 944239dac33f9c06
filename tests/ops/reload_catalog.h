// The catalog the SIGHUP reload tests swap in: one product of one SKU with one availability, or
// with a second one, so that a test can see the reload take effect.
#pragma once

#include <string>

namespace cartd::test {

// Catalog file text: PRODUCT00001:0001:AVAIL0000001, plus PRODUCT00001:0001:AVAIL0000002 when
// `second_item` (US prices, monthly for one month).
std::string ReloadTestCatalog(bool second_item);

}  // namespace cartd::test
