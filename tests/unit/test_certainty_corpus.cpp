// Certainty over the whole bundled corpus: rules, not counts (the corpus
// grows). No claim is rated above what the best design of its evidence
// allows, and the claims the GRADE rules were written for read as they must.
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "search/compare.hpp"
#include "search/pages.hpp"
#include "test_util.hpp"

using namespace evidence;
using namespace evidence::search;

namespace {

struct Bundled {
    TempDir tmp;
    Corpus corpus;
    std::unique_ptr<Searcher> searcher;
    Bundled() {
        auto loaded = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/corpus");
        for (const auto& e : loaded.errors) FAIL(e.str());
        corpus = std::move(loaded.corpus);
        index::IndexOptions opts;
        opts.db = tmp.path / "db";
        index::build_index(corpus, opts);
        searcher = std::make_unique<Searcher>(opts.db);
    }
};

Bundled& bundled() {
    static const auto b = std::make_unique<Bundled>();
    return *b;
}

// The most any one piece of evidence on the claim allows: its design's
// starting point, read from the corpus files rather than from the index.
Rating best_allowed(const Corpus& corpus, const Claim& claim) {
    Rating best = Rating::VeryLow;
    for (const auto& s : corpus.sources) {
        if (s.study && s.study->record.retracted) continue;
        for (const auto& a : s.assertions) {
            if (a.claim != claim.id) continue;
            const Design d = s.study ? s.study->design_type : Design::Unknown;
            best = std::max(best, starting_rating(claim.type, d, a.level));
        }
    }
    return best;
}

}  // namespace

TEST_CASE("certainty over the bundled corpus: no claim above what its best design allows", "[certainty][corpus]") {
    auto& b = bundled();
    REQUIRE(!b.corpus.claims.empty());
    for (const auto& claim : b.corpus.claims) {
        INFO(claim.id);
        const ClaimPage page = claim_page(*b.searcher, claim.id);
        const Certainty& c = page.evidence.certainty;
        CHECK(c.rating <= best_allowed(b.corpus, claim));
        // Without a randomised trial nothing is rated above low; without a
        // randomised or observational study, a claim that is not about
        // anatomy or mechanism is very low and an evidence gap.
        if (!c.randomised) CHECK(c.rating <= Rating::Low);
        if (c.evidence_gap && claim.type != ClaimType::Anatomy && claim.type != ClaimType::Mechanism)
            CHECK(c.rating == Rating::VeryLow);
        // Every step has its domain; every rating has its statement in words.
        for (const auto& s : c.steps) CHECK(!s.domain.empty());
        CHECK(!page.evidence.statement.empty());
        for (const auto& o : c.outcomes) CHECK(o.certainty.rating <= best_allowed(b.corpus, claim));
    }
}

TEST_CASE("certainty over the bundled corpus: the review of observational studies", "[certainty][corpus]") {
    const ClaimPage page = claim_page(*bundled().searcher, "hip-adduction-knee-rotation-cause");
    const Certainty& c = page.evidence.certainty;
    CHECK(c.rating != Rating::High);
    CHECK(c.rating <= Rating::Low);
    CHECK(c.start_design == "systematic review of observational studies");
    std::string all;
    for (const auto& s : c.explanation) all += s + "\n";
    INFO(all);
    CHECK(all.find("Starts low: the strongest direct evidence is systematic review of observational studies") !=
          std::string::npos);
    int downs = 0;
    for (const auto& s : c.steps) downs += s.change < 0;
    CHECK(downs >= 1);
    // Noehren 2007 is inside the review: counted once, there.
    bool noehren_not_counted = false;
    for (const auto& j : c.not_counted)
        if (j.source == "noehren-2007")
            noehren_not_counted = j.reason.find("included in the review aderem-louw-2015") != std::string::npos;
    CHECK(noehren_not_counted);
    for (const auto& j : c.counted) CHECK(j.source != "noehren-2007");
}

TEST_CASE(
    "certainty over the bundled corpus: preventive exercise (formerly strength-training-prevents-itbs) reads as "
    "evidence against",
    "[certainty][corpus]") {
    const ClaimPage page = claim_page(*bundled().searcher, "preventive-exercise-prevents-itbs");
    const Certainty& c = page.evidence.certainty;
    CHECK(c.direction == Direction::Against);
    const std::string& said = page.evidence.statement;
    INFO(said);
    const bool against = said.rfind("It is probably not true that", 0) == 0 ||
                         said.rfind("It may not be true that", 0) == 0 ||
                         said.rfind("The evidence shows that it is not true", 0) == 0 ||
                         said.find("leans against it") != std::string::npos;
    CHECK(against);
}
