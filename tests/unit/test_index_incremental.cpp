// Incremental indexing: a corpus edited step by step (a body, a new file, a
// renamed file, a deleted one, a study's finding, a topic's label, a claim's
// statement, a new claim, the synonym list), each step indexed into the same
// --db as an update of the live index and, beside it, as a full rebuild. Both
// must answer a set of queries exactly alike: the hits in order with their
// JSON and snippets, totals, facet values with counts and labels in order,
// suggestions, source pages, topics and counts. Each step also checks how
// many sources the update rewrote, worked out here from the corpus, so an
// update that rewrote everything (or too little) fails, and, where the edit
// leaves every claim's evidence as it was, that no claim was rewritten. The
// update is committed in place: a searcher opened before the first step and
// only refreshed since must answer alike too. A third index, in 2 shards
// (index --shards 2), is updated alongside and must answer alike too, read
// from its folder and served by two xapian-tcpsrv: over a remote shard the
// facets are counted from codes (model/facet_codes.hpp) that an update
// extends (a new site, a new claim) and must read as a full build's.
#include <catch2/catch.hpp>
#include <functional>
#include <set>
#include <sstream>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "model/db_layout.hpp"
#include "search/answer.hpp"
#include "search/match.hpp"
#include "search/searcher.hpp"
#include "tcpsrv.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
namespace fs = std::filesystem;

namespace {

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_text(p);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(p, std::ios::trunc) << text;
}

struct Q {
    std::string q;
    std::map<std::string, std::vector<std::string>> filters;
    std::string sort;
};

const std::vector<Q> kQueries = {
    {"", {}, ""},
    {"", {}, "date"},
    {"", {}, "relevance"},
    {"", {{"kind", {"assertion"}}}, "strength"},
    {"foam", {}, ""},
    {"band", {}, "date"},
    {"pain", {}, ""},
    {"roll*", {}, ""},
    {"\"fat pad\"", {}, ""},
    {"stance:supports", {}, ""},
    {"itb", {}, ""},
    {"iliotibail", {}, ""},
    {"hip", {}, "strength"},
    {"glute", {}, ""},
    {"runners", {}, ""},
    {"cures OR resolves", {}, ""},
    {"", {{"topic", {"hip-strengthening"}}}, ""},
    {"", {{"claim", {"hip-strength-resolves"}}}, "date"},
};

// Questions and a text matched to claims on their profiles, which read the
// assertions of every source: an edited source must reach its claims'.
const std::vector<std::string> kQuestions = {
    "Does glute work fix knee pain?", "Can foam rolling cure IT band syndrome?",
    "Is the pain from the band rubbing over the bone?", "Will hip strengthening help my runners?"};
const std::string kText =
    "Six weeks of glute work fixed my knee pain. Foam rolling does not cure IT band syndrome. "
    "The pain comes from a fat pad being compressed, not from friction.";

std::string describe_matching(search::Searcher& s) {
    std::string out;
    for (const auto& q : kQuestions) {
        out += q + "\n";
        for (const auto& c : search::match_claims(s, q, 5))
            out += "  " + c.claim->id + " " + std::to_string(c.percent) + " " + std::to_string(c.weight) + "\n";
        search::SearchRequest req;
        req.q = q;
        for (const auto& a : search::ask(s, req).answer) out += "  answer " + a.evidence.claim.value("id", "") + "\n";
    }
    for (const auto& ms : search::match_text(s, kText)) {
        out += std::to_string(ms.start) + "-" + std::to_string(ms.end) + ":";
        for (const auto& m : ms.matches)
            out +=
                " " + m.id + "/" + std::string(to_string(m.stance)) + "/" + std::to_string(m.score) + "/" + m.certainty;
        out += "\n";
    }
    return out;
}

// Everything a reader of the API could see of one answer; over a remote
// shard there is no spelling table, so no suggestion (README, "Shards").
std::string describe(const search::SearchResponse& r, bool suggestion = true) {
    std::string out = "total " + std::to_string(r.total);
    if (suggestion) out += " suggestion '" + r.suggestion + "'";
    out += "\n";
    for (const auto& h : r.hits) out += h.kind + ":" + h.id + " " + h.data.text() + " | " + h.snippet + "\n";
    for (const auto& [name, values] : r.facets)
        for (const auto& v : values)
            out += name + "=" + v.value + " (" + v.label + ") " + std::to_string(v.count) + "\n";
    return out;
}

