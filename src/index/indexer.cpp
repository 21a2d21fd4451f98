#include "index/indexer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <exception>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <vector>

#include "index/documents.hpp"
#include "index/incremental.hpp"
#include "index/layout.hpp"
#include "model/db_layout.hpp"
#include "model/schema.hpp"

namespace evidence::index {

namespace fs = std::filesystem;
namespace sc = evidence::schema;

namespace {

constexpr const char* kBuildPrefix = "build-";

// One index run at a time per --db folder; the lock goes with the process,
// so a killed run does not leave it held.
class RunLock {
public:
    explicit RunLock(const fs::path& db) {
        const fs::path p = db / ".lock";
        fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw IndexError(p.string() + ": cannot open lock file");
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw IndexError(db.string() + ": another index run is writing here");
        }
    }
    ~RunLock() { ::close(fd_); }
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

private:
    int fd_ = -1;
};

// A name no earlier build in any of `folders` has: the time, the pid, and a
// counter for several runs in one second of one process. Overwriting the live
// build would break the promise that a failed run leaves it serving. The
// shards of one run share the name: an incremental run checks that all of
// them are live from the same run.
std::string build_name(const std::vector<fs::path>& folders) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    const std::string stem = std::string(kBuildPrefix) + buf + "-" + std::to_string(::getpid());
    std::error_code ec;
    for (int n = 0;; ++n) {
        std::string name = n == 0 ? stem : stem + "-" + std::to_string(n);
        if (std::none_of(folders.begin(), folders.end(), [&](const fs::path& db) { return fs::exists(db / name, ec); }))
            return name;
    }
}

// Removes builds that are neither live nor the one before it (a server may
// still be reading that one until it reopens), and leftovers of killed runs.
void clean_old_builds(const fs::path& db, const std::string& live, const std::string& previous) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(db, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(kBuildPrefix, 0) != 0 || name == live || name == previous) continue;
        fs::remove_all(e.path(), ec);
    }
}

// The newest build in `db` older than `live` (names start with the time),
// or "" when there is none.
std::string build_before(const fs::path& db, const std::string& live) {
    std::string best;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(db, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(kBuildPrefix, 0) != 0 || name.find('.') != std::string::npos || name >= live) continue;
        if (name > best) best = name;
    }
    return best;
}

nlohmann::json topics_json(const Corpus& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : c.topics)
        out.push_back({{"id", t.id}, {"label", t.label}, {"kind", to_string(t.kind)}, {"description", t.description}});
    return out;
}

nlohmann::json synonyms_json(const Corpus& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, synonym] : synonym_entries(c.synonyms)) out.push_back({key, synonym});
    return out;
}

void write_synonyms(Xapian::WritableDatabase& w, const Corpus& c) {
    for (const auto& [key, synonym] : synonym_entries(c.synonyms)) w.add_synonym(key, synonym);
}

// A contiguous range of sources written by one thread into one output
// database (the index, or one of its --shards): of the range, only the
// documents layout.hpp's place() puts in that output, at their ids there.
// The first range also takes the claims. Ranges keep the corpus order, so
// after the merge the document ids are those a single writer would have given.
struct ShardPlan {
    std::size_t first = 0, last = 0;  // sources [first, last)
    bool claims = false;
    unsigned output = 0, outputs = 1;  // place(id, outputs).shard == output
    fs::path path;
};

// Ranges per output: one writer thread each.
unsigned range_count(const Corpus& c, const IndexOptions& opts, unsigned outputs) {
    unsigned n = opts.threads ? opts.threads : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    n = (n + outputs - 1) / outputs;
    // A range costs a thread and a merge input: not worth it for a few thousand sources.
    const auto useful = static_cast<unsigned>(std::max<std::size_t>(1, c.sources.size() / 2000));
    return std::max(1u, std::min(n, useful));
}

