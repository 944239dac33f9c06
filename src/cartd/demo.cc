#include "cartd/demo.h"

#include "controls/fixtures.h"

namespace cartd::demo {

Status Load(CartStore& store, const Catalog* catalog, const Clock& clock,
            const CartServiceOptions& options) {
  CARTD_ASSIGN_OR_RETURN(controls::Fixtures fixtures,
                         controls::ParseFixtures(kFixtures, "demo-fixtures.json", options));
  return controls::LoadFixtures(store, catalog, clock, options, fixtures,
                                controls::ExistingCart::kKeepIfUsable)
      .status();
}

}  // namespace cartd::demo
