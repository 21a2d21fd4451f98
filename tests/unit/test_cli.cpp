// The CLI's file-writing commands, run as a user runs them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "ingest/corpus.hpp"
#include "ingest/pubmed.hpp"
#include "render/report.hpp"
#include "test_util.hpp"

using namespace evidence;
namespace fs = std::filesystem;

TEST_CASE("cli: import pubmed writes records that read back the same", "[cli]") {
    TempDir tmp;
    const std::string bin = EVIDENCE_BINARY;
    const std::string in = EVIDENCE_SOURCE_DIR "/tests/fixtures/pubmed/collective-structured.xml";
    const auto original = ingest::parse_pubmed_file(in);
    REQUIRE(original.errors.empty());
    REQUIRE_FALSE(original.records.empty());

    REQUIRE(run_command(bin + " import pubmed " + in + " --out " + tmp.path.string() + " 2>/dev/null") == 0);
    const std::string id = ingest::study_id(original.records[0]);
    const auto back = ingest::parse_pubmed_file((tmp.path / (id + ".xml")).string());
    REQUIRE(back.errors.empty());
    REQUIRE(back.records.size() == 1);
    CHECK(ingest::to_json(back.records[0]) == ingest::to_json(original.records[0]));
    const std::string yaml = read_text(tmp.path / (id + ".yaml"));
    CHECK(yaml.find("id: " + id) != std::string::npos);
    CHECK(yaml.find("record: " + id + ".xml") != std::string::npos);

    // A second import does not overwrite the annotator's work.
    std::ofstream(tmp.path / (id + ".yaml")) << "edited";
    run_command(bin + " import pubmed " + in + " --out " + tmp.path.string() + " 2>/dev/null");
    CHECK(read_text(tmp.path / (id + ".yaml")) == "edited");

    // --json prints the contract's fields for every record.
    const fs::path out = tmp.path / "out.json";
    REQUIRE(run_command(bin + " import pubmed " + in + " --json > " + out.string()) == 0);
    const auto j = nlohmann::json::parse(read_text(out));
    REQUIRE(j.size() == original.records.size());
    for (const char* key : {"pmid", "doi", "title", "journal", "year", "volume", "issue", "pages", "kind", "authors",
                            "abstract", "publication_types", "retracted"})
        CHECK(j[0].contains(key));
    CHECK(run_command(bin + " import pubmed /nonexistent.xml --json >/dev/null 2>&1") == 1);
}

TEST_CASE("report: the coverage matrix of the fixture corpus", "[cli]") {
    const auto r = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus");
    REQUIRE(r.errors.empty());
    const std::string md = render::coverage_report(r.corpus);
    CHECK(md.find("| assertions | 6 |") != std::string::npos);
    CHECK(md.find("| unresolved references | 1 |") != std::string::npos);
    // The thread (S2) supports relief as an anecdote; the article (S1) and thread oppose resolution.
    CHECK(md.find("| `foam-rolling-relief` | | +7 | | 1 |") != std::string::npos);
    CHECK(md.find("| `foam-rolling-resolves` | \u22126 | \u22127 | | 2 |") != std::string::npos);
    CHECK(md.find("- `foam-rolling-relief` (1)") != std::string::npos);
    CHECK(md.find("- `foam-rolling-resolves`") == std::string::npos);
}

TEST_CASE("cli: population and outcome filter and count the bundled corpus's statements", "[cli]") {
    TempDir tmp;
    const fs::path db = tmp.path / "db";
    const std::string bin = EVIDENCE_BINARY;
    REQUIRE(run_command(bin + " index --corpus " + EVIDENCE_SOURCE_DIR "/corpus --db " + db.string() +
                        " --full >/dev/null 2>&1") == 0);
    auto search = [&](const std::string& options, int page) {
        const fs::path out = tmp.path / "out.json";
        REQUIRE(run_command(bin + " search \"\" " + options + " --size 100 --page " + std::to_string(page) +
                            " --json --db " + db.string() + " > " + out.string()) == 0);
        return nlohmann::json::parse(read_text(out));
    };
    auto has = [](const nlohmann::json& r, const char* key, const std::string& value) {
        const auto& v = r.value(key, nlohmann::json());
        return v == value || (v.is_array() && std::find(v.begin(), v.end(), value) != v.end());
    };
    // The expected count, from every assertion read without the filters.
    std::size_t expected = 0;
    for (int page = 1;; ++page) {
        const auto all = search("--kind assertion", page);
        for (const auto& r : all["results"]) expected += has(r, "outcome", "pain") && has(r, "population", "runners");
        if (page * 100 >= all["total"].get<int>()) break;
    }
    const auto j = search("--population runners --outcome pain", 1);
    REQUIRE(expected > 0);
    CHECK(j["total"] == expected);
    REQUIRE(j["results"].size() == expected);
    std::set<std::string> quotes;
    for (const auto& r : j["results"]) {
        CHECK(has(r, "outcome", "pain"));
        CHECK(has(r, "population", "runners"));
        quotes.insert(r.value("quote", ""));
    }
    // Statements of the articles whose sentences name runners and their pain.
    CHECK(
        quotes.count("Running through significant pain tends to reinforce the compensation patterns that caused the "
                     "problem."));
    CHECK(
        quotes.count("Many runners say they’re able to start their runs pain-free, but shortly into it, a sharp pain "
                     "develops to the side of their knee"));
    // Exact facet counts: each filter's value counts the filtered results.
    auto count_of = [&](const char* facet, const std::string& value) {
        for (const auto& v : j["facets"][facet])
            if (v["value"] == value) return v["count"].get<std::size_t>();
        return std::size_t{0};
    };
    CHECK(count_of("population", "runners") == expected);
    CHECK(count_of("outcome", "pain") == expected);
}