// Splits the sources into ranges of about equal text, the bulk of the work.
std::vector<ShardPlan> plan_ranges(const Corpus& c, unsigned n) {
    auto weight = [](const Source& s) { return s.text.size() + 600 * (s.assertions.size() + 1); };
    std::size_t total = 0;
    for (const auto& s : c.sources) total += weight(s);
    std::vector<ShardPlan> plans;
    std::size_t acc = 0, first = 0;
    for (std::size_t i = 0; i < c.sources.size() && plans.size() + 1 < n; ++i) {
        acc += weight(c.sources[i]);
        if (acc * n >= total * (plans.size() + 1)) {
            plans.push_back({first, i + 1, false, 0, 1, {}});
            first = i + 1;
        }
    }
    plans.push_back({first, c.sources.size(), false, 0, 1, {}});
    plans.front().claims = true;
    return plans;
}

// One shard's writer. Its spelling table is written from its vocabulary
// when its documents are in (finish): Xapian's TermGenerator::FLAG_SPELLING
// calls add_spelling for every word occurrence, and counting occurrences
// ourselves per document still took a quarter of the build's CPU. compact
// merges the shards' spelling tables, summing the frequencies.
// With a termlist table: it costs about 12% of a full build's CPU, but
// without it Xapian cannot delete or replace a document, and an incremental
// run (index/incremental.cpp) does both.
class ShardWriter {
public:
    ShardWriter(const ShardPlan& plan, const IndexOptions& opts)
        : opts_(opts),
          db_(plan.path.string(),
              Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS) {
        tg_.set_stemmer(Xapian::Stem(std::string(schema::kStemLanguage)));
        tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    }

    Xapian::TermGenerator& tg() { return tg_; }

    // At the id the layout gives it (layout.hpp): ids in corpus order, with gaps.
    void put(Xapian::docid id, const Xapian::Document& doc) {
        db_.replace_document(id, doc);
        ++documents;
        // An explicit commit also keeps Xapian's own threshold (10000) from flushing.
        if (++pending_ >= std::max<std::size_t>(1, opts_.flush_every)) {
            db_.commit();
            pending_ = 0;
        }
    }

    void finish() {
        db_.commit();
        write_spelling();
        db_.commit();
        db_.close();
    }

    std::size_t documents = 0;

private:
    // Every word indexed without a prefix (prefixed and stemmed terms start
    // with a capital; multi-word terms are the synonym variants documents.cpp
    // adds, not words to suggest), with the number of documents it is in.
    void write_spelling() {
        std::vector<std::pair<std::string, Xapian::doccount>> words;
        for (auto t = db_.allterms_begin(); t != db_.allterms_end(); ++t) {
            const std::string& term = *t;
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z') || term.find(' ') != std::string::npos) continue;
            words.emplace_back(term, t.get_termfreq());
        }
        for (const auto& [word, n] : words) db_.add_spelling(word, n);
    }

    const IndexOptions& opts_;
    Xapian::WritableDatabase db_;
    Xapian::TermGenerator tg_;
    std::size_t pending_ = 0;
};

// `claim_hashes`: document_hash of each claim's document, set for the claims
// this writer writes (each claim is one writer's).
void write_shard(const CorpusView& view, const Layout& layout, const ShardPlan& plan, const IndexOptions& opts,
                 std::atomic<std::size_t>& done, const std::atomic<bool>& stop, std::size_t& documents,
                 std::vector<Layout::ClaimHashes>& claim_hashes) {
    ShardWriter w(plan, opts);
    auto& tg = w.tg();
    const Corpus& corpus = view.corpus;
    // Whether the document of id `id` is this writer's; its id here in `at`.
    Xapian::docid at = 0;
    auto mine = [&](Xapian::docid id) {
        const Place p = place(id, plan.outputs);
        at = p.id;
        return p.shard == plan.output;
    };
    if (plan.claims)
        for (std::size_t i = 0; i < corpus.claims.size(); ++i) {
            if (mine(static_cast<Xapian::docid>(i + 1))) {
                const Xapian::Document doc = claim_document(view, corpus.claims[i], tg);
                claim_hashes[i].document = document_hash(doc);
                w.put(at, doc);
                done.fetch_add(1, std::memory_order_relaxed);
            }
        }
    for (std::size_t i = plan.first; i < plan.last && !stop.load(std::memory_order_relaxed); ++i) {
        const Source& s = corpus.sources[i];
        Xapian::docid id = layout.sources[i].start;
        std::size_t n = 0;
        if (mine(id++)) w.put(at, source_document(view, s, tg)), ++n;
        for (const auto& a : s.assertions)
            if (mine(id++)) w.put(at, assertion_document(view, s, a, tg)), ++n;
        done.fetch_add(n, std::memory_order_relaxed);
    }
    if (stop.load()) return;
    w.finish();
    documents = w.documents;
}

