// Internal to the search module: the open databases behind a Searcher (one,
// or shards searched as one), the query builder configured from them, and
// the retry that reopens them when the index changes underneath a search.
// The only place outside query.cpp that holds Xapian objects between calls.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/facet_codes.hpp"
#include "search/errors.hpp"
#include "search/query.hpp"
#include "search/searcher.hpp"
#include "search/synonym_table.hpp"

namespace evidence::search {

class OpenIndex {
public:
    explicit OpenIndex(std::vector<Shard> shards);

    Xapian::Database db;  // every shard, as one
    std::vector<Xapian::Database> parts;
    bool remote = false;                                // some shard is served by xapian-tcpsrv
    std::shared_ptr<const SynonymTable> synonym_table;  // with a remote shard (synonym_table.hpp)
    QueryBuilder qb;
    Xapian::Stem stemmer;
    std::string topics_json;  // the first shard's topics metadata
    // With a remote shard: the facet codes its spies count (facets.hpp),
    // the longest of the shards' tables (a run commits them one by one).
    std::shared_ptr<const FacetCodes> codes;
    std::size_t shard_count() const { return shards_.size(); }
    // Searcher::memo's values: cleared when another index or revision is opened.
    std::map<std::string, std::shared_ptr<const void>> memos;

    // Picks up a new index: reopen() after a commit (an incremental run), a
    // new Database after a stub swap (a full one). Cheap when nothing changed.
    void refresh();

    // Runs `f`, reopening and retrying when the index changed underneath it;
    // Xapian's errors become Unavailable.
    template <typename F>
    auto with_retry(F&& f) -> decltype(f()) {
        for (int attempt = 0;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= 3) throw Unavailable("the index kept changing during the search; try again");
                recover(false);
            } catch (const Xapian::DatabaseOpeningError& e) {
                // The build we read was removed after a swap: open the live one.
                if (attempt >= 3) throw Unavailable("cannot open the index: " + e.get_description());
                recover(true);
            } catch (const Xapian::NetworkError& e) {
                if (attempt >= 1) throw Unavailable("a remote shard does not answer: " + e.get_description());
                recover(true);
            } catch (const Xapian::Error& e) {
                throw Unavailable("the search failed: " + e.get_description());
            }
        }
    }

    // One Enquire: `query` sorted by relevance, strength or date, the spies
    // added, results [first, first + size).
    Xapian::MSet run(const Xapian::Query& query, const std::string& sort, Xapian::doccount first, Xapian::doccount size,
                     Xapian::doccount checkatleast, const std::vector<Xapian::MatchSpy*>& spies = {});
    // The documents of an MSet, in its order. Xapian 1.4's remote backend
    // reads a document in a round trip of its own (it has no
    // request_document: MSet::fetch asks nothing ahead), so over remote
    // shards each shard's documents are read on a thread of their own, the
    // shards at once.
    std::vector<Xapian::Document> documents(const Xapian::MSet& mset);
    // The stored documents of an MSet (documents()).
    std::vector<Stored> stored(const Xapian::MSet& mset);
    // Every claim's statement by id (read once per opened index).
    const std::map<std::string, std::string>& statements();
    // The label shown for a facet value.
    std::string label(std::string_view facet, const std::string& value);

private:
    std::vector<Shard> shards_;
    std::vector<std::string> opened_builds_;  // per shard: the build its stub named when opened
    std::optional<std::map<std::string, std::string>> claim_statements_;

    Xapian::Database open_one(const Shard& s, std::size_t i);
    void open();
    // What is read from the open revision once: topics, lexicon, statements, memos.
    void derive();
    // Reopens after a failure; its own failure ends the search.
    void recover(bool reopen_all);
};

// Asks the backend for every document of the MSet at once, so that glass
// reads them ahead. Xapian 1.4's remote backend ignores it: a remote shard's
// documents are read one round trip each (OpenIndex::documents).
void prefetch(const Xapian::MSet& mset);

}  // namespace evidence::search
