// The demo catalog (data/demo-catalog.json), compiled into the binary so that `cartd serve
// --demo` works wherever the binary is.
#pragma once

#include <string_view>

namespace cartd {

extern const std::string_view kEmbeddedDemoCatalog;

}  // namespace cartd
