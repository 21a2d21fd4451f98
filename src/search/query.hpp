// The query language: Xapian's QueryParser configured from the schema table
// (field prefixes, filters, year ranges, wildcards, synonyms), the facet
// filters of a request as one boolean query, and "did you mean".
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/text.hpp"

namespace evidence::search {

// English stop words: kept out of matching, still usable in phrases.
const std::set<std::string>& stop_words();

// Lower-cased words of a text as Xapian's tokenizer splits them, each with
// its byte offset and length in `text`: model/text.hpp's splitter with
// Xapian's character classes, the one the indexer uses.
using evidence::Word;
std::vector<Word> words_of(std::string_view text);

// "A vs B", "A versus B" (any case, outside quotes): the two sides, trimmed.
std::optional<std::pair<std::string, std::string>> split_versus(std::string_view q);

// What the parser knows of the open database: topic labels (so that
// `topic:"Foam rolling"` works) and the synonym keys.
struct Lexicon {
    std::map<std::string, std::string> topic_labels;  // id -> label
    // Multi-word synonym keys holding a stop word ("it band"): while such a
    // key is in the query its stop words are kept, or Xapian would expand
    // "IT band" to "band OR itb OR iliotibial band" and match any band.
    std::vector<std::vector<std::string>> stop_word_keys;
    std::set<std::string> known_words;  // words of synonym keys: never "corrected"
    // Every multi-word synonym key, as its words ("foam rolling"), by its
    // first word: a question's words are grouped by them
    // (search/natural.cpp).
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> phrase_keys;
    // The whole synonym table (stemmed "Z" keys too): key -> its synonyms,
    // read once, so that claim matching looks up no synonym in the database.
    std::map<std::string, std::vector<std::string>> synonyms;
    // What claim matching derives from the lexicon alone, computed once:
    // each unit's alternatives (search/profile.cpp, unit_alternatives).
    mutable std::map<std::string, std::vector<std::vector<std::string>>> alternatives;
};

// Loads the lexicon of `db`; cheap (synonym keys and one metadata entry).
Lexicon load_lexicon(const Xapian::Database& db, const std::string& topics_json);

struct ParsedQuery {
    Xapian::Query query;   // MatchAll for an empty query
    bool empty = false;    // nothing but whitespace: browse
    bool lenient = false;  // the syntax was invalid; the words were searched as plain words
};

// Xapian::Query::MatchAll and MatchNothing are global objects whose
// reference counts are not atomic: copying them from several threads at once
// corrupts them (seen as crashes in Enquire::set_query under load). Every
// query here is built fresh instead.
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }
inline Xapian::Query match_nothing() { return Xapian::Query(); }

// One per Searcher (QueryParser is not thread-safe); reset on every open.
class QueryBuilder {
public:
    QueryBuilder();
    ~QueryBuilder();
    QueryBuilder(const QueryBuilder&) = delete;
    QueryBuilder& operator=(const QueryBuilder&) = delete;

    void reset(const Xapian::Database& db, Lexicon lexicon);
    const Lexicon& lexicon() const { return lex_; }

    // Throws BadRequest("q", ...) for a filter value out of its closed set
    // (`stance:agrees`) or a query that cannot be parsed even leniently.
    ParsedQuery parse(const std::string& q);

    // "did you mean": the query with each word unknown to the index replaced
    // by the spelling table's nearest word; "" when nothing was replaced.
    // Words in the index, synonym keys and stop words are never corrected.
    std::string suggest(const std::string& q) const;

    // The facet filters of a request: values of one facet OR, facets AND.
    // Throws BadRequest naming the parameter for an unknown filter or value.
    Xapian::Query filters(const std::map<std::string, std::vector<std::string>>& filters) const;

    // The boolean query of one filter value, or an error message.
    Xapian::Query filter_value(std::string_view field, std::string_view value, std::string& error) const;

private:
    struct Processor;
    Xapian::Database db_;
    Xapian::QueryParser qp_;
    Xapian::SimpleStopper stopper_;
    std::vector<std::unique_ptr<Processor>> processors_;
    std::unique_ptr<Xapian::NumberRangeProcessor> years_;
    Lexicon lex_;
    std::map<std::string, std::string> topic_ids_;  // lower-cased label -> id
    std::vector<std::string> errors_;               // from the field processors, per parse
};

}  // namespace evidence::search
