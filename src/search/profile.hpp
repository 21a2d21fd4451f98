// Claims matched to a text on their profiles (schema::kProfilePrefix: the
// statement, the topics and the words of the assertions annotated on each
// claim), ranked by Xapian (BM25). Used by the answer to a question, the
// sides of a comparison, and claim matching of a whole text.
#pragma once

#include <array>
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
    // Full's ranking always computed on the index itself (each term read
    // from disk), or always on the in-memory copy of the claims' profiles.
    // Full runs on the index until its claim queries have taken as long as
    // making the copy would, then on the copy: the same claims, in the same
    // order, with the same weights. For tests and `make bench`.
    FullOnIndex,
    FullInMemory,
};

// The profile terms of one unit of text: its own words' first, then (with
// `synonyms`) those of each synonym of it, one list of terms each.
// `field`: the term prefix (the profile's by default).
std::vector<std::vector<std::string>> unit_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                        std::string_view field = schema::kProfilePrefix);

// The fields a claim query can be filtered on (the answer's filters, from
// the search's): their terms are in the in-memory copy of the profiles.
inline constexpr std::array<const char*, 3> kClaimFilterFields = {"topic", "claim", "claim_type"};

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
// Whether the searcher's claim queries (ProfileMode::Full) run on the
// in-memory copy of the profiles yet, for the open index.
bool profiles_copied(Searcher& s);

// The same (no filter; Full or FullOnIndex) for a text already read into
// its units (units_of, with the open index's lexicon).
std::vector<ScoredClaim> match_claims(Searcher& s, const std::vector<Unit>& units, std::size_t limit,
                                      std::size_t min_words, ProfileMode mode = ProfileMode::Full);

}  // namespace evidence::search
