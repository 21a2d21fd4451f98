// Index round trip over the fixture corpus, the atomic swap, and killed runs
// (a full build, and an update in place).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "model/db_layout.hpp"
#include "search/searcher.hpp"
#include "test_util.hpp"

using namespace evidence;
namespace fs = std::filesystem;

namespace {

// A corpus big enough that indexing takes a while: the fixture's forum
// thread `copies` times over in `big` (a copy of the fixture corpus), each
// with its own id and `tail` appended.
void write_thread_copies(const fs::path& big, int copies, const std::string& tail) {
    const std::string thread = read_text(big / "sources/thread.md");
    for (int i = 0; i < copies; ++i) {
        std::string copy = thread;
        copy.replace(copy.find("id: example-thread"), 18, "id: example-thread-" + std::to_string(i));
        std::ofstream(big / "sources" / ("t" + std::to_string(i) + ".md")) << copy << tail;
    }
}

// Runs `evidence index ARGS --corpus corpus --db db` (with `flush`, when not
// empty, as XAPIAN_FLUSH_THRESHOLD), kills it with SIGKILL once `writing()`
// holds (checked every `every` for at most `tries` times), and checks that
// it was writing and died of the signal.
void kill_index_while_writing(const std::vector<std::string>& args, const fs::path& corpus, const fs::path& db,
                              const char* flush, const std::function<bool()>& writing, int tries,
                              std::chrono::milliseconds every) {
    const std::string bin = EVIDENCE_BINARY, corpus_s = corpus.string(), db_s = db.string();
    std::vector<const char*> argv = {bin.c_str(), "index"};
    for (const auto& a : args) argv.push_back(a.c_str());
    for (const char* a : {"--corpus", corpus_s.c_str(), "--db", db_s.c_str()}) argv.push_back(a);
    argv.push_back(nullptr);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        if (flush && *flush) setenv("XAPIAN_FLUSH_THRESHOLD", flush, 1);
        execv(bin.c_str(), const_cast<char* const*>(argv.data()));
        _exit(127);
    }
    bool started = false;
    for (int i = 0; i < tries && !started; ++i) {
        started = writing();
        if (!started) std::this_thread::sleep_for(every);
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(started);
    CHECK(WIFSIGNALED(status));
}

}  // namespace

TEST_CASE("index: round trip over the fixture corpus", "[index]") {
    TempDir tmp;
    const auto loaded = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus");
    REQUIRE(loaded.errors.empty());
    index::IndexOptions opts;
    opts.db = tmp.path / "db";
    const index::IndexStats st = index::build_index(loaded.corpus, opts);
    CHECK(st.claims == 4);
    CHECK(st.sources == 2);
    CHECK(st.studies == 1);
    CHECK(st.assertions == 6);
    CHECK(st.documents == 4 + 3 + 6);

    search::Searcher s(opts.db);
    search::SearchRequest all;
    all.size = 100;
    const auto everything = s.search(all);
    CHECK(everything.total == 13);

    // Stored data comes back whole, with computed citation flags.
    const auto a = s.get("source", "example-trial-2001");
    REQUIRE(a);
    CHECK((*a)["type"] == "study");
    CHECK((*a)["level"] == 2);
    search::SearchRequest req;
    req.q = "leg raises";
    const auto hits = s.search(req);
    REQUIRE(hits.total >= 1);
    const auto& hit = hits.hits.front().data;
    CHECK(hit["kind"] == "assertion");
    CHECK(hit["claim"]["id"] == "hip-strength-resolves");
    REQUIRE(hit["cites"].size() == 1);
    CHECK(hit["cites"][0]["study"] == "example-trial-2001");
    CHECK(hit["cites"][0]["bears_on_claim"] == true);

    // The article cites the same study for a claim it has no finding on.
    req.q = "richly innervated fat pad";
    const auto fat = s.search(req);
    REQUIRE(fat.total >= 1);
    CHECK(fat.hits.front().data["cites"][0]["bears_on_claim"] == false);

    // Indexing again is idempotent: same documents, the live build updated
    // in place with nothing to write; --full swaps a new build in.
    const index::IndexStats again = index::build_index(loaded.corpus, opts);
    CHECK(again.incremental);
    CHECK(again.written == 0);
    CHECK(again.documents == st.documents);
    CHECK(again.database == st.database);
    opts.full = true;
    const index::IndexStats rebuilt = index::build_index(loaded.corpus, opts);
    CHECK(rebuilt.documents == st.documents);
    CHECK(rebuilt.database != st.database);
    s.refresh();
    CHECK(s.search(all).total == 13);
}

