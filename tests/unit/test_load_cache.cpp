// ingest::ParseCache (serve --watch): loading a folder again with the cache
// parses only the source files whose content changed, and gives exactly
// what a load without it gives (sources, their assertions, errors), also
// after an edit, a new file, a deleted file and a file with an error.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>

#include "ingest/corpus.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
namespace fs = std::filesystem;

namespace {

// What a load says, for comparing two loads.
std::string describe(const ingest::LoadResult& r) {
    std::string out;
    for (const auto& s : r.corpus.sources) {
        out += s.id + " " + s.title + " " + s.text + "\n";
        for (const auto& a : s.assertions)
            out += "  " + a.id + " " + a.claim + " " + a.quote + " @" + std::to_string(a.quote_offset) + "\n";
    }
    for (const auto& e : r.errors) out += e.str() + "\n";
    return out;
}

void append(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::app) << text; }

}  // namespace

TEST_CASE("load: the parse cache parses only changed source files and loads alike", "[ingest]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(corpus / "sources")) files += e.path().extension() == ".md";
    REQUIRE(files >= 3);
    ingest::ParseCache cache;

    struct Step {
        std::string what;
        std::function<void()> edit;
        std::size_t parsed;  // source files parsed again
    };
    const std::vector<Step> steps = {
        {"first load", [] {}, files},
        {"nothing changed", [] {}, 0},
        {"a body edited", [&] { append(corpus / "sources/article.md", "\nOne more line.\n"); }, 1},
        {"a file added", [&] { fs::copy_file(corpus / "sources/article.md", corpus / "sources/copy.md"); },
         1},  // an error: the id is taken
        {"the added file removed", [&] { fs::remove(corpus / "sources/copy.md"); }, 0},
        {"a quote no longer in its body (an error)",
         [&] {
             std::string t = read_text(corpus / "sources/article.md");
             const auto at = t.find("richly innervated");
             REQUIRE(at != std::string::npos);
             t.replace(at, 17, "densely innervated");
             std::ofstream(corpus / "sources/article.md", std::ios::trunc) << t;
         },
         1},
    };
    auto md_files = [&] {
        std::size_t n = 0;
        for (const auto& e : fs::directory_iterator(corpus / "sources")) n += e.path().extension() == ".md";
        return n;
    };
    for (const auto& step : steps) {
        INFO(step.what);
        step.edit();
        const auto cached = ingest::load_corpus(corpus, {}, &cache);
        const auto plain = ingest::load_corpus(corpus);
        CHECK(cache.parsed == step.parsed);
        CHECK(cache.parsed + cache.reused == md_files());
        CHECK(cache.sources.size() == md_files());  // a removed file's entry is gone
        CHECK(describe(cached) == describe(plain));
    }
    CHECK_FALSE(ingest::load_corpus(corpus, {}, &cache).errors.empty());
}

TEST_CASE("load: with the changed files named, only those are read again", "[ingest]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    ingest::ParseCache cache;
    REQUIRE(ingest::load_corpus(corpus, {}, &cache).errors.empty());
    const std::string article = (corpus / "sources" / "article.md").string();
    const std::string thread = (corpus / "sources" / "thread.md").string();
    append(article, "\nOne more line.\n");
    append(thread, "\nAnother line.\n");

    // Only the article named: the thread is taken as parsed before, unread.
    cache.changed = std::set<std::string>{article};
    auto r = ingest::load_corpus(corpus, {}, &cache);
    CHECK(cache.parsed == 1);
    CHECK_FALSE(cache.changed);  // one load's worth
    auto text_of = [](const ingest::LoadResult& res, const std::string& id) {
        for (const auto& s : res.corpus.sources)
            if (s.id == id) return s.text;
        return std::string();
    };
    CHECK(text_of(r, "example-article").find("One more line.") != std::string::npos);
    CHECK(text_of(r, "example-thread").find("Another line.") == std::string::npos);

    // Unset: every file is read and compared, and the thread's edit is seen.
    r = ingest::load_corpus(corpus, {}, &cache);
    CHECK(cache.parsed == 1);
    CHECK(describe(r) == describe(ingest::load_corpus(corpus)));
    CHECK(text_of(r, "example-thread").find("Another line.") != std::string::npos);

    // A named file that is gone, and an empty set: nothing read, nothing lost.
    fs::remove(thread);
    cache.changed = std::set<std::string>{thread};
    r = ingest::load_corpus(corpus, {}, &cache);
    CHECK(cache.parsed == 0);
    CHECK(describe(r) == describe(ingest::load_corpus(corpus)));
}
