// Claims matched to a text on their profiles (schema::kProfilePrefix: the
// statement, the topics and the words of the assertions annotated on each
// claim), ranked by Xapian (BM25). Used by the answer to a question, the
// sides of a comparison, and claim matching of a whole text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.hpp"
#include "search/natural.hpp"
#include "search/searcher.hpp"

namespace Xapian {
class Query;
}

namespace evidence::search {

struct Lexicon;

enum class ProfileMode {
    Full,      // filler and stop words dropped, synonyms of each word one term
    Baseline,  // stop words dropped, stems: nothing else (for the evaluation)
    // Full's ranking computed on the index itself instead of on the
    // in-memory copy of the claims' profiles: slower (each term read from
    // disk), the same claims in the same order. The reference the copy is
    // tested against, and measured beside it in `make bench`.
    FullOnIndex,
};

// The profile terms of one unit of text: its own words' first, then (with
// `synonyms`) those of each synonym of it, one list of terms each.
// `field`: the term prefix (the profile's by default).
std::vector<std::vector<std::string>> unit_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                        std::string_view field = schema::kProfilePrefix);

struct ScoredClaim {
    std::shared_ptr<const Stored> claim;  // never null; kept per open index (Searcher::memo)
    double weight = 0;                    // Xapian's BM25 weight
    int percent = 0;        // Xapian's percentage: the share of the text's words the claim matches, scaled
    std::size_t words = 0;  // words (units) of the query
};

// The claims best matching `text`, best first, at most `limit`, within
// `filter` (claim filters such as topic; may be empty); none, without a
// query, when the text has fewer than `min_words` words (units). The caller
// bounds and checks the text.
std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit,
                                      ProfileMode mode = ProfileMode::Full);
std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit, ProfileMode mode,
                                      const Xapian::Query& filter, std::size_t min_words = 0);
// The same (no filter; Full or FullOnIndex) for a text already read into
// its units (units_of, with the open index's lexicon).
std::vector<ScoredClaim> match_claims(Searcher& s, const std::vector<Unit>& units, std::size_t limit,
                                      std::size_t min_words, ProfileMode mode = ProfileMode::Full);

}  // namespace evidence::search
