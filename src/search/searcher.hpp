// Xapian -> results: query parsing, filters, exact facet counts, snippets,
// over one database or several searched as one (shards, local or remote).
// One Searcher per thread: Xapian objects are not shared between threads.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "search/errors.hpp"

// Xapian's types appear only by name here: the rest of the project does not
// compile Xapian's headers (search/open_index.hpp holds the open databases).
namespace Xapian {
class Database;
}

namespace evidence::search {

class OpenIndex;
class QueryBuilder;

constexpr int kMaxPageSize = 100;
constexpr std::size_t kMaxQueryBytes = 1000;
// Deep pages cost a heap of page*size entries: no result past this one.
constexpr int kMaxResultDepth = 10000;

struct SearchRequest {
    std::string q;
    std::map<std::string, std::vector<std::string>> filters;  // facet name -> values (OR)
    // relevance | strength | date; empty: relevance, or strength when q is empty.
    std::string sort;
    int page = 1;
    int size = 10;
    // Count each facet the request filters on without its own filter (the
    // others applied), so that values of one facet can be combined; false:
    // every facet within the filtered results (the benchmark's baseline).
    bool disjunctive_facets = true;
};

struct FacetValue {
    std::string value;
    std::string label;
    std::size_t count = 0;
};

// A document's stored JSON, kept as the index holds it and parsed only when
// read: the search path hands it on as text (render::search_json_text).
class StoredJson {
public:
    StoredJson() = default;
    explicit StoredJson(std::string text) : text_(std::move(text)) {}
    const std::string& text() const { return text_; }
    const nlohmann::json& json() const;
    // A member of the object; null when missing.
    const nlohmann::json& operator[](const std::string& key) const;
    template <typename T>
    T value(const std::string& key, const T& fallback) const {
        return json().value(key, fallback);
    }
    std::string value(const std::string& key, const char* fallback) const { return json().value(key, fallback); }

private:
    std::string text_;
    mutable std::shared_ptr<const nlohmann::json> parsed_;
};

struct Hit {
    std::string kind;
    std::string id;
    StoredJson data;
    std::string snippet;  // HTML: matches in <mark>, the rest escaped
    const nlohmann::json& json() const { return data.json(); }
};

// What the search did with a question in plain words (search/natural.hpp).
struct Relaxation {
    bool natural = false;
    std::vector<std::string> ignored;   // filler words left out
    std::vector<std::string> optional;  // words not required: they could not all match
    std::string searched;               // the words every result matches
    std::string message;                // "showing results for stretch it band; 'can you the' ignored"
    bool changed() const { return !ignored.empty() || !optional.empty(); }
};

struct SearchResponse {
    std::string query;
    std::size_t total = 0;  // exact
    int page = 1;
    int size = 10;
    std::string sort;  // the sort applied
    std::vector<Hit> hits;
    std::map<std::string, std::vector<FacetValue>> facets;  // exact counts over the whole result set;
                                                            // a filtered facet without its own filter
    std::string suggestion;                                 // "did you mean", or ""
    std::vector<std::string> compare;                       // "A vs B": the sides, for the comparison
    bool lenient = false;                                   // the syntax was ignored (invalid)
    Relaxation relaxed;                                     // how a question in plain words was read
    std::string corrected_from;                             // the query as typed, when its correction was run
};

// Where an index is: a --db folder of `evidence index` (holding the
// `current` stub), a Xapian database directory or stub file, or a shard
// served by xapian-tcpsrv: "tcp://host:port".
struct Shard {
    std::string path;
    std::string host;
    unsigned port = 0;
    bool remote() const { return !host.empty(); }
    std::string str() const;
};
// Throws BadRequest("shard", ...) for "tcp://" without a valid host:port.
Shard parse_shard(std::string_view spec);

// A stored document, for the comparison and the claim, topic and study pages.
struct Stored {
    std::string kind, id;
    nlohmann::json data;
};

class Searcher {
public:
    // `db` is the --db folder of `evidence index`: its one database, or the
    // shards of `evidence index --shards N` (db/shard-0 …) searched as one.
    explicit Searcher(const std::filesystem::path& db);
    // Several databases searched as one. Each shard must hold the schema
    // version; topics, history and the synonym list come from the first.
    // Over the remote backend Xapian 1.4 reads no synonym and no spelling
    // table: with any remote shard the synonyms are expanded from the list
    // in the first shard's metadata (search/synonym_table.hpp), and there is
    // no "did you mean" (everything else, facets included, is the same as
    // over one local database).
    explicit Searcher(std::vector<Shard> shards);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    SearchResponse search(const SearchRequest& req);

    // The stored JSON of one document, or nullopt when the id is unknown.
    std::optional<nlohmann::json> get(std::string_view kind, std::string_view id);
    // A source's page: its rendered body and posts (and study record).
    std::optional<nlohmann::json> source_page(std::string_view id);
    // Topic labels and descriptions, as indexed.
    nlohmann::json topics();
    nlohmann::json stats();
    // A metadata value of the index (of the first shard), "" when unset.
    std::string metadata(const std::string& key);
    // True when spelling ("did you mean") works: no remote shard. Synonyms
    // work either way.
    bool full_lexicon() const;
    // Whether some shard is served by xapian-tcpsrv, which runs only
    // Xapian's own weighting schemes and match spies.
    bool has_remote_shard() const;

    // Documents of `kind` matching every filter (field -> values, OR within a
    // field), strongest evidence first, at most `limit`; `total` gets the
    // exact number matching.
    std::vector<Stored> find(std::string_view kind, const std::map<std::string, std::vector<std::string>>& filters,
                             std::size_t limit, std::size_t* total = nullptr);
    // Claims matching free text, best first.
    std::vector<Stored> find_claims_text(const std::string& q, std::size_t limit);
    // The synonyms of a lower-case word or phrase in the synonym table.
    std::vector<std::string> synonyms(const std::string& key);
    // A claim's statement, for facet labels; "" when unknown.
    std::string claim_statement(const std::string& id);

    // Runs `f` on the open database and its query builder, retried as a
    // search is when the index changes underneath (search/profile.cpp).
    void with_index(const std::function<void(const Xapian::Database&, QueryBuilder&)>& f);

    // Data derived from the open index, computed by `make` once per key and
    // kept until a different index or revision is opened (at most kMaxMemos
    // values: past that, all are dropped and computed again).
    static constexpr std::size_t kMaxMemos = 512;
    std::shared_ptr<const void> memo(const std::string& key, const std::function<std::shared_ptr<const void>()>& make);

    // Picks up a new index: reopen() after a commit, a new Database after a
    // stub swap. Cheap when nothing changed.
    void refresh();

private:
    std::unique_ptr<OpenIndex> impl_;
};

}  // namespace evidence::search
