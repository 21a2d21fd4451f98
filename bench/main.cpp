// evidence_bench: builds the product's Xapian index (evidence::index::build_index)
// and an SQLite FTS5 database of the same synthetic corpus, then runs the same
// fixed query set through evidence::search::Searcher::search and through FTS5,
// with every facet counted over the whole result set and snippets for the top
// 10. Prints one table per size, with SQLite/Xapian ratios. `make bench`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/corpus_files.hpp"
#include "bench/fts.hpp"
#include "bench/incremental.hpp"
#include "bench/queries.hpp"
#include "bench/remote.hpp"
#include "bench/report.hpp"
#include "bench/synth.hpp"
#include "index/indexer.hpp"
#include "search/searcher.hpp"

namespace fs = std::filesystem;
using namespace evidence;
using namespace evidence::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    std::vector<std::size_t> sizes = {10000, 100000};
    fs::path dir = "build/bench-data";
    std::uint64_t seed = 20240611;
    std::size_t queries = 100;  // base queries; each runs bare and filtered
    unsigned threads = 0;       // index build threads, 0: the indexer's default
    std::size_t flush = 0;      // documents per shard batch, 0: the indexer's default
    int repeat = 1;             // timed passes over the query set
    bool keep = false;
    bool build_only = false;     // for profiling a build
    bool incremental = true;     // one edited source indexed again (bench/incremental.cpp)
    bool verbose = false;        // every query with its latencies and totals
    fs::path write_corpus;       // write the first size's corpus as a folder here and exit (bench/watch/run.sh)
    bool disjunctive = true;     // the disjunctive facet counting pass (disjunctive_cost)
    bool fts5 = true;            // SQLite FTS5 built and queried beside Xapian
    unsigned remote_shards = 2;  // the index in N shards over xapian-tcpsrv (bench/remote.cpp); 0: not measured
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU time of the whole process (all threads), in seconds.
double process_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The 1-minute load average: other work on the machine makes wall times noisy.
double loadavg() {
    std::ifstream in("/proc/loadavg");
    double l = 0;
    in >> l;
    return l;
}

// Peak resident memory since the last reset, in MB (VmHWM).
double peak_rss_mb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}
double rss_mb() {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}
// Resets VmHWM to the current RSS, so each phase has its own peak (Linux >= 4.0).
bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

double size_mb(const fs::path& p) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return static_cast<double>(fs::file_size(p, ec)) / 1048576.0;
    std::uintmax_t total = 0;
    for (const auto& e : fs::recursive_directory_iterator(p, ec))
        if (e.is_regular_file(ec)) total += e.file_size(ec);
    return static_cast<double>(total) / 1048576.0;
}

