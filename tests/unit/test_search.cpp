// The query language, filters and facets, sorting, pagination and snippets,
// over the search fixture (test_search_fixture.hpp): tables of query and
// expected hits.
#include <catch2/catch.hpp>

#include "render/json.hpp"
#include "search/query.hpp"
#include "search/request.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
using namespace search_test;
using Ids = std::set<std::string>;

namespace {

const std::string kArticle = "source:example-article", kThread = "source:example-thread", kShop = "source:roller-shop",
                  kTrial = "source:example-trial-2001", kRoller = "source:roller-trial-2016",
                  kCohort = "source:cohort-2010";

// The assertions of the fixture, by what they say.
struct A {
    std::string fat = aid("example-article", "fat pad"), loose = aid("example-article", "roll the band loose"),
                eased = aid("example-thread", "eased the pain"), never = aid("example-thread", "never fixed"),
                raises = aid("example-thread", "leg raises"), trial = aid("example-trial-2001", "less pain"),
                roller = aid("roller-trial-2016", "rolled daily"), cures = aid("roller-shop", "cures the problem"),
                box = aid("roller-shop", "our box"), ibuprofen = aid("roller-shop", "ibuprofen"),
                cohort1 = aid("cohort-2010", "no faster"), cohort2 = aid("cohort-2010", "did not predict");
};

}  // namespace

TEST_CASE("search: the query language", "[search]") {
    auto& s = searcher();
    const A a;
    struct Row {
        std::string q;
        Ids expected;
    };
    const Ids foam = {
        a.loose, a.eased, a.never, a.cures, a.box, a.roller, "claim:foam-rolling-relief", "claim:foam-rolling-resolves",
        kThread, kRoller};
    const Ids foam_topic = [&] {
        Ids all = foam;
        all.insert(kArticle);
        all.insert(kShop);
        return all;
    }();
    const std::vector<Row> rows = {
        // stemming: "rolled", "rolling" and "roll" are one word
        {"foam", foam},
        {"\"foam rolling\"", foam},
        {"foam AND NOT relief", {a.loose, a.never, a.cures, a.roller, "claim:foam-rolling-resolves", kThread, kRoller}},
        {"foam NOT relief", {a.loose, a.never, a.cures, a.roller, "claim:foam-rolling-resolves", kThread, kRoller}},
        {"fat OR innervated", {a.fat, "claim:band-compresses-fat", kArticle}},
        {"richly innervated", {a.fat, kArticle}},
        // Out of order: no quote or claim matches; the article's body, indexed
        // without positions, matches a phrase as its words (query.cpp).
        {"\"innervated richly\"", {kArticle}},
        {"\"richly innervated fat\"", {a.fat, kArticle}},
        // In no quote, title or claim: only the body holds it.
        {"\"nervous system reads\"", {kArticle}},
        {"\"system nervous\"", {kArticle}},
        {"nervous-system", {kArticle}},
        {"\"nervous system\" stance:opposes", {}},
        {"pain -foam",
         {a.fat, a.trial, a.ibuprofen, "claim:band-compresses-fat", "claim:nsaids-relieve", kArticle, kTrial}},
        // field prefixes: filters, any case
        {"topic:foam-rolling", foam_topic},
        {"topic:\"Foam rolling\"", foam_topic},
        {"TOPIC:foam-rolling", {}},  // prefixes are lower case, as Xapian's are; the word is searched
        {"stance:Supports", {a.fat, a.eased, a.raises, a.trial, a.cures, a.box, a.ibuprofen, a.roller}},
        {"stance:supports stance:mixed", {a.fat, a.eased, a.raises, a.trial, a.cures, a.box, a.ibuprofen, a.roller}},
        {"stance:opposes foam", {a.loose, a.never}},
        {"level:2", {a.trial, a.roller, kTrial, kRoller}},
        {"level:3 kind:assertion", {a.trial, a.roller, a.cohort1, a.cohort2}},
        {"type:study kind:source", {kTrial, kRoller, kCohort}},
        {"type:Forum-Thread kind:source", {kThread}},
        {"author:tester", {a.trial, kTrial}},
        {"site:\"example clinic\"", {a.fat, a.loose, kArticle}},
        {"claim:nsaids-relieve", {a.ibuprofen, "claim:nsaids-relieve", kShop}},
        {"claim_type:mechanism", {a.fat, "claim:band-compresses-fat"}},
        {"directness:mechanistic", {a.fat}},
        {"interest:no", {a.eased, a.never, a.raises, kThread}},
        {"kind:claim foam", {"claim:foam-rolling-relief", "claim:foam-rolling-resolves"}},
        {"title:trial", {a.trial, a.roller, kTrial, kRoller}},
        // years: one, or a range
        {"year:2019", {a.fat, a.loose, kArticle}},
        {"year:2006..2017", {a.roller, a.cohort1, a.cohort2, kRoller, kCohort}},
        {"year:2017..", {a.fat, a.loose, a.cures, a.box, a.ibuprofen, kArticle, kShop}},
        {"year:..2001", {a.trial, kTrial}},
        // wildcards
        {"innerv*", {a.fat, kArticle}},
        {"cohor*", {kCohort}},
    };
    for (const auto& r : rows) {
        INFO("query: " << r.q);
        const auto res = all_of(s, r.q);
        CHECK(ids_of(res) == r.expected);
        CHECK(res.total == r.expected.size());
    }
}

