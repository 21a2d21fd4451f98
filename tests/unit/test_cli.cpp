// The CLI's file-writing commands, run as a user runs them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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