// Synonyms and metadata, written once, into a database of their own that is
// merged with the shards (compact unions the synonym tables and copies the
// metadata).
void write_lexicon(const fs::path& path, const CorpusView& view, const Layout& layout,
                   const std::map<std::string, std::string>& history, const std::string& run, unsigned outputs,
                   unsigned output) {
    // With a termlist table, though it holds no document: compact leaves
    // out a table its first input lacks, and incremental runs need it.
    Xapian::WritableDatabase w(path.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
    write_synonyms(w, view.corpus);
    write_metadata(w, view, layout, history, run, outputs, output);
    w.commit();
    w.close();
}

// Writes the shards in parallel and reports progress from this thread (the
// callback need not be thread-safe). Rethrows the first failure.
std::size_t write_shards(const CorpusView& view, const Layout& layout, const std::vector<ShardPlan>& plans,
                         const IndexOptions& opts, std::size_t total, std::vector<Layout::ClaimHashes>& claim_hashes) {
    std::atomic<std::size_t> done{0}, finished{0};
    std::atomic<bool> stop{false};
    std::vector<std::exception_ptr> errors(plans.size());
    std::vector<std::size_t> documents(plans.size(), 0);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < plans.size(); ++k)
        threads.emplace_back([&, k] {
            try {
                write_shard(view, layout, plans[k], opts, done, stop, documents[k], claim_hashes);
            } catch (...) {
                errors[k] = std::current_exception();
                stop = true;
            }
            ++finished;
        });
    while (finished.load() < plans.size()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (opts.progress) opts.progress(std::min(done.load(), total), total);
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    std::size_t n = 0;
    for (const auto d : documents) n += d;
    return n;
}

}  // namespace

void write_metadata(Xapian::WritableDatabase& w, const CorpusView& view, const Layout& layout,
                    const std::map<std::string, std::string>& history, const std::string& run, unsigned outputs,
                    unsigned output) {
    const Corpus& corpus = view.corpus;
    // The counts of what this database holds: the searcher adds up its shards'.
    std::size_t claims = 0, sources = 0, studies = 0, assertions = 0;
    auto here = [&](Xapian::docid id) { return place(id, outputs).shard == output; };
    for (Xapian::docid id = 1; id <= layout.claims; ++id) claims += here(id);
    for (std::size_t i = 0; i < layout.sources.size() && i < corpus.sources.size(); ++i) {
        const Block& b = layout.sources[i];
        if (here(b.start)) (corpus.sources[i].type == SourceType::Study ? studies : sources)++;
        for (Xapian::docid k = 1; k < b.count; ++k) assertions += here(b.start + k);
    }
    w.set_metadata(std::string(sc::kVersionKey), std::to_string(sc::kVersion));
    w.set_metadata(std::string(sc::kTopicsKey), topics_json(corpus).dump());
    w.set_metadata(std::string(sc::kSynonymsKey), synonyms_json(corpus).dump());
    w.set_metadata(std::string(sc::kStatsKey), nlohmann::json{{"topics", output == 0 ? corpus.topics.size() : 0},
                                                              {"claims", claims},
                                                              {"sources", sources},
                                                              {"studies", studies},
                                                              {"assertions", assertions}}
                                                   .dump());
    w.set_metadata(std::string(kLayoutKey), layout.serialise());
    w.set_metadata(std::string(kRunKey), run);
    w.set_metadata(std::string(kCodesKey), view.codes().serialise());
    // An incremental run updates the live build: drop the
    // history keys this run does not give (a claim removed since).
    std::vector<std::string> stale;
    for (auto k = w.metadata_keys_begin(std::string(sc::kHistoryKey)); k != w.metadata_keys_end(); ++k)
        if (!history.count(*k)) stale.push_back(*k);
    for (const auto& k : stale) w.set_metadata(k, "");
    for (const auto& [k, value] : history) w.set_metadata(k, value);
}

