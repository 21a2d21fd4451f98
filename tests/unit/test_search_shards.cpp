// Shards: the fixture index built by `evidence index --shards 2`
// (index::IndexOptions::shards) and searched as one, locally (the --db
// folder's shard-0 and shard-1) and over Xapian's remote backend (one
// xapian-tcpsrv per shard on 127.0.0.1), must answer as the single index
// does: totals, hits in order, facet values and counts, snippets, and
// synonyms (expanded over the remote backend from the synonym list in the
// shards' metadata, search/synonym_table.hpp).
//
// What degrades over the remote backend, checked here: no "did you mean"
// (Xapian 1.4 reads no spelling table over the network).
#include <xapian.h>

#include <catch2/catch.hpp>

#include "index/indexer.hpp"
#include "index/layout.hpp"
#include "ingest/corpus.hpp"
#include "model/db_layout.hpp"
#include "model/facet_codes.hpp"
#include "model/schema.hpp"
#include "render/json.hpp"
#include "search/answer.hpp"
#include "search/profile.hpp"
#include "tcpsrv.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
using namespace search_test;
namespace sc = evidence::schema;

namespace {

// What xapian-tcpsrv opens: shard k's stub, naming its live build.
fs::path shard_stub(const fs::path& db, unsigned k) { return db_layout::stub_path(db_layout::shard_path(db, k)); }

struct Shards {
    TempDir tmp;
    fs::path db;
    Shards() : db(tmp.path / "sharded") {
        index::IndexOptions opts;
        opts.db = db;
        opts.shards = 2;
        index::build_index(fixture().corpus, opts);
    }
    fs::path stub(unsigned k) const { return shard_stub(db, k); }
};

// The bundled corpus indexed as one database and as 2 shards.
struct Bundled {
    TempDir tmp;
    fs::path one = tmp.path / "one", two = tmp.path / "two";
    Bundled() {
        auto loaded = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/corpus");
        for (const auto& e : loaded.errors) FAIL(e.str());
        index::IndexOptions opts;
        opts.db = one;
        index::build_index(loaded.corpus, opts);
        opts.db = two;
        opts.shards = 2;
        index::build_index(loaded.corpus, opts);
    }
    fs::path stub(unsigned k) const { return shard_stub(two, k); }
};

using Filters = std::map<std::string, std::vector<std::string>>;
struct Query {
    std::string q;
    Filters filters;
    std::string sort;
    // Over shards Xapian 1.4 expands a wildcard in each shard and weighs it
    // from that shard's expansion: the same hits, totals and facets, ranked
    // otherwise (README, "Shards").
    bool ranked_alike = true;
};

// Queries that do not depend on synonyms or spelling.
const std::vector<Query> kQueries = {
    {"", {}, ""},
    {"", {}, "date"},
    {"foam", {}, ""},
    // A phrase also matches source bodies as words (query.cpp), which for
    // "foam rolling" would bring in its synonyms: a phrase without any.
    {"\"roll the band\"", {}, "strength"},
    {"roll*", {{"kind", {"assertion"}}}, "", false},
    {"roll*", {}, "date", false},  // equal dates are ranked by relevance
    {"pain -foam", {}, ""},
    {"stance:supports", {}, ""},
    {"level:3", {{"topic", {"hip-strengthening"}}}, ""},
    {"year:2006..2017", {}, "date"},
    {"", {{"stance", {"opposes", "mixed"}}, {"type", {"study", "article"}}}, ""},
    {"", {{"interest", {"yes"}}}, "strength"},
    {"cures OR tag OR fat", {}, ""},
    {"author:tester OR site:\"roller shop\"", {}, ""},
};

// Queries whose answers come from the synonym list ("itb" finds "iliotibial
// band"; "IT band" keeps its stop word; "nsaids" finds "nsaid" by its stem).
const std::vector<Query> kSynonymQueries = {
    {"itb", {}, ""},     {"voltaren", {}, ""},
    {"IT band", {}, ""}, {"\"foam rolling\"", {}, "strength"},
    {"nsaids", {}, ""},  {"itb", {{"kind", {"assertion"}}}, "date"},
};

std::map<std::string, std::map<std::string, std::size_t>> facet_map(const search::SearchResponse& r) {
    std::map<std::string, std::map<std::string, std::size_t>> out;
    for (const auto& [name, values] : r.facets)
        for (const auto& v : values) out[name][v.value] = v.count;
    return out;
}

std::vector<std::string> order_of(const search::SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.kind + ":" + h.id);
    return out;
}

