// PubMed XML import: our own fixtures (tests/fixtures/pubmed, invented
// records, one pitfall each) and real efetch exports (tests/fixtures/
// pubmed-real, see its SOURCES.md), checked field by field.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/pubmed.hpp"

using namespace evidence::ingest;

namespace {

const std::string kFixtures = EVIDENCE_SOURCE_DIR "/tests/fixtures/pubmed";

std::string fixture(const std::string& name) { return kFixtures + "/" + name; }

PubmedResult load(const std::string& name) { return parse_pubmed_file(fixture(name)); }

using Strings = std::vector<std::string>;

// The bibliographic fields of one record, as a table row.
struct Expected {
    std::string file;
    std::size_t index;
    std::string pmid, doi, title, journal, year, volume, issue, pages, kind;
    int line;
    std::size_t authors;
};

void check_record(const PubmedResult& result, const Expected& e) {
    INFO(e.file << " record " << e.index);
    REQUIRE(result.records.size() > e.index);
    const PubmedRecord& r = result.records[e.index];
    CHECK(r.pmid == e.pmid);
    CHECK(r.doi == e.doi);
    CHECK(r.title == e.title);
    CHECK(r.journal == e.journal);
    CHECK(r.year == e.year);
    CHECK(r.volume == e.volume);
    CHECK(r.issue == e.issue);
    CHECK(r.pages == e.pages);
    CHECK(r.kind == e.kind);
    CHECK(r.line == e.line);
    CHECK(r.authors.size() == e.authors);
}

Strings labels(const PubmedRecord& r) {
    Strings out;
    for (const AbstractPart& p : r.abstract) out.push_back(p.label);
    return out;
}

Strings names(const std::vector<PubmedAuthor>& authors) {
    Strings out;
    for (const PubmedAuthor& a : authors)
        out.push_back(a.literal.empty() ? a.family + "|" + a.given : "literal:" + a.literal);
    return out;
}

}  // namespace

TEST_CASE("pubmed: malformed and unexpected files give errors with file and line", "[pubmed]") {
    struct Row {
        std::string file;
        Strings errors;
        std::size_t records;
    };
    const std::vector<Row> rows = {
        {"malformed.xml", {fixture("malformed.xml") + ":10: malformed XML: Start-end tags mismatch"}, 0},
        {"wrong-root.xml",
         {fixture("wrong-root.xml") + ":4: root element is <eSearchResult>, expected <PubmedArticleSet>"},
         0},
        {"bare-article.xml",
         {fixture("bare-article.xml") + ":2: root element is <PubmedArticle>, expected <PubmedArticleSet>"},
         0},
        {"missing-title.xml",
         {fixture("missing-title.xml") + ":11: PubmedArticle PMID 90001002 has no title",
          fixture("missing-title.xml") + ":22: PubmedBookArticle PMID 90001004 has no title"},
         3},
        {"empty-set.xml",
         {fixture("empty-set.xml") + ":2: PubmedArticleSet holds no PubmedArticle or PubmedBookArticle"},
         0},
        {"no-such-file.xml", {fixture("no-such-file.xml") + ": cannot read: No such file or directory"}, 0},
    };
    for (const Row& row : rows) {
        INFO(row.file);
        PubmedResult r = load(row.file);
        CHECK(r.errors == row.errors);
        CHECK(r.records.size() == row.records);
    }

    // A directory opens on Linux and fails only when read.
    CHECK(parse_pubmed_file(kFixtures).errors == Strings{kFixtures + ": cannot read: Is a directory"});

    // The good records around the bad ones survive, with their lines.
    PubmedResult mixed = load("missing-title.xml");
    REQUIRE(mixed.records.size() == 3);
    CHECK(mixed.records[0].pmid == "90001001");
    CHECK(mixed.records[0].line == 5);
    CHECK(mixed.records[1].pmid.empty());
    CHECK(mixed.records[1].title == "A record without a PMID.");
    CHECK(mixed.records[1].line == 17);
    CHECK(mixed.records[2].pmid == "90001006");
    CHECK(mixed.records[2].line == 29);
}

