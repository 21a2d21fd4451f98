// Synonyms of the field and "did you mean": the corpus' synonym list, written
// into the index, expands queries both ways (one word <-> several words);
// misspelt words get a suggestion, words in the index never do.
#include <catch2/catch.hpp>

#include "index/documents.hpp"
#include "test_search_fixture.hpp"

using namespace evidence;
using namespace search_test;
using Ids = std::set<std::string>;

TEST_CASE("synonyms: variants found in text, matched on stems", "[synonyms]") {
    const std::vector<SynonymGroup> groups = {
        {{"iliotibial band", "itb", "it band"}, {}},
        {{"foam roller", "foam rolling", "foam roll"}, {}},
        {{"nsaid", "ibuprofen"}, {}},
        {{"runner's knee", "patellofemoral pain"}, {}},
        {{"k-tape", "kinesio tape"}, {}},
    };
    const index::SynonymSpotter spotter(groups);
    using V = std::vector<std::string>;
    struct Row {
        std::string text;
        V found;
    };
    const std::vector<Row> rows = {
        {"The IT bands were tight", {"it band"}},
        {"the Iliotibial\nBand", {"iliotibial band"}},
        {"ITB pain", {}},  // written as the variant: the word itself is indexed
        {"Foam rollers help", {"foam roller"}},
        {"foam rolling and a foam roll", {"foam rolling", "foam roll", "foam rolling", "foam roll"}},
        {"take NSAIDs", {"nsaid"}},
        {"runners knee and runner\u2019s knee", {"runner's knee", "runner's knee"}},
        {"K-Tape on the knee", {"k-tape"}},
        {"band it", {}},
        {"", {}},
    };
    for (const auto& r : rows) {
        INFO(r.text);
        CHECK(spotter.spot(r.text) == r.found);
    }
}

TEST_CASE("synonyms: the table keys variants as the query parser looks them up", "[synonyms]") {
    using Entries = std::vector<std::pair<std::string, std::string>>;
    const Entries got = index::synonym_entries({{{"nsaid", "ibuprofen", "it band"}, {}}});
    const Entries expected = {
        {"nsaid", "ibuprofen"},    {"nsaid", "it band"},                             // the word as typed
        {"Znsaid", "nsaid"},       {"Znsaid", "ibuprofen"},  {"Znsaid", "it band"},  // any of its forms
        {"ibuprofen", "nsaid"},    {"ibuprofen", "it band"}, {"Zibuprofen", "nsaid"},  {"Zibuprofen", "ibuprofen"},
        {"Zibuprofen", "it band"}, {"it band", "nsaid"},     {"it band", "ibuprofen"},  // several words: as typed only
    };
    CHECK(got == expected);
}

TEST_CASE("synonyms: queries match every variant of a group", "[synonyms]") {
    auto& s = searcher();
    const std::string cures = aid("roller-shop", "cures the problem"), fat = aid("example-article", "fat pad"),
                      ibuprofen = aid("roller-shop", "ibuprofen");
    // (an assertion's document holds its claim's statement too: the ibuprofen
    // quote's claim says "iliotibial band syndrome", never "IT band")
    struct Row {
        std::string q;
        Ids includes, excludes;
    };
    const std::vector<Row> rows = {
        // one word -> several: "itb" finds "IT band" and "iliotibial band"
        {"itb",
         {"source:example-article", "source:example-thread", cures, ibuprofen, "claim:foam-rolling-resolves"},
         {fat}},
        {"ITB", {"source:example-article", cures}, {fat}},
        // several words -> one word and others
        {"IT band", {"source:roller-shop", cures, "source:example-article"}, {fat}},
        {"iliotibial band", {"source:example-article", "source:example-thread", "claim:hip-strength-resolves"}, {fat}},
        // the stop word inside "IT band" is kept: "band" alone is not enough
        {"band", {fat}, {}},
        // a phrase is searched as written, without synonyms
        {"\"it band\"", {"source:example-article"}, {ibuprofen}},
        {"foam roller", {"claim:foam-rolling-relief", "claim:foam-rolling-resolves", "source:example-thread"}, {}},
        {"foam rolling", {"source:example-thread"}, {}},
        {"gluteus medius", {"source:roller-shop"}, {}},
        {"glute med", {"source:roller-shop"}, {}},
    };
    for (const auto& r : rows) {
        INFO("query: " << r.q);
        const Ids got = ids_of(all_of(s, r.q));
        for (const auto& id : r.includes) {
            INFO("expected " << id);
            CHECK(got.count(id) == 1);
        }
        for (const auto& id : r.excludes) {
            INFO("not expected " << id);
            CHECK(got.count(id) == 0);
        }
    }
    // The drug group, exactly: a brand name finds the generic and the class.
    const Ids drugs = {ibuprofen, "source:roller-shop", "claim:nsaids-relieve"};
    for (const std::string q : {"voltaren", "Voltaren", "nsaid", "ibuprofen"}) {
        INFO(q);
        CHECK(ids_of(all_of(s, q)) == drugs);
    }
}

TEST_CASE("synonyms: matched variants are marked in snippets", "[synonyms]") {
    auto& s = searcher();
    const std::string cures = aid("roller-shop", "cures the problem");
    for (const auto& h : all_of(s, "itb").hits)
        if (h.kind + ":" + h.id == cures)
            CHECK(h.snippet == "Daily rolling of the <mark>iliotibial band</mark> cures the problem");
}

TEST_CASE("spelling: did you mean, never for words the index holds", "[spelling]") {
    auto& s = searcher();
    struct Row {
        std::string q, suggestion;
    };
    const std::vector<Row> rows = {
        {"iliotibail", "iliotibial"},
        {"iliotibail band", "iliotibial band"},
        {"Iliotibail band", "iliotibial band"},
        {"innervatd fat", "innervated fat"},
        {"compreses", "compresses"},
        {"itb", ""},  // in the index (and a synonym): never "it"
        {"it band", ""},
        {"voltaren", ""},        // a synonym, though no text says it
        {"gluteus medius", ""},  // the words of a synonym
        {"foam", ""},
        {"xyzzyq", ""},  // nothing near it
        {"stance:supports foam", ""},
        {"innervat*", ""},
        {"", ""},
    };
    for (const auto& r : rows) {
        INFO("query: " << r.q);
        CHECK(all_of(s, r.q).suggestion == r.suggestion);
    }
}
