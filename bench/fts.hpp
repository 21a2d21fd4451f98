// The baseline: the same documents in SQLite FTS5 (an FTS5 table of the
// indexed text, a plain table of facet columns with an index on each, and
// tables for the multi-valued facets), searched the idiomatic SQLite way:
// MATCH into a temporary table of hits, one GROUP BY per facet over it, the
// top 10 by bm25, and snippet() for each of them.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace evidence::bench {

struct FtsQuery {
    std::string match;                                        // FTS5 expression
    std::map<std::string, std::vector<std::string>> filters;  // as SearchRequest::filters
};

struct FtsHit {
    long long rowid = 0;
    std::string snippet;
    nlohmann::json data;
};

struct FtsResult {
    std::size_t total = 0;
    std::vector<FtsHit> hits;
    std::map<std::string, std::map<std::string, std::size_t>> facets;
};

class FtsIndex {
public:
    // Writes all claims, sources and assertions of `c` into a new database file.
    static std::size_t build(const Corpus& c, const std::filesystem::path& file);

    explicit FtsIndex(const std::filesystem::path& file);
    ~FtsIndex();
    FtsIndex(const FtsIndex&) = delete;
    FtsIndex& operator=(const FtsIndex&) = delete;

    FtsResult search(const FtsQuery& q, int size = 10);

private:
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*> cache_;
    sqlite3_stmt* prepare(const std::string& sql);
};

}  // namespace evidence::bench