TEST_CASE("index: a broken corpus is refused by the CLI and the live index stays", "[index]") {
    TempDir tmp;
    const std::string db = (tmp.path / "db").string();
    const std::string bin = EVIDENCE_BINARY;
    REQUIRE(run_command(bin + " index --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus --db " + db) == 0);
    const std::string live = read_text(fs::path(db) / "current");

    const std::string out = (tmp.path / "out.txt").string();
    CHECK(run_command(bin + " index --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/broken --db " + db + " 2>" + out) ==
          1);
    const std::string err = read_text(out);
    CHECK(err.find("sources/a-thread.md:8: unknown stance 'agrees'") != std::string::npos);
    CHECK(err.find("studies/bad-record.xml:6: malformed XML") != std::string::npos);
    CHECK(err.find("9 errors; the index in " + db + " was not changed") != std::string::npos);
    CHECK(read_text(fs::path(db) / "current") == live);
    CHECK(run_command(bin + " check --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/broken 2>/dev/null") == 1);
    CHECK(run_command(bin + " search rolling --db " + db + " --json >/dev/null") == 0);
}

TEST_CASE("index: kill -9 in the middle of a run leaves the previous index answering", "[index]") {
    TempDir tmp;
    const fs::path db = tmp.path / "db";
    const std::string bin = EVIDENCE_BINARY;
    REQUIRE(run_command(bin + " index --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus --db " + db.string() +
                        " 2>/dev/null") == 0);
    const std::string live = read_text(db / "current");

    const fs::path big = tmp.path / "big";
    fs::copy(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus", big, fs::copy_options::recursive);
    write_thread_copies(big, 4000, "");

    // Killed once it has started writing its new build.
    kill_index_while_writing(
        {}, big, db, nullptr,
        [&] {
            for (const auto& e : fs::directory_iterator(db))
                if (e.path().filename().string().rfind("build-", 0) == 0 &&
                    live.find(e.path().filename().string()) == std::string::npos)
                    return true;
            return false;
        },
        600, std::chrono::milliseconds(10));

    CHECK(read_text(db / "current") == live);
    search::Searcher s(db);
    search::SearchRequest req;
    req.q = "rolling";
    CHECK(s.search(req).total > 0);

    // The next run (an update in place: the corpus did not change) cleans up
    // what the killed one left; a full one swaps in a new build.
    auto builds = [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(db))
            if (e.path().filename().string().rfind("build-", 0) == 0) names.push_back(e.path().filename().string());
        return names;
    };
    REQUIRE(run_command(bin + " index --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus --db " + db.string() +
                        " 2>/dev/null") == 0);
    CHECK(read_text(db / "current") == live);
    REQUIRE(builds().size() == 1);
    CHECK(live.find(builds().front()) != std::string::npos);
    REQUIRE(run_command(bin + " index --full --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus --db " +
                        db.string() + " 2>/dev/null") == 0);
    CHECK(builds().size() == 2);  // the live one and the one before it
}

TEST_CASE("index: kill -9 in the middle of an update in place leaves the live revision answering", "[index]") {
    TempDir tmp;
    const fs::path db = tmp.path / "db", big = tmp.path / "big";
    const std::string bin = EVIDENCE_BINARY;
    fs::copy(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus", big, fs::copy_options::recursive);
    const int copies = 2000;
    write_thread_copies(big, copies, "");
    REQUIRE(run_command(bin + " index --no-history --corpus " + big.string() + " --db " + db.string() +
                        " 2>/dev/null") == 0);
    const std::string live = read_text(db / "current");
    const fs::path build = db / db_layout::live_build(db);
    REQUIRE(fs::exists(build / "postlist.glass"));
    auto stamp = [&] { return fs::last_write_time(build / "postlist.glass"); };
    const auto before = stamp();
    const std::string version = read_text(build / "iamglass");

    // Every copy edited: an update of thousands of sources, flushed to the
    // tables every 200 documents (before its commit), so that the kill
    // lands while the live build's files are being written.
    write_thread_copies(big, copies, "\nkillprobe\n");
    kill_index_while_writing(
        {"--no-history"}, big, db, "200", [&] { return stamp() != before; }, 6000, std::chrono::milliseconds(5));

    // The same build, at the revision it had: nothing of the killed update.
    CHECK(read_text(db / "current") == live);
    CHECK(read_text(build / "iamglass") == version);
    search::Searcher s(db);
    search::SearchRequest req;
    req.q = "killprobe";
    CHECK(s.search(req).total == 0);
    req.q = "rolling";
    CHECK(s.search(req).total > 0);

    // The next run updates the same build, and the searcher sees it on refresh.
    REQUIRE(run_command(bin + " index --no-history --corpus " + big.string() + " --db " + db.string() +
                        " 2>/dev/null") == 0);
    CHECK(read_text(db / "current") == live);
    s.refresh();
    req.q = "killprobe";
    CHECK(s.search(req).total == static_cast<std::size_t>(copies));
}
