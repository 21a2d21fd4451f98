// Xapian 1.4 reads no synonym table over the remote backend (xapian-tcpsrv):
// a Searcher with a remote shard would expand no synonym. Every database the
// indexer writes carries the synonym list in its metadata
// (schema::kSynonymsKey), which the remote backend does read; from it this
// builds the synonym table locally, in a database without documents that is
// searched along with the shards, so that the QueryParser, the lexicon and
// the claim profile see the same synonyms as over a local index.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace evidence::search {

class SynonymTable {
public:
    explicit SynonymTable(std::filesystem::path dir) : dir_(std::move(dir)) {}
    ~SynonymTable();
    SynonymTable(const SynonymTable&) = delete;
    SynonymTable& operator=(const SynonymTable&) = delete;
    // The database to open (a glass database holding only synonyms).
    std::filesystem::path path() const { return dir_ / "synonyms"; }

private:
    std::filesystem::path dir_;  // a temporary folder, removed with the table
};

// The table of a synonym list ([[key, synonym], …] as JSON): one per list
// per process, shared by the server's Searchers and removed when the last
// one lets it go. nullptr for an empty or unreadable list. Throws
// std::runtime_error when the temporary folder cannot be written.
std::shared_ptr<const SynonymTable> synonym_table(const std::string& list_json);

}  // namespace evidence::search
