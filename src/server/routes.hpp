// Internal to the server module: the API routes and the static files.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <functional>

#include "render/export.hpp"
#include "search/searcher.hpp"

namespace evidence::server {

// What the handlers need: a Searcher refreshed to the live index, lent to
// one request at a time (Xapian objects are never used by two threads at
// once), returned when the function returns or throws.
struct Context {
    std::function<void(const std::function<void(search::Searcher&)>&)> with_searcher;
    std::function<nlohmann::json()> corpus_status;  // serve --watch; may be empty
    render::ExportContext export_context;           // the public address, for ClaimReview's url
};

// Every /api/ endpoint of PRODUCT.md and /api/openapi.json.
void install_routes(httplib::Server& http, Context& ctx);
// web/ at /, and JSON 404s for unknown /api/ paths. Install last: its
// pattern matches every path.
void install_static(httplib::Server& http, const std::filesystem::path& web);

}  // namespace evidence::server
