// Results -> the JSON of the API (PRODUCT.md, "HTTP JSON API"). The CLI's
// --json prints exactly this, so both are tested once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "search/searcher.hpp"

namespace evidence::render {

nlohmann::json search_json(const search::SearchResponse& r);

// {"error": {"code": ..., "message": ...}}; `parameter` named when given.
nlohmann::json error_json(const std::string& code, const std::string& message, const std::string& parameter = "");

// Serialises without throwing on invalid UTF-8 (it is replaced).
std::string dump(const nlohmann::json& j, int indent = -1);

}  // namespace evidence::render
