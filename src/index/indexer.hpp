// Model -> Xapian. Builds a fresh database beside the live one and swaps it
// in atomically, so a failed or killed run leaves the previous index serving.
// The build is parallel: shards of the corpus are written by one thread each
// (each with its own WritableDatabase and TermGenerator) and merged with
// Xapian::Database::compact into the new database (docs/BENCHMARKS.md).
#pragma once

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "model/model.hpp"

namespace evidence::index {

struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct IndexStats {
    std::size_t topics = 0, claims = 0, sources = 0, studies = 0, assertions = 0, documents = 0;
    std::string database;  // the directory now live
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
    // Write with replace_document(id term), idempotent (ENGINEERING.md);
    // false: add_document, only to measure what replace costs.
    bool replace = true;
};

// Writes `corpus` into a new database under opts.db and makes it live.
// Throws IndexError with a readable message; the live index is then untouched.
IndexStats build_index(const Corpus& corpus, const IndexOptions& opts);

// The path to open for searching: the stub file of the live database.
std::filesystem::path live_path(const std::filesystem::path& db);

}  // namespace evidence::index
