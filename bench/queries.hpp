// The fixed, deterministic query set of the benchmark: single words, two-word
// AND queries and phrases, each once bare and once with facet filters, in the
// product's query syntax and as the equivalent FTS5 MATCH expression.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace evidence::bench {

struct BenchQuery {
    std::string shape;                                        // "word", "and", "phrase"
    std::string text;                                         // the product's query, as a user types it
    std::string fts;                                          // the same matching as an FTS5 MATCH expression
    std::map<std::string, std::vector<std::string>> filters;  // facet -> values (OR), as SearchRequest
};

// `base` queries, each returned twice: bare, then with one or two filters.
std::vector<BenchQuery> make_queries(const Corpus& corpus, std::uint64_t seed, std::size_t base = 100);

// The FTS5 expression for a query of plain words and "quoted phrases": AND of
// the words, stop words dropped as the product's parser drops them, and a run
// of words that is a synonym key ORed with the other members of its group,
// multi-word ones as phrases. That is the product's matching: Xapian's
// FLAG_AUTO_MULTIWORD_SYNONYMS adds the group's literal strings, and the
// indexer stores every variant a text holds, matched on stems, as a term.
std::string fts_expression(const std::string& text, const std::vector<SynonymGroup>& synonyms);

// A token in the FTS5 text of every source row and nowhere else.
inline constexpr const char* kFtsSourceMarker = "xsourcerowx";

}  // namespace evidence::bench
