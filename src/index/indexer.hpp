// Model -> Xapian. Builds a fresh database beside the live one and swaps it
// in atomically, so a failed or killed run leaves the previous index serving.
// Later runs update the live build in one Xapian transaction, rewriting only
// what changed (index/incremental.cpp). A full build is parallel: shards of the corpus are written by one thread each
// (each with its own WritableDatabase and TermGenerator) and merged with
// Xapian::Database::compact into the new database (docs/BENCHMARKS.md).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>

#include "model/model.hpp"

namespace evidence::index {

struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct IndexStats {
    std::size_t topics = 0, claims = 0, sources = 0, studies = 0, assertions = 0, documents = 0;
    std::string database;               // the directory now live
    bool incremental = false;           // the live build was updated in place
    std::string full_reason;            // why not, when it was rebuilt in full
    std::size_t written = 0;            // documents (re)written
    std::size_t removed = 0;            // documents removed (incremental runs)
    std::size_t sources_rewritten = 0;  // sources whose documents were rewritten (incremental runs)
    std::size_t claims_built = 0;       // claims whose inputs changed (incremental runs)
    std::size_t claims_rewritten = 0;   // of those, claims whose document changed
};

struct IndexOptions {
    std::filesystem::path db;  // the --db folder; the live database is db/current (a stub)
    std::function<void(std::size_t done, std::size_t total)> progress;
    // Documents a shard buffers before it flushes them to its tables. Small
    // batches are faster with Xapian 1.4: its in-memory postings are
    // std::maps whose depth and cache misses grow with the batch.
    std::size_t flush_every = 300;
    // Shards built in parallel, one thread each; 0: one per hardware thread
    // (at most 8), fewer for a small corpus.
    unsigned threads = 0;
    // Rebuild everything even when the live index could be updated.
    bool full = false;
    // 0: one database, the live build named by db/current. N > 0: the index
    // split into N databases, db/shard-0 … db/shard-(N-1), each a folder of
    // its own with builds and a `current` stub, swapped one after the other
    // once every shard's build is complete. A document goes to the shard
    // layout.hpp's place() gives it (by its id), every shard carries the
    // metadata (schema, topics, synonym list, layout, history) and counts of
    // its own documents. Incremental runs update every shard's build.
    unsigned shards = 0;
    // The claim history to store (metadata key under schema::kHistoryKey ->
    // JSON text), as cli/history.cpp reads it from git; written as given, and
    // keys under kHistoryKey that it does not name are removed.
    std::map<std::string, std::string> history;
};

// Writes `corpus` into the index under opts.db: the live database with only
// what changed rewritten, in place and committed at once (see
// index/layout.hpp for how a change is found), or, with opts.full, no live
// index, or a change that touches everything, a fresh build. Either answers
// every query alike. Throws IndexError with a readable message; the live
// index is then untouched.
IndexStats build_index(const Corpus& corpus, const IndexOptions& opts);

constexpr unsigned kMaxShards = 16;  // incremental.cpp keeps ids low enough for 16 databases

}  // namespace evidence::index
