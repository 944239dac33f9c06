// The OpenAPI 3.1 description of cartd's HTTP API (docs/openapi.json), compiled into the binary
// and served at GET /openapi.json.
#pragma once

#include <string_view>

namespace cartd::api {

extern const std::string_view kOpenApiDocument;

}  // namespace cartd::api
