#include "bench/incremental.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "index/indexer.hpp"
#include "search/searcher.hpp"

namespace evidence::bench {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
}  // namespace

IncrementalResult measure_incremental(Corpus& corpus, const std::filesystem::path& db, double full_s) {
    IncrementalResult r;
    r.full_s = full_s;
    if (corpus.sources.empty()) return r;
    const std::string word = "quixoticprobe";
    search::Searcher searcher(db);  // a running server's searcher
    search::SearchRequest req;
    req.q = word;
    if (searcher.search(req).total != 0) throw std::runtime_error("incremental bench: the probe word is already indexed");

    Source& s = corpus.sources[corpus.sources.size() / 2];
    const auto start = Clock::now();
    s.text += " " + word;
    s.markdown += "\n\n" + word + "\n";
    s.html += "<p>" + word + "</p>\n";
    index::IndexOptions io;
    io.db = db;
    const index::IndexStats st = index::build_index(corpus, io);
    r.incremental_s = since(start);
    searcher.refresh();
    const std::size_t found = searcher.search(req).total;
    r.visible_s = since(start);
    if (found != 1) throw std::runtime_error("incremental bench: the edited source is not found after the update");
    r.rewritten = st.sources_rewritten;
    r.written = st.written;
    r.incremental = st.incremental;
    return r;
}

void print_incremental(std::ostream& out, std::size_t sources, const IncrementalResult& r) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "  incremental index, one source edited (%zu sources): %s, %zu source(s) and %zu documents "
                  "rewritten\n"
                  "    full build %.2f s, incremental %.3f s: %.1fx faster (target >= 20x: %s)\n"
                  "    edit -> update -> an open searcher finds it: %.3f s (target < 1 s: %s; a server's searchers "
                  "refresh every 100 ms on top)\n",
                  sources, r.incremental ? "updated in place of a copy" : "FULL BUILD", r.rewritten, r.written,
                  r.full_s, r.incremental_s, r.incremental_s > 0 ? r.full_s / r.incremental_s : 0.0,
                  r.incremental_s > 0 && r.full_s / r.incremental_s >= 20 ? "met" : "MISSED", r.visible_s,
                  r.visible_s < 1.0 ? "met" : "MISSED");
    out << buf;
}

}  // namespace evidence::bench