TEST_CASE("cli: evidence index parses only the source files changed since its last run", "[cli]") {
    TempDir tmp;
    const std::string bin = EVIDENCE_BINARY;
    const fs::path corpus = tmp.path / "corpus";
    fs::copy(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus", corpus, fs::copy_options::recursive);
    const fs::path db = tmp.path / "db";
    const fs::path log = tmp.path / "log";
    auto index = [&](const std::string& extra) {
        REQUIRE(run_command(bin + " index --no-history --corpus " + corpus.string() + " --db " + db.string() + extra +
                            " 2>" + log.string()) == 0);
        return read_text(log);
    };
    auto count_hits = [&](const std::string& word) {
        const fs::path out = tmp.path / "hits.json";
        REQUIRE(run_command(bin + " search --json --db " + db.string() + " " + word + " >" + out.string()) == 0);
        return nlohmann::json::parse(read_text(out))["total"].get<int>();
    };
    CHECK(index("").find("source files: 2 parsed, 0 unchanged since the last run; cache none yet") !=
          std::string::npos);
    CHECK(fs::exists(db / "parse-cache"));
    CHECK(index("").find("source files: 0 parsed, 2 unchanged since the last run; cache 2 files") != std::string::npos);

    std::ofstream(corpus / "sources" / "article.md", std::ios::app) << "\nA quixotic new line.\n";
    std::string out = index("");
    CHECK(out.find("source files: 1 parsed, 1 unchanged since the last run; cache 2 files") != std::string::npos);
    CHECK(out.find("updated the live index: 1 source rewritten") != std::string::npos);
    CHECK(count_hits("quixotic") == 1);

    // --full parses everything; a damaged cache is ignored, not trusted.
    CHECK(index(" --full").find("source files: 2 parsed, 0 unchanged since the last run; cache not read (--full)") !=
          std::string::npos);
    std::ofstream(db / "parse-cache", std::ios::trunc) << "not a cache";
    std::ofstream(corpus / "sources" / "thread.md", std::ios::app) << "\nAnother zephyrous line.\n";
    out = index("");
    CHECK(out.find("source files: 2 parsed, 0 unchanged since the last run; cache ignored: written by another build") !=
          std::string::npos);
    CHECK(count_hits("zephyrous") == 1);
    CHECK(count_hits("quixotic") == 1);
    CHECK(index("").find("cache 2 files") != std::string::npos);

    // A run refused for an error still keeps what the files parsed to: the
    // run after the fix parses only the fixed file, not the other one
    // edited before the refused run.
    const std::string article = read_text(corpus / "sources" / "article.md");
    std::string broken = article;
    broken.replace(broken.find("richly innervated"), 17, "densely innervated");
    std::ofstream(corpus / "sources" / "article.md", std::ios::trunc) << broken;
    std::ofstream(corpus / "sources" / "thread.md", std::ios::app) << "\nOne more line.\n";
    CHECK(run_command(bin + " index --no-history --corpus " + corpus.string() + " --db " + db.string() + " 2>" +
                      log.string()) == 1);
    CHECK(read_text(log).find("was not changed") != std::string::npos);
    std::ofstream(corpus / "sources" / "article.md", std::ios::trunc) << article << "\nFixed.\n";
    CHECK(index("").find("source files: 1 parsed, 1 unchanged since the last run") != std::string::npos);
}
