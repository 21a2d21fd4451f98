// The pages of the API and the UI, each gathered in one call: a claim with
// its evidence, history and competitors; a topic; a study with who cites it;
// a source with its statements in document order; the lists of claims and
// of topics. The server's handlers parse, call one of these, and render.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/compare.hpp"
#include "search/searcher.hpp"

namespace evidence::search {

using Filters = std::map<std::string, std::vector<std::string>>;

struct ClaimPage {
    ClaimEvidence evidence;
    nlohmann::json history;                  // search/history.hpp: claim_history
    std::vector<ClaimEvidence> competitors;  // without their assertion lists
};
// Throws NotFound for an unknown id (so do the pages below).
ClaimPage claim_page(Searcher& s, const std::string& id);

struct TopicPage {
    nlohmann::json topic;               // id, label, kind, description
    std::vector<ClaimEvidence> claims;  // without their assertion lists
    std::vector<TopicRef> competing;    // topics of the claims these compete with
};
TopicPage topic_page(Searcher& s, const std::string& id);

struct Citing {
    nlohmann::json assertion;  // the citing assertion, as a search result
    bool bears_on_claim = false;
};
struct StudyPage {
    nlohmann::json study;                  // the source with its page (record, design, ...)
    std::vector<nlohmann::json> findings;  // its own assertions
    std::vector<Citing> cited_by;          // who cites it, and for which claim
};
StudyPage study_page(Searcher& s, const std::string& id);

struct SourcePage {
    nlohmann::json source;                   // the source with its page (body, posts, record)
    std::vector<nlohmann::json> assertions;  // in document order: the line of each quote
    std::size_t assertions_total = 0;
};
SourcePage source_page(Searcher& s, const std::string& id);

// /api/claims lists at most this many (and gives the total).
constexpr std::size_t kMaxClaims = 10000;
// With their evidence weighed: at most this many claims.
constexpr std::size_t kMaxClaimsWithEvidence = 1000;

struct ClaimList {
    std::size_t total = 0;
    std::vector<nlohmann::json> claims;   // as stored (without evidence)
    std::vector<ClaimEvidence> evidence;  // with evidence: without their assertion lists
};
// The claims within `filters` (topic, claim_type), strongest first. With
// `with_evidence`, each weighed; throws BadRequest("with", ...) when more
// than kMaxClaimsWithEvidence match.
ClaimList claim_list(Searcher& s, const Filters& filters, bool with_evidence);

struct TopicSummary {
    nlohmann::json topic;  // id, label, kind, description
    std::size_t claims = 0;
};
// Every topic with the number of its claims.
std::vector<TopicSummary> topic_list(Searcher& s);

}  // namespace evidence::search