TEST_CASE("pubmed: a record's offset is the byte offset of its element", "[pubmed]") {
    const std::string xml =
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<ArticleTitle>One</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
        "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
        "<ArticleTitle>Two</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "</PubmedArticleSet>";
    PubmedResult r = parse_pubmed(xml, "mem.xml");
    REQUIRE(r.records.size() == 2);
    for (const PubmedRecord& rec : r.records) {
        INFO(rec.pmid);
        REQUIRE(rec.offset > 0);
        CHECK(xml.compare(static_cast<std::size_t>(rec.offset) - 1, 14, "<PubmedArticle") == 0);
    }
    CHECK(r.records[0].line == 1);
    CHECK(r.records[1].line == 2);
}

TEST_CASE("pubmed: errors in XML given as text", "[pubmed]") {
    struct Row {
        std::string xml, error;
    };
    const std::vector<Row> rows = {
        {"", "mem.xml:1: malformed XML: No document element found"},
        {"<!-- only a comment -->", "mem.xml:1: malformed XML: No document element found"},
        {"<PubmedArticleSet>\n<PubmedArticle x=>\n", "mem.xml:2: malformed XML: Error parsing element attribute"},
        {"<?xml version=\"1.0\"?>\n<a>\n<b>\n</a>", "mem.xml:4: malformed XML: Start-end tags mismatch"},
        {"<PubmedArticleSet/>\n\n<other/>", "mem.xml:3: malformed XML: a second root element <other>"},
        {"\n\n<PubmedArticleSet>\n<DeleteCitation/></PubmedArticleSet>",
         "mem.xml:3: PubmedArticleSet holds no PubmedArticle or PubmedBookArticle"},
    };
    for (const Row& row : rows) {
        INFO(row.xml);
        PubmedResult r = parse_pubmed(row.xml, "mem.xml");
        CHECK(r.errors == Strings{row.error});
        CHECK(r.records.empty());
    }
}

TEST_CASE("pubmed: bibliographic fields of the fixture records", "[pubmed]") {
    const std::vector<Expected> rows = {
        // Inline <i>, <b>, <sup> and entities inside the title; the space
        // between "<i>in</i> <i>vivo</i>" kept; whitespace runs collapsed.
        {"inline-markup.xml", 0, "90000101", "10.5555/invented.2011.0101",
         "Strain of the tractus iliotibialis in in vivo running: a pilot study with 3He MRI\u2020.",
         "Journal of invented sports medicine", "2011", "12", "3", "201-9", "article", 6, 2},
        // A record on one line, CDATA in its title, no DOI at all.
        {"inline-markup.xml", 1, "90000102", "", "Hip abductor strength & ITBS: a cross-sectional study",
         "Journal of invented sports medicine", "2011", "12", "4", "300-8", "article", 43, 1},
        // MedlineDate years; StartPage-EndPage when there is no MedlinePgn.
        {"medline-date.xml", 0, "90000201", "", "Friction syndrome of the iliotibial band in long-distance runners.",
         "Archives of invented orthopaedics", "1979", "7", "1", "44-49", "article", 5, 1},
        {"medline-date.xml", 1, "90000202", "", "Orthoses for lateral knee pain in 12345 runners.",
         "Invented podiatry quarterly", "1998", "20", "", "e101", "article", 30, 1},
        {"collective-structured.xml", 0, "90000301", "10.5555/invented.2021.0301",
         "Hip strengthening versus foam rolling for iliotibial band syndrome: a randomised trial.",
         "Invented journal of sports physiotherapy", "2021", "55", "11", "610-618", "article", 5, 3},
        // A chapter: its own title, the book's title as the container.
        {"book.xml", 0, "90000401", "10.5555/invented.book.07", "Lateral knee pain: the iliotibial band",
         "Invented Handbook of Running Injuries", "2015", "2", "", "", "book", 5, 1},
        // A whole book: the BookTitle is the title; editors are not authors.
        {"book.xml", 1, "90000402", "", "Invented Atlas of the Thigh", "Invented Atlas of the Thigh", "2009", "", "",
         "", "book", 43, 0},
        {"retracted.xml", 0, "90000501", "10.5555/invented.2016.0501",
         "Foam rolling cures iliotibial band syndrome in a week.", "Invented journal of manual therapy", "2016", "30",
         "2", "77-80", "article", 6, 1},
        // DOIs of cited works never become the record's own.
        {"references.xml", 0, "90000601", "", "A record with no DOI of its own.", "Invented review of running", "2004",
         "4", "", "", "article", 5, 0},
        {"references.xml", 1, "90000602", "10.5555/invented.2005.0602",
         "A record whose references come before nothing of its own.", "Invented review of running", "2005", "5", "", "",
         "article", 36, 0},
        // ELocationID: the doi one, not the pii before it; never one marked invalid.
        {"elocation.xml", 0, "90000701", "10.5555/invented.2020.0701", "Gait retraining for lateral knee pain.",
         "Invented open sports science", "2020", "8", "", "", "article", 4, 0},
        {"elocation.xml", 1, "90000702", "", "A DOI that NLM marked invalid.", "Invented open sports science", "2020",
         "8", "", "", "article", 23, 0},
    };
    for (const Expected& e : rows) {
        PubmedResult r = load(e.file);
        INFO(e.file);
        CHECK(r.errors.empty());
        check_record(r, e);
    }
    CHECK(load("inline-markup.xml").records.at(0).pmcid == "PMC9000101");
}

