// Exports, each read back by a real parser where Debian packages one
// (Python's csv and json modules, pybtex for BibTeX) and checked against the
// format's rules otherwise (RIS). Hand-made records hold the hard cases.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "render/export.hpp"
#include "test_server_live.hpp"

using namespace evidence;
using nlohmann::json;

namespace {

constexpr const char* kPython = "/usr/bin/python3";

// Runs a Python script on `input`; returns its exit status, its output in `out`.
int python(const TempDir& tmp, const std::string& script, const std::string& input, std::string& out) {
    const auto py = tmp.path / "check.py", in = tmp.path / "input", o = tmp.path / "out";
    std::ofstream(py) << script;
    std::ofstream(in, std::ios::binary) << input;
    const int rc = run_command(std::string(kPython) + " " + py.string() + " " + in.string() + " > " + o.string() +
                               " 2>&1");
    out = read_text(o);
    return rc;
}

json study(const std::string& id, const json& authors, const std::string& title, const std::string& kind = "article",
           bool retracted = false) {
    return {{"id", id},
            {"title", title},
            {"type", "study"},
            {"url", ""},
            {"year", "2006"},
            {"page",
             {{"html", ""},
              {"posts", json::array()},
              {"study",
               {{"design", "rct"},
                {"record",
                 {{"pmid", "16533314"},
                  {"doi", "10.1111/j.1469-7580.2006.00531.x"},
                  {"pmcid", ""},
                  {"title", title},
                  {"journal", "J Anat & Physiol"},
                  {"year", "2006"},
                  {"volume", "208"},
                  {"issue", "3"},
                  {"pages", "1085-91"},
                  {"kind", kind},
                  {"authors", authors},
                  {"publication_types", json::array({"Journal Article"})},
                  {"retracted", retracted},
                  {"notices", json::array()}}}}}}}};
}

std::vector<json> hard_studies() {
    return {
        study("fairclough-2006",
              json::array({{{"family", "Fairclough"}, {"given", "J"}},
                           {{"family", "O'Brien"}, {"given", "Mary-Ann"}},
                           {{"literal", "World Health Organization"}}}),
              "The ITBS {model}: 50% of runners & $5 costs_in #1 ~ ^ \\ \"quoted\"\nsecond line"),
        study("who-2010", json::array({{{"literal", "Heart and Stroke Foundation, Research Group"}}}),
              "Ümlaut – dash — and “quotes” in MRI studies", "book", true),
        study("noauthor-2001", json::array(), "A study with no authors"),
    };
}

json assertion(const std::string& id, const std::string& quote) {
    return {{"kind", "assertion"},
            {"id", id},
            {"stance", "supports"},
            {"level", 6},
            {"level_label", "expert opinion"},
            {"directness", "direct"},
            {"claim", {{"id", "c-1"}, {"statement", "A claim, with a comma"}, {"topics", {"t"}}}},
            {"source",
             {{"id", "s-1"},
              {"title", "=HYPERLINK(\"http://x\")"},
              {"type", "article"},
              {"site", "@site"},
              {"authors", {"A, B", "C \"D\""}},
              {"year", "2019"},
              {"url", "https://example.org/a?b=1,2"},
              {"commercial_interest", "none"}}},
            {"post", ""},
            {"quote", quote},
            {"finding", ""},
            {"cites", json::array({{{"study", "fairclough-2006"}, {"bears_on_claim", false}}})},
            {"retracted_citation", false}};
}

}  // namespace

TEST_CASE("export: CSV cells", "[export]") {
    struct Row {
        std::string in, out;
        bool text;
    };
    const std::vector<Row> rows = {
        {"plain", "plain", true},
        {"a,b", "\"a,b\"", true},
        {"say \"hi\"", "\"say \"\"hi\"\"\"", true},
        {"two\nlines", "\"two\nlines\"", true},
        {"cr\r\nlf", "\"cr\r\nlf\"", true},
        {"=1+1", "'=1+1", true},
        {"+1", "'+1", true},
        {"-1", "'-1", true},
        {"@SUM(A1)", "'@SUM(A1)", true},
        {"\tx", "'\tx", true},
        {"=a,b", "\"'=a,b\"", true},
        {"-5", "-5", false},  // a number cell stays a number
        {"", "", true},
        {"é – “x”", "é – “x”", true},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(render::csv_cell(r.in, r.text) == r.out);
    }
}

