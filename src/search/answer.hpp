// A question's answer: beside the hits of a search, the claims that best
// match it (at most three), each with its certainty, its counts for and
// against by level and the strongest statement on each side. A search that
// finds nothing but has a spelling correction runs the correction at once.
#pragma once

#include <string>
#include <vector>

#include "search/compare.hpp"
#include "search/searcher.hpp"

namespace evidence::search {

constexpr std::size_t kMaxAnswerClaims = 3;

struct AnswerClaim {
    ClaimEvidence evidence;  // with its assertions, strongest first in each stance
    double weight = 0;
    int percent = 0;
};

struct Answered {
    SearchResponse response;
    std::vector<AnswerClaim> answer;
};

// The claims answering `q`, best first; only claims within the request's
// claim filters (topic, claim, claim_type). Empty for a query with
// operators, or when no claim is close enough.
std::vector<AnswerClaim> answer_claims(Searcher& s, const SearchRequest& req);

// The search of GET /api/search and `evidence search`: the hits, the
// correction run when nothing was found, and the answer (first page only).
Answered ask(Searcher& s, const SearchRequest& req);

}  // namespace evidence::search
