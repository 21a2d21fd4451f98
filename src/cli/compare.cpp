// `evidence compare "A vs B"`: the side-by-side comparison, or with --json
// exactly the JSON of /api/compare.
#include "search/compare.hpp"

#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/open_searcher.hpp"
#include "model/stored.hpp"
#include "render/json.hpp"
#include "search/request.hpp"

namespace evidence::cli {

namespace key = evidence::stored::key;

namespace {

void print_claim(const search::ClaimEvidence& e) {
    std::cout << "\n  " << e.claim.value(key::kStatement, "") << "\n    (" << e.claim.value(key::kId, "") << ", "
              << e.claim.value(key::kType, "") << ")\n    certainty: " << search::to_string(e.certainty.rating)
              << (e.certainty.direction == search::Direction::None
                      ? std::string()
                      : ", evidence " + std::string(search::to_string(e.certainty.direction)))
              << (e.certainty.evidence_gap ? " — evidence gap" : "") << '\n';
    // The direction in words (GRADE's informative statement), and its scope.
    if (!e.statement.empty()) std::cout << "    " << e.statement << '\n';
    if (!e.scope.empty()) std::cout << "    " << e.scope << '\n';
    std::cout << "    " << e.verdict << '\n';
    for (const auto& [stance, levels] : e.counts) {
        std::cout << "    " << stance << ":";
        for (const auto& [level, n] : levels) std::cout << " level " << level << " ×" << n;
        std::cout << '\n';
    }
    for (const auto& step : e.certainty.explanation) std::cout << "      · " << step << '\n';
    for (const auto& a : e.assertions) {
        const std::string said =
            a.value(key::kQuote, "").empty() ? a.value(key::kFinding, "") : a.value(key::kQuote, "");
        std::cout << "    " << a.value(key::kStance, "") << " L" << a.value(key::kLevel, 0) << ": \"" << said << "\" — "
                  << a[key::kSource].value(key::kTitle, "") << (a.value(key::kRetracted, false) ? " [RETRACTED]" : "")
                  << '\n';
    }
}

}  // namespace

int run_compare(const CommonOptions& common, const CompareOptions& o) {
    return guarded([&] {
        const search::CompareRequest req = search::compare_request({{"q", o.query}});
        auto searcher = open_searcher(common, o.shards);
        const search::Comparison c = search::compare(*searcher, req);
        if (o.json) {
            std::cout << render::dump(render::compare_json(c)) << '\n';
            return kOk;
        }
        for (const auto& side : c.sides) {
            std::cout << "== " << side.query;
            if (!side.topics.empty()) {
                std::cout << " (topics:";
                for (const auto& t : side.topics) std::cout << ' ' << t.label;
                std::cout << ')';
            } else {
                std::cout << " (" << side.resolved << ')';
            }
            std::cout << ": " << side.claims.size() << (side.claims.size() == 1 ? " claim" : " claims") << '\n';
            for (const auto& e : side.claims) print_claim(e);
            std::cout << '\n';
        }
        return kOk;
    });
}

}  // namespace evidence::cli