TEST_CASE("export: CSV read back by Python's csv module", "[export]") {
    TempDir tmp;
    const std::vector<json> rows = {assertion("s-1/1", "=cmd|' /C calc'!A0"), assertion("s-1/2", "- a list item, \"quoted\"\nnext"),
                                    assertion("s-1/3", "@import"), assertion("s-1/4", "+ plus"),
                                    assertion("s-1/5", "plain words")};
    const std::string csv = render::to_csv(rows);
    CHECK(csv.find("\r\n") != std::string::npos);
    std::string out;
    const std::string script = R"PY(import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f, strict=True))
print(json.dumps(rows))
)PY";
    REQUIRE(python(tmp, script, csv, out) == 0);
    const json parsed = json::parse(out);
    REQUIRE(parsed.size() == 6);
    CHECK(parsed[0][0] == "assertion");
    for (const auto& r : parsed) CHECK(r.size() == 21);
    CHECK(parsed[1][7] == "'=cmd|' /C calc'!A0");
    CHECK(parsed[2][7] == "'- a list item, \"quoted\"\nnext");
    CHECK(parsed[3][7] == "'@import");
    CHECK(parsed[4][7] == "'+ plus");
    CHECK(parsed[5][7] == "plain words");
    CHECK(parsed[1][2] == "A claim, with a comma");
    CHECK(parsed[1][11] == "'=HYPERLINK(\"http://x\")");
    CHECK(parsed[1][13] == "'@site");
    CHECK(parsed[1][14] == "A, B; C \"D\"");
    CHECK(parsed[1][18] == "fairclough-2006");
    CHECK(parsed[1][19] == "fairclough-2006");  // cited for a claim it has no finding on
    // No cell a spreadsheet would run.
    for (const auto& r : parsed)
        for (const auto& c : r) {
            const std::string s = c;
            CHECK((s.empty() || std::string("=+-@").find(s[0]) == std::string::npos));
        }
}

TEST_CASE("export: page ranges and BibTeX escapes", "[export]") {
    CHECK(render::page_range("1085-91") == std::pair<std::string, std::string>{"1085", "1091"});
    CHECK(render::page_range("379-390") == std::pair<std::string, std::string>{"379", "390"});
    CHECK(render::page_range("e123") == std::pair<std::string, std::string>{"e123", ""});
    CHECK(render::page_range("S12-S19") == std::pair<std::string, std::string>{"S12", "S19"});
    CHECK(render::bibtex_escape("50% & $5 #1 a_b") == "50\\% \\& \\$5 \\#1 a\\_b");
    CHECK(render::bibtex_escape("{x} ~ ^ \\") ==
          "\\textbraceleft{}x\\textbraceright{} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
}

TEST_CASE("export: RIS follows the format's rules", "[export]") {
    const std::vector<json> studies = hard_studies();
    const std::string ris = render::to_ris(studies);
    // Records: TY first, ER last; every line "XX  - value" ended by CRLF.
    const std::regex line_re("^[A-Z][A-Z0-9]  - .*$");
    std::vector<std::vector<std::string>> records;
    std::size_t start = 0;
    while (start < ris.size()) {
        const auto end = ris.find("\r\n", start);
        REQUIRE(end != std::string::npos);
        const std::string line = ris.substr(start, end - start);
        start = end + 2;
        INFO(line);
        CHECK(line.find('\n') == std::string::npos);
        CHECK(line.find('\r') == std::string::npos);
        CHECK(std::regex_match(line, line_re));
        if (line.rfind("TY  - ", 0) == 0) records.emplace_back();
        REQUIRE_FALSE(records.empty());
        records.back().push_back(line);
    }
    REQUIRE(records.size() == 3);
    const std::vector<std::size_t> authors = {3, 1, 0};
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& r = records[i];
        CHECK(r.front().rfind("TY  - ", 0) == 0);
        CHECK(r.back() == "ER  - ");
        CHECK(std::count_if(r.begin(), r.end(), [](const std::string& l) { return l.rfind("TY  - ", 0) == 0; }) == 1);
        CHECK(std::count_if(r.begin(), r.end(), [](const std::string& l) { return l.rfind("AU  - ", 0) == 0; }) ==
              static_cast<long>(authors[i]));
    }
    CHECK(records[0][0] == "TY  - JOUR");
    CHECK(records[1][0] == "TY  - BOOK");
    CHECK(std::find(records[0].begin(), records[0].end(), "AU  - O'Brien, Mary-Ann") != records[0].end());
    CHECK(std::find(records[0].begin(), records[0].end(), "AU  - World Health Organization") != records[0].end());
    CHECK(std::find(records[0].begin(), records[0].end(), "SP  - 1085") != records[0].end());
    CHECK(std::find(records[0].begin(), records[0].end(), "EP  - 1091") != records[0].end());
    CHECK(std::find(records[1].begin(), records[1].end(), "N1  - Retracted") != records[1].end());
}

