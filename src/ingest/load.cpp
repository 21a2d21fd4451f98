// Reading a corpus folder.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "ingest/corpus.hpp"
#include "ingest/markdown.hpp"
#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

namespace fs = std::filesystem;

namespace {

// From this many files a load reads and parses them on several threads.
constexpr std::size_t kParallelLoadFiles = 32;

// Reads at most `cap` + 1 bytes into `out` (emptied first): enough for the
// parser to refuse a file over its cap without holding all of it.
bool read_file(const fs::path& p, std::size_t cap, std::string& out) {
    out.clear();
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(std::min<std::size_t>(st.st_size, cap + 1));
    char buf[65536];
    bool ok = true;
    while (out.size() <= cap) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) ok = false;
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return ok;
}

// Files of a folder with the extension, sorted so runs are reproducible;
// the others are reported as skipped.
std::vector<fs::path> files_in(const fs::path& dir, const std::string& ext, std::vector<Diagnostic>& skipped,
                               const std::set<std::string>& also_expected = {}) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const fs::path& p = e.path();
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.') continue;
        if (e.is_regular_file() && p.extension() == ext)
            out.push_back(p);
        else if (!also_expected.count(p.extension().string()) && name != "README.md")
            skipped.push_back({{p.string(), 0}, "skipped: not a " + ext + " file"});
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::string assertion_id(const Assertion& a) {
    // FNV-1a over what the assertion says; the source id keeps ids apart across files.
    std::uint64_t h = 1469598103934665603ULL;
    for (const std::string* part : {&a.claim, &a.post, &a.quote, &a.finding}) {
        for (unsigned char c : *part) {
            h ^= c;
            h *= 1099511628211ULL;
        }
        h ^= 0xff;
        h *= 1099511628211ULL;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id = a.source + "-";
    for (int i = 0; i < 10; ++i) id += kHex[(h >> (i * 4)) & 0xf];
    return id;
}

LoadResult load_corpus(const fs::path& dir, const Progress& progress, ParseCache* cache, unsigned threads) {
    LoadResult res;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        res.errors.push_back({{dir.string(), 0}, "no such corpus folder"});
        return res;
    }

    struct Job {
        fs::path path;
        void (*parse)(const std::string&, const std::string&, Corpus&, std::vector<Diagnostic>&);
        bool study;
        std::size_t cap = kMaxYamlBytes;
    };
    std::vector<Job> jobs;
    const fs::path topics = dir / "topics.yaml";
    if (fs::exists(topics, ec))
        jobs.push_back({topics, parse_topics, false});
    else
        res.errors.push_back({{topics.string(), 0}, "missing: the corpus needs a topic list"});
    for (const auto& p : files_in(dir / "claims", ".yaml", res.skipped)) jobs.push_back({p, parse_claims, false});
    if (fs::exists(dir / "synonyms.yaml", ec)) jobs.push_back({dir / "synonyms.yaml", parse_synonyms, false});
    for (const auto& p : files_in(dir / "sources", ".md", res.skipped))
        jobs.push_back({p, parse_source, false, kMaxMarkdownBytes});
    const auto studies = files_in(dir / "studies", ".yaml", res.skipped, {".xml", ".md"});
    for (const auto& p : studies) jobs.push_back({p, nullptr, true});

    // Each file is read and parsed on its own, by a few threads when there
    // are many files, then what they gave is gathered in the files' order:
    // the corpus and the errors are those of reading them one by one.
    struct Result {
        Corpus part;
        std::vector<Diagnostic> errors;
        std::optional<ParseCache::Entry> parsed;  // a source file parsed now, for the cache
        bool reused = false;                      // a source file as the cache had it
    };
    std::vector<Result> results(jobs.size());
    if (cache) cache->parsed = cache->reused = 0;
    auto work = [&](std::size_t i, std::string& content) {
        const Job& job = jobs[i];
        Result& r = results[i];
        const std::string path = job.path.string();
        const bool source = cache && job.parse == parse_source;
        const auto known = source ? cache->sources.find(path) : std::map<std::string, ParseCache::Entry>::iterator{};
        const bool have = source && known != cache->sources.end();
        // A source file the caller knows unchanged since the last load is not even read.
        if (have && cache->changed && !cache->changed->count(path) &&
            cached_parse(known->second, r.part.sources, r.errors)) {
            r.reused = true;
            return;
        }
        if (!read_file(job.path, job.cap, content)) {
            r.errors.push_back({{path, 0}, "cannot read file"});
        } else if (source) {
            const std::uint64_t hash = content_hash(content);
            if (have && known->second.size == content.size() && known->second.hash == hash &&
                cached_parse(known->second, r.part.sources, r.errors)) {
                r.reused = true;
                return;
            }
            parse_source(path, content, r.part, r.errors);
            r.parsed.emplace();
            r.parsed->size = content.size();
            r.parsed->hash = hash;
            keep_parse(*r.parsed, r.part.sources, r.errors, cache->objects);
        } else if (job.study) {
            parse_study(path, content, job.path.parent_path(), r.part, r.errors);
        } else {
            job.parse(path, content, r.part, r.errors);
        }
    };
    res.corpus.sources.reserve(jobs.size());        // a file holds at most one source
    std::map<std::string, ParseCache::Entry> kept;  // the cache after this load: files that still exist
    auto gather = [&](std::size_t i) {
        Result r = std::move(results[i]);
        std::optional<ParseCache::Entry> reused;
        if (cache && r.reused) {
            reused = std::move(cache->sources.extract(jobs[i].path.string()).mapped());
            // Read from the cache file by a caller that keeps objects: kept as objects from now on.
            if (cache->objects && !reused->stored.empty()) keep_parse(*reused, r.part.sources, r.errors, true);
        }
        auto append = [](auto& to, auto& from) {
            to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
        };
        append(res.corpus.topics, r.part.topics);
        append(res.corpus.claims, r.part.claims);
        append(res.corpus.sources, r.part.sources);
        append(res.corpus.synonyms, r.part.synonyms);
        append(res.errors, r.errors);
        ++res.files;
        if (!cache) return;
        const std::string path = jobs[i].path.string();
        if (reused) {
            ++cache->reused;
            kept.insert_or_assign(path, std::move(*reused));
        } else if (r.parsed) {
            ++cache->parsed;
            kept.insert_or_assign(path, std::move(*r.parsed));
        }
    };
    // Threads pay where files are read and parsed; copying what the cache
    // holds goes no faster on several (memory is the limit).
    std::size_t to_read = 0;
    for (const auto& job : jobs)
        to_read += !(cache && cache->changed && job.parse == parse_source &&
                     !cache->changed->count(job.path.string()) && cache->sources.count(job.path.string()));
    if (to_read < kParallelLoadFiles)
        threads = 1;
    else if (threads == 0)
        threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    if (threads == 1) {
        std::string content;  // a file's bytes, its buffer kept from file to file
        for (std::size_t i = 0; i < jobs.size(); ++i) {
            if (progress) progress(i, jobs.size(), jobs[i].path.string());
            work(i, content);
            gather(i);
        }
    } else {
        std::atomic<std::size_t> next{0}, done{0};
        std::mutex failed_mutex;
        std::exception_ptr failed;
        auto worker = [&](bool report) {
            std::string content;
            for (std::size_t i; (i = next++) < jobs.size();) {
                if (report && progress) progress(done.load(), jobs.size(), jobs[i].path.string());
                try {
                    work(i, content);
                } catch (...) {
                    const std::lock_guard<std::mutex> lock(failed_mutex);
                    if (!failed) failed = std::current_exception();
                    next = jobs.size();
                }
                ++done;
            }
        };
        std::vector<std::thread> helpers;
        for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(worker, false);
        worker(true);
        for (auto& t : helpers) t.join();
        if (failed) std::rethrow_exception(failed);
        for (std::size_t i = 0; i < jobs.size(); ++i) gather(i);
    }
    if (progress) progress(jobs.size(), jobs.size(), "");
    results.clear();
    if (cache) {
        cache->sources = std::move(kept);
        cache->changed.reset();
        // Every entry is objects now: the cache file's bytes are not needed.
        if (cache->objects) cache->mapping.reset();
    }

    validate(res.corpus, res.errors);
    std::stable_sort(res.errors.begin(), res.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.place.file, a.place.line) < std::tie(b.place.file, b.place.line);
    });
    return res;
}

}  // namespace evidence::ingest
