// Certainty of a claim, in the manner of GRADE, by PRODUCT.md's rules
// ("Certainty of a claim"): no score, a rating with every step explained and
// the list of what was counted and what was not, and why.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace evidence::search {

enum class Rating { VeryLow = 0, Low = 1, Moderate = 2, High = 3 };
std::string_view to_string(Rating);  // "very low", "low", "moderate", "high"

// One assertion on the claim, as the certainty rules need it.
struct EvidenceItem {
    std::string id;       // the assertion's id
    std::string source;   // its source's id
    bool study = false;   // the source is a study: this is the study's finding
    int level = 0;
    Stance stance = Stance::Supports;
    Directness directness = Directness::Direct;
    bool retracted = false;            // the source is a retracted study
    std::string sample_size;           // a study's, as annotated
    std::vector<std::string> cites;    // studies the assertion cites
    std::vector<std::string> cites_retracted;  // those of them that are retracted
};

struct Judged {
    std::string id;
    std::string source;
    int level = 0;
    Stance stance = Stance::Supports;
    std::string reason;
};

struct Certainty {
    Rating rating = Rating::VeryLow;
    std::vector<std::string> explanation;  // the steps, in plain words
    bool evidence_gap = false;             // no study of level 1-3 on the claim
    std::vector<Judged> counted;
    std::vector<Judged> not_counted;
};

// A study below this many participants is "small" (imprecision).
constexpr long kSmallStudy = 100;

// Participants in a sample-size note ("120", "1,020 recruits", "12 trials,
// 800 participants"): its largest number; nullopt when it has none.
std::optional<long> participants(std::string_view sample_size);

// The starting rating for the strongest evidence of `level` on a claim of `type`.
Rating starting_rating(ClaimType type, int level);

Certainty assess(ClaimType type, const std::vector<EvidenceItem>& items);

// Short names for verdict lines: "randomized trial", "expert opinion".
std::string_view level_short_name(int level);

}  // namespace evidence::search
