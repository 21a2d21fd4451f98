// The same query set over one local database and over the index split into
// shards (`evidence index --shards N`), each shard served by its own
// xapian-tcpsrv on 127.0.0.1, searched as one through Xapian's remote
// backend (README, "Shards"). The two run interleaved query by query, so
// that both see the same load on the machine; the ratio of their p99 is the
// figure (target: shards p99 <= 0.65x the local p99 with 2 shards on 2 cores).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "bench/queries.hpp"
#include "model/model.hpp"

namespace evidence::bench {

struct RemoteResult {
    bool ran = false;
    std::string skipped;  // why not, when !ran
    unsigned shards = 0;
    double build_s = 0;                       // index --shards N, the full build
    int passes = 1;                           // timed passes over the query set (--repeat)
    std::vector<double> local_ms, remote_ms;  // per query, interleaved
    // CPU time per query (ms): the searching thread over one database and
    // over the shards, and each shard server (its process group).
    std::vector<double> local_cpu_ms, remote_cpu_ms;
    std::vector<std::vector<double>> shard_cpu_ms;  // [query][shard]
    std::vector<std::string> labels;                // per query: its text and filters
    // The speed of each CPU through the run: the CPU time (ms) a fixed loop
    // took on it, [probe][k] for CPU cpu_ids[k] (those the bench may run
    // on), probes every kProbeEvery queries. A server on a CPU the host
    // slows does the same work in more CPU time.
    std::vector<int> cpu_ids;
    std::vector<std::vector<double>> cpu_probe_ms;
    std::size_t differ = 0;              // queries whose totals or hits differ between the two
    std::size_t facets_differ = 0;       // queries whose facet values or counts differ
    std::vector<std::string> differing;  // the first few of them, with both answers
};

struct RemoteOptions {
    unsigned shards = 2;
    unsigned threads = 0;   // index build threads, 0: the indexer's default
    std::size_t flush = 0;  // documents per batch, 0: the indexer's default
    int repeat = 1;
};

// Builds `corpus` in shards under `dir`, serves them, and times `qs` over
// `single_db` (the corpus's index in one database) and over the shards.
RemoteResult measure_remote(const Corpus& corpus, const std::filesystem::path& single_db,
                            const std::filesystem::path& dir, const std::vector<BenchQuery>& qs,
                            const RemoteOptions& o);
void print_remote(std::ostream& out, std::size_t sources, const RemoteResult& r, const std::vector<double>& fts_ms);

}  // namespace evidence::bench