void same_answers(search::Searcher& single, search::Searcher& sharded, const std::vector<Query>& queries) {
    for (const auto& q : queries) {
        INFO("query: '" << q.q << "' sort: " << q.sort << " filters: " << q.filters.size());
        const auto one = all_of(single, q.q, q.filters, q.sort);
        const auto two = all_of(sharded, q.q, q.filters, q.sort);
        CHECK(two.total == one.total);
        if (q.ranked_alike)
            CHECK(order_of(two) == order_of(one));
        else
            CHECK(ids_of(two) == ids_of(one));
        CHECK(facet_map(two) == facet_map(one));
        // The same snippet for each hit, whichever shard holds it.
        std::map<std::string, std::string> snippets;
        for (const auto& h : one.hits) snippets[h.kind + ":" + h.id] = h.snippet;
        for (const auto& h : two.hits) CHECK(snippets[h.kind + ":" + h.id] == h.snippet);
    }
}

}  // namespace

TEST_CASE("shards: index --shards 2 searched as one answers as the single index", "[shards]") {
    const Shards shards;
    REQUIRE(db_layout::shard_count(shards.db) == 2);
    // The --db folder of a sharded index opens as its shards.
    search::Searcher sharded(shards.db);
    auto& single = searcher();
    CHECK(all_of(sharded, "").total == kDocuments);
    same_answers(single, sharded, kQueries);
    same_answers(single, sharded, kSynonymQueries);
    CHECK(all_of(sharded, "iliotibail").suggestion == "iliotibial");
    CHECK(ids_of(all_of(sharded, "nsaids")).count(aid("roller-shop", "ibuprofen")) == 1);
    CHECK(sharded.full_lexicon());
    // Each shard counts its own documents: they add up to the single index's.
    auto counts = sharded.stats();
    CHECK(counts["shards"] == 2);
    counts.erase("shards");
    auto one = single.stats();
    one.erase("shards");
    CHECK(counts == one);
    // Both shards hold documents: place() spreads them.
    for (unsigned k = 0; k < 2; ++k) {
        search::Searcher part({search::parse_shard(db_layout::shard_path(shards.db, k).string())});
        CHECK(all_of(part, "").total > kDocuments / 4);
    }
}

TEST_CASE("shards: a folder holds one index or shards, and keeps its number of shards", "[shards]") {
    const Shards shards;
    index::IndexOptions opts;
    opts.db = shards.db;
    opts.shards = 3;
    CHECK_THROWS_WITH(
        index::build_index(fixture().corpus, opts),
        shards.db.string() + ": holds 2 shards, not 3: index into another folder to change the number of shards");
    opts.shards = 0;
    CHECK_THROWS_WITH(
        index::build_index(fixture().corpus, opts),
        shards.db.string() + ": holds an index in 2 shards: index it with --shards 2, or into another folder");
    opts.db = fixture().db;
    opts.shards = 2;
    CHECK_THROWS_WITH(index::build_index(fixture().corpus, opts),
                      fixture().db.string() + ": holds an index in one database: index --shards into another folder");
    // The same number again: an update of each shard.
    opts.db = shards.db;
    const auto st = index::build_index(fixture().corpus, opts);
    CHECK(st.incremental);
    CHECK(st.sources_rewritten == 0);
    // A run killed between two shards' commits leaves them last written by
    // different runs: the next run rebuilds every shard, then updates again.
    {
        const auto shard = db_layout::shard_path(shards.db, 1);
        Xapian::WritableDatabase w((shard / db_layout::live_build(shard)).string(), Xapian::DB_OPEN);
        w.set_metadata(std::string(index::kRunKey), "build-another-run");
        w.commit();
    }
    const auto rebuilt = index::build_index(fixture().corpus, opts);
    CHECK_FALSE(rebuilt.incremental);
    CHECK(rebuilt.full_reason == "the shards were last written by different runs (one was interrupted)");
    CHECK(index::build_index(fixture().corpus, opts).incremental);
}