TEST_CASE("export: BibTeX read back by pybtex", "[export]") {
    TempDir tmp;
    const std::string bib = render::to_bibtex(hard_studies());
    CHECK(bib.find("author = {Fairclough, J and O'Brien, Mary-Ann and {World Health Organization}}") !=
          std::string::npos);
    CHECK(bib.find("author = {{Heart and Stroke Foundation, Research Group}}") != std::string::npos);
    CHECK(bib.find("{ITBS}") != std::string::npos);  // capitals kept by styles
    CHECK(bib.find("pages = {1085--1091}") != std::string::npos);
    const std::string script = R"PY(import json, sys
try:
    from pybtex.database import parse_file
except ImportError:
    print("pybtex is missing: run scripts/install-deps.sh (python3-pybtex)")
    sys.exit(3)
data = parse_file(sys.argv[1], bib_format='bibtex')
out = {}
for key, e in data.entries.items():
    out[key] = {'type': e.type, 'fields': dict(e.fields),
                'authors': [str(p) for p in e.persons.get('author', [])]}
print(json.dumps(out))
)PY";
    std::string out;
    const int rc = python(tmp, script, bib, out);
    INFO(out);
    REQUIRE(rc == 0);
    const json parsed = json::parse(out);
    REQUIRE(parsed.size() == 3);
    const json& f = parsed["fairclough-2006"];
    CHECK(f["type"] == "article");
    REQUIRE(f["authors"].size() == 3);
    CHECK(f["authors"][0] == "Fairclough, J");
    CHECK(f["authors"][2] == "{World Health Organization}");
    CHECK(f["fields"]["pages"] == "1085--1091");
    CHECK(f["fields"]["doi"] == "10.1111/j.1469-7580.2006.00531.x");
    CHECK(f["fields"]["journal"] == "J Anat \\& Physiol");
    const json& w = parsed["who-2010"];
    CHECK(w["type"] == "book");
    REQUIRE(w["authors"].size() == 1);  // the corporate name is one author, not split at "and" or ","
    CHECK(w["fields"]["note"] == "Retracted");
    CHECK(parsed["noauthor-2001"]["authors"].empty());
}

TEST_CASE("export: CSL-JSON read back by Python's json module", "[export]") {
    TempDir tmp;
    const std::string text = render::to_csl_json(hard_studies()).dump(2);
    const std::string script = R"PY(import json, sys
items = json.load(open(sys.argv[1], encoding='utf-8'))
assert isinstance(items, list)
types = {'article-journal', 'book', 'chapter', 'report', 'webpage', 'article'}
for it in items:
    assert isinstance(it['id'], str) and it['id'], it
    assert it['type'] in types, it
    for a in it.get('author', []):
        assert set(a) <= {'family', 'given', 'literal'}, a
        assert ('literal' in a) != ('family' in a), a
    if 'issued' in it:
        parts = it['issued']['date-parts']
        assert all(isinstance(n, int) for n in parts[0]), parts
print(json.dumps([[it['id'], it['type'], len(it.get('author', [])), it.get('page', ''), it.get('note', '')] for it in items]))
)PY";
    std::string out;
    REQUIRE(python(tmp, script, text, out) == 0);
    const json parsed = json::parse(out);
    CHECK(parsed == json::parse(R"([["fairclough-2006","article-journal",3,"1085-1091",""],
                                   ["who-2010","book",1,"1085-1091","Retracted"],
                                   ["noauthor-2001","article-journal",0,"1085-1091",""]])"));
}

