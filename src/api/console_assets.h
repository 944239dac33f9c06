// The web console's files (console/ at the top of the source tree: SPEC §14), compiled into the
// binary as the OpenAPI document is, so that cartd serves its console with nothing beside it.
#pragma once

#include <string_view>

namespace cartd::api {

struct ConsoleAsset {
  std::string_view content_type;
  std::string_view body;
};

// The asset at `name` ("" or "index.html": the page; "console.js", "console.css"); nullptr for
// any other name.
const ConsoleAsset* FindConsoleAsset(std::string_view name);

}  // namespace cartd::api
