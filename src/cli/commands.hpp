// The subcommands, each taking its validated options.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace evidence::cli {

struct CommonOptions {
    std::string corpus = "corpus";
    std::string db = "index";
};

// The filter options of `search` and `export` are the filter rows of
// schema::kFields (cli/main.cpp).

struct IndexCommandOptions {
    bool full = false;    // rebuild everything instead of updating the live index
    bool history = true;  // read the claim history from the corpus's git history
    unsigned shards = 0;  // 0: one database; N: --db/shard-0 … shard-(N-1) (index::IndexOptions::shards)
};

struct SearchOptions {
    std::string query;
    std::map<std::string, std::vector<std::string>> filters;
    std::string sort;  // empty: relevance, or strength for an empty query
    int page = 1;
    int size = 10;
    bool json = false;
    std::vector<std::string> shards;  // search these (paths or tcp://host:port) instead of --db
};

struct CompareOptions {
    std::string query;  // "A vs B"
    bool json = false;
    std::vector<std::string> shards;
};

struct MatchOptions {
    std::string file;  // "-" or empty: standard input
    bool json = false;
};

struct ServeOptions {
    int port = 8080;
    std::string host = "127.0.0.1";
    std::string web = "web";
    int threads = 16;
    bool watch = false;               // reindex --corpus incrementally when it changes (cli/watch.hpp)
    std::string public_url;           // the web UI's public address, for ClaimReview's url
    std::vector<std::string> shards;  // serve these (paths or tcp://host:port) instead of --db
};

struct ExportOptions {
    std::string format;  // csv | ris | bibtex | csl-json | claimreview
    std::string query;
    std::map<std::string, std::vector<std::string>> filters;
    std::string sort;
    std::string out;  // file to write; standard output when empty
    std::vector<std::string> shards;
    std::string public_url;  // as serve --public-url
};

struct ImportOptions {
    std::string file;
    bool json = false;
    std::string out = ".";
};

int run_check(const CommonOptions&);
int run_index(const CommonOptions&, const IndexCommandOptions&);
int run_search(const CommonOptions&, const SearchOptions&);      // cli/search.cpp
int run_compare(const CommonOptions&, const CompareOptions&);    // cli/compare.cpp
int run_match(const CommonOptions&, const MatchOptions&);        // cli/match.cpp
int run_suggest(const CommonOptions&, const std::string& file);  // cli/match.cpp
int run_serve(const CommonOptions&, const ServeOptions&);
int run_import_pubmed(const ImportOptions&);
int run_export(const CommonOptions&, const ExportOptions&);  // cli/export.cpp
// --public-url of serve and export: true with `base` set (untouched when not
// given); false after saying on standard error why it was refused.
bool read_public_url(const std::string& given, std::string& base);  // cli/export.cpp
int run_report(const CommonOptions&, const std::string& out);

}  // namespace evidence::cli
