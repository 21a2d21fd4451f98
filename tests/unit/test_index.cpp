// Index round trip over the fixture corpus, the atomic swap, and a killed run.
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

    // Indexing again is idempotent: same documents, new build swapped in.
    const index::IndexStats again = index::build_index(loaded.corpus, opts);
    CHECK(again.documents == st.documents);
    CHECK(again.database != st.database);
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

    // The next run cleans up what the killed one left and swaps in cleanly.
    REQUIRE(run_command(bin + " index --corpus " EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus --db " + db.string() +
                        " 2>/dev/null") == 0);
    int builds = 0;
    for (const auto& e : fs::directory_iterator(db)) builds += e.path().filename().string().rfind("build-", 0) == 0;
    CHECK(builds == 2);  // the live one and the one before it
}