namespace {

// The folders a run writes, each holding builds and a `current` stub: --db
// itself, or its shard-0 … shard-(N-1). Refuses to mix the two kinds in one
// folder, or to change the number of shards in place (the servers of the
// old shards would go on serving them).
std::vector<fs::path> output_folders(const IndexOptions& opts) {
    const unsigned had = db_layout::shard_count(opts.db);
    std::error_code ec;
    if (opts.shards == 0) {
        if (had > 0)
            throw IndexError(opts.db.string() + ": holds an index in " + std::to_string(had) +
                             " shards: index it with --shards " + std::to_string(had) + ", or into another folder");
        return {opts.db};
    }
    if (fs::exists(db_layout::stub_path(opts.db), ec))
        throw IndexError(opts.db.string() + ": holds an index in one database: index --shards into another folder");
    if (had > 0 && had != opts.shards)
        throw IndexError(opts.db.string() + ": holds " + std::to_string(had) + " shards, not " +
                         std::to_string(opts.shards) + ": index into another folder to change the number of shards");
    std::vector<fs::path> out;
    for (unsigned k = 0; k < opts.shards; ++k) out.push_back(db_layout::shard_path(opts.db, k));
    return out;
}

// One folder of the run: its live build before, the new build, and the
// parallel writers' databases merged into it (removed after the merge).
struct Output {
    fs::path folder;
    std::string previous;
    fs::path path;
    fs::path work;
};

}  // namespace

