// Certainty of a claim by PRODUCT.md's rules: a table of bodies of evidence
// and the rating, gap, steps and counted / not-counted lists they give.
#include <catch2/catch.hpp>

#include "search/certainty.hpp"

using namespace evidence;
using namespace evidence::search;

namespace {

// An assertion in one line: source, study?, level, stance, directness, sample.
EvidenceItem item(const std::string& source, bool study, int level, Stance stance, Directness d = Directness::Direct,
                  const std::string& sample = "", bool retracted = false, std::vector<std::string> cites = {}) {
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

// A study with its design annotated.
EvidenceItem designed(const std::string& source, int level, Stance stance, Design design, std::optional<long> n,
                      RiskOfBias rob, const std::string& why = "") {
    EvidenceItem it = item(source, true, level, stance);
    it.design = design;
    it.participants = n;
    it.risk_of_bias = rob;
    it.risk_of_bias_reason = why;
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
        {"nothing at all",
         ClaimType::Efficacy,
         {},
         Rating::VeryLow,
         true,
         {"Nothing assessable was counted", "Evidence gap"}},
        {"one large trial",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "120")},
         Rating::High,
         false,
         {"Starts high: the strongest direct evidence is randomized controlled trial (level 2)",
          "No step for imprecision: 120 participants in rct.", "Certainty: high."}},
        {"one small trial: imprecision",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "30 runners")},
         Rating::Moderate,
         false,
         {"Starts high", "Down one for imprecision: it rests on a single small study (30 participants)."}},
        {"one trial of unrecorded size: imprecision",
         ClaimType::Efficacy,
         {item("rct", true, 2, S)},
         Rating::Moderate,
         false,
         {"Down one for imprecision: it rests on a single small study (sample size not recorded)."}},
        {"two small trials: few participants in all",
         ClaimType::Efficacy,
         {item("rct1", true, 2, S, Directness::Direct, "30"), item("rct2", true, 2, S, Directness::Direct, "40")},
         Rating::Moderate,
         false,
         {"No step for inconsistency: the 2 studies agree.",
          "Down one for imprecision: few participants in all (70 in 2 studies)."}},
        {"two trials, enough participants",
         ClaimType::Efficacy,
         {item("rct1", true, 2, S, Directness::Direct, "60"), item("rct2", true, 2, S, Directness::Direct, "80")},
         Rating::High,
         false,
         {"No step for imprecision: 140 participants in 2 studies.", "Certainty: high."}},
        {"trial for, cohort against: inconsistency",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "120"), item("cohort", true, 3, O, Directness::Direct, "1,020")},
         Rating::Moderate,
         false,
         {"Starts high",
          "Down one for inconsistency: the studies able to rate this claim disagree: 1 support and 1 oppose."}},
        {"review for, trial mixed: inconsistency",
         ClaimType::Prevention,
         {item("review", true, 1, S, Directness::Direct, "12 trials, 3,400 participants"),
          item("rct", true, 2, M, Directness::Direct, "500")},
         Rating::Moderate,
         false,
         {"Down one for inconsistency"}},
        {"weak sources disagreeing do not count as inconsistency",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Directness::Direct, "200"), item("blog", false, 6, O), item("forum", false, 7, O)},
         Rating::High,
         false,
         {"Counted 3 assertions: 1 support and 2 oppose.", "Certainty: high."}},
        {"only cohort studies",
         ClaimType::Cause,
         {item("c1", true, 3, S, Directness::Direct, "400"), item("c2", true, 3, S, Directness::Direct, "900")},
         Rating::Low,
         false,
         {"Starts low: the strongest direct evidence is cohort / controlled non-randomized study"}},
        {"a case series of unrecorded design starts as observational",
         ClaimType::Efficacy,
         {item("series", true, 4, S, Directness::Direct, "12 patients")},
         Rating::VeryLow,
         true,
         {"Starts low", "Down one for imprecision", "Evidence gap"}},
        {"a case series by design: very low, evidence gap",
         ClaimType::Efficacy,
         {designed("series", 4, S, Design::CaseSeries, 16, RiskOfBias::High)},
         Rating::VeryLow,
         true,
         {"Starts very low: the strongest direct evidence is case series (level 4).", "Evidence gap"}},
        {"expert opinion and anecdotes",
         ClaimType::Efficacy,
         {item("blog", false, 6, S), item("forum", false, 7, S)},
         Rating::VeryLow,
         true,
         {"Starts very low: the strongest direct evidence is expert opinion (level 6).", "Evidence gap"}},
        {"a lab study never lifts an efficacy claim",
         ClaimType::Efficacy,
         {item("cadaver", true, 5, S, Directness::Direct, "15 cadavers")},
         Rating::VeryLow,
         true,
         {"Starts very low",
          "Laboratory, anatomical or biomechanical evidence cannot on its own show this kind of claim"}},
        {"nor a prevention claim",
         ClaimType::Prevention,
         {item("gait-lab", true, 5, S, Mech, "20")},
         Rating::VeryLow,
         true,
         {"Laboratory, anatomical or biomechanical evidence cannot"}},
        {"an anatomical study answers an anatomy claim",
         ClaimType::Anatomy,
         {item("cadaver", true, 5, S, Directness::Direct, "15 cadavers")},
         Rating::Low,
         true,
         {"Starts low", "Laboratory and anatomical studies are the design that answers an anatomy or mechanism claim",
          "Certainty: low."}},
        {"anatomical studies that disagree: inconsistency",
         ClaimType::Anatomy,
         {designed("dissection", 5, O, Design::Laboratory, 15, RiskOfBias::Unknown),
          designed("ultrasound", 5, S, Design::Laboratory, 20, RiskOfBias::Unknown)},
         Rating::VeryLow,
         true,
         {"Starts low", "Down one for inconsistency"}},
        {"only surrogate-outcome trials: indirectness",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Surrogate, "200"), item("rct2", true, 2, S, Pop, "150")},
         Rating::Moderate,
         false,
         {"Starts high: the strongest evidence is randomized controlled trial (level 2).",
          "Down one for indirectness: there is no direct evidence; the strongest is in another population and on a "
          "surrogate outcome."}},
        {"direct evidence is the starting point, even when weaker",
         ClaimType::Efficacy,
         {item("rct", true, 2, S, Surrogate, "200"), item("cohort", true, 3, S, Directness::Direct, "300")},
         Rating::Low,
         false,
         {"Starts low: the strongest direct evidence is cohort"}},
        {"every step down, floored at very low",
         ClaimType::Efficacy,
         {item("cohort", true, 3, S, Mech, "20"), item("guideline", false, 3, O, Pop)},
         Rating::VeryLow,
         false,
         {"Starts low", "Down one for inconsistency", "Down one for indirectness", "Down one for imprecision",
          "Certainty: very low."}},
        {"a retracted trial is not counted",
         ClaimType::Efficacy,
         {item("retracted", true, 2, S, Directness::Direct, "300", true), item("blog", false, 6, S)},
         Rating::VeryLow,
         true,
         {"Starts very low",
          "Evidence gap: no randomised or observational study in this collection addresses "
          "this claim (a retracted one is not counted)."}},
        {"an article citing a trial counts at its own level",
         ClaimType::Efficacy,
         {item("blog", false, 6, S, Directness::Direct, "", false, {"rct"})},
         Rating::VeryLow,
         true,
         {"Starts very low: the strongest direct evidence is expert opinion (level 6)."}},
        // Design, not the label of the strongest document, is the starting point.
        {"a review of observational studies starts low",
         ClaimType::Cause,
         {designed("review", 1, S, Design::ReviewOfObservational, 2000, RiskOfBias::Low)},
         Rating::Low,
         false,
         {"Starts low: the strongest direct evidence is systematic review of observational studies (level 1). A "
          "review carries the certainty of the designs it includes.",
          "No step for risk of bias: review at low risk of bias.", "Certainty: low."}},
        {"a review of randomised trials starts high",
         ClaimType::Efficacy,
         {designed("review", 1, S, Design::ReviewOfRcts, 2000, RiskOfBias::Low)},
         Rating::High,
         false,
         {"Starts high: the strongest direct evidence is systematic review of randomised trials (level 1)."}},
        {"a review of unrecorded designs starts low",
         ClaimType::Efficacy,
         {item("review", true, 1, S, Directness::Direct, "3,000")},
         Rating::Low,
         false,
         {"Starts low: the strongest direct evidence is systematic review / meta-analysis (level 1)."}},
        {"a cluster-randomised trial starts high",
         ClaimType::Prevention,
         {designed("cluster", 2, O, Design::ClusterRct, 1020, RiskOfBias::Low)},
         Rating::High,
         false,
         {"Starts high: the strongest direct evidence is cluster-randomised trial (level 2)."}},
        {"high risk of bias: down one",
         ClaimType::Efficacy,
         {designed("rct", 2, S, Design::Rct, 500, RiskOfBias::High, "no blinding")},
         Rating::Moderate,
         false,
         {"Down one for risk of bias: rct is at high risk of bias (no blinding)."}},
        {"some concerns throughout: down one",
         ClaimType::Efficacy,
         {designed("rct1", 2, S, Design::Rct, 500, RiskOfBias::SomeConcerns, "unclear allocation"),
          designed("rct2", 2, S, Design::Rct, 500, RiskOfBias::SomeConcerns, "attrition")},
         Rating::Moderate,
         false,
         {"Down one for risk of bias: rct1 has some concerns (unclear allocation) and rct2 has some concerns "
          "(attrition)."}},
        {"some concerns beside a low-risk trial: no step",
         ClaimType::Efficacy,
         {designed("rct1", 2, S, Design::Rct, 500, RiskOfBias::Low),
          designed("rct2", 2, S, Design::Rct, 500, RiskOfBias::SomeConcerns, "attrition")},
         Rating::High,
         false,
         {"No step for risk of bias: rct1 at low risk of bias."}},
        {"risk of bias not assessed: said, not rated down",
         ClaimType::Prevention,
         {designed("rct1", 2, O, Design::Rct, 720, RiskOfBias::Unknown),
          designed("rct2", 2, O, Design::ClusterRct, 1020, RiskOfBias::Unknown)},
         Rating::High,
         false,
         {"Risk of bias not assessed for rct1 and rct2: not rated down for it, so this rating may be too high.",
          "Certainty: high."}},
        {"a laboratory design on an efficacy claim",
         ClaimType::Efficacy,
         {designed("model", 5, O, Design::Laboratory, 1, RiskOfBias::Unknown)},
         Rating::VeryLow,
         true,
         {"Starts very low: the strongest direct evidence is laboratory or anatomical study (level 5)."}},
        {"a narrative review is not a systematic one",
         ClaimType::Anatomy,
         {designed("narrative", 6, S, Design::NarrativeReview, std::nullopt, RiskOfBias::Unknown)},
         Rating::VeryLow,
         true,
         {"Starts very low: the strongest direct evidence is narrative review (level 6)."}},
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
        // Each step has its domain, and the steps that move the rating add up to it.
        REQUIRE(c.steps.size() == c.explanation.size());
        int change = 0;
        for (const auto& s : c.steps) {
            CHECK(!s.domain.empty());
            change += s.change;
        }
        if (!c.counted.empty()) {
            Rating start = Rating::VeryLow;
            for (const auto& s : c.steps)
                if (s.domain == "start" && s.text.rfind("Starts ", 0) == 0)
                    for (Rating x : {Rating::VeryLow, Rating::Low, Rating::Moderate, Rating::High})
                        if (s.text.rfind("Starts " + std::string(to_string(x)) + ":", 0) == 0) start = x;
            CHECK(std::max(0, static_cast<int>(start) + change) == static_cast<int>(c.rating));
        }
    }
}

