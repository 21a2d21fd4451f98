// Claim matching for a whole text: the text split into sentences, each
// matched to the claims it asserts (on their profiles, search/profile.hpp)
// with the sentence's stance on each. Used by POST /api/match, `evidence
// match`, `evidence suggest` and the evaluation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "search/profile.hpp"
#include "search/searcher.hpp"
#include "search/stance.hpp"

namespace evidence::search {

// The largest text matched at once (the API's body limit).
constexpr std::size_t kMaxMatchBytes = 64 * 1024;

// A sentence as byte offsets [start, end) in the text, trimmed.
struct Span {
    std::size_t start = 0, end = 0;
};
// Sentences end at . ! ? (with closing quotes or brackets) before a space
// and a capital, a digit or an opening quote (not after "e.g.", "Dr." or a
// single letter), at a blank line, and before a Markdown list item or heading.
std::vector<Span> split_sentences(std::string_view text);

struct ClaimMatch {
    std::string id, statement;
    std::string certainty;  // the claim's certainty rating ("very low" ... "high")
    std::string direction;  // which way its evidence points ("for", "against", "mixed", "none")
    Stance stance = Stance::Supports;
    int score = 0;  // Xapian's percentage
    double weight = 0;
};

struct MatchedSentence {
    std::string text;
    std::size_t start = 0, end = 0;   // bytes of the text given
    std::vector<ClaimMatch> matches;  // best first; empty when no claim is close
};

struct MatchOptions {
    ProfileMode mode = ProfileMode::Full;
    std::size_t limit = 3;  // matches a sentence, at most
    bool certainty = true;  // look up each matched claim's certainty
};

// The stance of `sentence` on a claim: by the relations both state when
// that decides it (relation_stance, search/relation.hpp: "Rest alone rarely
// fixes it" denies resolving), otherwise scoped_stance() on its statement
// (search/stance.hpp). Baseline mode: always supports. (A rule that took
// the stance of the claim's nearest annotated assertion did worse in the
// evaluation, and so did one that compared only whether the sentence and
// the statement held a negation anywhere.)
Stance stance_on(Searcher& s, const std::string& claim_id, const std::string& statement, std::string_view sentence,
                 ProfileMode mode = ProfileMode::Full);

// Throws BadRequest("body", ...) for a text over kMaxMatchBytes or not UTF-8.
std::vector<MatchedSentence> match_text(Searcher& s, std::string_view text, const MatchOptions& opts = {});

// The claims closest to one sentence, best first, at most `limit`, without
// the floors that decide whether it asserts any: found on their profiles
// (match_claims), then re-ranked by relation (search/relation.hpp) in Full
// mode. None, without a query, for a sentence of fewer than `min_words`
// words (units).
std::vector<ScoredClaim> rank_claims(Searcher& s, std::string_view sentence, std::size_t limit,
                                     ProfileMode mode = ProfileMode::Full, std::size_t min_words = 0);

// The matches of one sentence (no splitting, no size check).
std::vector<ClaimMatch> match_sentence(Searcher& s, std::string_view sentence, const MatchOptions& opts = {});

}  // namespace evidence::search
