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

inline constexpr const char* kFacetOptions[] = {"topic", "claim", "claim_type", "stance", "level", "directness",
                                                "type",  "year",  "interest",   "site",   "kind"};

struct SearchOptions {
    std::string query;
    std::map<std::string, std::vector<std::string>> filters;
    std::string sort = "relevance";
    int page = 1;
    int size = 10;
    bool json = false;
};

struct ServeOptions {
    int port = 8080;
    std::string host = "127.0.0.1";
    std::string web = "web";
    int threads = 16;
};

struct ImportOptions {
    std::string file;
    bool json = false;
    std::string out = ".";
};

int run_check(const CommonOptions&);
int run_index(const CommonOptions&);
int run_search(const CommonOptions&, const SearchOptions&);
int run_serve(const CommonOptions&, const ServeOptions&);
int run_import_pubmed(const ImportOptions&);
int run_report(const CommonOptions&, const std::string& out);

}  // namespace evidence::cli
