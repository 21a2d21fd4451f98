#include "render/json.hpp"

#include "model/schema.hpp"

namespace evidence::render {

using nlohmann::json;

namespace {

// Every facet of the facet table (schema::kFields), and its heading in the
// table's order for the UI: no list of facets is kept here.
json facets_json(const search::SearchResponse& r) {
    json facets = json::object();
    for (const auto& f : schema::fields()) {
        if (!f.facet) continue;
        const std::string name(f.name);
        json values = json::array();
        auto it = r.facets.find(name);
        if (it != r.facets.end())
            for (const auto& v : it->second)
                values.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
        facets[name] = std::move(values);
    }
    return facets;
}

json facet_fields_json() {
    json out = json::array();
    for (const auto& f : schema::fields())
        if (f.facet) out.push_back({{"name", f.name}, {"label", f.label}});
    return out;
}

// Everything of the response but its results.
json head_json(const search::SearchResponse& r) {
    json out = {{"query", r.query},
                {"total", r.total},
                {"page", r.page},
                {"size", r.size},
                {"sort", r.sort},
                {"facets", facets_json(r)},
                {"facet_fields", facet_fields_json()}};
    if (!r.suggestion.empty()) out["suggestion"] = r.suggestion;
    if (!r.compare.empty()) out["compare"] = r.compare;
    if (r.lenient) out["lenient"] = true;
    if (r.relaxed.changed())
        out["relaxed"] = {{"searched", r.relaxed.searched},
                          {"ignored", r.relaxed.ignored},
                          {"optional", r.relaxed.optional},
                          {"message", r.relaxed.message}};
    if (!r.corrected_from.empty())
        out["corrected"] = {{"query", r.query},
                            {"original", r.corrected_from},
                            {"message", "showing results for " + r.query + "; search instead for " + r.corrected_from}};
    return out;
}

}  // namespace

json search_json(const search::SearchResponse& r) {
    json results = json::array();
    for (const auto& h : r.hits) {
        json j = h.json();
        j["snippet"] = h.snippet;
        results.push_back(std::move(j));
    }
    json out = head_json(r);
    out["results"] = std::move(results);
    return out;
}

std::string search_json_text(const search::SearchResponse& r) {
    std::string out = dump(head_json(r));
    out.pop_back();  // the closing brace
    out += ",\"results\":[";
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
        const std::string& data = r.hits[i].data.text();
        if (i > 0) out += ',';
        // The stored JSON is an object written by the indexer: splice the
        // snippet in before its closing brace.
        const auto close = data.find_last_of('}');
        if (close == std::string::npos || data.front() != '{') {
            out += dump(json{{"snippet", r.hits[i].snippet}});
            continue;
        }
        out.append(data, 0, close);
        if (data.find_first_not_of(" \t\r\n", 1) != close) out += ',';
        out += "\"snippet\":";
        out += dump(json(r.hits[i].snippet));
        out += '}';
    }
    out += "]}";
    return out;
}

json error_json(const std::string& code, const std::string& message, const std::string& parameter) {
    json e = {{"code", code}, {"message", message}};
    if (!parameter.empty()) e["parameter"] = parameter;
    return {{"error", e}};
}

std::string dump(const json& j, int indent) { return j.dump(indent, ' ', false, json::error_handler_t::replace); }

}  // namespace evidence::render