TEST_CASE("search: an empty query browses everything, strongest evidence first", "[search]") {
    auto& s = searcher();
    const auto res = all_of(s, "");
    CHECK(res.total == kDocuments);
    CHECK(res.sort == "strength");
    // Level 2 first: the trials, their findings, and the claim a trial bears on.
    REQUIRE(res.hits.size() == kDocuments);
    int last = 0;
    for (const auto& h : res.hits) {
        const auto& d = h.json();
        const int level = h.kind == "claim" ? d.value("strongest_level", 0) : d.value("level", 0);
        const int strength = level == 0 ? 8 : level;
        INFO(h.kind << ":" << h.id);
        CHECK(strength >= last);
        last = strength;
    }
    CHECK(res.hits.front().json().value("level", res.hits.front().json().value("strongest_level", 0)) == 2);
    // A claim is as strong as its strongest evidence that is not retracted.
    CHECK(s.get("claim", "hip-strength-resolves")->value("strongest_level", 0) == 2);
    CHECK(s.get("claim", "foam-rolling-resolves")->value("strongest_level", 0) == 6);
}

TEST_CASE("search: sort by date, newest first - undated last", "[search]") {
    auto& s = searcher();
    const auto res = all_of(s, "", {{"kind", {"source"}}}, "date");
    std::vector<std::string> order;
    for (const auto& h : res.hits) order.push_back(h.id);
    // Sources of one year come in document order; the thread has no date.
    CHECK(order == std::vector<std::string>{"roller-shop", "example-article", "roller-trial-2016", "cohort-2010",
                                            "example-trial-2001", "example-thread"});
}

TEST_CASE("search: facets are exact over the whole result set", "[search]") {
    auto& s = searcher();
    search::SearchRequest req;
    req.size = 1;  // counts do not depend on the page
    const auto res = s.search(req);
    CHECK(res.total == kDocuments);
    struct Row {
        std::string facet, value;
        std::size_t count;
    };
    const std::vector<Row> rows = {
        {"kind", "claim", 5},
        {"kind", "assertion", 12},
        {"kind", "source", 6},
        {"stance", "supports", 8},
        {"stance", "opposes", 4},
        {"level", "2", 4},
        {"level", "3", 3},
        {"level", "6", 5},
        {"level", "7", 3},
        {"type", "study", 7},
        {"type", "article", 7},
        {"type", "forum-thread", 4},
        {"topic", "foam-rolling", 12},
        {"topic", "hip-strengthening", 8},
        {"topic", "nsaids", 3},
        {"claim", "hip-strength-resolves", 8},
        {"claim_type", "efficacy", 15},
        {"directness", "direct", 11},
        {"year", "2019", 3},
        {"year", "2010", 3},
        {"interest", "yes", 7},
        {"interest", "unknown", 7},
        {"interest", "no", 4},
        {"site", "Journal of Test Fixtures", 7},
    };
    for (const auto& r : rows) {
        INFO(r.facet << "=" << r.value);
        CHECK(facet_count(res, r.facet, r.value) == r.count);
    }
    // Labels: topics, levels and claims by their names.
    auto label = [&](const std::string& facet, const std::string& value) {
        for (const auto& v : res.facets.at(facet))
            if (v.value == value) return v.label;
        return std::string("?");
    };
    CHECK(label("topic", "hip-strengthening") == "Hip strengthening");
    CHECK(label("level", "2") == "randomized controlled trial");
    CHECK(label("claim", "nsaids-relieve") == "Anti-inflammatory drugs relieve the pain of iliotibial band syndrome.");
    CHECK(label("type", "forum-thread") == "Forum thread");
    CHECK(label("interest", "yes") == "Has a commercial interest");
    // Levels in order of strength, whatever their counts.
    std::vector<std::string> levels;
    for (const auto& v : res.facets.at("level")) levels.push_back(v.value);
    CHECK(levels == std::vector<std::string>{"2", "3", "6", "7"});
}

