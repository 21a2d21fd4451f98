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
#include <thread>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "model/db_layout.hpp"
#include "search/searcher.hpp"
#include "test_util.hpp"

using namespace evidence;
namespace fs = std::filesystem;

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

    // A corpus big enough that indexing takes a while: the fixture's thread many times.
    const fs::path big = tmp.path / "big";
    fs::copy(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus", big, fs::copy_options::recursive);
    const std::string thread = read_text(big / "sources/thread.md");
    for (int i = 0; i < 4000; ++i) {
        std::string copy = thread;
        copy.replace(copy.find("id: example-thread"), 18, "id: example-thread-" + std::to_string(i));
        std::ofstream(big / "sources" / ("t" + std::to_string(i) + ".md")) << copy;
    }

    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string corpus = big.string(), dbs = db.string();
        freopen("/dev/null", "w", stderr);
        execl(bin.c_str(), bin.c_str(), "index", "--corpus", corpus.c_str(), "--db", dbs.c_str(), nullptr);
        _exit(127);
    }
    // Kill it once it has started writing its new build.
    bool writing = false;
    for (int i = 0; i < 600 && !writing; ++i) {
        for (const auto& e : fs::directory_iterator(db))
            if (e.path().filename().string().rfind("build-", 0) == 0 &&
                live.find(e.path().filename().string()) == std::string::npos)
                writing = true;
        if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(writing);
    CHECK(WIFSIGNALED(status));

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
    const std::string thread = read_text(big / "sources/thread.md");
    const int copies = 2000;
    auto write_copies = [&](const std::string& tail) {
        for (int i = 0; i < copies; ++i) {
            std::string copy = thread;
            copy.replace(copy.find("id: example-thread"), 18, "id: example-thread-" + std::to_string(i));
            std::ofstream(big / "sources" / ("t" + std::to_string(i) + ".md")) << copy << tail;
        }
    };
    write_copies("");
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
    write_copies("\nkillprobe\n");
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string corpus = big.string(), dbs = db.string();
        freopen("/dev/null", "w", stderr);
        setenv("XAPIAN_FLUSH_THRESHOLD", "200", 1);
        execl(bin.c_str(), bin.c_str(), "index", "--no-history", "--corpus", corpus.c_str(), "--db", dbs.c_str(),
              nullptr);
        _exit(127);
    }
    bool writing = false;
    for (int i = 0; i < 6000 && !writing; ++i) {
        writing = stamp() != before;
        if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(writing);
    CHECK(WIFSIGNALED(status));

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
