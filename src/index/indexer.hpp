// Model -> Xapian. Builds a fresh database beside the live one and swaps it
// in atomically, so a failed or killed run leaves the previous index serving.
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
    // Documents buffered before Xapian flushes to disk.
    std::size_t flush_every = 50000;
};

// Writes `corpus` into a new database under opts.db and makes it live.
// Throws IndexError with a readable message; the live index is then untouched.
IndexStats build_index(const Corpus& corpus, const IndexOptions& opts);

// The path to open for searching: the stub file of the live database.
std::filesystem::path live_path(const std::filesystem::path& db);

}  // namespace evidence::index
