// Facet codes (model/facet_codes.hpp): the short values the spies of a
// remote shard count. A code must read back as the number written, end
// itself, and hold neither separator of the packed slots; a table must
// survive its metadata and extend without renumbering. The searcher reads a
// shard's counts of them as Xapian's own spy writes them.
#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <thread>

#include "ingest/corpus.hpp"
#include "model/facet_codes.hpp"
#include "search/facets.hpp"

using namespace evidence;
namespace sc = evidence::schema;

TEST_CASE("facet codes: a code reads back as its number, ends itself and holds no separator", "[codes]") {
    const std::vector<std::uint32_t> numbers = {
        0, 1, 46, 47, 48, 2208, 2209, 2210, 103822, 103823, 103824, 4879680, 1234567, 47 * 47 - 1, 47 * 47 * 47};
    std::string all;
    for (const auto n : numbers) {
        std::string one;
        append_code(one, n);
        INFO("code of " << n << ": '" << one << "'");
        CHECK(one.size() == (n < 47 ? 1u : n < 2209 ? 2u : n < 103823 ? 3u : 4u));
        CHECK(one.find(sc::kFacetSep) == std::string::npos);
        CHECK(one.find(sc::kMultiSep) == std::string::npos);
        CHECK(one.find(kNoCode) == std::string::npos);
        std::string_view in = one;
        std::uint32_t back = 0;
        REQUIRE(read_code(in, back));
        CHECK(back == n);
        CHECK(in.empty());
        all += one;
    }
    // Codes one after another read back one at a time.
    std::string_view in = all;
    for (const auto n : numbers) {
        std::uint32_t back = 0;
        REQUIRE(read_code(in, back));
        CHECK(back == n);
    }
    CHECK(in.empty());
    // Not a code: empty, a separator, a code cut short, five digits.
    for (const std::string bad : {"", " ", "\x1e", "\n", "!", "!!", "!!!!P"}) {
        std::string_view b = bad;
        std::uint32_t n = 0;
        CHECK_FALSE(read_code(b, n));
    }
}

TEST_CASE("facet codes: a slot's parts, single or lists, read back", "[codes]") {
    std::string value;
    append_code(value, 3);  // a single value
    value += kNoCode;       // a single facet without one
    append_code(value, 5000);
    append_code(value, 0);
    value += kNoCode;  // a list of two
    value += kNoCode;  // an empty list
    std::vector<std::vector<std::uint32_t>> parts;
    auto read = [&](std::string_view v, const std::vector<bool>& multi) {
        parts.assign(multi.size(), {});
        return each_code(v, multi, [&](std::size_t part, std::uint32_t n) {
            parts[part].push_back(n);
            return true;
        });
    };
    REQUIRE(read(value, {false, false, true, true}));
    CHECK(parts == std::vector<std::vector<std::uint32_t>>{{3}, {}, {5000, 0}, {}});
    // The wrong shape, or bytes left over, or missing: refused.
    CHECK_FALSE(read(value, {false, false, true}));
    CHECK_FALSE(read(value, {false, false, true, true, false}));
    CHECK_FALSE(read(value + "P", {false, false, true, true}));
    CHECK_FALSE(read("stance\x1elevel", {false, false}));
    // A reader that refuses a code stops there.
    std::vector<std::uint32_t> seen;
    CHECK_FALSE(each_code(value, {false, false, true, true}, [&](std::size_t, std::uint32_t n) {
        seen.push_back(n);
        return n != 5000;
    }));
    CHECK(seen == std::vector<std::uint32_t>{3, 5000});
}

