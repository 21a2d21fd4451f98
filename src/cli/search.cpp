// `evidence search`: a readable listing, or with --json exactly the JSON of
// /api/search.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/open_searcher.hpp"
#include "render/json.hpp"
#include "search/compare.hpp"
#include "search/request.hpp"

namespace evidence::cli {

int run_search(const CommonOptions& common, const SearchOptions& o) {
    search::Params params{{"q", o.query}, {"page", std::to_string(o.page)}, {"size", std::to_string(o.size)}};
    if (!o.sort.empty()) params.emplace("sort", o.sort);
    for (const auto& [name, values] : o.filters)
        for (const auto& v : values) params.emplace(name, v);
    return guarded([&] {
        const search::SearchRequest req = search::search_request(params);
        auto searcher = open_searcher(common, o.shards);
        search::SearchResponse res = searcher->search(req);
        search::add_claim_certainty(*searcher, res);
        if (o.json) {
            std::cout << render::search_json_text(res) << '\n';
            return kOk;
        }
        std::cout << res.total << (res.total == 1 ? " result" : " results");
        if (!res.suggestion.empty()) std::cout << " (did you mean: " << res.suggestion << "?)";
        std::cout << '\n';
        if (!res.compare.empty())
            std::cout << "compare the two: evidence compare \"" << res.compare[0] << " vs " << res.compare[1] << "\"\n";
        for (const auto& h : res.hits) {
            const nlohmann::json d = h.json();
            std::cout << "\n[" << h.kind << "] " << d.value("title", "") << "  (" << h.id << ")\n";
            if (h.kind == "assertion") {
                const auto& src = d["source"];
                std::cout << "  " << d.value("stance", "") << ", level " << d.value("level", 0) << " ("
                          << d.value("level_label", "") << ")" << (d.value("retracted", false) ? ", RETRACTED" : "")
                          << "\n  \"" << plain_snippet(h.snippet) << "\"\n  — " << src.value("title", "")
                          << (src.value("site", "").empty() ? "" : ", " + src.value("site", "")) << '\n';
            } else if (h.kind == "claim" && d.contains("certainty")) {
                const auto& c = d["certainty"];
                std::cout << "  certainty: " << c.value("rating", "") << ", evidence " << c.value("direction", "")
                          << "\n  " << c.value("statement", "") << '\n';
            } else if (h.kind == "source") {
                std::cout << "  " << d.value("type", "") << ", " << d.value("site", "") << "\n  "
                          << plain_snippet(h.snippet) << '\n';
            }
        }
        return kOk;
    });
}

}  // namespace evidence::cli
