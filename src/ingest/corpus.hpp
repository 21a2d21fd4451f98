// Corpus files -> model. Every expected failure is a Diagnostic with the
// file and line; nothing here knows about the index.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
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
// that loads the same folder again and again (`serve --watch`, and
// `evidence index` through the cache file below): a source file whose
// content is unchanged is not parsed again (parsing, YAML above all, is
// most of a load). The whole corpus is still validated.
struct ParseCache {
    struct Entry {
        std::uint64_t size = 0;  // the file's content: its length in bytes and content_hash
        std::uint64_t hash = 0;
        // What the file parsed to (its sources and parse errors) as the
        // cache file holds it, read back by cached_parse: bytes of the
        // cache file as read (`mapping`), or of `owned` for a file parsed
        // by this process.
        std::string_view stored;
        std::shared_ptr<const std::string> owned;
        // What the cache file cannot hold (a source with a study, whose
        // record is another file), kept as it is; never written to the file.
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
    // Keep what files parse to as objects, copied at each load, instead of
    // stored bytes read back: faster for a caller that loads again and
    // again and never writes the cache file (`serve --watch`).
    bool objects = false;

    // The cache file as read (read_parse_cache): its bytes, which entries'
    // `stored` point into, and how many of them still count.
    std::shared_ptr<const void> mapping;
    std::uint64_t file_bytes = 0;
    bool appendable = false;  // the file is whole and this executable's: new entries can be added at its end
};

// A 64-bit hash of a file's content (FNV-1a), by which a cache entry is
// known to be the same file.
std::uint64_t content_hash(std::string_view content);

// An entry's sources and errors, appended to `sources` and `errors`; false
// when its stored bytes do not read (then nothing is appended).
bool cached_parse(const ParseCache::Entry& e, std::vector<Source>& sources, std::vector<Diagnostic>& errors);
// Keeps what a file parsed to in entry `e`: stored, or as objects when
// `objects` (ParseCache::objects) or when it cannot be stored.
void keep_parse(ParseCache::Entry& e, const std::vector<Source>& sources, const std::vector<Diagnostic>& errors,
                bool objects);

// The parse cache kept on disk between runs of `evidence index` (in the
// index folder, kParseCacheFile), so that a run after one edit parses one
// file, not the folder. The file is only ever a shortcut, an append-only
// log of entries, each with its checksum: a run appends the entries of the
// files it parsed, and writes the file anew (under a temporary name,
// renamed) when it was damaged or holds more than half stale entries. It
// is read only when it was written by this very executable (its size,
// modification time and inode: any rebuild or new version parses every
// file again); a damaged entry ends the reading (the entries before it
// count). read_parse_cache says what it found, in words ("10000 files",
// "none yet", "ignored: ...").
inline constexpr std::string_view kParseCacheFile = "parse-cache";
std::string read_parse_cache(const std::filesystem::path& file, ParseCache& cache);
// Throws std::runtime_error naming the file when it cannot be written.
void write_parse_cache(const std::filesystem::path& file, const ParseCache& cache);
// The same with the writer's identity given, for tests: a file is read only
// under the stamp it was written with.
std::string read_parse_cache(const std::filesystem::path& file, ParseCache& cache, const std::string& stamp);
void write_parse_cache(const std::filesystem::path& file, const ParseCache& cache, const std::string& stamp);
// This executable's identity, as the cache file records it.
std::string parse_cache_stamp();

// Reads a whole corpus folder (layout in corpus/README.md) and validates it.
// Errors are sorted by file and line. From 32 files on, the files are read
// and parsed by `threads` threads (0: one a core, at most 8); the result is
// the same whatever their number.
LoadResult load_corpus(const std::filesystem::path& dir, const Progress& progress = {}, ParseCache* cache = nullptr,
                       unsigned threads = 0);

// Stable id of an assertion, from what it says rather than where it stands
// in the file, so links to it survive edits elsewhere in the file.
std::string assertion_id(const Assertion& a);

}  // namespace evidence::ingest
