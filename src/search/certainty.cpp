#include "search/certainty.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace evidence::search {

namespace {

Rating down(Rating r) { return r == Rating::VeryLow ? r : static_cast<Rating>(static_cast<int>(r) - 1); }

bool lab_evidence_answers(ClaimType t) { return t == ClaimType::Mechanism || t == ClaimType::Anatomy; }

std::string level_phrase(int level) {
    return std::string(level_label(level)) + " (level " + std::to_string(level) + ")";
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out += i + 1 == v.size() ? " and " : ", ";
        out += v[i];
    }
    return out;
}

std::string stance_tally(const std::map<Stance, int>& n) {
    std::vector<std::string> parts;
    if (auto it = n.find(Stance::Supports); it != n.end()) parts.push_back(std::to_string(it->second) + " support");
    if (auto it = n.find(Stance::Opposes); it != n.end()) parts.push_back(std::to_string(it->second) + " oppose");
    if (auto it = n.find(Stance::Mixed); it != n.end()) parts.push_back(std::to_string(it->second) + " mixed");
    return join(parts);
}

std::string what_indirect(const std::set<Directness>& kinds) {
    std::vector<std::string> parts;
    for (Directness d : kinds) {
        switch (d) {
            case Directness::IndirectPopulation: parts.emplace_back("in another population"); break;
            case Directness::SurrogateOutcome: parts.emplace_back("on a surrogate outcome"); break;
            case Directness::Mechanistic: parts.emplace_back("mechanistic"); break;
            case Directness::Direct: break;
        }
    }
    return join(parts);
}

}  // namespace

std::string_view to_string(Rating r) {
    static constexpr std::array<std::string_view, 4> kNames{"very low", "low", "moderate", "high"};
    return kNames[static_cast<std::size_t>(r)];
}

std::string_view level_short_name(int level) {
    static constexpr std::array<std::string_view, 8> kNames{
        "none",          "systematic review",        "randomized trial", "cohort study",
        "case series or case-control study", "laboratory or anatomical study", "expert opinion", "anecdote"};
    return valid_level(level) ? kNames[static_cast<std::size_t>(level)] : kNames[0];
}

std::optional<long> participants(std::string_view s) {
    auto digit = [&](std::size_t k) { return k < s.size() && std::isdigit(static_cast<unsigned char>(s[k])); };
    std::optional<long> best;
    for (std::size_t i = 0; i < s.size();) {
        if (!digit(i)) {
            ++i;
            continue;
        }
        long n = 0;
        std::size_t j = i;
        for (;;) {
            if (digit(j)) {
                n = std::min(n * 10 + (s[j] - '0'), 1000000000L);
                ++j;
            } else if (s[j] == ',' && digit(j + 1) && digit(j + 2) && digit(j + 3) && !digit(j + 4)) {
                ++j;  // a thousands separator: "1,020"
            } else {
                break;
            }
            if (j >= s.size()) break;
        }
        if (!best || n > *best) best = n;
        i = j;
    }
    return best;
}

Rating starting_rating(ClaimType type, int level) {
    if (level <= 2) return Rating::High;
    if (level <= 4) return Rating::Low;
    // Laboratory, anatomical and imaging studies are how an anatomy or
    // mechanism question is answered, so there they start as observational
    // studies do; for any other claim they never lift it above very low.
    if (level == 5 && lab_evidence_answers(type)) return Rating::Low;
    return Rating::VeryLow;
}