TEST_CASE("search: a filtered facet is counted without its own filter, the others within the results", "[search]") {
    auto& s = searcher();
    using Filters = std::map<std::string, std::vector<std::string>>;
    auto total_of = [&](const Filters& f) {
        search::SearchRequest r;
        r.filters = f;
        r.size = 1;
        return s.search(r).total;
    };
    const std::vector<Filters> rows = {
        {{"stance", {"opposes"}}},
        {{"stance", {"opposes"}}, {"type", {"forum-thread"}}},
        {{"kind", {"assertion"}}, {"topic", {"foam-rolling"}}},
        {{"type", {"article", "study"}}, {"interest", {"yes"}}},
    };
    for (const auto& filters : rows) {
        std::string desc;
        for (const auto& [k, v] : filters) desc += k + "=" + v.front() + " ";
        INFO(desc);
        search::SearchRequest req;
        req.filters = filters;
        req.size = 1;
        const auto res = s.search(req);
        CHECK(res.total == total_of(filters));
        for (const auto& [name, values] : filters) {
            // Each value of a filtered facet: the results it alone would give
            // with the other filters, whichever of its values are chosen now.
            REQUIRE(res.facets.count(name));
            for (const auto& v : res.facets.at(name)) {
                Filters one = filters;
                one[name] = {v.value};
                INFO(name << "=" << v.value);
                CHECK(v.count == total_of(one));
            }
        }
        // An unfiltered facet counts within the results.
        if (!filters.count("kind")) {
            std::size_t sum = 0;
            for (const auto& v : res.facets.at("kind")) sum += v.count;
            CHECK(sum == res.total);
        }
    }
    // stance=opposes: supports is still counted (8), unless asked not to be.
    search::SearchRequest req;
    req.filters = {{"stance", {"opposes"}}};
    CHECK(facet_count(s.search(req), "stance", "supports") == 8);
    req.disjunctive_facets = false;
    CHECK(facet_count(s.search(req), "stance", "supports") == 0);
}

