// Certainty of a claim, in the manner of GRADE, by PRODUCT.md's rules
// ("Certainty of a claim"): no score, a rating with every step explained and
// the list of what was counted and what was not, and why. The starting point
// is the design of the evidence underneath (randomised: high; observational,
// or a review of observational studies: low; anything else alone: very low),
// then down for risk of bias, inconsistency, indirectness and imprecision,
// each step with its domain and reason; per claim and per outcome.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace evidence::search {

enum class Rating { VeryLow = 0, Low = 1, Moderate = 2, High = 3 };
std::string_view to_string(Rating);  // "very low", "low", "moderate", "high"

// Which way the evidence that carries the rating points.
enum class Direction { For, Against, Mixed, None };
std::string_view to_string(Direction);  // "for", "against", "mixed", "none"

// One assertion on the claim, as the certainty rules need it.
struct EvidenceItem {
    std::string id;      // the assertion's id
    std::string source;  // its source's id
    std::string voice;   // who says it inside the source: a post's author, or "" for the body
    bool study = false;  // the source is a study: this is the study's finding
    int level = 0;
    Stance stance = Stance::Supports;
    Directness directness = Directness::Direct;
    bool retracted = false;                    // the source is a retracted study
    std::string sample_size;                   // a study's, as annotated (read when `participants` is not set)
    std::vector<std::string> cites;            // studies the assertion cites
    std::vector<std::string> cites_retracted;  // those of them that are retracted
    // A study's structured annotation (Design::Unknown: the level decides).
    Design design = Design::Unknown;
    std::vector<std::string> includes;  // a review: the corpus's studies it includes
    std::optional<long> participants;
    RiskOfBias risk_of_bias = RiskOfBias::Unknown;
    std::string risk_of_bias_reason;
    std::optional<Outcome> outcome;
};

struct Judged {
    std::string id;
    std::string source;
    int level = 0;
    Stance stance = Stance::Supports;
    std::string reason;
};

// One line of a summary-of-findings row: the domain it belongs to
// ("start", "risk of bias", "inconsistency", "indirectness", "imprecision",
// "publication bias", "counted", "gap", "result"), the change of rating
// (0 or negative) and the words.
struct Step {
    std::string domain;
    int change = 0;
    std::string text;
};

struct OutcomeCertainty;

struct Certainty {
    Rating rating = Rating::VeryLow;
    Direction direction = Direction::None;
    std::vector<std::string> explanation;  // the steps, in plain words (the texts of `steps`)
    std::vector<Step> steps;
    bool evidence_gap = false;  // no randomised or observational study counted
    bool randomised = false;    // a randomised trial (or a review of them) is counted
    std::string start_design;   // what the starting point is, in words
    std::vector<Judged> counted;
    std::vector<Judged> not_counted;
    std::vector<OutcomeCertainty> outcomes;  // per outcome, where findings state one
};

struct OutcomeCertainty {
    Outcome outcome = Outcome::Unknown;
    Certainty certainty;  // its own `outcomes` empty
};

// Below this many participants in the body of evidence: imprecision.
constexpr long kSmallStudy = 100;

// Participants in a sample-size note ("120", "1,020 recruits", "12 trials,
// 800 participants"): its largest number; nullopt when it has none.
std::optional<long> participants(std::string_view sample_size);

// Where a single piece of evidence starts for a claim of `type`: by its
// design when annotated, else by its level.
Rating starting_rating(ClaimType type, Design design, int level);
inline Rating starting_rating(ClaimType type, int level) { return starting_rating(type, Design::Unknown, level); }

Certainty assess(ClaimType type, const std::vector<EvidenceItem>& items);

// GRADE's informative statement (Santesso et al., GRADE guidelines 26) for a
// claim: "It is probably not true that strength training prevents ITBS."
std::string plain_statement(const Certainty& c, std::string_view claim_statement);
// Scope, where it matters: "No randomised trial in this collection addresses
// this claim." for a treatment, prevention or harm claim without one; "".
std::string scope_note(const Certainty& c, ClaimType type);

// Short names for verdict lines: "randomized trial", "expert opinion".
std::string_view level_short_name(int level);

}  // namespace evidence::search
