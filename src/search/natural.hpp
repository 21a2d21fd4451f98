// Questions in plain words: a query with no operators, field prefixes,
// quotes, wildcards or brackets is read as natural language. Question and
// filler words ("can", "you", "should", "my") need not match; when the
// remaining words cannot all match, the least informative are made optional
// one at a time (as Typesense's drop_tokens_threshold or Algolia's
// removeWordsIfNoResults do), documents matching more of them ranking higher.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "search/query.hpp"
#include "search/searcher.hpp"

namespace evidence::search {

// True when `q` holds no operator (AND OR NOT XOR NEAR ADJ in capitals, a
// leading + or -), no field prefix, quote, wildcard or bracket.
bool is_natural(std::string_view q);

// Words that ask rather than say: never required to match.
const std::set<std::string>& filler_words();

// A word of the query, or several words that form one synonym key ("it
// band", "foam rolling"), kept together.
struct Unit {
    std::string text;  // lower case, words joined by one space
    std::vector<std::string> words;
    bool filler = false;  // a single filler or stop word
};
std::vector<Unit> units_of(std::string_view q, const Lexicon& lex);
// The same, from the words of a text already read (words_of).
std::vector<Unit> units_of(const std::vector<Word>& words, const Lexicon& lex);

// The query of a natural `q` (is_natural): the plain parse when it holds no
// filler and matches; otherwise its content units ANDed, relaxed as above
// within `filter` (may be empty). Throws BadRequest as QueryBuilder::parse.
ParsedQuery parse_natural(QueryBuilder& qb, const Xapian::Database& db, const std::string& q,
                          const Xapian::Query& filter, Relaxation& out);

}  // namespace evidence::search
