// Exports, each read back by a real parser where Debian packages one
// (Python's csv and json modules, pybtex for BibTeX) and checked against the
// format's rules otherwise (RIS). Hand-made records hold the hard cases.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "render/export.hpp"
#include "test_search_fixture.hpp"
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
    const int rc =
        run_command(std::string(kPython) + " " + py.string() + " " + in.string() + " > " + o.string() + " 2>&1");
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
    const std::vector<json> rows = {
        assertion("s-1/1", "=cmd|' /C calc'!A0"), assertion("s-1/2", "- a list item, \"quoted\"\nnext"),
        assertion("s-1/3", "@import"), assertion("s-1/4", "+ plus"), assertion("s-1/5", "plain words")};
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
        REQUIRE(run_command(std::string(EVIDENCE_BINARY) + " export --shard " + live.db.string() +
                            " --db /nonexistent" + " --format " + r.format + " " + r.cli_flags + " > " +
                            sharded.string()) == 0);
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
)PY",
                   csv->body, out) == 0);
    CHECK(std::stol(out) == json::parse(search->body)["total"].get<long>());
    // A study cited by an assertion of the search is in the citations.
    auto ris = cli.Get("/api/export?format=ris&q=hip");
    CHECK(ris->body.rfind("TY  - ", 0) == 0);
    CHECK(ris->body.find("ER  - \r\n") != std::string::npos);
}

// ---- Citations a writer should not follow, empty exports, file names ----