TEST_CASE("shards: two xapian-tcpsrv answer as the single index", "[shards]") {
    const std::string tcpsrv = find_tcpsrv();
    if (tcpsrv.empty()) {
        WARN(
            "SKIPPED: xapian-tcpsrv is not installed (Debian: apt-get install xapian-tools): remote shards not tested");
        return;
    }
    const Shards shards;
    const TcpServer a(tcpsrv, shards.stub(0)), b(tcpsrv, shards.stub(1));
    search::Searcher remote({search::parse_shard(a.spec()), search::parse_shard(b.spec())});
    auto& single = searcher();
    CHECK(all_of(remote, "").total == kDocuments);
    same_answers(single, remote, kQueries);
    // Synonyms: from the list in the shards' metadata.
    same_answers(single, remote, kSynonymQueries);
    CHECK(remote.synonyms("itb") == single.synonyms("itb"));
    CHECK_FALSE(remote.synonyms("itb").empty());
    // One remote shard and one local: the same again.
    search::Searcher mixed({search::parse_shard(a.spec()), search::parse_shard(shards.stub(1).string())});
    same_answers(single, mixed, kQueries);
    same_answers(single, mixed, kSynonymQueries);

    // Questions and texts matched to claims: over a remote shard the claim
    // queries run on the in-memory copy of the profiles from the first one
    // (the server cannot run their weighting scheme), ranking as the
    // single index does.
    std::size_t answered = 0;
    for (const char* q : {"Does foam rolling help?", "Will strengthening my hips fix it?",
                          "do anti-inflammatories relieve the pain", "fat pad compression"}) {
        INFO(q);
        search::SearchRequest req;
        req.q = q;
        const auto one = nlohmann::json::parse(render::answered_json_text(search::ask(single, req)));
        const auto two = nlohmann::json::parse(render::answered_json_text(search::ask(remote, req)));
        CHECK(two["answer"] == one["answer"]);
        CHECK(two["total"] == one["total"]);
        answered += !one["answer"].empty();
        const auto here = search::match_claims(single, q, 5), there = search::match_claims(remote, q, 5);
        REQUIRE(here.size() == there.size());
        for (std::size_t i = 0; i < here.size(); ++i) {
            CHECK(there[i].claim->id == here[i].claim->id);
            CHECK(there[i].percent == here[i].percent);
            CHECK(there[i].weight == Approx(here[i].weight).epsilon(1e-9));
        }
    }
    CHECK(answered >= 3);

    // What degrades: no spelling table over the remote backend.
    CHECK_FALSE(remote.full_lexicon());
    CHECK(all_of(single, "iliotibail").suggestion == "iliotibial");
    CHECK(all_of(remote, "iliotibail").suggestion.empty());
    // Ids and pages resolve across shards.
    CHECK(remote.get("claim", "hip-strength-resolves") == single.get("claim", "hip-strength-resolves"));
    CHECK(remote.source_page("roller-shop") == single.source_page("roller-shop"));
    CHECK(remote.topics() == single.topics());
}

// Over a remote shard topic and claim are counted by position
// (schema::kSlotListPairs), the last slot holding the rest of each list. The
// fixture's lists are short; the bundled corpus has sources with nine and
// more topics and claims, so every slot is read here.
TEST_CASE("shards: two xapian-tcpsrv count the bundled corpus's facets as the single index", "[shards]") {
    const std::string tcpsrv = find_tcpsrv();
    if (tcpsrv.empty()) {
        WARN("SKIPPED: xapian-tcpsrv is not installed (Debian: apt-get install xapian-tools)");
        return;
    }
    const Bundled bundled;

    // Some document's lists go past the slots by position: the rest slot
    // holds them, and a value in it is a list of codes.
    std::size_t in_rest = 0, listed_in_rest = 0;
    for (unsigned k = 0; k < 2; ++k) {
        Xapian::Database db(bundled.stub(k).string());
        const auto slot = static_cast<Xapian::valueno>(sc::kSlotListPairs + sc::kListPairSlots - 1);
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            ++in_rest;
            std::size_t listed[2] = {0, 0};  // codes of topic and of claim
            REQUIRE(each_code(*v, {true, true}, [&](std::size_t part, std::uint32_t) {
                ++listed[part];
                return true;
            }));
            listed_in_rest += listed[0] > 1 || listed[1] > 1;
        }
    }
    CHECK(in_rest > 0);
    CHECK(listed_in_rest > 0);

    search::Searcher single(bundled.one);
    const TcpServer a(tcpsrv, bundled.stub(0)), b(tcpsrv, bundled.stub(1));
    search::Searcher remote({search::parse_shard(a.spec()), search::parse_shard(b.spec())});
    // Sorted by a value (an empty query: by strength) as well as by
    // relevance: more matches than a page (100) either way.
    std::vector<Query> queries = {{"", {}, ""},        {"", {}, "date"},        {"foam", {}, ""},
                                  {"hip", {}, "date"}, {"hip", {}, "strength"}, {"stance:opposes", {}, ""},
                                  {"the", {}, "date"}};
    // Filtered by the most common topics and claims, and by a rare one.
    const auto all = all_of(single, "");
    for (const char* facet : {"topic", "claim"}) {
        const auto& values = all.facets.at(facet);
        REQUIRE(values.size() >= 3);
        for (const auto* v : {&values[0], &values[1], &values.back()})
            queries.push_back({"", {{facet, {v->value}}}, ""});
    }
    std::size_t paged = 0;
    for (const auto& q : queries) {
        INFO("query: '" << q.q << "' sort: " << q.sort << " filters: " << q.filters.size());
        const auto one = all_of(single, q.q, q.filters, q.sort);
        const auto two = all_of(remote, q.q, q.filters, q.sort);
        CHECK(two.total == one.total);
        CHECK(one.total > 0);
        CHECK(order_of(two) == order_of(one));
        CHECK(facet_map(two) == facet_map(one));
        CHECK(facet_map(one)["claim"].size() > 0);
        paged += one.total > one.hits.size();
    }
    CHECK(paged >= 5);
}

