// Reading a corpus folder.
#include <algorithm>
#include <fstream>
#include <set>

#include "ingest/corpus.hpp"
#include "ingest/markdown.hpp"
#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

namespace fs = std::filesystem;

namespace {

// Reads at most `cap` + 1 bytes: enough for the parser to refuse a file over
// its cap without holding all of it.
bool read_file(const fs::path& p, std::size_t cap, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    char buf[65536];
    while (out.size() <= cap) {
        in.read(buf, sizeof buf);
        if (in.gcount() <= 0) break;
        out.append(buf, static_cast<std::size_t>(in.gcount()));
    }
    return !in.bad();
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

LoadResult load_corpus(const fs::path& dir, const Progress& progress, ParseCache* cache) {
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

    std::size_t done = 0;
    std::map<std::string, ParseCache::Entry> kept;  // the cache after this load: files that still exist
    if (cache) cache->parsed = cache->reused = 0;
    for (const auto& job : jobs) {
        const std::string path = job.path.string();
        if (progress) progress(done, jobs.size(), path);
        std::string content;
        // What a source file parsed to, kept for the next load.
        auto reuse = [&](std::map<std::string, ParseCache::Entry>::iterator it) {
            const ParseCache::Entry& e = it->second;
            res.corpus.sources.insert(res.corpus.sources.end(), e.sources.begin(), e.sources.end());
            res.errors.insert(res.errors.end(), e.errors.begin(), e.errors.end());
            kept.insert(cache->sources.extract(it));
        };
        const bool source = cache && job.parse == parse_source;
        // A source file the caller knows unchanged since the last load is not even read.
        std::map<std::string, ParseCache::Entry>::iterator known;
        const bool unchanged = source && cache->changed && !cache->changed->count(path) &&
                               (known = cache->sources.find(path)) != cache->sources.end();
        if (unchanged) {
            ++cache->reused;
            reuse(known);
        } else if (!read_file(job.path, job.cap, content)) {
            res.errors.push_back({{path, 0}, "cannot read file"});
        } else if (cache && job.parse == parse_source) {
            auto it = cache->sources.find(path);
            if (it == cache->sources.end() || it->second.content != content) {
                ParseCache::Entry e;
                Corpus part;
                parse_source(path, content, part, e.errors);
                e.sources = std::move(part.sources);
                e.content = std::move(content);
                it = cache->sources.insert_or_assign(path, std::move(e)).first;
                ++cache->parsed;
            } else {
                ++cache->reused;
            }
            reuse(it);
        } else if (job.study) {
            parse_study(path, content, job.path.parent_path(), res.corpus, res.errors);
        } else {
            job.parse(path, content, res.corpus, res.errors);
        }
        ++done;
        ++res.files;
    }
    if (progress) progress(done, jobs.size(), "");
    if (cache) {
        cache->sources = std::move(kept);
        cache->changed.reset();
    }

    validate(res.corpus, res.errors);
    std::stable_sort(res.errors.begin(), res.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.place.file, a.place.line) < std::tie(b.place.file, b.place.line);
    });
    return res;
}

}  // namespace evidence::ingest
