// Front matter, posts, quotes and every validation message, compared whole.
#include <catch2/catch.hpp>

#include "ingest/corpus.hpp"

using namespace evidence;
using namespace evidence::ingest;

namespace {

// A catalogue the sources below refer to.
Corpus base_corpus(std::vector<Diagnostic>& errors) {
    Corpus c;
    parse_topics("topics.yaml", "- {id: foam-rolling, label: Foam rolling, kind: intervention}\n", c, errors);
    parse_claims("claims.yaml",
                 "- id: rolling-helps\n  statement: Rolling helps.\n  type: efficacy\n  topics: [foam-rolling]\n", c,
                 errors);
    Source study;
    study.id = "a-study";
    study.type = SourceType::Study;
    c.sources.push_back(study);
    return c;
}

std::vector<std::string> messages(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(d.str());
    return out;
}

// Parses one source file and validates it against the base catalogue.
std::vector<std::string> source_errors(const std::string& content, Corpus* out = nullptr) {
    std::vector<Diagnostic> errors;
    Corpus c = base_corpus(errors);
    parse_source("s.md", content, c, errors);
    validate(c, errors);
    if (out) *out = c;
    return messages(errors);
}

const std::string kHead = "---\nid: src\ntype: article\ntitle: T\ncommercial_interest: none\nassertions:\n";

}  // namespace

TEST_CASE("source: a valid file with posts", "[ingest]") {
    Corpus c;
    const auto errors = source_errors(
        kHead +
            "  - claim: rolling-helps\n    post: p2\n    stance: supports\n    quote: \"it \u201Chelped\u201D\"\n"
            "    level: 7\n    directness: direct\n    cites: [a-study, {unresolved: \"a trial\"}]\n"
            "---\nTitle line\n\n::: post p1 \"alice\"\nNothing here.\n\n::: post p2 \"post 2\"\nFor me\n*it "
            "\"helped\"* a lot.\n",
        &c);
    CHECK(errors.empty());
    const Source& s = c.sources.back();
    REQUIRE(s.posts.size() == 2);
    CHECK(s.posts[0].id == "p1");
    CHECK(s.posts[0].author == "alice");
    CHECK(s.posts[1].line == 21);
    CHECK(s.posts[1].text == "For me it \"helped\" a lot.");
    CHECK(s.text == "Title line Nothing here. For me it \"helped\" a lot.");
    REQUIRE(s.assertions.size() == 1);
    const Assertion& a = s.assertions[0];
    CHECK(a.quote_offset == 7);
    CHECK(a.quote_line == 21);
    REQUIRE(a.cites.size() == 2);
    CHECK(a.cites[0].study == "a-study");
    CHECK(a.cites[1].unresolved == "a trial");
    CHECK(a.id.rfind("src-", 0) == 0);
}

TEST_CASE("source: YAML 1.1 booleans and dates stay text", "[ingest]") {
    Corpus c;
    const auto errors = source_errors(
        "---\nid: src\ntype: article\ntitle: no\npublished: 2019-04-02\ncommercial_interest: no\n---\nBody\n", &c);
    CHECK(errors.empty());
    CHECK(c.sources.back().title == "no");
    CHECK(c.sources.back().published == "2019-04-02");
    CHECK(c.sources.back().commercial_interest == "no");
}

