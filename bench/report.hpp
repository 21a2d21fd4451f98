// Figures of one benchmark size, the cross-check of the two engines' answers,
// and the printed tables.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "bench/fts.hpp"
#include "bench/queries.hpp"
#include "search/searcher.hpp"

namespace evidence::bench {

struct EngineResult {
    double build_s = 0, build_cpu_s = 0, db_mb = 0, build_rss_mb = 0, query_rss_mb = 0;
    std::vector<double> latency_ms;  // per query, in query-set order (repeated passes appended)
    std::vector<double> cpu_ms;      // the same, CPU time of the querying thread
};

// Do both engines find the same documents and count the same facets?
struct Agreement {
    std::size_t totals_equal = 0, totals_close = 0, facets_equal = 0, compared = 0;
    std::map<std::string, std::size_t> facet_mismatches;  // facet -> queries where it differs
};

struct SizeResult {
    std::size_t sources = 0, claims = 0, assertions = 0, documents = 0, queries = 0;
    int passes = 1;  // timed passes over the query set (--repeat)
    double synth_s = 0, text_mb = 0, corpus_rss_mb = 0, load_start = 0, load_end = 0;
    bool peak_reset = false;
    EngineResult x, s;                // Xapian (the product path), SQLite FTS5
    std::vector<std::string> shapes;  // per query: "word", "and+filter", ...
    Agreement agreement;
};

void compare(const BenchQuery& q, const search::SearchResponse& x, const FtsResult& s, Agreement& a);

double percentile(std::vector<double> v, double p);  // nearest rank, p in [0, 100]
// "1 pass", "5 passes": the timed passes over the query set (--repeat).
std::string passes_text(int passes);

void print_machine(std::ostream& out);
void print_size(std::ostream& out, const SizeResult& r);
void print_summary(std::ostream& out, const std::vector<SizeResult>& all);

}  // namespace evidence::bench