TEST_CASE("pubmed: authors, collective names and editors", "[pubmed]") {
    struct Row {
        std::string file;
        std::size_t index;
        Strings authors, editors;
    };
    const std::vector<Row> rows = {
        {"inline-markup.xml", 0, {"\u00d8rsted|S\u00f8ren", "M\u00fcller-L\u00fcdenscheidt|H\u00e9l\u00e8ne"}, {}},
        // Initials stand in for a missing ForeName; ValidYN="N" is dropped.
        {"medline-date.xml", 0, {"Renne|JW"}, {}},
        {"medline-date.xml", 1, {"van der Berg|Anna"}, {}},
        {"collective-structured.xml",
         0,
         {"Nakamura|Yui", "Okafor|Chidi", "literal:Invented Running Injury Trialists Group"},
         {}},
        {"book.xml", 0, {"Chaptera|Carla"}, {"Editor|Erin", "Redactor|Rui"}},
        {"book.xml", 1, {}, {"Editor|Erin"}},
    };
    for (const Row& row : rows) {
        INFO(row.file << " record " << row.index);
        PubmedResult r = load(row.file);
        REQUIRE(r.records.size() > row.index);
        CHECK(names(r.records[row.index].authors) == row.authors);
        CHECK(names(r.records[row.index].editors) == row.editors);
    }
}

TEST_CASE("pubmed: abstracts keep every AbstractText with its label", "[pubmed]") {
    PubmedRecord r = load("collective-structured.xml").records.at(0);
    CHECK(labels(r) == Strings{"BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS", ""});
    REQUIRE(r.abstract.size() == 5);
    CHECK(r.abstract[0].text == "Two treatments compete.");
    CHECK(r.abstract[1].text == "We randomised 120 runners to hip strengthening or foam rolling.");
    // &#160; is whitespace too.
    CHECK(r.abstract[2].text == "Pain fell more with strengthening (p = 0.03).");
    CHECK(r.abstract[4].text == "Trial registration: none.");

    PubmedRecord inline_record = load("inline-markup.xml").records.at(0);
    REQUIRE(inline_record.abstract.size() == 1);
    CHECK(inline_record.abstract[0].label.empty());
    CHECK(inline_record.abstract[0].text ==
          "Runners with lateral knee pain (n = 14) ran at 3 m\u00b7s-1; strain was <2 % & stable.");

    CHECK(load("references.xml").records.at(0).abstract.empty());
}

TEST_CASE("pubmed: retractions and correction notices", "[pubmed]") {
    struct Row {
        std::size_t index;
        bool retracted;
        Strings notices;
    };
    const std::vector<Row> rows = {
        {0,
         true,
         {"Erratum in: Invented J Man Ther. 2016 Aug;30(4):200 (PMID 90000502)",
          "Expression of concern in: Invented J Man Ther. 2017;31(1):5",
          "Retraction in: Invented J Man Ther. 2018 Jan;32(1):1 (PMID 90000503)"}},
        // The retraction notice itself is not retracted.
        {1, false, {}},
        // "Retracted Publication" alone is enough.
        {2, true, {}},
    };
    PubmedResult r = load("retracted.xml");
    CHECK(r.errors.empty());
    REQUIRE(r.records.size() == 3);
    for (const Row& row : rows) {
        INFO("record " << row.index);
        CHECK(r.records[row.index].retracted == row.retracted);
        CHECK(r.records[row.index].notices == row.notices);
    }
    CHECK(r.records[0].publication_types ==
          Strings{"Journal Article", "Retracted Publication", "Randomized Controlled Trial"});
    CHECK_FALSE(load("collective-structured.xml").records.at(0).retracted);
}