IndexStats build_index(const Corpus& corpus, const IndexOptions& opts) {
    std::error_code ec;
    fs::create_directories(opts.db, ec);
    if (ec) throw IndexError(opts.db.string() + ": cannot create: " + ec.message());
    if (opts.shards > kMaxShards)
        throw IndexError("--shards: at most " + std::to_string(kMaxShards) + ", not " + std::to_string(opts.shards));
    RunLock lock(opts.db);

    const std::vector<fs::path> folders = output_folders(opts);
    for (const auto& f : folders) {
        fs::create_directories(f, ec);
        if (ec) throw IndexError(f.string() + ": cannot create: " + ec.message());
    }
    const auto n = static_cast<unsigned>(folders.size());
    const std::string name = build_name(folders);
    std::vector<Output> outs;
    // The work folders are named like a build, so that clean_old_builds
    // removes what a killed run left.
    for (const auto& f : folders) outs.push_back({f, db_layout::live_build(f), f / name, f / (name + ".shards")});
    IndexStats stats;
    stats.topics = corpus.topics.size();
    stats.claims = corpus.claims.size();
    for (const auto& s : corpus.sources) {
        (s.type == SourceType::Study ? stats.studies : stats.sources)++;
        stats.assertions += s.assertions.size();
    }
    const std::size_t total = corpus.claims.size() + corpus.sources.size() + stats.assertions;
    auto fail = [&](const std::string& what) {
        for (const auto& o : outs) {
            fs::remove_all(o.work, ec);
            fs::remove_all(o.path, ec);
        }
        return IndexError(outs.front().path.string() + ": " + what);
    };
    const CorpusView view(corpus);
    // An update of the live build in place when it can (incremental.cpp);
    // it answers every query as the full build below would.
    auto live = [&](const Output& o) { return !o.previous.empty() && fs::exists(o.folder / o.previous, ec); };
    if (opts.full) {
        stats.full_reason = "--full";
    } else if (!std::all_of(outs.begin(), outs.end(), live)) {
        stats.full_reason = "no index yet";
    } else if (std::any_of(outs.begin(), outs.end(), [&](const Output& o) { return o.previous != outs[0].previous; })) {
        stats.full_reason = "the shards are live from different runs (one was interrupted)";
    } else {
        std::vector<fs::path> builds;
        for (const auto& o : outs) builds.push_back(o.folder / o.previous);
        try {
            if (update_build(view, builds, opts.history, name, stats, stats.full_reason)) {
                stats.incremental = true;
                if (opts.progress) opts.progress(total, total);
            }
        } catch (const Xapian::Error& e) {
            throw IndexError(builds.front().string() + ": " + e.get_description());
        } catch (const std::exception& e) {
            throw IndexError(builds.front().string() + ": " + e.what());
        }
    }
    if (stats.incremental) {
        // Updated in place: the stubs still name the live builds. What a
        // killed run left goes; the build before the live one stays for a
        // reader that has not reopened since it was swapped out.
        for (const auto& o : outs) clean_old_builds(o.folder, o.previous, build_before(o.folder, o.previous));
        stats.database = (outs.front().folder / outs.front().previous).string();
        for (std::size_t k = 1; k < outs.size(); ++k)
            stats.database += ", " + (outs[k].folder / outs[k].previous).string();
        return stats;
    }
    if (!stats.incremental) {
        try {
            Layout layout = fresh_layout(view);
            // A fresh table of codes: an incremental attempt may have
            // extended the live one.
            view.codes() = FacetCodes();
            view.codes().extend(corpus);
            const std::vector<ShardPlan> ranges = plan_ranges(corpus, range_count(corpus, opts, n));
            std::vector<ShardPlan> plans;
            for (unsigned k = 0; k < n; ++k) {
                fs::create_directories(outs[k].work);
                for (std::size_t r = 0; r < ranges.size(); ++r) {
                    ShardPlan p = ranges[r];
                    p.output = k;
                    p.outputs = n;
                    p.path = outs[k].work / ("part-" + std::to_string(r));
                    plans.push_back(std::move(p));
                }
            }
            stats.documents = write_shards(view, layout, plans, opts, total, layout.claim_hashes);
            stats.written = stats.documents;
            for (unsigned k = 0; k < n; ++k) {
                const fs::path lexicon = outs[k].work / "lexicon";
                write_lexicon(lexicon, view, layout, opts.history, name, n, k);
                Xapian::Database all(lexicon.string());
                for (const auto& p : plans)
                    if (p.output == k) all.add_database(Xapian::Database(p.path.string()));
                // Keep the layout's ids: they leave room for incremental runs.
                all.compact(outs[k].path.string(), Xapian::DBCOMPACT_NO_RENUMBER);
                fs::remove_all(outs[k].work);
            }
            if (opts.progress) opts.progress(total, total);
        } catch (const Xapian::Error& e) {
            throw fail(e.get_description());
        } catch (const std::exception& e) {
            throw fail(e.what());
        }
    }
    // Every shard's build is complete before the first swap: a reader of
    // all shards sees a mix of runs only between these few renames.
    try {
        for (const auto& o : outs) db_layout::swap_in(o.folder, name);
    } catch (const std::runtime_error& e) {
        throw IndexError(e.what());
    }
    for (const auto& o : outs) clean_old_builds(o.folder, name, o.previous);
    stats.database = outs.front().path.string();
    for (std::size_t k = 1; k < outs.size(); ++k) stats.database += ", " + outs[k].path.string();
    return stats;
}

}  // namespace evidence::index