// The lines of a description in order, or sorted (the same lines in any order).
std::string lines(const std::string& text, bool in_order) {
    if (in_order) return text;
    std::vector<std::string> v;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) v.push_back(line);
    std::sort(v.begin(), v.end());
    std::string out;
    for (const auto& l : v) out += l + "\n";
    return out;
}

// `sharded`: `inc` is an index in shards, over which Xapian 1.4 expands a
// wildcard in each shard and weighs it from that shard's expansion: the
// same hits, totals and facets, in another order (README, "Shards").
void same_answers(search::Searcher& inc, search::Searcher& full, const Corpus& corpus, bool sharded = false,
                  bool remote = false) {
    for (const auto& q : kQueries) {
        INFO("query '" << q.q << "' sort '" << q.sort << "' filters " << q.filters.size());
        const bool in_order = !sharded || q.q.find('*') == std::string::npos;
        CHECK(lines(describe(search_test::all_of(inc, q.q, q.filters, q.sort), !remote), in_order) ==
              lines(describe(search_test::all_of(full, q.q, q.filters, q.sort), !remote), in_order));
    }
    for (const auto& s : corpus.sources) {
        INFO("source " << s.id);
        const auto a = inc.source_page(s.id), b = full.source_page(s.id);
        REQUIRE(a);
        CHECK(*a == *b);
    }
    CHECK(describe_matching(inc) == describe_matching(full));
    CHECK(inc.topics() == full.topics());
    auto counts = [](search::Searcher& s) {
        auto j = s.stats();
        j.erase("shards");
        return j;
    };
    CHECK(counts(inc) == counts(full));
}

// Sources with an assertion on a claim that `pred` picks.
std::size_t sources_on(const Corpus& c, const std::function<bool(const Claim&)>& pred) {
    std::size_t n = 0;
    for (const auto& s : c.sources) {
        bool hit = false;
        for (const auto& a : s.assertions)
            if (const Claim* cl = c.claim(a.claim); cl && pred(*cl)) hit = true;
        n += hit;
    }
    return n;
}

struct Step {
    std::string what;
    std::function<void(const fs::path&)> edit;
    // Sources the update must rewrite, from the corpus after the edit; -1: a full build is expected.
    std::function<long(const Corpus&)> rewritten;
    // Claims whose document must be rewritten; -1: not checked.
    long claims = -1;
};

}  // namespace

