// Xapian -> results: query parsing, filters, exact facet counts, snippets.
// One Searcher per thread: Xapian objects are not shared between threads.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace evidence::search {

// A request the client got wrong: names the parameter (-> HTTP 400).
struct BadRequest : std::runtime_error {
    BadRequest(std::string param, const std::string& message)
        : std::runtime_error(message), parameter(std::move(param)) {}
    std::string parameter;
};

// The index is missing, unreadable or of another schema version (-> 503).
struct Unavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr int kMaxPageSize = 100;
constexpr std::size_t kMaxQueryBytes = 1000;

struct SearchRequest {
    std::string q;
    std::map<std::string, std::vector<std::string>> filters;  // facet name -> values (OR)
    std::string sort = "relevance";                          // relevance | strength | date
    int page = 1;
    int size = 10;
};

struct FacetValue {
    std::string value;
    std::string label;
    std::size_t count = 0;
};

struct Hit {
    std::string kind;
    std::string id;
    nlohmann::json data;  // stored at index time
    std::string snippet;  // HTML: matches in <mark>, the rest escaped
};

struct SearchResponse {
    std::string query;
    std::size_t total = 0;
    int page = 1;
    int size = 10;
    std::vector<Hit> hits;
    std::map<std::string, std::vector<FacetValue>> facets;
    std::string suggestion;
};

class Searcher {
public:
    // `db` is the --db folder of `evidence index`.
    explicit Searcher(std::filesystem::path db);

    SearchResponse search(const SearchRequest& req);

    // The stored JSON of one document, or nullopt when the id is unknown.
    std::optional<nlohmann::json> get(std::string_view kind, std::string_view id);
    // A source's page: its rendered body and posts (and study record).
    std::optional<nlohmann::json> source_page(std::string_view id);
    // Topic labels and descriptions, as indexed.
    nlohmann::json topics();
    nlohmann::json stats();

    // Picks up a new index: reopen() after a commit, a new Database after a
    // stub swap. Cheap when nothing changed.
    void refresh();

private:
    void open();
    Xapian::Query parse(const std::string& q, std::string& suggestion);
    Xapian::Query filters(const SearchRequest& req) const;
    template <typename F>
    auto with_retry(F&& f) -> decltype(f());

    std::filesystem::path db_dir_;
    std::string opened_build_;  // the build the stub pointed at when opened
    Xapian::Database db_;
    Xapian::Stem stemmer_{"english"};
    Xapian::SimpleStopper stopper_;
    std::map<std::string, std::string> topic_labels_;
};

}  // namespace evidence::search
