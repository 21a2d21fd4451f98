// The facet table (schema::kFields) is the one list of filters and facets:
// the CLI's filter options, the OpenAPI parameters and enums, and the facets
// and labels of a search response are exactly its rows. (The browser test
// checks that the UI's facet headings are the labels of the response.)
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "model/schema.hpp"
#include "render/json.hpp"
#include "render/openapi.hpp"
#include "test_search_fixture.hpp"
#include "test_util.hpp"

using namespace evidence;
namespace sc = evidence::schema;
using nlohmann::json;

namespace {

std::string run(const std::string& cmd) {
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

std::set<std::string> filter_rows() {
    std::set<std::string> out;
    for (const auto& f : sc::fields())
        if (f.kind == sc::FieldKind::Filter) out.emplace(f.name);
    return out;
}

// The --options a subcommand's help lists.
std::set<std::string> options(const std::string& help) {
    std::set<std::string> out;
    static const std::regex opt(R"((?:^|\s)--([a-z_][a-z_-]*))");
    for (auto it = std::sregex_iterator(help.begin(), help.end(), opt); it != std::sregex_iterator(); ++it)
        out.insert((*it)[1]);
    return out;
}

}  // namespace

TEST_CASE("facet table: names, prefixes and slots are unique - typed constants name rows", "[schema]") {
    STATIC_REQUIRE(sc::fields_unique());
    STATIC_REQUIRE(sc::F::population.slot >= 0);
    CHECK(&sc::F::outcome == sc::field("outcome"));
    CHECK(sc::F::interest.label == "Commercial interest");
    // Closed sets: each value has a label, and the order is the model's.
    for (const auto& f : sc::fields())
        for (const auto& v : sc::value_list(f)) {
            INFO(f.name << "=" << v);
            CHECK(sc::valid_value(f, v));
            CHECK(!sc::value_label(f, v).empty());
        }
    CHECK(sc::value_label(sc::F::interest, "yes") == "Has a commercial interest");
    CHECK(sc::value_label(sc::F::population, "patients-with-itbs") == "Patients with ITBS");
    CHECK(sc::value_label(sc::F::outcome, "injury-incidence") == "Injury incidence");
}

TEST_CASE("facet table: the CLI's filter options are exactly its filter rows", "[schema][cli]") {
    const std::set<std::string> not_filters = {"help", "help-all", "db",     "sort", "page",      "size",
                                               "json", "shard",    "format", "out",  "public-url"};
    for (const std::string sub : {"search", "export"}) {
        INFO(sub);
        std::set<std::string> opts = options(run(std::string(EVIDENCE_BINARY) + " " + sub + " --help"));
        for (const auto& n : not_filters) opts.erase(n);
        CHECK(opts == filter_rows());
    }
}

TEST_CASE("facet table: the OpenAPI parameters and enums are exactly its rows", "[schema][openapi]") {
    const json doc = render::openapi_json();
    for (const std::string path : {"/api/search", "/api/export"}) {
        INFO(path);
        std::set<std::string> names;
        for (const auto& p : doc["paths"][path]["get"]["parameters"]) {
            const std::string name = p["name"];
            if (name == "q" || name == "sort" || name == "page" || name == "size" || name == "format") continue;
            names.insert(name);
            const sc::Field* f = sc::field(name);
            REQUIRE(f);
            const auto values = sc::value_list(*f);
            if (f->values == sc::Values::Level) {
                CHECK(p["schema"]["minimum"] == 1);
                CHECK(p["schema"]["maximum"] == 7);
            } else if (!values.empty()) {
                CHECK(p["schema"]["enum"].get<std::vector<std::string>>() == values);
            } else if (f->values == sc::Values::Year) {
                // The pattern accepts what the server accepts, and refuses what it refuses.
                const std::regex re(p["schema"]["pattern"].get<std::string>());
                for (const std::string ok : {"2019", "2006..2017", "2017..", "..2017"}) {
                    INFO(ok);
                    CHECK(std::regex_match(ok, re));
                    CHECK(sc::valid_value(*f, ok));
                }
                for (const std::string bad : {"19", "2017...", "..", "2017-2019"}) {
                    INFO(bad);
                    CHECK_FALSE(std::regex_match(bad, re));
                    CHECK_FALSE(sc::valid_value(*f, bad));
                }
            } else {
                CHECK(p["schema"]["type"] == "string");
                CHECK_FALSE(p["schema"].contains("enum"));
            }
        }
        CHECK(names == filter_rows());
    }
    std::set<std::string> facets;
    for (const auto& [name, _] :
         doc["components"]["schemas"]["SearchResponse"]["properties"]["facets"]["properties"].items())
        facets.insert(name);
    std::set<std::string> facet_rows;
    for (const auto& f : sc::fields())
        if (f.facet) facet_rows.emplace(f.name);
    CHECK(facets == facet_rows);
}

TEST_CASE("facet table: a search response's facets and their headings are its rows, in order", "[schema][search]") {
    const auto& fx = search_test::fixture();
    evidence::search::Searcher s(fx.db);
    const json j = render::search_json(s.search({}));
    std::vector<std::pair<std::string, std::string>> shown, rows;
    for (const auto& f : j["facet_fields"]) shown.emplace_back(f["name"], f["label"]);
    for (const auto& f : sc::fields())
        if (f.facet) rows.emplace_back(f.name, f.label);
    CHECK(shown == rows);
    for (const auto& [name, label] : rows) CHECK(j["facets"].contains(name));
}

TEST_CASE("facet table: population and outcome filter and count exactly", "[schema][search]") {
    const auto& fx = search_test::fixture();
    evidence::search::Searcher s(fx.db);
    evidence::search::SearchRequest req;
    req.size = 100;
    req.filters["population"] = {"runners"};
    req.filters["outcome"] = {"pain"};
    const auto r = s.search(req);
    REQUIRE(r.total > 0);
    CHECK(r.total == r.hits.size());
    for (const auto& h : r.hits) {
        INFO(h.id);
        const json& d = h.json();
        if (h.kind == "assertion") {
            CHECK(d["outcome"] == "pain");
            const auto pops = d["population"].get<std::vector<std::string>>();
            CHECK(std::find(pops.begin(), pops.end(), "runners") != pops.end());
        }
    }
    // The facet counts of the filtered search add up to its hits.
    std::size_t counted = 0;
    for (const auto& v : r.facets.at("kind")) counted += v.count;
    CHECK(counted == r.total);
    for (const auto& v : r.facets.at("outcome"))
        if (v.value == "pain") CHECK(v.count == r.total);
}
