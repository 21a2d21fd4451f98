// Certainty of a claim by PRODUCT.md's rules: a table of bodies of evidence
// and the rating, gap, steps and counted / not-counted lists they give.
#include <catch2/catch.hpp>

#include "search/certainty.hpp"

using namespace evidence;
using namespace evidence::search;

namespace {

// An assertion in one line: source, study?, level, stance, directness, sample.
EvidenceItem item(const std::string& source, bool study, int level, Stance stance,
                  Directness d = Directness::Direct, const std::string& sample = "", bool retracted = false,
                  std::vector<std::string> cites = {}) {
    EvidenceItem it;
    static int n = 0;
    it.id = source + "-" + std::to_string(++n);
    it.source = source;
    it.study = study;
    it.level = level;
    it.stance = stance;
    it.directness = d;
    it.sample_size = sample;
    it.retracted = retracted;
    it.cites = std::move(cites);
    return it;
}

constexpr auto S = Stance::Supports;
constexpr auto O = Stance::Opposes;
constexpr auto M = Stance::Mixed;
constexpr auto Surrogate = Directness::SurrogateOutcome;
constexpr auto Mech = Directness::Mechanistic;
constexpr auto Pop = Directness::IndirectPopulation;

}  // namespace

TEST_CASE("certainty: rating, evidence gap and steps", "[certainty]") {
    struct Row {
        std::string name;
        ClaimType type;
        std::vector<EvidenceItem> items;
        Rating rating;
        bool gap;
        std::vector<std::string> steps;  // each must appear in the explanation, in this order
    };
    const std::vector<Row> rows = {
        {"nothing at all", ClaimType::Efficacy, {}, Rating::VeryLow, true,
         {"Nothing assessable was counted", "Evidence gap"}},
        {"one large trial", ClaimType::Efficacy, {item("rct", true, 2, S, Directness::Direct, "120")},
         Rating::High, false, {"Starts high: the strongest direct evidence is randomized controlled trial (level 2)",
                               "Certainty: high."}},
        {"one small trial: imprecision", ClaimType::Efficacy, {item("rct", true, 2, S, Directness::Direct, "30 runners")},
         Rating::Moderate, false,
         {"Starts high", "Down one for imprecision: it rests on a single small study (30 participants)."}},
        {"one trial of unrecorded size: imprecision", ClaimType::Efficacy, {item("rct", true, 2, S)}, Rating::Moderate,
         false, {"Down one for imprecision: it rests on a single small study (sample size not recorded)."}},
        {"two small trials: not one study", ClaimType::Efficacy,
         {item("rct1", true, 2, S, Directness::Direct, "30"), item("rct2", true, 2, S, Directness::Direct, "40")},
         Rating::High, false, {"Certainty: high."}},
        {"trial for, cohort against: inconsistency", ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "120"), item("cohort", true, 3, O, Directness::Direct, "1,020")},
         Rating::Moderate, false,
         {"Starts high", "Down one for inconsistency: strong sources (level 1-3) disagree: 1 support and 1 oppose."}},
        {"review for, trial mixed: inconsistency", ClaimType::Prevention,
         {item("review", true, 1, S, Directness::Direct, "12 trials, 3,400 participants"),
          item("rct", true, 2, M, Directness::Direct, "500")},
         Rating::Moderate, false, {"Down one for inconsistency"}},
        {"weak sources disagreeing do not count as inconsistency", ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "200"), item("blog", false, 6, O), item("forum", false, 7, O)},
         Rating::High, false, {"Counted 3 assertions: 1 support and 2 oppose.", "Certainty: high."}},
        {"only cohort studies", ClaimType::Cause,
         {item("c1", true, 3, S, Directness::Direct, "400"), item("c2", true, 3, S, Directness::Direct, "900")},
         Rating::Low, false, {"Starts low: the strongest direct evidence is cohort / controlled non-randomized study"}},
        {"case series only: no study of level 1-3", ClaimType::Efficacy,
         {item("series", true, 4, S, Directness::Direct, "12 patients")}, Rating::VeryLow, true,
         {"Starts low", "Down one for imprecision", "Evidence gap"}},
        {"expert opinion and anecdotes", ClaimType::Efficacy, {item("blog", false, 6, S), item("forum", false, 7, S)},
         Rating::VeryLow, true,
         {"Starts very low: the strongest direct evidence is expert opinion (level 6).", "Evidence gap"}},
        {"a lab study never lifts an efficacy claim", ClaimType::Efficacy,
         {item("cadaver", true, 5, S, Directness::Direct, "15 cadavers")}, Rating::VeryLow, true,
         {"Starts very low", "Laboratory, anatomical or biomechanical evidence cannot on its own show this kind of claim"}},
        {"nor a prevention claim", ClaimType::Prevention, {item("gait-lab", true, 5, S, Mech, "20")}, Rating::VeryLow,
         true, {"Laboratory, anatomical or biomechanical evidence cannot"}},
        {"an anatomical study answers an anatomy claim", ClaimType::Anatomy,
         {item("cadaver", true, 5, S, Directness::Direct, "15 cadavers")}, Rating::Low, true,
         {"Starts low", "Laboratory and anatomical studies are the design that answers an anatomy or mechanism claim"}},
        {"only surrogate-outcome trials: indirectness", ClaimType::Efficacy,
         {item("rct", true, 2, S, Surrogate, "200"), item("rct2", true, 2, S, Pop, "150")}, Rating::Moderate, false,
         {"Starts high: the strongest evidence is randomized controlled trial (level 2).",
          "Down one for indirectness: there is no direct evidence; the strongest is in another population and on a "
          "surrogate outcome."}},
        {"direct evidence is the starting point, even when weaker", ClaimType::Efficacy,
         {item("rct", true, 2, S, Surrogate, "200"), item("cohort", true, 3, S, Directness::Direct, "300")},
         Rating::Low, false, {"Starts low: the strongest direct evidence is cohort"}},
        {"every step down, floored at very low", ClaimType::Efficacy,
         {item("cohort", true, 3, S, Mech, "20"), item("guideline", false, 3, O, Pop)}, Rating::VeryLow, false,
         {"Starts low", "Down one for indirectness", "Down one for inconsistency", "Down one for imprecision",
          "Certainty: very low."}},
        {"a retracted trial is not counted", ClaimType::Efficacy,
         {item("retracted", true, 2, S, Directness::Direct, "300", true), item("blog", false, 6, S)}, Rating::VeryLow,
         true, {"Starts very low", "Evidence gap: no review, trial or cohort study (level 1-3) addresses this claim "
                                   "(a retracted one is not counted)."}},
        {"an article citing a trial counts at its own level", ClaimType::Efficacy,
         {item("blog", false, 6, S, Directness::Direct, "", false, {"rct"})}, Rating::VeryLow, true,
         {"Starts very low: the strongest direct evidence is expert opinion (level 6)."}},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        const Certainty c = assess(r.type, r.items);
        CHECK(to_string(c.rating) == to_string(r.rating));
        CHECK(c.evidence_gap == r.gap);
        std::string all;
        for (const auto& s : c.explanation) all += s + "\n";
        INFO("explanation:\n" << all);
        std::size_t at = 0;
        for (const auto& step : r.steps) {
            const auto found = all.find(step, at);
            CHECK(found != std::string::npos);
            if (found != std::string::npos) at = found + step.size();
        }
        CHECK(c.explanation.back() == "Certainty: " + std::string(to_string(c.rating)) + ".");
        CHECK(c.counted.size() + c.not_counted.size() == r.items.size());
    }
}