std::vector<std::size_t> parse_sizes(const std::string& s) {
    std::vector<std::size_t> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = std::min(s.find(',', start), s.size());
        if (end > start) out.push_back(std::stoul(s.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--sizes")
            o.sizes = parse_sizes(value());
        else if (a == "--dir")
            o.dir = value();
        else if (a == "--seed")
            o.seed = std::stoull(value());
        else if (a == "--queries")
            o.queries = std::stoul(value());
        else if (a == "--threads")
            o.threads = static_cast<unsigned>(std::stoul(value()));
        else if (a == "--flush")
            o.flush = std::stoul(value());
        else if (a == "--repeat") {
            o.repeat = std::stoi(value());
            if (o.repeat < 1)
                throw std::runtime_error("--repeat needs a count of 1 or more, not " + std::to_string(o.repeat));
        } else if (a == "--keep")
            o.keep = true;
        else if (a == "--build-only")
            o.build_only = true;
        else if (a == "--no-incremental")
            o.incremental = false;
        else if (a == "--verbose")
            o.verbose = true;
        else if (a == "--no-disjunctive")
            o.disjunctive = false;
        else if (a == "--no-fts5")
            o.fts5 = false;
        else if (a == "--write-corpus")
            o.write_corpus = value();
        else if (a == "--remote-shards")
            o.remote_shards = static_cast<unsigned>(std::stoul(value()));
        else if (a == "--help" || a == "-h") {
            std::cout
                << "usage: evidence_bench [--sizes 10000,100000] [--dir DIR] [--seed N] [--queries N]\n"
                   "                      [--threads N] [--flush N] [--repeat N] [--keep]\n"
                   "                      [--build-only] [--no-incremental] [--no-disjunctive] [--verbose]\n"
                   "                      [--no-fts5 (Xapian and the shards only: no FTS5 table, no summary)]\n"
                   "                      [--remote-shards N (default 2; 0: not measured)]\n"
                   "                      [--write-corpus DIR (the first size's corpus as files; nothing else)]\n";
            std::exit(0);
        } else {
            throw std::runtime_error("unknown option " + a);
        }
    }
    return o;
}

// Runs the query set on one engine: wall and CPU latencies in ms, per query.
template <typename F>
void run_queries(const std::vector<BenchQuery>& qs, int repeat, EngineResult& e, F&& one) {
    for (std::size_t i = 0; i < qs.size(); i += 10) one(qs[i]);  // warm the caches a little
    for (int r = 0; r < repeat; ++r)
        for (const auto& q : qs) {
            const auto t = Clock::now();
            const double c = thread_cpu_s();
            one(q);
            e.cpu_ms.push_back((thread_cpu_s() - c) * 1000.0);
            e.latency_ms.push_back(seconds_since(t) * 1000.0);
        }
}

// What disjunctive facet counting (each filtered facet counted without its
// own filter: one more match per filtered facet) costs over counting every
// facet within the filtered results, on the filtered queries of the set,
// the two interleaved query by query so that both see the same load.
void disjunctive_cost(search::Searcher& searcher, const std::vector<BenchQuery>& qs, int repeat, std::size_t n) {
    std::vector<double> plain, disjunctive;
    std::size_t facets_filtered = 0, filtered = 0;
    auto once = [&](const BenchQuery& q, bool disj) {
        search::SearchRequest req;
        req.q = q.text;
        req.filters = q.filters;
        req.disjunctive_facets = disj;
        const auto t = Clock::now();
        const auto res = searcher.search(req);
        if (res.facets.empty()) std::cerr << "  warning: no facets\n";
        return seconds_since(t) * 1000.0;
    };
    for (int r = 0; r < std::max(1, repeat); ++r)
        for (std::size_t i = 0; i < qs.size(); ++i) {
            const auto& q = qs[i];
            if (q.filters.empty()) continue;
            if (r == 0) {
                ++filtered;
                facets_filtered += q.filters.size();
            }
            // Alternate which goes first, so that neither always meets a warmer cache.
            const bool disj_first = i % 2 == 0;
            const double a = once(q, disj_first), b = once(q, !disj_first);
            (disj_first ? disjunctive : plain).push_back(a);
            (disj_first ? plain : disjunctive).push_back(b);
        }
    if (plain.empty()) return;
    auto sum = [](const std::vector<double>& v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    };
    const double p50 = percentile(plain, 50), d50 = percentile(disjunctive, 50);
    const double p95 = percentile(plain, 95), d95 = percentile(disjunctive, 95);
    std::printf(
        "\n%zu sources: disjunctive facet counts (each filtered facet counted without its own filter), %zu filtered "
        "queries "
        "(%zu filtered facets), interleaved with counting within the filtered results:\n"
        "  within results:  p50 %.2f ms  p95 %.2f ms  total %.1f ms\n"
        "  disjunctive:     p50 %.2f ms  p95 %.2f ms  total %.1f ms\n"
        "  ratio disjunctive/within: p50 %.2fx  p95 %.2fx  total %.2fx\n",
        n, filtered, facets_filtered, p50, p95, sum(plain), d50, d95, sum(disjunctive), p50 > 0 ? d50 / p50 : 0.0,
        p95 > 0 ? d95 / p95 : 0.0, sum(plain) > 0 ? sum(disjunctive) / sum(plain) : 0.0);
    std::fflush(stdout);
}

SizeResult run_size(const Options& o, std::size_t n, RemoteResult& remote) {
    SizeResult r;
    r.sources = n;
    const fs::path xdb = o.dir / ("xapian-" + std::to_string(n));
    const fs::path sdb = o.dir / ("fts5-" + std::to_string(n) + ".sqlite");
    fs::remove_all(xdb);
    fs::create_directories(o.dir);

    r.peak_reset = reset_peak();
    auto t = Clock::now();
    const Corpus corpus = synthesize({o.seed, n, 0});
    r.synth_s = seconds_since(t);
    r.corpus_rss_mb = rss_mb();
    r.claims = corpus.claims.size();
    r.assertions = corpus.assertion_count();
    r.documents = r.claims + n + r.assertions;
    for (const auto& s : corpus.sources) {
        r.text_mb += static_cast<double>(s.text.size());
        for (const auto& a : s.assertions) r.text_mb += static_cast<double>(a.quote.size() + a.finding.size());
    }
    r.text_mb /= 1048576.0;
    std::cerr << "  " << n << " sources: corpus generated in " << r.synth_s << " s; building Xapian...\n";

    r.load_start = loadavg();
    reset_peak();
    t = Clock::now();
    double cpu = process_cpu_s();
    index::IndexOptions io;
    io.db = xdb;
    if (o.threads) io.threads = o.threads;
    if (o.flush) io.flush_every = o.flush;
    const index::IndexStats st = index::build_index(corpus, io);
    r.x.build_s = seconds_since(t);
    r.x.build_cpu_s = process_cpu_s() - cpu;
    r.x.build_rss_mb = peak_rss_mb();
    r.x.db_mb = size_mb(st.database);
    if (st.documents != r.documents) std::cerr << "  warning: Xapian indexed " << st.documents << " documents\n";
    std::cerr << "  Xapian built in " << r.x.build_s << " s (" << r.x.build_cpu_s << " s CPU)\n";
    if (o.incremental) {
        // Measured on a copy of the corpus: the queries below run on the index as built.
        Corpus edited = corpus;
        print_incremental(std::cout, n, measure_incremental(edited, xdb, r.x.build_s, r.x.build_cpu_s));
        std::cout.flush();
        index::IndexOptions restore = io;
        restore.full = false;
        index::build_index(corpus, restore);  // back to the unedited corpus (incremental too)
    }
    if (o.build_only) return r;
    if (o.fts5) {
        std::cerr << "  building SQLite FTS5...\n";
        reset_peak();
        t = Clock::now();
        cpu = process_cpu_s();
        const std::size_t fts_docs = FtsIndex::build(corpus, sdb);
        r.s.build_s = seconds_since(t);
        r.s.build_cpu_s = process_cpu_s() - cpu;
        r.s.build_rss_mb = peak_rss_mb();
        r.s.db_mb = size_mb(sdb);
        if (fts_docs != r.documents) std::cerr << "  warning: SQLite indexed " << fts_docs << " documents\n";
    }

    const std::vector<BenchQuery> qs = make_queries(corpus, o.seed, o.queries);
    r.queries = qs.size();
    r.passes = o.repeat;
    std::vector<search::SearchResponse> xres(qs.size());
    std::vector<FtsResult> sres(qs.size());
    std::cerr << "  SQLite built in " << r.s.build_s << " s; running " << qs.size() << " queries on each...\n";

    {
        reset_peak();
        const double before = rss_mb();
        search::Searcher searcher(xdb);
        run_queries(qs, o.repeat, r.x, [&](const BenchQuery& q) {
            search::SearchRequest req;
            req.q = q.text;
            req.filters = q.filters;
            // Facets within the filtered results, as FTS5 counts them here,
            // so that the two engines' counts can be compared.
            req.disjunctive_facets = false;
            auto res = searcher.search(req);
            xres[static_cast<std::size_t>(&q - qs.data())] = std::move(res);
        });
        r.x.query_rss_mb = peak_rss_mb() - before;
        if (o.disjunctive) disjunctive_cost(searcher, qs, o.repeat, n);
    }
    if (o.fts5) {
        reset_peak();
        const double before = rss_mb();
        FtsIndex fts(sdb);
        run_queries(qs, o.repeat, r.s, [&](const BenchQuery& q) {
            sres[static_cast<std::size_t>(&q - qs.data())] = fts.search({q.fts, q.filters});
        });
        r.s.query_rss_mb = peak_rss_mb() - before;
    }
    // Both engines' answers compared (and listed with --verbose), when FTS5 ran.
    for (std::size_t i = 0; o.fts5 && i < qs.size(); ++i) {
        r.shapes.push_back(qs[i].shape + (qs[i].filters.empty() ? "" : "+filter"));
        compare(qs[i], xres[i], sres[i], r.agreement);
        if (o.verbose) {
            std::string f;
            for (const auto& [k, v] : qs[i].filters) f += " " + k + ":" + v.at(0);
            std::fprintf(stderr, "  %8.2f ms %8.2f ms %7zu %7zu  %s%s  |  %s\n", r.x.latency_ms[i], r.s.latency_ms[i],
                         xres[i].total, sres[i].total, qs[i].text.c_str(), f.c_str(), qs[i].fts.c_str());
        }
    }
    r.load_end = loadavg();
    // The table now: the shards' run below takes as long again.
    if (o.fts5) {
        print_size(std::cout, r);
    } else {
        std::printf(
            "\n== %zu sources: %zu documents; Xapian built in %.1f s; %zu queries x %s: p50 %.2f ms, "
            "p95 %.2f ms, p99 %.2f ms (no FTS5: --no-fts5) ==\n",
            n, r.documents, r.x.build_s, qs.size(), passes_text(r.passes).c_str(), percentile(r.x.latency_ms, 50),
            percentile(r.x.latency_ms, 95), percentile(r.x.latency_ms, 99));
    }
    std::cout.flush();
    if (o.remote_shards > 0) {
        std::cerr << "  building " << o.remote_shards << " shards and serving them with xapian-tcpsrv...\n";
        RemoteOptions ro;
        ro.shards = o.remote_shards;
        ro.threads = o.threads;
        ro.flush = o.flush;
        ro.repeat = o.repeat;
        remote = measure_remote(corpus, xdb, o.dir / ("xapian-" + std::to_string(n) + "-shards"), qs, ro);
        print_remote(std::cout, n, remote, r.s.latency_ms);
        std::cout.flush();
    }
    if (!o.keep) {
        fs::remove_all(xdb);
        fs::remove(sdb);
    }
    return r;
}

// p99 at the largest size over p99 at 100k (the target at 300k:
// at most 3x), for one database and for the shards, from the interleaved runs.
void print_remote_scaling(std::ostream& out, const std::vector<std::size_t>& sizes,
                          const std::vector<RemoteResult>& rs) {
    std::size_t at100 = sizes.size(), top = sizes.size();
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (!rs[i].ran) continue;
        if (sizes[i] == 100000) at100 = i;
        if (top == sizes.size() || sizes[i] > sizes[top]) top = i;
    }
    if (at100 == sizes.size() || top == sizes.size() || sizes[top] <= 100000) return;
    const double l = percentile(rs[top].local_ms, 99) / percentile(rs[at100].local_ms, 99);
    const double s = percentile(rs[top].remote_ms, 99) / percentile(rs[at100].remote_ms, 99);
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "scaling (interleaved runs): p99 at %zu / p99 at 100000 sources: one database %.2f, %u shards over "
                  "xapian-tcpsrv %.2f (target <= 3 at 300k: %s)\n",
                  sizes[top], l, rs[top].shards, s, sizes[top] >= 300000 ? (l <= 3 ? "met" : "MISSED") : "not at 300k");
    out << buf;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        if (!o.write_corpus.empty()) {
            const std::size_t n = o.sizes.empty() ? 10000 : o.sizes.front();
            fs::remove_all(o.write_corpus);
            const std::size_t written = write_corpus(synthesize({o.seed, n, 0}), o.write_corpus);
            std::cerr << "wrote " << written << " sources to " << o.write_corpus.string() << "\n";
            return 0;
        }
        print_machine(std::cout);
        std::vector<SizeResult> all;
        std::vector<RemoteResult> remotes;
        for (const std::size_t n : o.sizes) {
            remotes.emplace_back();
            all.push_back(run_size(o, n, remotes.back()));
            if (o.build_only) continue;
        }
        if (o.build_only) return 0;
        if (o.fts5) print_summary(std::cout, all);
        print_remote_scaling(std::cout, o.sizes, remotes);
        bool has300 = false;
        for (auto n : o.sizes) has300 = has300 || n >= 300000;
        if (!has300)
            std::cout << "\nnote: the 300k-source size (~1M assertions) is not in this run; it takes several minutes "
                         "and ~10 GB:\n  make bench BENCH_SIZES=10000,100000,300000\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "evidence_bench: " << e.what() << '\n';
        return 1;
    }
}