TEST_CASE("search: filters OR within a facet, AND across facets - level is 'this or stronger'", "[search]") {
    auto& s = searcher();
    const A a;
    using Filters = std::map<std::string, std::vector<std::string>>;
    struct Row {
        Filters filters;
        Ids expected;
    };
    const std::vector<Row> rows = {
        {{{"stance", {"opposes"}}}, {a.loose, a.never, a.cohort1, a.cohort2}},
        {{{"stance", {"Opposes"}}, {"level", {"3"}}}, {a.cohort1, a.cohort2}},
        {{{"stance", {"opposes", "mixed"}}, {"type", {"forum-thread"}}}, {a.never}},
        {{{"level", {"2"}}, {"kind", {"assertion"}}}, {a.trial, a.roller}},
        {{{"topic", {"nsaids", "Hip strengthening"}}, {"kind", {"claim"}}},
         {"claim:nsaids-relieve", "claim:hip-strength-resolves"}},
        {{{"year", {"2006..2017"}}, {"kind", {"source"}}}, {kRoller, kCohort}},
        {{{"year", {"2019", "2021"}}, {"kind", {"source"}}}, {kArticle, kShop}},
        {{{"interest", {"yes"}}, {"claim", {"foam-rolling-resolves"}}, {"kind", {"assertion"}}}, {a.loose, a.cures}},
        {{{"site", {"ROLLER SHOP"}}, {"kind", {"source"}}}, {kShop}},
        {{{"directness", {"mechanistic", "surrogate-outcome"}}}, {a.fat}},
        {{{"claim_type", {"mechanism"}}, {"kind", {"claim"}}}, {"claim:band-compresses-fat"}},
        {{{"topic", {"no-such-topic"}}}, {}},
    };
    for (const auto& r : rows) {
        std::string desc;
        for (const auto& [k, v] : r.filters) desc += k + "=" + v.front() + (v.size() > 1 ? ",… " : " ");
        INFO(desc);
        const auto res = all_of(s, "", r.filters);
        CHECK(ids_of(res) == r.expected);
        CHECK(res.total == r.expected.size());
    }
    // Filters apply to the parsed query, not to its text.
    const auto res = all_of(s, "foam", {{"stance", {"opposes"}}});
    CHECK(ids_of(res) == Ids{a.loose, a.never});
}

TEST_CASE("search: bad requests name their parameter and never crash", "[search]") {
    auto& s = searcher();
    struct Row {
        search::Params params;
        std::string parameter, message;
    };
    const std::vector<Row> rows = {
        {{{"stance", "agrees"}}, "stance", "unknown stance 'agrees' (expected one of: supports, opposes, mixed)"},
        {{{"level", "8"}}, "level", "unknown level '8' (expected a level from 1 (strongest) to 7)"},
        {{{"level", "two"}}, "level", "unknown level 'two' (expected a level from 1 (strongest) to 7)"},
        {{{"kind", "claims"}}, "kind", "unknown kind 'claims' (expected one of: claim, assertion, source)"},
        {{{"directness", "indirect"}},
         "directness",
         "unknown directness 'indirect' (expected one of: direct, indirect-population, surrogate-outcome, "
         "mechanistic)"},
        {{{"type", "blog"}},
         "type",
         "unknown type 'blog' (expected one of: article, forum-thread, study, review, guideline, video, podcast)"},
        {{{"claim_type", "cure"}},
         "claim_type",
         "unknown claim_type 'cure' (expected one of: efficacy, prevention, cause, mechanism, anatomy, diagnosis, "
         "prognosis, harm)"},
        {{{"interest", "maybe"}}, "interest", "unknown interest 'maybe' (expected one of: yes, no, unknown)"},
        {{{"year", "19"}}, "year", "unknown year '19' (expected a year such as 2019 or a range such as 2006..2017)"},
        {{{"sort", "best"}}, "sort", "sort must be one of: relevance, strength, date, not 'best'"},
        {{{"size", "101"}}, "size", "size must be from 1 to 100"},
        {{{"page", "0"}}, "page", "page must be from 1 to 10000"},
        {{{"colour", "red"}}, "colour", "unknown parameter 'colour'"},
        {{{"page", "200"}, {"size", "100"}},
         "page",
         "results are listed up to the 10000th; narrow the search with filters"},
        {{{"q", "stance:agrees"}},
         "q",
         "stance:agrees: unknown stance 'agrees' (expected one of: supports, opposes, mixed)"},
        {{{"q", "level:9 foam"}}, "q", "level:9: unknown level '9' (expected a level from 1 (strongest) to 7)"},
        {{{"q", "year:20x6"}},
         "q",
         "year:20x6: unknown year '20x6' (expected a year such as 2019 or a range such as 2006..2017)"},
        {{{"q", std::string(1001, 'a')}}, "q", "the query is longer than 1000 bytes"},
        {{{"q", "caf\xC3"}}, "q", "the query is not valid UTF-8"},
    };
    for (const auto& r : rows) {
        INFO(r.parameter << ": " << r.message);
        try {
            s.search(search::search_request(r.params));
            FAIL("no error");
        } catch (const search::BadRequest& e) {
            CHECK(e.parameter == r.parameter);
            CHECK(std::string(e.what()) == r.message);
        }
    }
}