TEST_CASE("facet codes: a table extends without renumbering and survives its metadata", "[codes]") {
    auto loaded = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/corpus");
    for (const auto& e : loaded.errors) FAIL(e.str());
    const Corpus& corpus = loaded.corpus;
    FacetCodes codes;
    codes.extend(corpus);
    // Each closed set in its order, then the corpus's values.
    CHECK(*codes.value(sc::F::stance, 0) == sc::value_list(sc::F::stance).front());
    CHECK(*codes.value(sc::F::level, 6) == "7");
    CHECK(codes.size(sc::F::claim) == corpus.claims.size());
    CHECK(codes.size(sc::F::topic) == corpus.topics.size());
    CHECK(*codes.value(sc::F::claim, 0) == corpus.claims.front().id);
    CHECK(codes.size(sc::F::site) > 5);
    CHECK(codes.value(sc::F::site, static_cast<std::uint32_t>(codes.size(sc::F::site))) == nullptr);
    // Facets that are not coded have no table.
    CHECK(codes.size(sc::F::year) == 0);
    CHECK_FALSE(FacetCodes::coded(sc::F::year));
    CHECK(FacetCodes::coded(sc::F::site));
    CHECK(FacetCodes::coded(sc::F::claim));
    CHECK(FacetCodes::coded(sc::F::outcome));

    // Extending again adds nothing; a new value goes last.
    const std::string before = codes.serialise();
    codes.extend(corpus);
    CHECK(codes.serialise() == before);
    const std::size_t sites = codes.size(sc::F::site);
    std::string out;
    codes.append(out, sc::F::site, "A new site");
    std::string_view in = out;
    std::uint32_t n = 0;
    REQUIRE(read_code(in, n));
    CHECK(n == sites);
    CHECK(*codes.value(sc::F::site, n) == "A new site");
    // A value already in the table keeps its code.
    out.clear();
    codes.append(out, sc::F::claim, corpus.claims.front().id);
    std::string zero;
    append_code(zero, 0);
    CHECK(out == zero);

    // The metadata reads back as the same table.
    const FacetCodes back = FacetCodes::parse(codes.serialise());
    CHECK(back.serialise() == codes.serialise());
    // The longer of two tables one of which extends the other; not two
    // that disagree.
    FacetCodes shorter = FacetCodes::parse(before);
    CHECK(shorter.merge_longer(back));
    CHECK(shorter.serialise() == codes.serialise());
    FacetCodes other;
    other.append(out, sc::F::site, "Another site first");
    CHECK_FALSE(other.merge_longer(back));
    for (const char* bad : {"", "[]", "{\"site\": \"x\"}", "{\"site\": [1]}", "{\"site\": [\"a\", \"a\"]}"})
        CHECK_THROWS_WITH(FacetCodes::parse(bad), Catch::Contains("evidence:codes"));
}

TEST_CASE("facet codes: threads adding values at once give each value one code", "[codes]") {
    FacetCodes codes;
    std::vector<std::vector<std::string>> seen(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i) {
                std::string out;
                codes.append(out, sc::F::claim, "claim-" + std::to_string((i * 7 + static_cast<int>(t)) % 500));
                seen[t].push_back(out);
            }
        });
    for (auto& th : threads) th.join();
    CHECK(codes.size(sc::F::claim) == 500);
    // Every thread saw the table's code for each value.
    for (std::size_t t = 0; t < seen.size(); ++t)
        for (int i = 0; i < 2000; ++i) {
            std::string_view in = seen[t][static_cast<std::size_t>(i)];
            std::uint32_t n = 0;
            REQUIRE(read_code(in, n));
            CHECK(*codes.value(sc::F::claim, n) == "claim-" + std::to_string((i * 7 + static_cast<int>(t)) % 500));
        }
}

TEST_CASE("facet codes: a shard's counts read as Xapian's own spy merges them", "[codes]") {
    // Xapian's ValueCountMatchSpy writes the results a server sends; the
    // searcher's ShardCountSpy reads them. Values and counts of 255 and
    // more take a length of several bytes.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::string long_value(300, 'v');
    for (int i = 0; i < 700; ++i) {
        Xapian::Document doc;
        doc.add_value(0, i < 400 ? long_value : i % 3 == 0 ? std::string() : "short" + std::to_string(i % 7));
        db.add_document(doc);
    }
    Xapian::ValueCountMatchSpy server(0);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.add_matchspy(&server);
    enquire.get_mset(0, 0, db.get_doccount());
    const std::string sent = server.serialise_results();

    search::ShardCountSpy searcher(0);
    searcher.merge_results(sent);
    searcher.merge_results(sent);  // a second shard's
    std::map<std::string, Xapian::doccount> got, expected;
    for (const auto& [value, n] : searcher.received()) got[value] += n;
    for (auto v = server.values_begin(); v != server.values_end(); ++v) expected[*v] = 2 * v.get_termfreq();
    CHECK(got.at(long_value) == 800);
    CHECK(got == expected);
    CHECK(searcher.received().size() == 2 * expected.size());
    // Its own map stays empty: nothing counted twice by collect().
    CHECK(searcher.values_begin() == searcher.values_end());

    // Cut short, or with bytes left over: refused.
    search::ShardCountSpy bad(0);
    CHECK_THROWS_AS(bad.merge_results(sent.substr(0, sent.size() - 1)), Xapian::SerialisationError);
    CHECK_THROWS_AS(bad.merge_results(sent + "x"), Xapian::SerialisationError);
    CHECK_THROWS_AS(bad.merge_results(std::string("\xff", 1)), Xapian::SerialisationError);
}