TEST_CASE("source: every validation message", "[ingest]") {
    const std::string a =
        "  - claim: rolling-helps\n    stance: supports\n    quote: \"Rolling helps\"\n"
        "    level: 6\n    directness: direct\n";
    struct Row {
        std::string name, content;
        std::vector<std::string> errors;
    };
    const std::vector<Row> rows = {
        {"no front matter",
         "Just text\n",
         {"s.md:1: missing front matter: the file must start with a '---' line and the metadata must end with "
          "another"}},
        {"unclosed front matter",
         "---\nid: x\n",
         {"s.md:1: missing front matter: the file must start with a '---' "
          "line and the metadata must end with another"}},
        {"malformed YAML", "---\nid: [x\n---\nBody\n", {"s.md:3: malformed YAML: end of sequence flow not found"}},
        {"missing fields",
         "---\ntype: article\n---\nBody\n",
         {"s.md:2: missing field 'id'", "s.md:2: missing field 'title'",
          "s.md:2: missing field 'commercial_interest'"}},
        {"unknown field",
         "---\nid: s\ntype: article\ntitle: T\ncommercial_interest: none\nauthor: X\n---\nB\n",
         {"s.md:6: unknown field 'author' in the front matter"}},
        {"bad id",
         "---\nid: Bad_Id\ntype: article\ntitle: T\ncommercial_interest: none\n---\nB\n",
         {"s.md:2: id 'Bad_Id' is not a slug (lower-case letters, digits and single '-')"}},
        {"unknown type",
         "---\nid: s\ntype: blog\ntitle: T\ncommercial_interest: none\n---\nB\n",
         {"s.md:3: unknown source type 'blog' (expected one of: article, forum-thread, study, review, guideline, "
          "video, podcast)"}},
        {"study in sources",
         "---\nid: s\ntype: study\ntitle: T\ncommercial_interest: none\n---\nB\n",
         {"s.md:3: a study belongs in studies/ as YAML and PubMed XML"}},
        {"bad url and date",
         "---\nid: s\ntype: article\ntitle: T\nurl: example.org\npublished: May 2019\ncommercial_interest: none\n"
         "---\nB\n",
         {"s.md:5: url must start with https:// or http://",
          "s.md:6: published must be a year or a date (2019, 2019-04 or 2019-04-02), not 'May 2019'"}},
        {"unknown stance",
         kHead + "  - claim: rolling-helps\n    stance: agrees\n    quote: \"Rolling helps\"\n    level: 6\n"
                 "    directness: direct\n---\nRolling helps.\n",
         {"s.md:8: unknown stance 'agrees' (expected one of: supports, opposes, mixed)"}},
        {"bad level",
         kHead + "  - claim: rolling-helps\n    stance: supports\n    quote: \"Rolling helps\"\n    level: 8\n"
                 "    directness: direct\n---\nRolling helps.\n",
         {"s.md:10: level must be a number from 1 to 7, not '8'"}},
        {"unknown directness",
         kHead + "  - claim: rolling-helps\n    stance: supports\n    quote: \"Rolling helps\"\n    level: 6\n"
                 "    directness: sideways\n---\nRolling helps.\n",
         {"s.md:11: unknown directness 'sideways' (expected one of: direct, indirect-population, "
          "surrogate-outcome, mechanistic)"}},
        {"unknown claim",
         kHead + "  - claim: nope\n    stance: supports\n    quote: \"Rolling helps\"\n    level: 6\n"
                 "    directness: direct\n---\nRolling helps.\n",
         {"s.md:7: unknown claim 'nope'"}},
        {"unknown study",
         kHead + a + "    cites: [no-study]\n---\nRolling helps.\n",
         {"s.md:12: unknown study 'no-study'"}},
        {"quote not found",
         kHead + a + "---\nRolling hurts.\n",
         {"s.md:9: quote not found in the document: \"Rolling helps\""}},
        {"quote twice",
         kHead + a + "---\nRolling helps. Rolling helps.\n",
         {"s.md:9: quote found in 2 places in the document; add a prefix or suffix to pick one: \"Rolling helps\""}},
        {"prefix matches nothing",
         kHead + a + "    prefix: \"Sometimes \"\n---\nRolling helps. Rolling helps.\n",
         {"s.md:9: prefix or suffix matches no place of the quote in the document: \"Rolling helps\""}},
        {"post missing",
         kHead + a + "---\n::: post p1 \"x\"\nRolling helps.\n",
         {"s.md:7: missing field 'post': this source is split into posts"}},
        {"unknown post",
         kHead + a + "    post: p9\n---\n::: post p1 \"x\"\nRolling helps.\n",
         {"s.md:12: unknown post 'p9'"}},
        {"quote in another post",
         kHead + a + "    post: p1\n---\n::: post p1 \"x\"\nNo.\n::: post p2 \"y\"\nRolling helps.\n",
         {"s.md:9: quote not found in post 'p1': \"Rolling helps\""}},
        {"malformed post line",
         "---\nid: s\ntype: forum-thread\ntitle: T\ncommercial_interest: none\n---\n::: post P1\nx\n",
         {"s.md:7: malformed post line; expected ::: post ANCHOR \"handle\""}},
        {"duplicate post",
         "---\nid: s\ntype: forum-thread\ntitle: T\ncommercial_interest: none\n---\n"
         "::: post p1 \"a\"\nx\n::: post p1 \"b\"\ny\n",
         {"s.md:9: duplicate post 'p1' (first at line 7)"}},
        {"duplicate assertion",
         kHead + a + a + "---\nRolling helps.\n",
         {"s.md:12: duplicate assertion: the same claim and text as line 7"}},
        {"not UTF-8", "---\nid: s\xff\n---\n", {"s.md:2: not valid UTF-8: byte 0xFF at column 6"}},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        CHECK(source_errors(r.content) == r.errors);
    }
}