TEST_CASE("index: an incremental update answers exactly as a full rebuild", "[index][incremental]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus", inc_db = tmp.path / "inc", shard_db = tmp.path / "sharded";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    const std::vector<Step> steps = {
        {"nothing changed", [](const fs::path&) {}, [](const Corpus&) { return 0L; }, 0},
        {"a source's body edited outside its quotes",
         [](const fs::path& c) {
             replace_in(c / "sources/article.md", "whatever the videos say", "whatever videos claim");
         },
         [](const Corpus&) { return 1L; }, 0},
        {"a source added",
         [](const fs::path& c) {
             std::ofstream(c / "sources/added.md")
                 << "---\nid: added-post\ntype: article\ntitle: Glute work for runners\nauthors: [B. Coach]\n"
                    "site: Example Blog\npublished: \"2022\"\ncommercial_interest: none\nassertions:\n"
                    "  - claim: hip-strength-resolves\n    stance: supports\n"
                    "    quote: \"glute work fixed my knee pain\"\n    level: 7\n    directness: direct\n---\n"
                    "Six weeks of glute work fixed my knee pain, and the band stopped hurting.\n";
         },
         [](const Corpus&) { return 1L; }},
        {"a source's file renamed (it moves in the corpus order)",
         [](const fs::path& c) { fs::rename(c / "sources/thread.md", c / "sources/a-thread.md"); },
         [](const Corpus&) { return 1L; }},
        {"a source deleted", [](const fs::path& c) { fs::remove(c / "sources/shop.md"); },
         [](const Corpus&) { return 0L; }},
        {"a study's finding moved to another claim (citations' bears_on_claim change)",
         [](const fs::path& c) {
             replace_in(c / "studies/example-trial-2001.yaml", "  - claim: hip-strength-resolves",
                        "  - claim: band-compresses-fat");
         },
         // the study, and the article and the thread citing it
         [](const Corpus&) { return 3L; }},
        {"a topic's label renamed",
         [](const fs::path& c) {
             replace_in(c / "topics.yaml", "label: Hip strengthening", "label: Hip abductor training");
         },
         [](const Corpus& c) {
             return static_cast<long>(sources_on(c, [](const Claim& cl) {
                 return std::find(cl.topics.begin(), cl.topics.end(), "hip-strengthening") != cl.topics.end();
             }));
         }},
        {"a claim's statement edited",
         [](const fs::path& c) {
             replace_in(c / "claims/claims.yaml", "Foam rolling resolves IT band syndrome.",
                        "Foam rolling cures IT band syndrome for good.");
         },
         [](const Corpus& c) {
             return static_cast<long>(sources_on(c, [](const Claim& cl) { return cl.id == "foam-rolling-resolves"; }));
         }},
        {"a claim added",
         [](const fs::path& c) {
             std::ofstream(c / "claims/claims.yaml", std::ios::app)
                 << "- id: rest-resolves\n  statement: Rest alone resolves IT band syndrome.\n  type: efficacy\n"
                    "  topics: [mechanism]\n";
         },
         [](const Corpus&) { return 0L; }},
        {"the synonym list edited",
         [](const fs::path& c) { std::ofstream(c / "synonyms.yaml", std::ios::app) << "- [runner, jogger]\n"; },
         [](const Corpus&) { return -1L; }},
    };

    // The first index, a full build.
    {
        const auto loaded = ingest::load_corpus(corpus);
        REQUIRE(loaded.errors.empty());
        index::IndexOptions opts;
        opts.db = inc_db;
        const auto st = index::build_index(loaded.corpus, opts);
        CHECK_FALSE(st.incremental);
        CHECK(st.full_reason == "no index yet");
        opts.db = shard_db;
        opts.shards = 2;
        CHECK_FALSE(index::build_index(loaded.corpus, opts).incremental);
    }
    search::Searcher kept(inc_db);  // a server's searcher: refreshed, never opened again
    const std::string tcpsrv = search_test::find_tcpsrv();
    int n = 0;
    for (const auto& step : steps) {
        INFO("step: " << step.what);
        step.edit(corpus);
        const auto loaded = ingest::load_corpus(corpus);
        for (const auto& e : loaded.errors) FAIL(e.str());
        index::IndexOptions opts;
        opts.db = inc_db;
        const auto st = index::build_index(loaded.corpus, opts);
        const long expected = step.rewritten(loaded.corpus);
        if (expected < 0) {
            CHECK_FALSE(st.incremental);
        } else {
            CHECK(st.incremental);
            CHECK(static_cast<long>(st.sources_rewritten) == expected);
            // The rewritten sources' documents and the claims whose document changed.
            CHECK(st.written >= st.claims_rewritten + st.sources_rewritten);
            if (st.sources_rewritten == 0) CHECK(st.written == st.claims_rewritten);
            if (step.claims >= 0) CHECK(static_cast<long>(st.claims_rewritten) == step.claims);
            // A claim is built again only when its inputs changed; nothing changed: none.
            CHECK(st.claims_built >= st.claims_rewritten);
            if (expected == 0 && step.claims == 0) CHECK(st.claims_built == 0);
        }
        index::IndexOptions full;
        full.db = tmp.path / ("full-" + std::to_string(n++));
        full.full = true;
        const auto fst = index::build_index(loaded.corpus, full);
        CHECK(fst.full_reason == "--full");
        CHECK(st.documents == fst.documents);
        search::Searcher a(inc_db), b(full.db);
        same_answers(a, b, loaded.corpus);
        kept.refresh();
        same_answers(kept, b, loaded.corpus);

        opts.db = shard_db;
        opts.shards = 2;
        const auto sst = index::build_index(loaded.corpus, opts);
        CHECK(sst.incremental == st.incremental);
        CHECK(sst.sources_rewritten == st.sources_rewritten);
        search::Searcher sharded(shard_db);
        CHECK(sharded.stats()["shards"] == 2);
        same_answers(sharded, b, loaded.corpus, true);
        if (!tcpsrv.empty()) {
            auto stub = [&](unsigned k) { return db_layout::stub_path(db_layout::shard_path(shard_db, k)); };
            const search_test::TcpServer s0(tcpsrv, stub(0)), s1(tcpsrv, stub(1));
            search::Searcher remote({search::parse_shard(s0.spec()), search::parse_shard(s1.spec())});
            same_answers(remote, b, loaded.corpus, true, true);
        }
    }
    if (tcpsrv.empty())
        WARN(
            "SKIPPED: xapian-tcpsrv is not installed (Debian: apt-get install xapian-tools): remote shards not tested");
}
