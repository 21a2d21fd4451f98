// One edited source after a full build: the incremental index run
// (index/incremental.cpp) against the full build's time, and the time from
// the edit to a searcher that was open before it finding the new word.
#pragma once

#include <filesystem>
#include <ostream>

#include "model/model.hpp"

namespace evidence::bench {

struct IncrementalResult {
    double full_s = 0;         // the full build it is compared with
    double incremental_s = 0;  // build_index after the edit
    double visible_s = 0;      // edit -> incremental build -> refresh -> the word found
    // CPU time of the process (all threads) over the same spans: on a
    // machine shared with other work, wall times measure the others too.
    double full_cpu_s = 0, incremental_cpu_s = 0, visible_cpu_s = 0;
    std::size_t rewritten = 0;  // sources rewritten
    std::size_t written = 0;    // documents written
    bool incremental = false;
};

// Edits one source of `corpus` (a new word in its body), indexes `db` again
// and searches for the word with a Searcher opened before the edit.
IncrementalResult measure_incremental(Corpus& corpus, const std::filesystem::path& db, double full_s,
                                      double full_cpu_s);
void print_incremental(std::ostream& out, std::size_t sources, const IncrementalResult& r);

}  // namespace evidence::bench
