// Corpus files -> model. Every expected failure is a Diagnostic with the
// file and line; nothing here knows about the index.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace evidence::ingest {

// Parsers of single files, appending what they read to `corpus` and what is
// wrong to `errors`. `path` is only used in messages.
void parse_topics(const std::string& path, const std::string& content, Corpus& corpus, std::vector<Diagnostic>& errors);
void parse_claims(const std::string& path, const std::string& content, Corpus& corpus, std::vector<Diagnostic>& errors);
void parse_synonyms(const std::string& path, const std::string& content, Corpus& corpus,
                    std::vector<Diagnostic>& errors);
// A source: front matter and Markdown body, split into posts.
void parse_source(const std::string& path, const std::string& content, Corpus& corpus, std::vector<Diagnostic>& errors);
// A study: our annotation (YAML) and, read from `dir`, its PubMed record.
void parse_study(const std::string& path, const std::string& content, const std::filesystem::path& dir, Corpus& corpus,
                 std::vector<Diagnostic>& errors);

// Cross-file checks: ids unique and known, quotes found, posts known.
// Sets each assertion's quote offset and line.
void validate(Corpus& corpus, std::vector<Diagnostic>& errors);

struct LoadResult {
    Corpus corpus;
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> skipped;  // files not read, each with its reason
    std::size_t files = 0;            // files read
};

using Progress = std::function<void(std::size_t done, std::size_t total, std::string_view file)>;

// What the source files parsed to in an earlier load, by path, for a caller
// that loads the same folder again and again (`serve --watch`): a source
// file whose content is unchanged is not parsed again (parsing, YAML above
// all, is most of a load). The whole corpus is still validated.
struct ParseCache {
    struct Entry {
        std::string content;
        std::vector<Source> sources;
        std::vector<Diagnostic> errors;
    };
    std::map<std::string, Entry> sources;
    // Set by a caller that knows which files changed since the last load
    // (`serve --watch`, from inotify's events), by path as load_corpus names
    // them (the corpus folder / "sources" / file name): a cached source
    // file not named here is reused without being read. Unset (the
    // default, and after each load): every file is read and compared.
    std::optional<std::set<std::string>> changed;
    std::size_t parsed = 0, reused = 0;  // in the last load
};

// Reads a whole corpus folder (layout in corpus/README.md) and validates it.
// Errors are sorted by file and line.
LoadResult load_corpus(const std::filesystem::path& dir, const Progress& progress = {}, ParseCache* cache = nullptr);

// Stable id of an assertion, from what it says rather than where it stands
// in the file, so links to it survive edits elsewhere in the file.
std::string assertion_id(const Assertion& a);

}  // namespace evidence::ingest
