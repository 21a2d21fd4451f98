#include "bench/incremental.hpp"

#include <time.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "index/indexer.hpp"
#include "search/searcher.hpp"

namespace evidence::bench {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

IncrementalResult measure_incremental(Corpus& corpus, const std::filesystem::path& db, double full_s,
                                      double full_cpu_s) {
    IncrementalResult r;
    r.full_s = full_s;
    r.full_cpu_s = full_cpu_s;
    if (corpus.sources.empty()) return r;
    const std::string word = "quixoticprobe";
    search::Searcher searcher(db);  // a running server's searcher
    search::SearchRequest req;
    req.q = word;
    if (searcher.search(req).total != 0)
        throw std::runtime_error("incremental bench: the probe word is already indexed");

    Source& s = corpus.sources[corpus.sources.size() / 2];
    const auto start = Clock::now();
    const double cpu = cpu_s();
    s.text += " " + word;
    s.markdown += "\n\n" + word + "\n";
    s.html += "<p>" + word + "</p>\n";
    index::IndexOptions io;
    io.db = db;
    const index::IndexStats st = index::build_index(corpus, io);
    r.incremental_s = since(start);
    r.incremental_cpu_s = cpu_s() - cpu;
    searcher.refresh();
    const std::size_t found = searcher.search(req).total;
    r.visible_s = since(start);
    r.visible_cpu_s = cpu_s() - cpu;
    if (found != 1) throw std::runtime_error("incremental bench: the edited source is not found after the update");
    r.rewritten = st.sources_rewritten;
    r.written = st.written;
    r.incremental = st.incremental;
    return r;
}

void print_incremental(std::ostream& out, std::size_t sources, const IncrementalResult& r) {
    char buf[900];
    std::snprintf(
        buf, sizeof buf,
        "  incremental index, one source edited (%zu sources): %s, %zu source(s) and %zu documents "
        "rewritten\n"
        "    full build %.2f s, incremental %.3f s: %.1fx faster (target >= 20x: %s)\n"
        "    edit -> update -> an open searcher finds it: %.3f s (target < 1 s: %s; a server's searchers "
        "refresh every 100 ms on top)\n"
        "    CPU time: full build %.2f s (all threads), incremental %.3f s: %.1fx; edit -> found %.3f s CPU\n",
        sources, r.incremental ? "updated in place" : "FULL BUILD", r.rewritten, r.written, r.full_s, r.incremental_s,
        r.incremental_s > 0 ? r.full_s / r.incremental_s : 0.0,
        r.incremental_s > 0 && r.full_s / r.incremental_s >= 20 ? "met" : "MISSED", r.visible_s,
        r.visible_s < 1.0 ? "met" : "MISSED", r.full_cpu_s, r.incremental_cpu_s,
        r.incremental_cpu_s > 0 ? r.full_cpu_s / r.incremental_cpu_s : 0.0, r.visible_cpu_s);
    out << buf;
}

}  // namespace evidence::bench