// A question whose words cannot all match within its filters is relaxed
// (search/natural.hpp): words that match nothing there go first, then the
// most frequent. Which words match must be counted, not estimated: a
// filtered estimate is above zero for a word that matches nothing within the
// filter, and estimates differ between one database and its shards. The
// cases are found in the bundled corpus: a word common in the corpus but
// absent from one site's documents, asked beside a word that site has.
TEST_CASE("shards: a relaxed question keeps the words that match within its filters, however the index is split",
          "[shards]") {
    const Bundled bundled;
    search::Searcher single(bundled.one), sharded(bundled.two);

    const std::vector<std::string> words = {"pain",    "foam",    "hip",     "knee",      "glute",
                                            "cycling", "surgery", "cadaver", "orthotics", "injection"};
    std::vector<std::string> sites;
    const auto all = all_of(single, "");
    for (const auto& v : all.facets.at("site"))
        if (v.count >= 20) sites.push_back(v.value);
    REQUIRE(sites.size() >= 3);
    std::size_t cases = 0;
    for (const auto& site : sites) {
        const Filters filter = {{"site", {site}}};
        std::vector<std::string> present, absent;
        for (const auto& w : words) {
            const std::size_t here = all_of(single, w, filter).total;
            if (here >= 3) present.push_back(w);
            if (here == 0 && all_of(single, w).total >= 10) absent.push_back(w);
        }
        for (const auto& has : present)
            for (const auto& lacks : absent)
                for (const auto& q : {has + " " + lacks, lacks + " " + has}) {
                    INFO("question: '" << q << "' site: " << site);
                    const auto one = all_of(single, q, filter);
                    const auto two = all_of(sharded, q, filter);
                    CHECK(one.relaxed.searched == has);
                    CHECK(one.relaxed.optional == std::vector<std::string>{lacks});
                    CHECK(one.total == all_of(single, has, filter).total);
                    CHECK(two.relaxed.searched == one.relaxed.searched);
                    CHECK(two.relaxed.message == one.relaxed.message);
                    CHECK(two.total == one.total);
                    CHECK(order_of(two) == order_of(one));
                    ++cases;
                }
    }
    CHECK(cases >= 10);
}

TEST_CASE("shards: a shard spec is a path or tcp://host:port", "[shards]") {
    struct Row {
        std::string spec, path, host;
        unsigned port;
    };
    const std::vector<Row> rows = {
        {"index", "index", "", 0},
        {"/srv/shard-1", "/srv/shard-1", "", 0},
        {"tcp://10.0.0.5:7000", "", "10.0.0.5", 7000},
        {"tcp://search-1.internal:33333", "", "search-1.internal", 33333},
    };
    for (const auto& r : rows) {
        INFO(r.spec);
        const auto s = search::parse_shard(r.spec);
        CHECK(s.path == r.path);
        CHECK(s.host == r.host);
        CHECK(s.port == r.port);
        CHECK(s.str() == r.spec);
    }
    for (const std::string bad :
         {"tcp://", "tcp://host", "tcp://host:", "tcp://:80", "tcp://h:0", "tcp://h:70000", "tcp://h:8x"}) {
        INFO(bad);
        CHECK_THROWS_AS(search::parse_shard(bad), search::BadRequest);
    }
    CHECK_THROWS_AS(search::Searcher(std::vector<search::Shard>{}), search::Unavailable);
    CHECK_THROWS_AS(search::Searcher({search::parse_shard("/nonexistent/shard")}), search::Unavailable);
}