TEST_CASE("export: the server and the CLI give the same files, each parsed back", "[export][server]") {
    LiveServer live(kBundledCorpus);
    auto cli = live.client();
    TempDir tmp;
    struct Row {
        std::string format, filters, cli_flags;
    };
    const std::vector<Row> rows = {
        {"csv", "&topic=foam-rolling", "--topic foam-rolling"},
        {"ris", "&q=hip", "hip"},
        {"bibtex", "", ""},
        {"csl-json", "&stance=opposes", "--stance opposes"},
        {"claimreview", "&topic=hip-strengthening", "--topic hip-strengthening"},
    };
    for (const auto& r : rows) {
        INFO(r.format);
        auto res = cli.Get(("/api/export?format=" + r.format + r.filters).c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const auto file = tmp.path / ("out." + r.format);
        REQUIRE(run_command(std::string(EVIDENCE_BINARY) + " export --db " + live.db.string() + " --format " +
                            r.format + " " + r.cli_flags + " > " + file.string()) == 0);
        CHECK(read_text(file) == res->body);
        CHECK_FALSE(res->body.empty());
        // --shard, as for search and compare: the index folder given as a shard.
        const auto sharded = tmp.path / ("shard." + r.format);
        REQUIRE(run_command(std::string(EVIDENCE_BINARY) + " export --shard " + live.db.string() + " --db /nonexistent" +
                            " --format " + r.format + " " + r.cli_flags + " > " + sharded.string()) == 0);
        CHECK(read_text(sharded) == res->body);
    }
    // ClaimReview: schema.org shape, the certainty as the verdict.
    auto res = cli.Get("/api/export?format=claimreview&topic=hip-strengthening");
    const json cr = json::parse(res->body);
    CHECK(cr["@context"] == "https://schema.org");
    REQUIRE_FALSE(cr["@graph"].empty());
    for (const auto& review : cr["@graph"]) {
        CHECK(review["@type"] == "ClaimReview");
        CHECK_FALSE(review["claimReviewed"].get<std::string>().empty());
        const json& rating = review["reviewRating"];
        CHECK(rating["@type"] == "Rating");
        CHECK(rating["bestRating"] == 4);
        CHECK(rating["worstRating"] == 1);
        CHECK(rating["ratingValue"].get<int>() >= 1);
        CHECK(rating["ratingValue"].get<int>() <= 4);
        CHECK(rating["alternateName"].get<std::string>().find("certainty") != std::string::npos);
        CHECK(review["itemReviewed"]["@type"] == "Claim");
        CHECK(review["itemReviewed"]["appearance"].is_array());
    }
    // The CSV of a search holds exactly its assertions, each once.
    auto search = cli.Get("/api/search?topic=foam-rolling&kind=assertion&size=1");
    auto csv = cli.Get("/api/export?format=csv&topic=foam-rolling");
    std::string out;
    REQUIRE(python(tmp, R"PY(import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8'), strict=True))
ids = [r[0] for r in rows[1:]]
assert len(ids) == len(set(ids)), "an assertion twice"
print(len(ids))
)PY", csv->body, out) == 0);
    CHECK(std::stol(out) == json::parse(search->body)["total"].get<long>());
    // A study cited by an assertion of the search is in the citations.
    auto ris = cli.Get("/api/export?format=ris&q=hip");
    CHECK(ris->body.rfind("TY  - ", 0) == 0);
    CHECK(ris->body.find("ER  - \r\n") != std::string::npos);
}