TEST_CASE("catalogue: claims, topics and synonyms messages", "[ingest]") {
    struct Row {
        std::string name, topics, claims, synonyms;
        std::vector<std::string> errors;
    };
    const std::string topic = "- {id: t, label: T, kind: intervention}\n";
    const std::vector<Row> rows = {
        {"valid", topic, "- {id: c, statement: S., type: efficacy, topics: [t]}\n", "- [itb, it band]\n", {}},
        {"unknown topic kind",
         "- {id: t, label: T, kind: drug}\n",
         "",
         "",
         {"topics.yaml:1: unknown topic kind 'drug' (expected one of: intervention, cause, question)"}},
        {"unknown claim type",
         topic,
         "- {id: c, statement: S., type: cure, topics: [t]}\n",
         "",
         {"claims.yaml:1: unknown claim type 'cure' (expected one of: efficacy, prevention, cause, mechanism, "
          "anatomy, diagnosis, prognosis, harm)"}},
        {"unknown topic",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [x]}\n",
         "",
         {"claims.yaml:1: claim 'c': unknown topic 'x'"}},
        {"unknown competitor",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], competes: [d]}\n",
         "",
         {"claims.yaml:1: claim 'c': unknown competing claim 'd'"}},
        {"duplicate claim",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t]}\n- {id: c, statement: S., type: efficacy, topics: "
         "[t]}\n",
         "",
         {"claims.yaml:2: duplicate claim id 'c' (first defined at claims.yaml:1)"}},
        {"phrasings",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], phrasings: [People say S., Others say S too.]}\n",
         "",
         {}},
        {"too many phrasings",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], phrasings: [a, b, c, d, e, f, g, h, i, j, k, l, m]}\n",
         "",
         {"claims.yaml:1: a claim has at most 12 phrasings, not 13"}},
        {"empty phrasing",
         topic,
         "- id: c\n  statement: S.\n  type: efficacy\n  topics: [t]\n  phrasings:\n    - A phrasing.\n    - \" \"\n",
         "",
         {"claims.yaml:7: a phrasing is empty"}},
        {"repeated phrasing",
         topic,
         "- id: c\n  statement: S.\n  type: efficacy\n  topics: [t]\n  phrasings:\n    - Same.\n    - Other.\n"
         "    - Same.\n",
         "",
         {"claims.yaml:8: phrasing 3 repeats an earlier one"}},
        {"phrasing too long",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], phrasings: [" + std::string(301, 'w') + "]}\n",
         "",
         {"claims.yaml:1: a phrasing is one sentence of at most 300 bytes, not 301"}},
        {"one phrasing too long, without a list",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], phrasings: " + std::string(301, 'w') + "}\n",
         "",
         {"claims.yaml:1: a phrasing is one sentence of at most 300 bytes, not 301"}},
        {"phrasing not text",
         topic,
         "- {id: c, statement: S., type: efficacy, topics: [t], phrasings: [[a, b]]}\n",
         "",
         {"claims.yaml:1: each item of 'phrasings' must be text"}},
        {"missing statement",
         topic,
         "- {id: c, type: efficacy, topics: [t]}\n",
         "",
         {"claims.yaml:1: missing field 'statement'"}},
        {"not a list", topic, "id: c\n", "", {"claims.yaml:1: expected a list of claims"}},
        {"synonym group of one", topic, "", "- [itb]\n", {"synonyms.yaml:1: a synonym group needs at least two words"}},
        {"synonym not a list",
         topic,
         "",
         "- itb\n",
         {"synonyms.yaml:1: a synonym group must be a list of words, such as [itb, it band]"}},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        std::vector<Diagnostic> errors;
        Corpus c;
        parse_topics("topics.yaml", r.topics, c, errors);
        parse_claims("claims.yaml", r.claims, c, errors);
        parse_synonyms("synonyms.yaml", r.synonyms, c, errors);
        validate(c, errors);
        CHECK(messages(errors) == r.errors);
    }
}