TEST_CASE("certainty: a study counts once, however many reviews and articles cite it", "[certainty]") {
    // The hip-adduction case: a review of one prospective and twelve
    // cross-sectional studies, the prospective study also annotated on its
    // own, and one article with four statements on the claim.
    EvidenceItem review = designed("aderem", 1, S, Design::ReviewOfObservational, std::nullopt,
                                   RiskOfBias::SomeConcerns, "limited evidence");
    review.includes = {"noehren"};
    EvidenceItem cohort = designed("noehren", 3, S, Design::Cohort, std::nullopt, RiskOfBias::Unknown);
    std::vector<EvidenceItem> items = {review, cohort};
    for (int i = 0; i < 4; ++i)
        items.push_back(item("shop-article", false, 6, S, Directness::Direct, "", false, {"noehren"}));
    items.push_back(item("forum", false, 7, S));
    items.back().voice = "runner-1";
    items.push_back(item("forum", false, 7, O));
    items.back().voice = "runner-2";
    const Certainty c = assess(ClaimType::Cause, items);

    struct Row {
        std::size_t index;
        bool counted;
        std::string reason;
    };
    const std::vector<Row> rows = {
        {0, true, "the study's own finding, counted at its level: systematic review / meta-analysis (level 1)"},
        {1, false, "included in the review aderem, which is counted: a study counts once"},
        {2, true,
         "counted at its own level: expert opinion (level 6); the studies it cites (noehren) count through their own "
         "findings"},
        {3, false,
         "another statement of shop-article on this claim: a source counts once however many of its sentences are "
         "annotated"},
        {4, false,
         "another statement of shop-article on this claim: a source counts once however many of its sentences are "
         "annotated"},
        {5, false,
         "another statement of shop-article on this claim: a source counts once however many of its sentences are "
         "annotated"},
        {6, true, "counted at its own level: anecdote (level 7)"},  // two people in one thread: two voices
        {7, true, "counted at its own level: anecdote (level 7)"},
    };
    for (const auto& r : rows) {
        INFO("item " << r.index);
        const auto& list = r.counted ? c.counted : c.not_counted;
        const auto it =
            std::find_if(list.begin(), list.end(), [&](const Judged& j) { return j.id == items[r.index].id; });
        REQUIRE(it != list.end());
        CHECK(it->reason == r.reason);
    }
    CHECK(c.counted.size() == 4);
    CHECK(c.rating == Rating::VeryLow);
    CHECK(c.start_design == "systematic review of observational studies");
    std::string all;
    for (const auto& s : c.explanation) all += s + "\n";
    CHECK(all.find("Starts low: the strongest direct evidence is systematic review of observational studies (level "
                   "1). A review carries the certainty of the designs it includes.") != std::string::npos);
    CHECK(all.find("Down one for risk of bias: aderem has some concerns (limited evidence).") != std::string::npos);
    CHECK(all.find("Down one for imprecision: it rests on a single small study (sample size not recorded).") !=
          std::string::npos);
    CHECK(c.direction == Direction::For);

    // Without the review, the cohort counts on its own.
    const Certainty alone = assess(ClaimType::Cause, {cohort});
    REQUIRE(alone.counted.size() == 1);
    CHECK(alone.counted.front().source == "noehren");

    // An article whose statements on one claim differ in stance counts once, as mixed.
    std::vector<EvidenceItem> two = {item("blog", false, 6, S), item("blog", false, 6, O)};
    const Certainty m = assess(ClaimType::Efficacy, two);
    REQUIRE(m.counted.size() == 1);
    CHECK(m.counted.front().stance == Stance::Mixed);
    CHECK(m.direction == Direction::Mixed);
}