TEST_CASE("pubmed: default evidence level from publication types", "[pubmed]") {
    struct Row {
        Strings types;
        int level;
    };
    const std::vector<Row> rows = {
        {{}, 0},
        {{"Journal Article"}, 0},
        {{"Journal Article", "Review"}, 0},
        {{"Meta-Analysis"}, 1},
        {{"Systematic Review"}, 1},
        {{"Randomized Controlled Trial"}, 2},
        {{"Observational Study"}, 3},
        {{"Case Reports"}, 4},
        {{"Comparative Study"}, 0},
        {{"Clinical Trial, Phase III"}, 0},
        {{"randomized controlled trial"}, 0},  // PubMed's spelling only
        {{"Case Reports", "Randomized Controlled Trial"}, 2},
        {{"Observational Study", "Case Reports"}, 3},
        {{"Randomized Controlled Trial", "Meta-Analysis", "Journal Article"}, 1},
    };
    for (const Row& row : rows) {
        CAPTURE(row.types);
        CHECK(default_level(row.types) == row.level);
    }
    CHECK(default_level(load("references.xml").records.at(0).publication_types) == 1);
    CHECK(default_level(load("medline-date.xml").records.at(0).publication_types) == 4);
    CHECK(default_level(load("medline-date.xml").records.at(1).publication_types) == 3);
}

TEST_CASE("pubmed: study ids", "[pubmed]") {
    auto record = [](std::vector<PubmedAuthor> authors, std::string year, std::string title = "T",
                     std::string pmid = "1") {
        PubmedRecord r;
        r.authors = std::move(authors);
        r.year = std::move(year);
        r.title = std::move(title);
        r.pmid = std::move(pmid);
        return r;
    };
    struct Row {
        PubmedRecord record;
        std::string id;
    };
    const std::vector<Row> rows = {
        {record({{"Fairclough", "John", ""}}, "2006"), "fairclough-2006"},
        {record({{"\u00d8rsted", "S", ""}, {"Smith", "J", ""}}, "2011"), "orsted-2011"},
        {record({{"Garc\u00eda-M\u00e1rquez", "G", ""}}, "1999"), "garcia-marquez-1999"},
        {record({{"M\u00fcller \u00dfter", "", ""}}, "2001"), "muller-sster-2001"},
        {record({{"\u0141ukasiewicz", "J", ""}}, "1920"), "lukasiewicz-1920"},
        {record({{"\u0152uvre \u0110or\u0111e", "", ""}}, "2000"), "oeuvre-dorde-2000"},
        {record({{"O'Neill", "Pat", ""}}, "2011"), "oneill-2011"},
        {record({{"Kim \u5b8b", "", ""}}, "2010"), "kim-2010"},
        {record({{"", "", "Invented Running Injury Trialists Group"}}, "2021"),
         "invented-running-injury-trialists-group-2021"},
        {record({{"Fairclough", "John", ""}}, ""), "fairclough"},
        {record({}, "1993", "GeneReviews\u2122"), "genereviews-1993"},
        {record({}, "2009", "The Atlas of the Thigh"), "atlas-2009"},
        {record({}, "2009", "\u2014", "90000402"), "pmid-90000402"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.id);
        CHECK(study_id(row.record) == row.id);
    }
    CHECK(study_id(load("inline-markup.xml").records.at(0)) == "orsted-2011");
    CHECK(study_id(load("medline-date.xml").records.at(1)) == "van-der-berg-1998");
    CHECK(study_id(load("book.xml").records.at(1)) == "invented-2009");
}

