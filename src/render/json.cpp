#include "render/json.hpp"

namespace evidence::render {

using nlohmann::json;

namespace {
// The facets of PRODUCT.md's search response, in its order.
constexpr const char* kFacetOrder[] = {"topic", "claim",    "claim_type", "stance", "level", "directness",
                                       "type",  "year",     "interest",   "site",   "kind"};
}  // namespace

json search_json(const search::SearchResponse& r) {
    json results = json::array();
    for (const auto& h : r.hits) {
        json j = h.data;
        j["snippet"] = h.snippet;
        results.push_back(std::move(j));
    }
    json facets = json::object();
    for (const char* name : kFacetOrder) {
        json values = json::array();
        auto it = r.facets.find(name);
        if (it != r.facets.end())
            for (const auto& v : it->second) values.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
        facets[name] = std::move(values);
    }
    json out = {{"query", r.query}, {"total", r.total}, {"page", r.page}, {"size", r.size},
                {"results", results}, {"facets", facets}};
    if (!r.suggestion.empty()) out["suggestion"] = r.suggestion;
    return out;
}

json error_json(const std::string& code, const std::string& message, const std::string& parameter) {
    json e = {{"code", code}, {"message", message}};
    if (!parameter.empty()) e["parameter"] = parameter;
    return {{"error", e}};
}

std::string dump(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

}  // namespace evidence::render
