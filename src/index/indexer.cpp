#include "index/indexer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "index/documents.hpp"
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

// A name no earlier build in `db` has: the time, the pid, and a counter for
// several runs in one second of one process. Overwriting the live build
// would break the promise that a failed run leaves it serving.
std::string build_name(const fs::path& db) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    const std::string stem = std::string(kBuildPrefix) + buf + "-" + std::to_string(::getpid());
    std::error_code ec;
    for (int n = 0;; ++n) {
        std::string name = n == 0 ? stem : stem + "-" + std::to_string(n);
        if (!fs::exists(db / name, ec)) return name;
    }
}

// The build the stub file points at, or "" when there is none.
std::string live_build(const fs::path& db) {
    std::ifstream in(live_path(db));
    std::string kind, name;
    in >> kind >> name;
    return name;
}

// Atomically points db/current at `name`: write a new stub, fsync, rename.
void swap_in(const fs::path& db, const std::string& name) {
    const fs::path tmp = db / "current.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "glass " << name << "\n";
        out.flush();
        if (!out) throw IndexError(tmp.string() + ": cannot write");
    }
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    fs::rename(tmp, live_path(db), ec);
    if (ec) throw IndexError(live_path(db).string() + ": cannot swap in the new index: " + ec.message());
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

nlohmann::json topics_json(const Corpus& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : c.topics)
        out.push_back({{"id", t.id}, {"label", t.label}, {"kind", to_string(t.kind)}, {"description", t.description}});
    return out;
}

void write_synonyms(Xapian::WritableDatabase& w, const Corpus& c) {
    for (const auto& g : c.synonyms)
        for (const auto& term : g.terms)
            for (const auto& other : g.terms)
                if (other != term) w.add_synonym(term, other);
}

}  // namespace

fs::path live_path(const fs::path& db) { return db / "current"; }

IndexStats build_index(const Corpus& corpus, const IndexOptions& opts) {
    std::error_code ec;
    fs::create_directories(opts.db, ec);
    if (ec) throw IndexError(opts.db.string() + ": cannot create: " + ec.message());
    RunLock lock(opts.db);

    const std::string previous = live_build(opts.db);
    const std::string name = build_name(opts.db);
    const fs::path path = opts.db / name;
    IndexStats stats;
    stats.topics = corpus.topics.size();
    stats.claims = corpus.claims.size();
    try {
        Xapian::WritableDatabase w(path.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        tg.set_database(w);
        tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);

        const CorpusView view(corpus);
        const std::size_t total = corpus.claims.size() + corpus.sources.size() + corpus.assertion_count();
        std::size_t done = 0, pending = 0;
        auto put = [&](const std::string& idterm, const Xapian::Document& doc) {
            w.replace_document(idterm, doc);
            ++stats.documents;
            if (++pending >= opts.flush_every) {
                w.commit();
                pending = 0;
            }
            if (opts.progress && (++done % 256 == 0 || done == total)) opts.progress(done, total);
        };
        for (const auto& c : corpus.claims) put(sc::id_term(sc::kKindClaim, c.id), claim_document(view, c, tg));
        for (const auto& s : corpus.sources) {
            (s.type == SourceType::Study ? stats.studies : stats.sources)++;
            put(sc::id_term(sc::kKindSource, s.id), source_document(view, s, tg));
            for (const auto& a : s.assertions) {
                put(sc::id_term(sc::kKindAssertion, a.id), assertion_document(view, s, a, tg));
                ++stats.assertions;
            }
        }
        if (opts.progress) opts.progress(total, total);
        write_synonyms(w, corpus);
        w.set_metadata(std::string(sc::kVersionKey), std::to_string(sc::kVersion));
        w.set_metadata(std::string(sc::kTopicsKey), topics_json(corpus).dump());
        w.set_metadata(std::string(sc::kStatsKey), nlohmann::json{{"topics", stats.topics},
                                                                   {"claims", stats.claims},
                                                                   {"sources", stats.sources},
                                                                   {"studies", stats.studies},
                                                                   {"assertions", stats.assertions}}
                                                       .dump());
        w.commit();
        w.close();
    } catch (const Xapian::Error& e) {
        fs::remove_all(path, ec);
        throw IndexError(path.string() + ": " + e.get_description());
    }
    swap_in(opts.db, name);
    clean_old_builds(opts.db, name, previous);
    stats.database = path.string();
    return stats;
}

}  // namespace evidence::index