TEST_CASE("load_corpus: the fixture corpus is valid", "[ingest]") {
    const LoadResult r = load_corpus(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus");
    CHECK(messages(r.errors).empty());
    CHECK(r.corpus.topics.size() == 3);
    CHECK(r.corpus.claims.size() == 4);
    CHECK(r.corpus.sources.size() == 3);
    CHECK(r.corpus.assertion_count() == 6);
    const Source* study = r.corpus.source("example-trial-2001");
    REQUIRE(study);
    CHECK(study->level == 2);  // from the record's publication type
    CHECK(study->title == "A synthetic trial of hip abductor exercise");
    CHECK(study->url == "https://pubmed.ncbi.nlm.nih.gov/99000001/");  // no DOI: the PMID's page
}

TEST_CASE("load_corpus: planted errors in several files, all reported with file and line", "[ingest]") {
    const std::string dir = EVIDENCE_SOURCE_DIR "/tests/fixtures/broken";
    const LoadResult r = load_corpus(dir);
    const std::vector<std::string> expected = {
        dir + "/claims/claims.yaml:5: claim 'rolling-cures': unknown topic 'stretching'",
        dir + "/claims/claims.yaml:9: duplicate claim id 'rolling-helps' (first defined at " + dir +
            "/claims/claims.yaml:1)",
        dir + "/sources/a-thread.md:8: unknown stance 'agrees' (expected one of: supports, opposes, mixed)",
        dir + "/sources/a-thread.md:9: quote not found in post 'p1': \"rolling cured me\"",
        dir + "/sources/a-thread.md:13: unknown claim 'rolling-is-magic'",
        dir + "/sources/b-article.md:3: malformed YAML: illegal map value",
        dir + "/studies/bad-record.xml:6: malformed XML: Start-end tags mismatch",
        dir + "/studies/bad-record.yaml:1: missing field 'design'",
        dir + "/studies/no-level.yaml:1: missing field 'level' (the record's publication types do not give one)",
    };
    CHECK(messages(r.errors) == expected);
}

TEST_CASE("study: design, participants, population, risk of bias and outcome, every message whole", "[ingest]") {
    const std::string dir = EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus/studies";
    // A valid study, then one line replaced or removed per row.
    const std::string head = "id: t\nrecord: example-trial-2001.xml\ndesign: A trial\n";
    const std::string grade =
        "design_type: rct\nparticipants: 120\npopulations: [runners, patients-with-itbs]\nrisk_of_bias: low\n"
        "risk_of_bias_reason: Concealed allocation.\n";
    const std::string finding =
        "findings:\n  - claim: c\n    stance: supports\n    directness: direct\n    outcome: pain\n    finding: F.\n";
    struct Row {
        std::string name;
        std::string yaml;
        std::vector<std::string> errors;
    };
    auto without = [&](const std::string& text, const std::string& line) {
        std::string s = text;
        const auto at = s.find(line);
        REQUIRE(at != std::string::npos);
        s.erase(at, line.size());
        return s;
    };
    auto replaced = [&](const std::string& text, const std::string& line, const std::string& by) {
        std::string s = text;
        const auto at = s.find(line);
        REQUIRE(at != std::string::npos);
        s.replace(at, line.size(), by);
        return s;
    };
    const std::vector<Row> rows = {
        {"valid", head + grade + finding, {}},
        {"unknown values are allowed",
         head +
             "design_type: unknown\nparticipants: unknown\npopulations: [unknown]\nrisk_of_bias: unknown\n"
             "risk_of_bias_reason: Not read yet.\n" +
             replaced(finding, "outcome: pain", "outcome: unknown"),
         {}},
        {"missing design_type",
         head + without(grade, "design_type: rct\n") + finding,
         {"s.yaml:1: missing field 'design_type'"}},
        {"unknown design_type",
         head + replaced(grade, "design_type: rct", "design_type: rtc") + finding,
         {"s.yaml:4: unknown design_type 'rtc' (expected one of: systematic-review-of-rcts, "
          "systematic-review-of-observational, systematic-review-mixed, rct, cluster-rct, cohort, case-control, "
          "cross-sectional, case-series, laboratory, narrative-review, unknown)"}},
        {"missing participants",
         head + without(grade, "participants: 120\n") + finding,
         {"s.yaml:1: missing field 'participants'"}},
        {"participants in words",
         head + replaced(grade, "participants: 120", "participants: about 120") + finding,
         {"s.yaml:5: participants must be a whole number, unknown or not-applicable, not 'about 120'"}},
        {"missing populations",
         head + without(grade, "populations: [runners, patients-with-itbs]\n") + finding,
         {"s.yaml:1: missing field 'populations'"}},
        {"unknown population",
         head + replaced(grade, "patients-with-itbs", "joggers") + finding,
         {"s.yaml:6: unknown population 'joggers' (expected one of: runners, cyclists, military-recruits, "
          "patients-with-itbs, healthy-volunteers, cadavers, not-applicable, unknown)"}},
        {"missing risk of bias",
         head + without(grade, "risk_of_bias: low\n") + finding,
         {"s.yaml:1: missing field 'risk_of_bias'"}},
        {"unknown risk of bias",
         head + replaced(grade, "risk_of_bias: low", "risk_of_bias: medium") + finding,
         {"s.yaml:7: unknown risk_of_bias 'medium' (expected one of: low, some-concerns, high, unknown)"}},
        {"missing reason",
         head + without(grade, "risk_of_bias_reason: Concealed allocation.\n") + finding,
         {"s.yaml:1: missing field 'risk_of_bias_reason'"}},
        {"missing outcome",
         head + grade + without(finding, "    outcome: pain\n"),
         {"s.yaml:10: missing field 'outcome'"}},
        {"unknown outcome",
         head + grade + replaced(finding, "outcome: pain", "outcome: happiness"),
         {"s.yaml:13: unknown outcome 'happiness' (expected one of: pain, function, return-to-sport, recurrence, "
          "recovery, injury-incidence, tissue-mechanics, anatomy, imaging, strength, kinematics, unknown)"}},
        {"a review without includes",
         head + replaced(grade, "design_type: rct", "design_type: systematic-review-of-rcts") + finding,
         {"s.yaml:1: missing field 'includes' (a systematic review lists the corpus's studies it includes, or [])"}},
        {"a review that includes no corpus study",
         head + replaced(grade, "design_type: rct", "design_type: systematic-review-of-rcts\nincludes: []") + finding,
         {}},
        {"includes on a trial",
         head + replaced(grade, "design_type: rct", "design_type: rct\nincludes: [x]") + finding,
         {"s.yaml:5: field 'includes' is for a systematic review, not a randomised trial"}},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        INFO(r.yaml);
        std::vector<Diagnostic> errors;
        Corpus c;
        parse_study("s.yaml", r.yaml, dir, c, errors);
        CHECK(messages(errors) == r.errors);
    }
    // A review's includes are checked against the corpus.
    std::vector<Diagnostic> errors;
    Corpus c;
    parse_study(
        "s.yaml",
        head + replaced(grade, "design_type: rct", "design_type: systematic-review-mixed\nincludes: [t, nowhere]"), dir,
        c, errors);
    REQUIRE(errors.empty());
    REQUIRE(c.sources.size() == 1);
    CHECK(c.sources[0].study->includes == std::vector<std::string>{"t", "nowhere"});
    validate(c, errors);
    CHECK(messages(errors) == std::vector<std::string>{"s.yaml:5: a review cannot include itself",
                                                       "s.yaml:5: includes unknown study 'nowhere'"});
}

TEST_CASE("source: a guessed citation and a statement's own outcome and population", "[ingest]") {
    Corpus c;
    auto errors =
        source_errors(kHead +
                          "  - claim: rolling-helps\n    stance: supports\n    quote: \"helped\"\n    level: 6\n"
                          "    directness: direct\n    outcome: pain\n    population: [runners]\n"
                          "    cites: [{study: a-study, link: guessed}]\n---\nIt helped.\n",
                      &c);
    CHECK(errors.empty());
    const Assertion& a = c.sources.back().assertions.at(0);
    CHECK(a.outcome == Outcome::Pain);
    CHECK(a.population == std::vector<Population>{Population::Runners});
    REQUIRE(a.cites.size() == 1);
    CHECK(a.cites[0].study == "a-study");
    CHECK(a.cites[0].guessed);
    errors = source_errors(kHead +
                           "  - claim: rolling-helps\n    stance: supports\n    quote: \"helped\"\n    level: 6\n"
                           "    directness: direct\n    outcome: mood\n    cites: [{study: a-study, link: maybe}]\n"
                           "---\nIt helped.\n");
    CHECK(errors ==
          std::vector<std::string>{
              "s.md:12: unknown outcome 'mood' (expected one of: pain, function, return-to-sport, recurrence, "
              "recovery, injury-incidence, tissue-mechanics, anatomy, imaging, strength, kinematics, unknown)",
              "s.md:13: unknown link 'maybe' (expected one of: certain, guessed)"});
}