TEST_CASE("pubmed: JSON of a record is the import --json contract", "[pubmed]") {
    PubmedRecord r = load("collective-structured.xml").records.at(0);
    nlohmann::json expected = {
        {"pmid", "90000301"},
        {"doi", "10.5555/invented.2021.0301"},
        {"title", "Hip strengthening versus foam rolling for iliotibial band syndrome: a randomised trial."},
        {"journal", "Invented journal of sports physiotherapy"},
        {"year", "2021"},
        {"volume", "55"},
        {"issue", "11"},
        {"pages", "610-618"},
        {"kind", "article"},
        {"authors",
         {{{"family", "Nakamura"}, {"given", "Yui"}},
          {{"family", "Okafor"}, {"given", "Chidi"}},
          {{"literal", "Invented Running Injury Trialists Group"}}}},
        {"abstract",
         {{{"label", "BACKGROUND"}, {"text", "Two treatments compete."}},
          {{"label", "METHODS"}, {"text", "We randomised 120 runners to hip strengthening or foam rolling."}},
          {{"label", "RESULTS"}, {"text", "Pain fell more with strengthening (p = 0.03)."}},
          {{"label", "CONCLUSIONS"}, {"text", "Strengthening helped more."}},
          {{"label", ""}, {"text", "Trial registration: none."}}}},
        {"publication_types", {"Journal Article", "Randomized Controlled Trial"}},
        {"retracted", false},
    };
    auto dump = [](const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    CHECK(dump(to_json(r)) == dump(expected));

    nlohmann::json book = to_json(load("book.xml").records.at(1));
    CHECK(book["kind"] == "book");
    CHECK(book["authors"] == nlohmann::json::array());
    CHECK(book["abstract"] == nlohmann::json::array());
    CHECK(to_json(load("retracted.xml").records.at(0))["retracted"] == true);
}

TEST_CASE("pubmed: studies/*.yaml skeleton", "[pubmed]") {
    PubmedRecord trial = load("collective-structured.xml").records.at(0);
    CHECK(study_yaml_stub(trial, study_id(trial), study_id(trial) + ".xml") ==
          "# PMID 90000301: Hip strengthening versus foam rolling for iliotibial band syndrome: a randomised "
          "trial.\n"
          "# Nakamura, Yui; Okafor, Chidi; Invented Running Injury Trialists Group\n"
          "# Invented journal of sports physiotherapy. 2021;55(11):610-618\n"
          "# doi: 10.5555/invented.2021.0301\n"
          "# Publication types: Journal Article; Randomized Controlled Trial\n"
          "id: nakamura-2021\n"
          "record: nakamura-2021.xml\n"
          "design: \"\"\n"
          "level: 2  # from the publication types; the design may override it\n"
          "sample_size: \"\"\n"
          "population: \"\"\n"
          "design_type: unknown\n"
          "participants: unknown\n"
          "populations: [unknown]\n"
          "risk_of_bias: unknown\n"
          "risk_of_bias_reason: Not assessed yet.\n"
          "identification: \"\"  # certain | uncertain\n"
          "findings: []\n"
          "#  - claim: claim-id\n"
          "#    stance: supports  # supports | opposes | mixed\n"
          "#    directness: direct  # direct | indirect-population | surrogate-outcome | mechanistic\n"
          "#    outcome: unknown  # pain, function, injury-incidence, ... (corpus/README.md)\n"
          "#    finding: In our own words, what the study found on this claim.\n");

    PubmedRecord retracted = load("retracted.xml").records.at(0);
    std::string stub = study_yaml_stub(retracted, "roller-2016", "roller 2016.xml");
    CHECK_THAT(stub, Catch::StartsWith("# PMID 90000501: Foam rolling cures iliotibial band syndrome in a week.\n"
                                       "# Roller, Frank\n"
                                       "# Invented journal of manual therapy. 2016;30(2):77-80\n"));
    CHECK_THAT(stub, Catch::Contains("# RETRACTED\n"
                                     "# Erratum in: Invented J Man Ther. 2016 Aug;30(4):200 (PMID 90000502)\n"
                                     "# Expression of concern in: Invented J Man Ther. 2017;31(1):5\n"
                                     "# Retraction in: Invented J Man Ther. 2018 Jan;32(1):1 (PMID 90000503)\n"
                                     "id: roller-2016\n"
                                     "record: \"roller 2016.xml\"\n"));

    // No level from the publication types: left for the annotator.
    PubmedRecord plain = load("elocation.xml").records.at(0);
    CHECK_THAT(study_yaml_stub(plain, "x", "x.xml"),
               Catch::Contains("\nlevel: \"\"  # 1..7: the publication types give no default\n"));
    PubmedRecord many = load("inline-markup.xml").records.at(0);
    many.authors.resize(4, many.authors[0]);
    CHECK_THAT(study_yaml_stub(many, "x", "x.xml"),
               Catch::Contains("\n# \u00d8rsted, S\u00f8ren; M\u00fcller-L\u00fcdenscheidt, H\u00e9l\u00e8ne; "
                               "\u00d8rsted, S\u00f8ren; et al.\n"));
}

namespace {

// EVIDENCE_REALDATA, else the copies committed in tests/fixtures/pubmed-real
// (byte-for-byte copies of public efetch exports; SOURCES.md there says whence).
std::filesystem::path realdata_dir() {
    if (const char* env = std::getenv("EVIDENCE_REALDATA"); env != nullptr && *env != '\0') return env;
    return std::filesystem::path(EVIDENCE_SOURCE_DIR) / "tests" / "fixtures" / "pubmed-real";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("pubmed: real efetch exports", "[pubmed][realdata]") {
    const std::filesystem::path dir = realdata_dir();
    REQUIRE(std::filesystem::is_directory(dir));
    auto parse = [&](const std::string& name) { return parse_pubmed_file((dir / name).string()); };

    // Every XML file there parses cleanly, including any added later.
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".xml") continue;
        INFO(entry.path().string());
        PubmedResult r = parse_pubmed_file(entry.path().string());
        CHECK(r.errors.empty());
        CHECK_FALSE(r.records.empty());
    }

    const std::string book_file = "Eutils-JSON-efetch.pubmedbook.xml";
    const std::vector<Expected> rows = {
        // Two records on one line; one without abstract or DOI; Year+Season.
        {"biopython-pubmed1.xml", 0, "12091962", "",
         "The treatment of AIDS behind the walls of correctional facilities.", "Social justice (San Francisco, Calif.)",
         "1990", "17", "1", "113-25", "article", 4, 1},
        {"biopython-pubmed1.xml", 1, "9997", "10.1016/0005-2795(76)90109-4",
         "Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin interaction.",
         "Biochimica et biophysica acta", "1976", "446", "1", "179-91", "article", 4, 1},
        {"biopython-pubmed2.xml", 0, "11748933", "10.1006/cryo.2001.2328",
         "Is cryopreservation a homogeneous process? Ultrastructure and motility of untreated, prefreezing, and "
         "postthawed spermatozoa of Diplodus puntazzo (Cetti).",
         "Cryobiology", "2001", "42", "4", "244-55", "article", 4, 8},
        {"biopython-pubmed2.xml", 1, "11700088", "10.1006/jmre.2001.2429",
         "Proton MRI of (13)C distribution by J and chemical shift editing.",
         "Journal of magnetic resonance (San Diego, Calif. : 1997)", "2001", "153", "1", "117-23", "article", 4, 6},
        {"biopython-pubmed5.xml", 0, "28775130", "10.1136/oemed-2017-104431",
         "Occupational pesticide exposure and subclinical hypothyroidism among male pesticide applicators.",
         "Occupational and environmental medicine", "2018", "75", "2", "79-89", "article", 4, 12},
        // <i> and &quot; in the title; no Issue.
        {"biopython-pubmed6.xml", 0, "30108519", "10.3389/fphys.2018.01034",
         "A \"Blood Relationship\" Between the Overlooked Minimum Lactate Equivalent and Maximal Lactate Steady "
         "State in Trained Runners. Back to the Old Days?",
         "Frontiers in physiology", "2018", "9", "", "1034", "article", 4, 2},
        // 49 References each with their own ids: none is the record's.
        {"biopython-pubmed7.xml", 0, "29963580", "10.1117/1.JMI.5.2.026002",
         "Development of a pulmonary imaging biomarker pipeline for phenotyping of chronic lung disease.",
         "Journal of medical imaging (Bellingham, Wash.)", "2018", "5", "2", "026002", "article", 4, 9},
        // A whole GeneReviews book: no ArticleTitle, five editors, no authors.
        {book_file, 0, "20301295", "", "GeneReviews\u2122", "GeneReviews\u2122", "1993", "", "", "", "book", 4, 0},
    };
    const std::vector<std::pair<std::string, std::size_t>> counts = {
        {"biopython-pubmed1.xml", 2}, {"biopython-pubmed2.xml", 2}, {"biopython-pubmed5.xml", 1},
        {"biopython-pubmed6.xml", 1}, {"biopython-pubmed7.xml", 1}, {book_file, 1},
    };
    for (const auto& [file, n] : counts) {
        INFO(file);
        CHECK(parse(file).records.size() == n);
    }
    for (const Expected& e : rows) check_record(parse(e.file), e);

    const Strings ids = {"olivero-1990", "strekas-1976",      "taddei-2001", "casieri-2001",
                         "lerro-2018",   "garcia-tabar-2018", "guo-2018",    "genereviews-1993"};
    Strings got;
    for (const Expected& e : rows) got.push_back(study_id(parse(e.file).records.at(e.index)));
    CHECK(got == ids);

    SECTION("pubmed1: authors, publication types, no abstract") {
        PubmedResult r = parse("biopython-pubmed1.xml");
        // Both records sit on line 4; their offsets still tell them apart.
        REQUIRE(r.records.size() == 2);
        CHECK(r.records[0].offset == 188);
        CHECK(r.records[1].offset == 4533);
        CHECK(names(r.records.at(0).authors) == Strings{"Olivero|J Michael"});
        CHECK(r.records[0].publication_types == Strings{"Journal Article", "Review"});
        CHECK(r.records[0].abstract.empty());
        CHECK(labels(r.records[1]) == Strings{""});
        CHECK_THAT(r.records[1].abstract[0].text,
                   Catch::StartsWith("Electron paramagnetic resonance and magnetic susceptibility studies"));
        CHECK_FALSE(r.records[0].retracted);
    }
    SECTION("pubmed2: entities decoded, all authors in order") {
        PubmedResult r = parse("biopython-pubmed2.xml");
        const PubmedRecord& first = r.records.at(0);
        CHECK(names(first.authors).front() == "Taddei|A R");
        CHECK(names(first.authors).back() == "Mazzini|M");
        CHECK(contains(first.abstract.at(0).text, "compared with 24% in the fresh sample (P < 0.001)."));
        CHECK(names(r.records.at(1).authors).back() == "De Luca|F");
        CHECK(first.publication_types == Strings{"Journal Article", "Research Support, Non-U.S. Gov't"});
    }
    SECTION("pubmed5: structured abstract with inline markup") {
        const PubmedRecord r = parse("biopython-pubmed5.xml").records.at(0);
        CHECK(labels(r) == Strings{"OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"});
        CHECK(contains(r.abstract.at(1).text, "compared with normal TSH (0.4-<4.5 mIU/L) and for anti-TPO"));
        CHECK(contains(r.abstract.at(2).text, "(ORQ3=4.15, 95% CI 1.56 to 11.01, ORQ4=4.76"));
        CHECK(r.abstract.at(3).text ==
              "Our results suggest that long-term exposure to aldrin, pendimethalin and methyl bromide may alter "
              "thyroid function among male pesticide applicators.");
        CHECK(r.pmcid == "PMC5771820");
        CHECK(names(r.authors).at(1) == "Beane Freeman|Laura E");
    }
    SECTION("pubmed6: MathML and non-ASCII in the abstract") {
        const PubmedRecord r = parse("biopython-pubmed6.xml").records.at(0);
        REQUIRE(r.abstract.size() == 1);
        const std::string& text = r.abstract[0].text;
        CHECK(contains(text, "maximal oxygen uptake ( V.O2max ) 67.6 \u00b1 4.1 ml\u00b7kg-1\u00b7min-1]"));
        CHECK(contains(text, "(coefficient of variation: \u22487%)"));
        CHECK_FALSE(contains(text, "  "));
        CHECK(names(r.authors) == Strings{"Garcia-Tabar|Ibai", "Gorostiaga|Esteban M"});
    }
    SECTION("pubmed7: collective author last; MathML spaces kept") {
        const PubmedRecord r = parse("biopython-pubmed7.xml").records.at(0);
        CHECK(names(r.authors).front() == "Guo|Fumin");
        CHECK(names(r.authors).back() == "literal:Canadian Respiratory Research Network");
        CHECK(r.pmcid == "PMC6022861");
        CHECK(contains(r.abstract.at(0).text, "(1) inhaled He3/Xe129 MRI ventilation and apparent diffusion"));
        nlohmann::json j = to_json(r);
        CHECK(j["authors"].back() == nlohmann::json{{"literal", "Canadian Respiratory Research Network"}});
        CHECK(j["doi"] == "10.1117/1.JMI.5.2.026002");
    }
    SECTION("GeneReviews book: editors apart, abstract, no publication types") {
        const PubmedRecord r = parse(book_file).records.at(0);
        CHECK(names(r.editors) ==
              Strings{"Pagon|Roberta A", "Bird|Thomas D", "Dolan|Cynthia R", "Stephens|Karen", "Adam|Margaret P"});
        REQUIRE(r.abstract.size() == 1);
        CHECK_THAT(r.abstract[0].text,
                   Catch::StartsWith("GeneReviews are expert-authored, peer-reviewed disease descriptions"));
        CHECK(r.publication_types.empty());
        CHECK(to_json(r)["kind"] == "book");
    }
}