Certainty assess(ClaimType type, const std::vector<EvidenceItem>& items) {
    Certainty c;
    std::vector<const EvidenceItem*> counted;
    std::set<std::string> studies_counted;
    bool retracted_strong = false;
    for (const auto& it : items) {
        Judged j{it.id, it.source, it.level, it.stance, ""};
        if (!valid_level(it.level)) {
            j.reason = "no evidence level";
            c.not_counted.push_back(std::move(j));
            continue;
        }
        if (it.study && it.retracted) {
            j.reason = "the study " + it.source + " is retracted";
            retracted_strong = retracted_strong || it.level <= 3;
            c.not_counted.push_back(std::move(j));
            continue;
        }
        if (it.study && !studies_counted.insert(it.source).second) {
            j.reason = "another finding of " + it.source + " on this claim: a study is counted once";
            c.not_counted.push_back(std::move(j));
            continue;
        }
        if (it.study) {
            j.reason = "the study's own finding, counted at its level: " + level_phrase(it.level);
        } else {
            j.reason = "counted at its own level: " + level_phrase(it.level);
            if (!it.cites.empty())
                j.reason += "; the studies it cites (" + join(it.cites) + ") count through their own findings";
        }
        if (!it.cites_retracted.empty()) j.reason += "; it cites a retracted study (" + join(it.cites_retracted) + ")";
        c.counted.push_back(std::move(j));
        counted.push_back(&it);
    }

    std::map<Stance, int> tally;
    for (const auto* it : counted) ++tally[it->stance];
    const bool any_strong_study = std::any_of(counted.begin(), counted.end(), [](const EvidenceItem* it) {
        return it->study && it->level <= 3;
    });
    c.evidence_gap = !any_strong_study;
    if (counted.empty()) {
        c.rating = Rating::VeryLow;
        c.explanation.push_back("Nothing assessable was counted, so certainty is very low.");
        c.explanation.push_back(std::string("Evidence gap: no review, trial or cohort study (level 1-3) addresses "
                                            "this claim") +
                                (retracted_strong ? " (a retracted one is not counted)." : "."));
        c.explanation.push_back("Certainty: very low.");
        return c;
    }
    c.explanation.push_back("Counted " + std::to_string(counted.size()) + " assertion" +
                            (counted.size() == 1 ? "" : "s") + ": " + stance_tally(tally) + ".");

    // Start from the strongest direct evidence; with none, from the strongest
    // indirect evidence, one step down.
    int direct_level = 0, any_level = 0;
    for (const auto* it : counted) {
        if (any_level == 0 || it->level < any_level) any_level = it->level;
        if (it->directness == Directness::Direct && (direct_level == 0 || it->level < direct_level))
            direct_level = it->level;
    }
    const int start_level = direct_level ? direct_level : any_level;
    Rating r = starting_rating(type, start_level);
    c.explanation.push_back("Starts " + std::string(to_string(r)) + ": the strongest " +
                            (direct_level ? "direct " : "") + "evidence is " + level_phrase(start_level) + ".");
    if (start_level == 5 && !lab_evidence_answers(type))
        c.explanation.push_back("Laboratory, anatomical or biomechanical evidence cannot on its own show this kind "
                                "of claim, so it is not rated above very low.");
    else if (start_level == 5)
        c.explanation.push_back("Laboratory and anatomical studies are the design that answers an anatomy or "
                                "mechanism claim, so they start as observational evidence does.");
    if (!direct_level) {
        std::set<Directness> kinds;
        for (const auto* it : counted)
            if (it->level == start_level) kinds.insert(it->directness);
        r = down(r);
        c.explanation.push_back("Down one for indirectness: there is no direct evidence; the strongest is " +
                                what_indirect(kinds) + ".");
    }

    std::map<Stance, int> strong;
    for (const auto* it : counted)
        if (it->level <= 3) ++strong[it->stance];
    if (strong.size() > 1) {
        r = down(r);
        c.explanation.push_back("Down one for inconsistency: strong sources (level 1-3) disagree: " +
                                stance_tally(strong) + ".");
    }

    // Imprecision: the rating rests on one study of level 1-4, and it is small.
    std::vector<const EvidenceItem*> rated_studies;
    for (const auto* it : counted)
        if (it->study && it->level <= 4) rated_studies.push_back(it);
    if (start_level <= 4 && rated_studies.size() == 1 && rated_studies.front()->level == start_level) {
        const auto n = participants(rated_studies.front()->sample_size);
        if (!n || *n < kSmallStudy) {
            r = down(r);
            c.explanation.push_back(
                "Down one for imprecision: it rests on a single small study (" +
                (n ? std::to_string(*n) + " participants" : std::string("sample size not recorded")) + ").");
        }
    }

    if (c.evidence_gap)
        c.explanation.push_back(std::string("Evidence gap: no review, trial or cohort study (level 1-3) addresses "
                                            "this claim") +
                                (retracted_strong ? " (a retracted one is not counted)." : "."));
    c.rating = r;
    c.explanation.push_back("Certainty: " + std::string(to_string(r)) + ".");
    return c;
}

}  // namespace evidence::search
