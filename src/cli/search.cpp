// `evidence search`: a readable listing, or with --json exactly the JSON of
// /api/search.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/open_searcher.hpp"
#include "model/stored.hpp"
#include "render/json.hpp"
#include "search/answer.hpp"
#include "search/request.hpp"

namespace evidence::cli {

namespace key = evidence::stored::key;

int run_search(const CommonOptions& common, const SearchOptions& o) {
    search::Params params{{"q", o.query}, {"page", std::to_string(o.page)}, {"size", std::to_string(o.size)}};
    if (!o.sort.empty()) params.emplace("sort", o.sort);
    for (const auto& [name, values] : o.filters)
        for (const auto& v : values) params.emplace(name, v);
    return guarded([&] {
        const search::SearchRequest req = search::search_request(params);
        auto searcher = open_searcher(common, o.shards);
        const search::Answered answered = search::ask(*searcher, req);
        const search::SearchResponse& res = answered.response;
        if (o.json) {
            std::cout << render::answered_json_text(answered) << '\n';
            return kOk;
        }
        if (!res.corrected_from.empty())
            std::cout << "showing results for " << res.query << "; search instead for " << res.corrected_from << '\n';
        if (res.relaxed.changed()) std::cout << res.relaxed.message << '\n';
        for (const auto& a : answered.answer)
            std::cout << "answer: " << a.evidence.claim.value(key::kStatement, "") << "  ("
                      << a.evidence.claim.value(key::kId, "")
                      << ")\n  certainty: " << search::to_string(a.evidence.certainty.rating) << "; "
                      << a.evidence.verdict << '\n';
        std::cout << res.total << (res.total == 1 ? " result" : " results");
        if (!res.suggestion.empty()) std::cout << " (did you mean: " << res.suggestion << "?)";
        std::cout << '\n';
        if (!res.compare.empty())
            std::cout << "compare the two: evidence compare \"" << res.compare[0] << " vs " << res.compare[1] << "\"\n";
        for (const auto& h : res.hits) {
            const nlohmann::json d = h.json();
            std::cout << "\n[" << h.kind << "] " << d.value(key::kTitle, "") << "  (" << h.id << ")\n";
            if (h.kind == "assertion") {
                const auto& src = d[key::kSource];
                std::cout << "  " << d.value(key::kStance, "") << ", level " << d.value(key::kLevel, 0) << " ("
                          << d.value(key::kLevelLabel, "") << ")"
                          << (d.value(key::kRetracted, false) ? ", RETRACTED" : "") << "\n  \""
                          << plain_snippet(h.snippet) << "\"\n  — " << src.value(key::kTitle, "")
                          << (src.value(key::kSite, "").empty() ? "" : ", " + src.value(key::kSite, "")) << '\n';
            } else if (h.kind == "claim" && d.contains("certainty")) {
                const auto& c = d["certainty"];
                std::cout << "  certainty: " << c.value("rating", "") << ", evidence " << c.value("direction", "")
                          << "\n  " << c.value(key::kStatement, "") << '\n';
            } else if (h.kind == "source") {
                std::cout << "  " << d.value(key::kType, "") << ", " << d.value(key::kSite, "") << "\n  "
                          << plain_snippet(h.snippet) << '\n';
            }
        }
        return kOk;
    });
}

}  // namespace evidence::cli