TEST_CASE("certainty: per outcome", "[certainty]") {
    EvidenceItem pain = designed("rct", 2, O, Design::Rct, 400, RiskOfBias::Low);
    pain.outcome = Outcome::Pain;
    EvidenceItem function = designed("series", 4, S, Design::CaseSeries, 16, RiskOfBias::High, "no control");
    function.outcome = Outcome::Function;
    const Certainty c = assess(ClaimType::Efficacy, {pain, function, item("blog", false, 6, S)});
    REQUIRE(c.outcomes.size() == 2);
    CHECK(c.outcomes[0].outcome == Outcome::Pain);
    CHECK(c.outcomes[0].certainty.rating == Rating::High);
    CHECK(c.outcomes[0].certainty.direction == Direction::Against);
    CHECK(c.outcomes[1].outcome == Outcome::Function);
    CHECK(c.outcomes[1].certainty.rating == Rating::VeryLow);
    CHECK(c.outcomes[1].certainty.evidence_gap);
    CHECK(c.outcomes[1].certainty.direction == Direction::For);
    CHECK(c.outcomes[1].certainty.outcomes.empty());
}

TEST_CASE("certainty: direction in plain words (GRADE informative statements)", "[certainty]") {
    const std::string claim = "A strength programme lowers the risk of ITBS.";
    struct Row {
        Rating rating;
        Direction direction;
        std::string expected;
    };
    const std::vector<Row> rows = {
        {Rating::High, Direction::For, "The evidence shows that a strength programme lowers the risk of ITBS."},
        {Rating::High, Direction::Against,
         "The evidence shows that it is not true that a strength programme lowers the risk of ITBS."},
        {Rating::Moderate, Direction::For, "It is probably true that a strength programme lowers the risk of ITBS."},
        {Rating::Moderate, Direction::Against,
         "It is probably not true that a strength programme lowers the risk of ITBS."},
        {Rating::Low, Direction::For, "It may be true that a strength programme lowers the risk of ITBS."},
        {Rating::Low, Direction::Against, "It may not be true that a strength programme lowers the risk of ITBS."},
        {Rating::Low, Direction::Mixed,
         "It is unclear whether a strength programme lowers the risk of ITBS: the evidence points both ways."},
        {Rating::VeryLow, Direction::For,
         "We are uncertain whether a strength programme lowers the risk of ITBS; what evidence there is leans for it."},
        {Rating::VeryLow, Direction::Against,
         "We are uncertain whether a strength programme lowers the risk of ITBS; what evidence there is leans against "
         "it."},
        {Rating::VeryLow, Direction::None,
         "There is no assessable evidence in this collection on whether a strength programme lowers the risk of ITBS."},
    };
    for (const auto& r : rows) {
        Certainty c;
        c.rating = r.rating;
        c.direction = r.direction;
        CHECK(plain_statement(c, claim) == r.expected);
    }
    Certainty c;
    c.rating = Rating::Low;
    c.direction = Direction::For;
    CHECK(plain_statement(c, "ITBS comes from friction.") == "It may be true that ITBS comes from friction.");
    CHECK(plain_statement(c, "IT band tightness causes pain") == "It may be true that IT band tightness causes pain.");
    CHECK(scope_note(c, ClaimType::Efficacy) == "No randomised trial in this collection addresses this claim.");
    CHECK(scope_note(c, ClaimType::Anatomy).empty());
    c.randomised = true;
    CHECK(scope_note(c, ClaimType::Prevention).empty());
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
        const auto it =
            std::find_if(list.begin(), list.end(), [&](const Judged& j) { return j.id == items[r.index].id; });
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
