// The comparison ("A vs B"), the claim, topic and study pages, citation
// fidelity (bears_on_claim) and retractions, over the search fixture.
#include <catch2/catch.hpp>
#include <cstdio>

#include "render/json.hpp"
#include "search/compare.hpp"
#include "search/request.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
using namespace search_test;
using nlohmann::json;

namespace {

std::vector<std::string> claim_ids(const search::CompareSide& side) {
    std::vector<std::string> out;
    for (const auto& c : side.claims) out.push_back(c.claim.value("id", ""));
    std::sort(out.begin(), out.end());
    return out;
}

const search::ClaimEvidence& claim_in(const search::Comparison& c, const std::string& id) {
    for (const auto& side : c.sides)
        for (const auto& e : side.claims)
            if (e.claim.value("id", "") == id) return e;
    FAIL("no claim " << id);
    throw std::logic_error("unreachable");
}

std::string capture(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

}  // namespace

TEST_CASE("compare: each side resolves to topics, claims or text", "[compare]") {
    auto& s = searcher();
    using V = std::vector<std::string>;
    struct Row {
        std::string side, resolved;
        V topics, claims;
    };
    const std::vector<Row> rows = {
        {"foam rolling", "topics", {"foam-rolling"}, {"foam-rolling-relief", "foam-rolling-resolves"}},
        {"Foam Rolling", "topics", {"foam-rolling"}, {"foam-rolling-relief", "foam-rolling-resolves"}},
        {"foam-rolling", "topics", {"foam-rolling"}, {"foam-rolling-relief", "foam-rolling-resolves"}},
        {"foam roller", "topics", {"foam-rolling"}, {"foam-rolling-relief", "foam-rolling-resolves"}},  // synonym
        {"hip strength", "topics", {"hip-strengthening"}, {"hip-strength-resolves"}},                   // word starts
        {"hip", "topics", {"hip-strengthening"}, {"hip-strength-resolves"}},
        {"voltaren", "topics", {"nsaids"}, {"nsaids-relieve"}},  // synonym of the label's word
        {"hip-strength-resolves", "claims", {}, {"hip-strength-resolves"}},
        {"fat pad", "text", {}, {"band-compresses-fat"}},
        {"nothing like this", "text", {}, {}},
    };
    for (const auto& r : rows) {
        INFO(r.side);
        search::CompareRequest req;
        req.sides = {r.side, "mechanism"};
        const auto c = search::compare(s, req);
        REQUIRE(c.sides.size() == 2);
        const auto& side = c.sides[0];
        CHECK(side.query == r.side);
        CHECK(side.resolved == r.resolved);
        V topics;
        for (const auto& t : side.topics) topics.push_back(t.id);
        CHECK(topics == r.topics);
        CHECK(claim_ids(side) == r.claims);
    }
}

TEST_CASE("compare: foam rolling vs hip strength", "[compare]") {
    auto& s = searcher();
    const auto c = search::compare(s, search::compare_request({{"q", "foam rolling vs hip strength"}}));
    REQUIRE(c.sides.size() == 2);
    CHECK(c.sides[0].topics.front().label == "Foam rolling");
    CHECK(c.sides[1].topics.front().label == "Hip strengthening");

    // Trial for, cohort against: moderate, with the steps that led there.
    const auto& hip = claim_in(c, "hip-strength-resolves");
    CHECK(search::to_string(hip.certainty.rating) == "moderate");
    CHECK_FALSE(hip.certainty.evidence_gap);
    CHECK(hip.verdict == "strongest for: randomized trial; strongest against: cohort study");
    using Counts = std::map<std::string, std::map<int, std::size_t>>;
    CHECK(hip.counts == Counts{{"supports", {{2, 1}, {7, 1}}}, {"opposes", {{3, 2}}}});
    // Assertions grouped by stance, strongest first.
    std::vector<std::pair<std::string, int>> order;
    for (const auto& a : hip.assertions) order.emplace_back(a.value("stance", ""), a.value("level", 0));
    CHECK(order ==
          std::vector<std::pair<std::string, int>>{{"supports", 2}, {"supports", 7}, {"opposes", 3}, {"opposes", 3}});
    // The cohort's second finding on the claim is not counted again.
    REQUIRE(hip.certainty.not_counted.size() == 1);
    CHECK(hip.certainty.not_counted[0].source == "cohort-2010");
    CHECK(hip.certainty.not_counted[0].reason ==
          "another finding of cohort-2010 on this claim: a study is counted once");

    // The only trial on foam rolling resolving ITBS is retracted.
    const auto& roll = claim_in(c, "foam-rolling-resolves");
    CHECK(search::to_string(roll.certainty.rating) == "very low");
    CHECK(roll.certainty.evidence_gap);
    CHECK(roll.verdict == "strongest for: expert opinion; strongest against: expert opinion");
    CHECK(roll.claim["retracted_evidence"] == json::array({"roller-trial-2016"}));
    REQUIRE(roll.certainty.not_counted.size() == 1);
    CHECK(roll.certainty.not_counted[0].reason == "the study roller-trial-2016 is retracted");
    CHECK(roll.certainty.explanation.back() == "Certainty: very low.");

    const auto& relief = claim_in(c, "foam-rolling-relief");
    CHECK(relief.verdict == "strongest for: expert opinion; strongest against: none");
}

TEST_CASE("compare: the JSON of /api/compare, and the CLI prints exactly it", "[compare]") {
    auto& s = searcher();
    const auto c = search::compare(s, search::compare_request({{"q", "foam rolling versus hip strength"}}));
    const json j = render::compare_json(c);
    REQUIRE(j["sides"].size() == 2);
    for (const auto& side : j["sides"]) {
        for (const char* key : {"query", "topics", "claims"}) CHECK(side.contains(key));
        for (const auto& claim : side["claims"]) {
            for (const char* key : {"id", "statement", "type", "certainty", "counts", "assertions", "verdict"})
                CHECK(claim.contains(key));
            CHECK(claim["certainty"].contains("rating"));
            CHECK(claim["certainty"]["explanation"].is_array());
            for (const char* stance : {"supports", "opposes", "mixed"}) CHECK(claim["counts"][stance].is_object());
            for (const auto& a : claim["assertions"]) {
                CHECK(a["kind"] == "assertion");
                for (const char* key :
                     {"id", "stance", "level", "level_label", "claim", "source", "quote", "cites", "snippet"})
                    CHECK(a.contains(key));
            }
        }
    }
    const auto& hip = j["sides"][1]["claims"][0];
    CHECK(hip["counts"]["supports"] == json{{"2", 1}, {"7", 1}});
    CHECK(hip["certainty"]["rating"] == "moderate");

    const std::string out =
        capture(std::string(EVIDENCE_BINARY) + " compare \"foam rolling versus hip strength\" --json --db " +
                fixture().db.string());
    CHECK(json::parse(out) == j);
    // The text form says each claim's direction in words beside its rating.
    const std::string text = capture(std::string(EVIDENCE_BINARY) +
                                     " compare \"foam rolling versus hip strength\" --db " + fixture().db.string());
    const std::string statement = hip["certainty"]["statement"];
    REQUIRE_FALSE(statement.empty());
    CHECK(text.find("certainty: moderate, evidence " + hip["certainty"]["direction"].get<std::string>() + "\n    " +
                    statement + "\n") != std::string::npos);
}

TEST_CASE("compare: bad requests", "[compare]") {
    auto& s = searcher();
    struct Row {
        search::Params params;
        std::string parameter, message;
    };
    const std::vector<Row> rows = {
        {{{"q", "foam rolling"}}, "q", "a comparison is written 'A vs B', not 'foam rolling'"},
        {{{"topics", "foam-rolling"}}, "topics", "topics takes 2 to 4 ids separated by commas"},
        {{{"topics", "foam-rolling,surgery"}}, "topics", "unknown topic 'surgery'"},
        {{{"claims", "hip-strength-resolves,no-such-claim"}}, "claims", "unknown claim 'no-such-claim'"},
        {{{"q", "a vs b"}, {"topics", "a,b"}}, "q", "give one of: q=A vs B, topics=a,b or claims=a,b"},
        {{}, "q", "give one of: q=A vs B, topics=a,b or claims=a,b"},
        {{{"colour", "red"}}, "colour", "unknown parameter 'colour'"},
        {{{"q", "stance:agrees vs foam"}},
         "q",
         "stance:agrees: unknown stance 'agrees' (expected one of: supports, opposes, mixed)"},
        {{{"q", "a vs b vs c vs d vs e"}}, "q", "a comparison has 2 to 4 sides, not 5"},
    };
    for (const auto& r : rows) {
        INFO(r.message);
        try {
            search::compare(s, search::compare_request(r.params));
            FAIL("no error");
        } catch (const search::BadRequest& e) {
            CHECK(e.parameter == r.parameter);
            CHECK(std::string(e.what()) == r.message);
        }
    }
    // "A vs B vs C": a side each.
    const auto three = search::compare_request({{"q", "foam rolling vs hip strength versus nsaids"}});
    CHECK(three.sides == std::vector<std::string>{"foam rolling", "hip strength", "nsaids"});
    const auto by_claims =
        search::compare(s, search::compare_request({{"claims", "hip-strength-resolves,foam-rolling-resolves"}}));
    CHECK(claim_ids(by_claims.sides[1]) == std::vector<std::string>{"foam-rolling-resolves"});
}

TEST_CASE("claim page: assertions by stance, strongest first, and competing claims", "[compare]") {
    auto& s = searcher();
    const json j = render::claim_page_json(search::claim_page(s, "hip-strength-resolves"));
    CHECK(j["statement"] == "Hip abductor strengthening resolves IT band syndrome.");
    CHECK(j["certainty"]["rating"] == "moderate");
    REQUIRE(j["assertions"]["supports"].size() == 2);
    CHECK(j["assertions"]["supports"][0]["level"] == 2);
    CHECK(j["assertions"]["supports"][1]["level"] == 7);
    CHECK(j["assertions"]["opposes"].size() == 2);
    CHECK(j["assertions"]["mixed"].empty());
    REQUIRE(j["competitors"].size() == 1);
    CHECK(j["competitors"][0]["id"] == "foam-rolling-resolves");
    CHECK(j["competitors"][0]["certainty"]["rating"] == "very low");
    CHECK_FALSE(j["competitors"][0].contains("assertions"));
    CHECK_THROWS_AS(search::claim_page(s, "no-such-claim"), search::NotFound);
}

TEST_CASE("topic page: its claims and the topics they compete with", "[compare]") {
    auto& s = searcher();
    const json j = render::topic_page_json(search::topic_page(s, "foam-rolling"));
    CHECK(j["label"] == "Foam rolling");
    std::set<std::string> claims;
    for (const auto& c : j["claims"]) claims.insert(c["id"]);
    CHECK(claims == std::set<std::string>{"foam-rolling-relief", "foam-rolling-resolves"});
    REQUIRE(j["competing_topics"].size() == 1);
    CHECK(j["competing_topics"][0]["id"] == "hip-strengthening");
    CHECK_THROWS_AS(search::topic_page(s, "no-such-topic"), search::NotFound);
}

TEST_CASE("study page: findings, and who cites it for what", "[compare]") {
    auto& s = searcher();
    const json j = render::study_page_json(search::study_page(s, "example-trial-2001"));
    CHECK(j["page"]["study"]["record"]["pmid"] == "99000001");
    REQUIRE(j["findings"].size() == 1);
    CHECK(j["findings"][0]["claim"]["id"] == "hip-strength-resolves");
    std::map<std::string, bool> cited_for;  // claim -> bears_on_claim
    for (const auto& a : j["cited_by"]) cited_for[a["claim"]["id"]] = a["bears_on_claim"];
    CHECK(cited_for == std::map<std::string, bool>{{"hip-strength-resolves", true},
                                                   {"band-compresses-fat", false},
                                                   {"foam-rolling-relief", false}});
    const json roller = render::study_page_json(search::study_page(s, "roller-trial-2016"));
    CHECK(roller["retracted"] == true);
    CHECK(roller["findings"][0]["retracted"] == true);
    CHECK_THROWS_AS(search::study_page(s, "example-article"), search::NotFound);  // not a study
    CHECK_THROWS_AS(search::study_page(s, "no-such-study"), search::NotFound);
}

TEST_CASE("citations: bears_on_claim is true exactly when the study has a finding on the claim", "[compare]") {
    auto& s = searcher();
    const auto& corpus = fixture().corpus;
    auto has_finding = [&](const std::string& study, const std::string& claim) {
        const Source* st = corpus.source(study);
        if (!st) return false;
        for (const auto& f : st->assertions)
            if (f.claim == claim) return true;
        return false;
    };
    std::size_t checked = 0;
    for (const auto& src : corpus.sources)
        for (const auto& a : src.assertions) {
            const auto hit = s.get("assertion", a.id);
            REQUIRE(hit);
            std::size_t i = 0;
            for (const auto& c : a.cites) {
                INFO(a.id << " cites " << c.study << c.unresolved);
                const json& cite = (*hit)["cites"][i++];
                if (!c.unresolved.empty()) {
                    CHECK(cite["unresolved"] == c.unresolved);
                    continue;
                }
                CHECK(cite["study"] == c.study);
                CHECK(cite["bears_on_claim"] == has_finding(c.study, a.claim));
                ++checked;
            }
        }
    CHECK(checked == 4);
}

TEST_CASE("retractions: every assertion and claim leaning on a retracted study is marked", "[compare]") {
    auto& s = searcher();
    // Its own finding, the article citing it, and the claim both bear on.
    const auto finding = all_of(s, "", {{"source", {"roller-trial-2016"}}, {"kind", {"assertion"}}});
    REQUIRE(finding.hits.size() == 1);
    CHECK(finding.hits[0].json()["retracted"] == true);
    const auto citing = all_of(s, "", {{"cites", {"roller-trial-2016"}}});
    REQUIRE(citing.hits.size() == 1);
    CHECK(citing.hits[0].json()["retracted_citation"] == true);
    CHECK(citing.hits[0].json()["cites"][0]["retracted"] == true);
    CHECK(s.get("claim", "foam-rolling-resolves")->at("retracted_evidence") == json::array({"roller-trial-2016"}));
    // Nothing else is marked.
    for (const auto& h : all_of(s, "").hits) {
        const auto& d = h.json();
        const bool marked = d.value("retracted", false) || d.value("retracted_citation", false) ||
                            !d.value("retracted_evidence", json::array()).empty();
        const bool expected = h.id == "roller-trial-2016" || h.id == "foam-rolling-resolves" ||
                              h.kind + ":" + h.id == finding.hits[0].kind + ":" + finding.hits[0].id ||
                              h.id == citing.hits[0].id;
        INFO(h.kind << ":" << h.id);
        CHECK(marked == expected);
    }
}