TEST_CASE("search: syntax errors are searched leniently as plain words", "[search]") {
    auto& s = searcher();
    struct Row {
        std::string q;
        bool lenient;
        std::size_t at_least;
    };
    const std::vector<Row> rows = {
        {"AND", true, 0},
        {"foam AND", true, 1},
        {"NOT", true, 0},
        {"foam OR OR fat", true, 0},
        {"\"foam", false, 1},
        {"(foam", false, 1},
        {"foam)", false, 1},
        {"*", false, 0},
        {"foam:", false, 0},
        {"::", false, 0},
        {"+ -", false, 0},
        {"year:..", false, 0},
        {"a* b* c* d*", false, 0},
        {"\xE2\x80\x9C"
         "foam",
         false, 1},
    };
    for (const auto& r : rows) {
        INFO("query: " << r.q);
        search::SearchResponse res;
        CHECK_NOTHROW(res = all_of(s, r.q));
        CHECK(res.lenient == r.lenient);
        CHECK(res.total >= r.at_least);
    }
}

TEST_CASE("search: pages are disjoint and bounded", "[search]") {
    auto& s = searcher();
    const auto all = all_of(s, "", {}, "strength");
    std::vector<std::string> paged;
    for (int page = 1; page <= 5; ++page) {
        search::SearchRequest req;
        req.page = page;
        req.size = 5;
        const auto res = s.search(req);
        CHECK(res.total == kDocuments);
        CHECK(res.hits.size() == (page < 5 ? 5u : kDocuments - 20));
        for (const auto& h : res.hits) paged.push_back(h.kind + ":" + h.id);
    }
    std::vector<std::string> whole;
    for (const auto& h : all.hits) whole.push_back(h.kind + ":" + h.id);
    CHECK(paged == whole);
    search::SearchRequest past;
    past.page = 9;
    past.size = 5;
    CHECK(s.search(past).hits.empty());
}

TEST_CASE("search: snippets mark matches and escape everything else", "[search]") {
    auto& s = searcher();
    const A a;
    auto snippet_of = [&](const std::string& q, const std::string& id) {
        for (const auto& h : all_of(s, q).hits)
            if (h.kind + ":" + h.id == id) return h.snippet;
        return std::string("(no hit)");
    };
    struct Row {
        std::string q, id, expected;
    };
    const std::vector<Row> rows = {
        {"box", a.box, "relief within minutes, says the &lt;b&gt; tag on our <mark>box</mark> &amp; our customers"},
        {"tag", a.box, "relief within minutes, says the &lt;b&gt; <mark>tag</mark> on our box &amp; our customers"},
        {"cures", a.cures, "Daily rolling of the iliotibial band <mark>cures</mark> the problem"},
        {"roll", a.loose, "You cannot <mark>roll</mark> the band loose"},
        {"\"roll the band\"", a.loose, "You cannot <mark>roll the band</mark> loose"},
        {"", a.ibuprofen, "a dose of ibuprofen before a long run takes the edge off"},
        {"nervous", kArticle,
         "Why your IT band hurts The pain is not friction: the band compresses a richly innervated fat pad over the "
         "femur. You cannot roll the band loose. Rolling only changes how the <mark>nervous</mark> system reads the "
         "tissue. You cannot roll the band loose, whatever the videos say."},
        // a long text: the passage around the match, cut with an ellipsis
        {"glute", kShop,
         "…the iliotibial band cures the problem. Rollers give relief within minutes, says the &lt;b&gt; tag on our "
         "box &amp; our customers. Some runners take NSAIDs too: a dose of ibuprofen before a long run takes the edge "
         "off. Strengthen the <mark>glute</mark> med as well. Never paste "
         "&lt;script&gt;alert(\"roller\")&lt;/script&gt; "
         "into a review."},
    };
    for (const auto& r : rows) {
        INFO(r.q << " -> " << r.id);
        CHECK(snippet_of(r.q, r.id) == r.expected);
    }
    // Nothing to mark (an empty query, a filter): the start of the text.
    const std::string start = snippet_of("", kShop);
    CHECK(start.rfind("The ITB roller guide Daily rolling of the iliotibial band cures the problem.", 0) == 0);
    CHECK(start.size() <= 300 + std::string("…").size() + 20);  // escaping may add a little
    CHECK(start.substr(start.size() - 3) == "…");
    CHECK(snippet_of("stance:supports", a.cures) == "Daily rolling of the iliotibial band cures the problem");
    // The <script> of a source body comes out as text, never as markup.
    const std::string script = snippet_of("script", kShop);
    CHECK(script.find("&lt;<mark>script</mark>&gt;alert(\"roller\")&lt;/<mark>script</mark>&gt;") != std::string::npos);
    CHECK(script.find("<script") == std::string::npos);
    CHECK(script.find("<b>") == std::string::npos);
}

