#include "search/answer.hpp"

#include "model/schema.hpp"
#include "search/natural.hpp"
#include "search/profile.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

// A claim answers when it matches this share of the question's words
// (Xapian's percentage) and weighs at least this part of the best claim.
constexpr int kMinPercent = 40;
constexpr double kMinShareOfBest = 0.6;

}  // namespace

std::vector<AnswerClaim> answer_claims(Searcher& s, const SearchRequest& req) {
    std::vector<AnswerClaim> out;
    if (!is_natural(req.q) || split_versus(req.q)) return out;
    std::vector<Xapian::Query> filters;
    for (const char* name : kClaimFilterFields) {
        const auto it = req.filters.find(name);
        if (it == req.filters.end() || it->second.empty()) continue;
        std::vector<Xapian::Query> any;
        for (const auto& v : it->second) any.emplace_back(sc::filter_term(*sc::field(name), v));
        filters.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    const Xapian::Query filter =
        filters.empty() ? Xapian::Query() : Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
    const auto found = match_claims(s, req.q, kMaxAnswerClaims, ProfileMode::Full, filter);
    for (const auto& c : found) {
        if (c.percent < kMinPercent || c.weight < kMinShareOfBest * found.front().weight) continue;
        AnswerClaim a;
        a.evidence = *claim_evidence_brief(s, c.claim->id, &c.claim->data);
        a.weight = c.weight;
        a.percent = c.percent;
        out.push_back(std::move(a));
    }
    return out;
}

Answered ask(Searcher& s, const SearchRequest& req) {
    Answered out;
    out.response = s.search(req);
    if (out.response.total == 0 && !out.response.suggestion.empty()) {
        SearchRequest corrected = req;
        corrected.q = out.response.suggestion;
        SearchResponse again = s.search(corrected);
        if (again.total > 0) {
            again.corrected_from = req.q;
            again.suggestion.clear();
            out.response = std::move(again);
        }
    }
    add_claim_certainty(s, out.response);
    if (req.page == 1) {
        SearchRequest asked = req;
        asked.q = out.response.query;
        out.answer = answer_claims(s, asked);
    }
    return out;
}

}  // namespace evidence::search
