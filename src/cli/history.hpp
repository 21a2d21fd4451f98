// The dated history of each claim, read from the corpus's git history at
// index time (README.md, "Claim history"): every commit that touched the
// corpus folder (first parent, oldest first) is read as a corpus, each claim's
// statements and certainty (by the same GRADE code as the claim page) are
// compared with the previous readable version, and each difference is a dated
// change. What is read is cached in the --db folder (history-cache.json), so
// a later run reads only the commits made since. Without git or a
// repository (a release tarball) the history says so, and indexing goes on.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace evidence::cli {

struct HistoryResult {
    // Metadata for the index (index::IndexOptions::history).
    std::map<std::string, std::string> metadata;
    std::string summary;  // one line for the terminal
};

HistoryResult read_history(const std::filesystem::path& corpus, const std::filesystem::path& db);

}  // namespace evidence::cli
