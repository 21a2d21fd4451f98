// The comparison of competing claims ("A vs B"), and the evidence on one
// claim: its assertions grouped by stance and level, counts by stance x
// level, certainty and a verdict line built from the strongest evidence for
// and against. No score. The pages built from these: search/pages.hpp.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/certainty.hpp"
#include "search/searcher.hpp"

namespace evidence::search {

constexpr std::size_t kMaxCompareSides = 4;
constexpr std::size_t kMaxSideClaims = 50;
// Assertions read per claim, strongest first; counts and certainty cover
// these (a claim with more is reported with `assertions_total`).
constexpr std::size_t kMaxClaimAssertions = 5000;

struct CompareRequest {
    enum class By { Text, Topics, Claims };
    std::vector<std::string> sides;
    By by = By::Text;
};

struct TopicRef {
    std::string id, label;
};

struct ClaimEvidence {
    nlohmann::json claim;                    // the claim as stored
    std::vector<nlohmann::json> assertions;  // supports, opposes, mixed; strongest first in each
    std::size_t assertions_total = 0;
    Certainty certainty;
    std::map<std::string, std::map<int, std::size_t>> counts;  // stance -> level -> n
    int strongest_for = 0, strongest_against = 0;              // levels of counted evidence, 0: none
    std::string verdict;  // "strongest for: expert opinion; strongest against: randomized trial"
    // GRADE's informative statement, with the direction in words: "It is
    // probably not true that ...", and the scope where it matters.
    std::string statement;
    std::string scope;
    std::vector<std::string> outcome_statements;  // one per certainty.outcomes
};

struct CompareSide {
    std::string query;
    std::string resolved;  // how the side was read: "topics", "claims" or "text"
    std::vector<TopicRef> topics;
    std::vector<ClaimEvidence> claims;
};

struct Comparison {
    std::vector<CompareSide> sides;
};

// Throws BadRequest for an unknown topic or claim id given as such, or a
// side whose text cannot be parsed.
Comparison compare(Searcher& s, const CompareRequest& req);

// The evidence on one claim (its stored JSON as `claim`).
ClaimEvidence claim_evidence(Searcher& s, nlohmann::json claim);
// The same from the claim's assertions as the index stores them
// (model/stored.hpp, index::assertion_json), in the order the index lists them (strongest
// level first, then document order): the one path from annotations to a
// certainty, also for the claim history of past versions of the corpus.
ClaimEvidence claim_evidence(nlohmann::json claim, std::vector<nlohmann::json> assertions);

// A claim's evidence as an answer or a match shows it: claim_evidence with
// only the strongest assertion of each stance kept (counts, certainty and
// totals whole), computed once per claim for the open index
// (Searcher::memo). `claim`: its stored JSON, or null to look it up; nullptr
// back for an unknown claim.
std::shared_ptr<const ClaimEvidence> claim_evidence_brief(Searcher& s, const std::string& id,
                                                          const nlohmann::json* claim = nullptr);

// Claim hits of a search get their certainty in brief (rating, direction,
// the statement in words, counts by stance), as the claim page computes it.
void add_claim_certainty(Searcher& s, SearchResponse& res);

// The verdict line from the strongest counted evidence for and against.
std::string verdict_line(int strongest_for, int strongest_against);

// The topics a side names: by id, by label, by a synonym of the label, or
// by the start of its words ("hip strength", "hip" -> "Hip strengthening").
std::vector<TopicRef> resolve_topics(Searcher& s, const std::string& side);

}  // namespace evidence::search