TEST_CASE("search: hits of each kind carry what the API promises", "[search]") {
    auto& s = searcher();
    const A a;
    const auto res = all_of(s, "cures");
    REQUIRE(res.total >= 1);
    const auto* hit = &res.hits.front();
    for (const auto& h : res.hits)
        if (h.kind + ":" + h.id == a.cures) hit = &h;
    const auto& d = hit->json();
    CHECK(d["kind"] == "assertion");
    CHECK(d["stance"] == "supports");
    CHECK(d["level"] == 6);
    CHECK(d["level_label"] == "expert opinion");
    CHECK(d["claim"]["id"] == "foam-rolling-resolves");
    CHECK(d["claim"]["topics"] == nlohmann::json::array({"foam-rolling"}));
    CHECK(d["source"]["id"] == "roller-shop");
    CHECK(d["source"]["site"] == "Roller Shop");
    CHECK(d["source"]["year"] == "2021");
    CHECK(d["source"]["commercial_interest"] == "Sells foam rollers");
    CHECK(d["quote"] == "Daily rolling of the iliotibial band cures the problem");
    REQUIRE(d["cites"].size() == 1);
    CHECK(d["cites"][0]["study"] == "roller-trial-2016");
    CHECK(d["cites"][0]["level"] == 2);
    CHECK(d["cites"][0]["bears_on_claim"] == true);

    // The JSON text of the server's hot path is the JSON of search_json.
    for (const std::string q : {"", "foam", "cures", "itb", "script"}) {
        INFO(q);
        const auto r = all_of(s, q);
        CHECK(nlohmann::json::parse(render::search_json_text(r)) == render::search_json(r));
    }
    const auto j = render::search_json(all_of(s, "foam"));
    for (const char* key : {"query", "total", "page", "size", "results", "facets"}) CHECK(j.contains(key));
    for (const char* f :
         {"topic", "claim", "claim_type", "stance", "level", "directness", "type", "year", "interest", "site", "kind"})
        CHECK(j["facets"].contains(f));
    CHECK(j["results"][0].contains("snippet"));
}

TEST_CASE("search: 'A vs B' is a comparison - as a search either side matches", "[search]") {
    struct Row {
        std::string q;
        std::optional<std::pair<std::string, std::string>> sides;
    };
    const std::vector<Row> rows = {
        {"foam rolling vs hip strength", std::make_pair("foam rolling", "hip strength")},
        {"Foam Rolling VERSUS hip", std::make_pair("Foam Rolling", "hip")},
        {"ice vs. rest", std::make_pair("ice", "rest")},
        {"  a   vs   b  ", std::make_pair("a", "b")},
        {"vs b", std::nullopt},
        {"a vs", std::nullopt},
        {"canvas vsop", std::nullopt},
        {"\"a vs b\"", std::nullopt},
        {"foam rolling", std::nullopt},
    };
    for (const auto& r : rows) {
        INFO(r.q);
        CHECK(search::split_versus(r.q) == r.sides);
    }
    auto& s = searcher();
    const auto res = all_of(s, "nsaids vs fat pad");
    CHECK(res.compare == std::vector<std::string>{"nsaids", "fat pad"});
    CHECK(res.total == all_of(s, "nsaids OR (fat pad)").total);
    CHECK(res.total > 0);
}