TEST_CASE("certainty: what is counted and what is not, and why", "[certainty]") {
    std::vector<EvidenceItem> items = {
        item("trial", true, 2, S, Directness::Direct, "120"),
        item("trial", true, 2, S, Directness::Direct, "120"),  // a second finding of one study
        item("roller-2016", true, 2, O, Directness::Direct, "50", true),
        item("blog", false, 6, S, Directness::Direct, "", false, {"trial"}),
        item("nolevel", false, 0, S),
    };
    items[3].cites_retracted = {"roller-2016"};
    const Certainty c = assess(ClaimType::Efficacy, items);
    struct Row {
        std::size_t index;
        bool counted;
        std::string reason;
    };
    const std::vector<Row> rows = {
        {0, true, "the study's own finding, counted at its level: randomized controlled trial (level 2)"},
        {1, false, "another finding of trial on this claim: a study is counted once"},
        {2, false, "the study roller-2016 is retracted"},
        {3, true,
         "counted at its own level: expert opinion (level 6); the studies it cites (trial) count through their own "
         "findings; it cites a retracted study (roller-2016)"},
        {4, false, "no evidence level"},
    };
    for (const auto& r : rows) {
        INFO("item " << r.index);
        const auto& list = r.counted ? c.counted : c.not_counted;
        const auto it = std::find_if(list.begin(), list.end(),
                                     [&](const Judged& j) { return j.id == items[r.index].id; });
        REQUIRE(it != list.end());
        CHECK(it->reason == r.reason);
    }
    // The retracted trial's disagreement does not make the evidence inconsistent.
    CHECK(c.rating == Rating::High);
}

TEST_CASE("certainty: participants in a sample-size note", "[certainty]") {
    struct Row {
        std::string note;
        std::optional<long> n;
    };
    const std::vector<Row> rows = {
        {"120", 120},
        {"1,020 recruits", 1020},
        {"24 runners", 24},
        {"12 trials, 800 participants", 800},
        {"15 cadavers; MRI of 6 volunteers and 2 patients", 15},
        {"n = 45", 45},
        {"1,02", 2},  // not a thousands separator: two numbers
        {"", std::nullopt},
        {"not reported", std::nullopt},
    };
    for (const auto& r : rows) {
        INFO(r.note);
        CHECK(participants(r.note) == r.n);
    }
}
