// The OpenAPI 3.1 description of the JSON API (GET /api/openapi.json).
// A test calls every path it documents and checks each response against the
// required properties of its schema, so the two cannot drift apart.
#pragma once

#include <nlohmann/json.hpp>

namespace evidence::render {

nlohmann::json openapi_json();

}  // namespace evidence::render