namespace {

// tests/fixtures/corpus with the search overlay and the export overlay laid
// over it (tests/fixtures/export-overlay/README.md).
struct ExportCorpus {
    TempDir tmp;
    std::string dir;
    ExportCorpus() {
        const auto half = tmp.path / "half", whole = tmp.path / "corpus";
        search_test::lay_overlay(kFixtureCorpus, EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", half);
        search_test::lay_overlay(half, EVIDENCE_SOURCE_DIR "/tests/fixtures/export-overlay", whole);
        dir = whole.string();
    }
};

// The study ids a citation file holds, in order.
std::vector<std::string> ids_in(const std::string& format, const std::string& body) {
    std::vector<std::string> out;
    if (format == "csl-json") {
        for (const auto& item : json::parse(body)) out.push_back(item["id"]);
        return out;
    }
    const std::regex re(format == "ris" ? "ID  - ([^\r\n]+)" : "@(?:article|book)\\{([^,]+),");
    for (std::sregex_iterator it(body.begin(), body.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
    return out;
}

// `evidence export` with these options: exit status, standard output and error.
struct CliRun {
    int rc;
    std::string out, err;
};
CliRun cli_export(const TempDir& tmp, const std::filesystem::path& db, const std::string& options) {
    const auto out = tmp.path / "cli.out", err = tmp.path / "cli.err";
    const int rc = run_command(std::string(EVIDENCE_BINARY) + " export --db " + db.string() + " " + options + " > " +
                               out.string() + " 2> " + err.string());
    return {rc, read_text(out), read_text(err)};
}

const char* kOpposesCaution =
    "N1  - Caution: its finding opposes the claim \"Hip abductor strengthening resolves IT band syndrome.\", which "
    "Strong hips, happy knees (misquote-article) cites it in support of\r\n";
const char* kGuessedCaution =
    "N1  - Caution: does not address the claim \"Foam rolling gives temporary relief of lateral knee pain.\"; cited "
    "for it by Strong hips, happy knees (misquote-article) (the link is a guess: an unnumbered reference matched by "
    "list order)\r\n";
const char* kShopCaution =
    "N1  - Caution: does not address the claim \"Foam rolling gives temporary relief of lateral knee pain.\"; cited "
    "for it by The ITB roller guide (roller-shop)\r\n";

}  // namespace

TEST_CASE(
    "export: a cited study that does not bear on the claim or contradicts its citer is marked (RIS) or left out "
    "(BibTeX, CSL-JSON)",
    "[export][server]") {
    const ExportCorpus corpus;
    LiveServer live(corpus.dir);
    auto cli = live.client();
    TempDir tmp;
    struct Row {
        std::string format, query, cli_flags;
        std::vector<std::string> ids;     // the studies in the file, in order
        std::vector<std::string> marks;   // text the file holds
        std::vector<std::string> absent;  // text it must not hold
    };
    const std::vector<Row> rows = {
        // The article's citations: the trial bears and agrees; the cohort opposes
        // the claim it is cited in support of, and has no finding on the other.
        {"ris",
         "source=misquote-article",
         "--source misquote-article",
         {"example-trial-2001", "cohort-2010"},
         {kOpposesCaution, kGuessedCaution},
         {}},
        {"bibtex",
         "source=misquote-article",
         "--source misquote-article",
         {"example-trial-2001"},
         {"@comment{Left out of this file", "cohort-2010: its finding opposes the claim"},
         {"@article{cohort-2010"}},
        {"csl-json",
         "source=misquote-article",
         "--source misquote-article",
         {"example-trial-2001"},
         {},
         {"cohort-2010"}},
        // A claim's export: both studies have findings on it, so both stay; the
        // misquoting citation is marked where the format marks.
        {"ris",
         "claim=hip-strength-resolves",
         "--claim hip-strength-resolves",
         {"example-trial-2001", "cohort-2010"},
         {kOpposesCaution},
         {kGuessedCaution}},
        {"bibtex",
         "claim=hip-strength-resolves",
         "--claim hip-strength-resolves",
         {"example-trial-2001", "cohort-2010"},
         {},
         {"@comment"}},
        {"csl-json",
         "claim=hip-strength-resolves",
         "--claim hip-strength-resolves",
         {"example-trial-2001", "cohort-2010"},
         {},
         {}},
        // A claim no cited study addresses: RIS names both with the reason.
        {"ris",
         "claim=foam-rolling-relief",
         "--claim foam-rolling-relief",
         {"cohort-2010", "example-trial-2001"},
         {kShopCaution, kGuessedCaution},
         {kOpposesCaution}},
    };
    for (const auto& r : rows) {
        INFO(r.format << " " << r.query);
        auto res = cli.Get(("/api/export?format=" + r.format + "&" + r.query).c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(ids_in(r.format, res->body) == r.ids);
        for (const auto& m : r.marks) CHECK(res->body.find(m) != std::string::npos);
        for (const auto& a : r.absent) CHECK(res->body.find(a) == std::string::npos);
        const CliRun run = cli_export(tmp, live.db, "--format " + r.format + " " + r.cli_flags);
        CHECK(run.rc == 0);
        CHECK(run.out == res->body);
    }
    // BibTeX with its @comment is still read by pybtex: only the entries kept.
    auto bib = cli.Get("/api/export?format=bibtex&source=misquote-article");
    std::string out;
    const int rc = python(tmp, R"PY(import json, sys
from pybtex.database import parse_file
print(json.dumps(sorted(parse_file(sys.argv[1], bib_format='bibtex').entries.keys())))
)PY",
                          bib->body, out);
    INFO(out);
    REQUIRE(rc == 0);
    CHECK(json::parse(out) == json::array({"example-trial-2001"}));
}

TEST_CASE("export: an export with nothing in it is a 404 and a CLI error, never an empty file", "[export][server]") {
    const ExportCorpus corpus;
    LiveServer live(corpus.dir);
    auto cli = live.client();
    TempDir tmp;
    struct Row {
        std::string format, query, cli_flags, message;
    };
    const std::vector<Row> rows = {
        {"csv", "q=zzzzqq", "zzzzqq", "nothing to export: this search has no assertions"},
        {"ris", "q=zzzzqq", "zzzzqq",
         "nothing to export: no study is behind this search's results (matched, or cited by one of its statements)"},
        {"bibtex", "q=zzzzqq", "zzzzqq",
         "nothing to export: no study is behind this search's results (matched, or cited by one of its statements)"},
        {"claimreview", "q=zzzzqq", "zzzzqq",
         "nothing to export: no claim is matched or asserted on by this search's results"},
        // Studies there are, but each only through a citation not to follow.
        {"bibtex", "claim=foam-rolling-relief", "--claim foam-rolling-relief",
         "nothing to export: the 2 studies behind this claim's evidence are left out: each is only cited for a claim "
         "it has no finding on, or by a statement its own finding contradicts (the RIS export lists them with the "
         "reason)"},
        {"csl-json", "claim=foam-rolling-relief", "--claim foam-rolling-relief",
         "nothing to export: the 2 studies behind this claim's evidence are left out: each is only cited for a claim "
         "it has no finding on, or by a statement its own finding contradicts (the RIS export lists them with the "
         "reason)"},
    };
    for (const auto& r : rows) {
        INFO(r.format << " " << r.query);
        auto res = cli.Get(("/api/export?format=" + r.format + "&" + r.query).c_str());
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
        CHECK_FALSE(res->has_header("Content-Disposition"));
        const json err = json::parse(res->body);
        CHECK(err["error"]["code"] == "nothing_to_export");
        CHECK(err["error"]["message"] == r.message);
        // The CLI: the message on standard error, exit 3, no file written.
        const auto file = tmp.path / ("empty." + r.format);
        const CliRun run =
            cli_export(tmp, live.db, "--format " + r.format + " " + r.cli_flags + " --out " + file.string());
        CHECK(run.rc == 3);
        CHECK(run.err == "error: " + r.message + "\n");
        CHECK_FALSE(std::filesystem::exists(file));
        const CliRun to_stdout = cli_export(tmp, live.db, "--format " + r.format + " " + r.cli_flags);
        CHECK(to_stdout.rc == 3);
        CHECK(to_stdout.out.empty());
    }
}

TEST_CASE("export: file names say what they hold", "[export][server]") {
    const ExportCorpus corpus;
    LiveServer live(corpus.dir);
    auto cli = live.client();
    struct Row {
        std::string query, filename;
    };
    const std::vector<Row> rows = {
        {"format=ris&claim=hip-strength-resolves", "evidence-hip-strength-resolves-studies.ris"},
        {"format=bibtex&claim=hip-strength-resolves", "evidence-hip-strength-resolves-studies.bib"},
        {"format=csl-json&claim=hip-strength-resolves", "evidence-hip-strength-resolves-studies.json"},
        {"format=claimreview&claim=hip-strength-resolves", "evidence-hip-strength-resolves-claimreview.jsonld"},
        {"format=csv&claim=hip-strength-resolves", "evidence-hip-strength-resolves-assertions.csv"},
        {"format=csv&q=Foam%20Rolling%21&stance=opposes", "evidence-foam-rolling-opposes-assertions.csv"},
        {"format=csv&q=%C3%BCber%20OR%20rolling&sort=date", "evidence-ber-or-rolling-assertions.csv"},
        {"format=claimreview", "evidence-all-claimreview.jsonld"},
    };
    for (const auto& r : rows) {
        INFO(r.query);
        auto res = cli.Get(("/api/export?" + r.query).c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"" + r.filename + "\"");
    }
    // A long query is cut at a word.
    CHECK(render::export_filename(render::ExportFormat::Ris,
                                  render::slug(std::string(40, 'a') + " " + std::string(40, 'b'))) ==
          "evidence-" + std::string(40, 'a') + "-studies.ris");
}

TEST_CASE("export: slugs and public addresses", "[export]") {
    struct SlugRow {
        std::string in, out;
    };
    for (const auto& r : std::vector<SlugRow>{{"hip-strength-resolves", "hip-strength-resolves"},
                                              {"  Foam  Rolling! vs. IT-band ", "foam-rolling-vs-it-band"},
                                              {"über", "ber"},
                                              {"é", ""},
                                              {"2006..2017", "2006-2017"},
                                              {"", ""}}) {
        INFO(r.in);
        CHECK(render::slug(r.in) == r.out);
    }
    CHECK(render::slug("abc def ghi", 9) == "abc-def");
    CHECK(render::slug("abcdefghij", 5) == "abcde");
    struct UrlRow {
        std::string in;
        std::optional<std::string> out;
    };
    for (const auto& r : std::vector<UrlRow>{{"https://evidence.example.org", "https://evidence.example.org"},
                                             {"https://evidence.example.org/", "https://evidence.example.org"},
                                             {"http://127.0.0.1:8080/evidence//", "http://127.0.0.1:8080/evidence"},
                                             {"ftp://evidence.example.org", std::nullopt},
                                             {"evidence.example.org", std::nullopt},
                                             {"https://", std::nullopt},
                                             {"https:///path", std::nullopt},
                                             {"https://x.org/?a=1", std::nullopt},
                                             {"https://x.org/#/claim", std::nullopt},
                                             {"https://x.org/a b", std::nullopt},
                                             {"https://x.org/\"><script>", std::nullopt},
                                             {"", std::nullopt}}) {
        INFO(r.in);
        CHECK(render::public_base_url(r.in) == r.out);
    }
}

TEST_CASE("export: ClaimReview carries the claim page's url under the public address, and a datePublished",
          "[export][server]") {
    const ExportCorpus corpus;
    TempDir tmp;
    struct Row {
        std::string public_url;  // serve --public-url / export --public-url
        std::string url;         // the review's url; "" for none
    };
    for (const auto& r : std::vector<Row>{
             {"https://evidence.example.org/base/", "https://evidence.example.org/base/#/claim/hip-strength-resolves"},
             {"", ""}}) {
        INFO(r.public_url);
        LiveServer live(corpus.dir, 16, false, r.public_url);
        auto res = live.client().Get("/api/export?format=claimreview&claim=hip-strength-resolves");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const json cr = json::parse(res->body);
        REQUIRE(cr["@graph"].size() == 1);
        const json& review = cr["@graph"][0];
        if (r.url.empty())
            CHECK_FALSE(review.contains("url"));
        else
            CHECK(review["url"] == r.url);
        // The newest date among the sources weighed: the article of 2021-03-04
        // (the trial is of 2001, the cohort of 2010, the thread undated).
        CHECK(review["datePublished"] == "2021-03-04");
        const CliRun run = cli_export(tmp, live.db,
                                      "--format claimreview --claim hip-strength-resolves" +
                                          (r.public_url.empty() ? std::string() : " --public-url " + r.public_url));
        CHECK(run.rc == 0);
        CHECK(run.out == res->body);
    }
    // A URL that is not one is refused where it is given.
    TempDir db_tmp;
    build_index_of(corpus.dir, db_tmp.path / "db");
    const CliRun bad = cli_export(tmp, db_tmp.path / "db", "--format claimreview --public-url ftp://x");
    CHECK(bad.rc == 2);
    CHECK(bad.err == "error: --public-url: 'ftp://x' is not an absolute http(s) URL without query or fragment\n");
}
