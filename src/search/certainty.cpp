#include "search/certainty.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

namespace evidence::search {

namespace {

Rating down(Rating r) { return r == Rating::VeryLow ? r : static_cast<Rating>(static_cast<int>(r) - 1); }

bool lab_evidence_answers(ClaimType t) { return t == ClaimType::Mechanism || t == ClaimType::Anatomy; }

std::string level_phrase(int level) {
    return std::string(level_label(level)) + " (level " + std::to_string(level) + ")";
}

// What a piece of evidence is, for the explanation: its design when annotated.
std::string what_it_is(const EvidenceItem& it) {
    if (it.design != Design::Unknown)
        return std::string(design_label(it.design)) + " (level " + std::to_string(it.level) + ")";
    return level_phrase(it.level);
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
            case Directness::IndirectPopulation:
                parts.emplace_back("in another population");
                break;
            case Directness::SurrogateOutcome:
                parts.emplace_back("on a surrogate outcome");
                break;
            case Directness::Mechanistic:
                parts.emplace_back("mechanistic");
                break;
            case Directness::Direct:
                break;
        }
    }
    return join(parts);
}

// A study that can carry a rating above "evidence gap": randomised or
// observational (by design, or by level when the design is not recorded).
bool controlled_study(const EvidenceItem& it) {
    if (!it.study) return false;
    if (it.design != Design::Unknown) return design_class(it.design) != DesignClass::Other;
    return it.level <= 3;
}

bool randomised(const EvidenceItem& it) {
    if (it.design != Design::Unknown) return design_class(it.design) == DesignClass::Randomised;
    return it.level == 2;
}

std::optional<long> people(const EvidenceItem& it) {
    return it.participants ? it.participants : participants(it.sample_size);
}

// The counted and not-counted lists: a study counts once (however many of its
// findings, and however many reviews and articles cite it: a study included
// in a counted review counts through the review); a source, or one voice in
// a forum thread, counts once however many of its sentences are annotated.
struct Judging {
    std::vector<EvidenceItem> counted;  // copies: a source's stance may become mixed
    bool retracted_strong = false;
};

Judging judge(const std::vector<EvidenceItem>& items, Certainty& c) {
    Judging out;
    std::map<std::string, std::string> included_by;  // study -> the counted review that includes it
    for (const auto& it : items)
        if (it.study && !it.retracted && valid_level(it.level))
            for (const auto& inc : it.includes)
                if (inc != it.source) included_by.emplace(inc, it.source);
    std::map<std::string, std::size_t> studies_counted, voices_counted;  // -> index in out.counted
    for (const auto& it : items) {
        Judged j{it.id, it.source, it.level, it.stance, ""};
        if (!valid_level(it.level)) {
            j.reason = "no evidence level";
            c.not_counted.push_back(std::move(j));
            continue;
        }
        if (it.study && it.retracted) {
            j.reason = "the study " + it.source + " is retracted";
            out.retracted_strong = out.retracted_strong || it.level <= 3;
            c.not_counted.push_back(std::move(j));
            continue;
        }
        if (it.study) {
            if (auto r = included_by.find(it.source); r != included_by.end()) {
                j.reason = "included in the review " + r->second + ", which is counted: a study counts once";
                c.not_counted.push_back(std::move(j));
                continue;
            }
            if (studies_counted.count(it.source)) {
                j.reason = "another finding of " + it.source + " on this claim: a study is counted once";
                c.not_counted.push_back(std::move(j));
                continue;
            }
            studies_counted[it.source] = out.counted.size();
            j.reason = "the study's own finding, counted at its level: " + level_phrase(it.level);
        } else {
            const std::string key = it.source + '\x1f' + it.voice;
            if (auto seen = voices_counted.find(key); seen != voices_counted.end()) {
                EvidenceItem& first = out.counted[seen->second];
                std::string why = "another statement of " + it.source + (it.voice.empty() ? "" : " by " + it.voice) +
                                  " on this claim: a source counts once however many of its sentences are annotated";
                if (first.stance != it.stance && first.stance != Stance::Mixed) {
                    first.stance = Stance::Mixed;
                    for (auto& counted : c.counted)
                        if (counted.id == first.id) {
                            counted.stance = Stance::Mixed;
                            counted.reason += "; its statements on this claim differ in stance, so it counts as mixed";
                        }
                }
                j.reason = std::move(why);
                c.not_counted.push_back(std::move(j));
                continue;
            }
            voices_counted[key] = out.counted.size();
            j.reason = "counted at its own level: " + level_phrase(it.level);
            if (!it.cites.empty())
                j.reason += "; the studies it cites (" + join(it.cites) + ") count through their own findings";
        }
        if (!it.cites_retracted.empty()) j.reason += "; it cites a retracted study (" + join(it.cites_retracted) + ")";
        c.counted.push_back(std::move(j));
        out.counted.push_back(it);
    }
    return out;
}

class Steps {
public:
    explicit Steps(Certainty& c) : c_(c) {}
    void add(std::string domain, int change, std::string text) {
        c_.explanation.push_back(text);
        c_.steps.push_back({std::move(domain), change, std::move(text)});
    }

private:
    Certainty& c_;
};

std::string gap_text(bool retracted_strong) {
    return std::string(
               "Evidence gap: no randomised or observational study in this collection addresses this "
               "claim") +
           (retracted_strong ? " (a retracted one is not counted)." : ".");
}

void rate(ClaimType type, const Judging& judged, Certainty& c) {
    Steps steps(c);
    const auto& counted = judged.counted;
    c.evidence_gap = std::none_of(counted.begin(), counted.end(), controlled_study);
    c.randomised =
        std::any_of(counted.begin(), counted.end(), [](const EvidenceItem& it) { return it.study && randomised(it); });
    if (counted.empty()) {
        c.rating = Rating::VeryLow;
        c.direction = Direction::None;
        steps.add("counted", 0, "Nothing assessable was counted, so certainty is very low.");
        steps.add("gap", 0, gap_text(judged.retracted_strong));
        steps.add("result", 0, "Certainty: very low.");
        return;
    }
    std::map<Stance, int> tally;
    for (const auto& it : counted) ++tally[it.stance];
    steps.add("counted", 0,
              "Counted " + std::to_string(counted.size()) + " assertion" + (counted.size() == 1 ? "" : "s") + ": " +
                  stance_tally(tally) + ".");

    // Start from the design of the strongest direct evidence; with none,
    // from the strongest indirect evidence, one step down.
    auto start_of = [&](const EvidenceItem& it) { return starting_rating(type, it.design, it.level); };
    auto better = [&](const EvidenceItem* a, const EvidenceItem& b) {
        if (!a) return true;
        const Rating ra = start_of(*a), rb = start_of(b);
        return rb != ra ? rb > ra : b.level < a->level;
    };
    const EvidenceItem *best_direct = nullptr, *best_any = nullptr;
    for (const auto& it : counted) {
        if (better(best_any, it)) best_any = &it;
        if (it.directness == Directness::Direct && better(best_direct, it)) best_direct = &it;
    }
    const EvidenceItem& lead = best_direct ? *best_direct : *best_any;
    const Rating start = start_of(lead);
    Rating r = start;
    c.start_design =
        lead.design != Design::Unknown ? std::string(design_label(lead.design)) : std::string(level_label(lead.level));
    std::string start_text = "Starts " + std::string(to_string(r)) + ": the strongest " +
                             (best_direct ? "direct " : "") + "evidence is " + what_it_is(lead) + ".";
    if (is_review(lead.design)) start_text += " A review carries the certainty of the designs it includes.";
    steps.add("start", 0, start_text);
    const bool lab = lead.design == Design::Laboratory || (lead.design == Design::Unknown && lead.level == 5);
    if (lab && !lab_evidence_answers(type))
        steps.add("start", 0,
                  "Laboratory, anatomical or biomechanical evidence cannot on its own show this kind of claim, so "
                  "it is not rated above very low.");
    else if (lab)
        steps.add("start", 0,
                  "Laboratory and anatomical studies are the design that answers an anatomy or mechanism claim, so "
                  "they start as observational evidence does.");

    // The body of evidence that carries the rating: counted evidence of the
    // starting design class, direct when any is.
    std::vector<const EvidenceItem*> body, body_studies;
    for (const auto& it : counted)
        if (start_of(it) == start && (!best_direct || it.directness == Directness::Direct)) {
            body.push_back(&it);
            if (it.study) body_studies.push_back(&it);
        }
    // The domains are judged for clinical studies; laboratory work on an
    // anatomy or mechanism claim keeps its start (no tool applies to it).
    const bool graded = start > Rating::VeryLow && !lab && !body_studies.empty();

    // Risk of bias.
    if (graded) {
        std::vector<std::string> high, concerns, low, unknown;
        for (const auto* it : body_studies) {
            const std::string why = it->risk_of_bias_reason.empty() ? "" : " (" + it->risk_of_bias_reason + ")";
            switch (it->risk_of_bias) {
                case RiskOfBias::High:
                    high.push_back(it->source + " is at high risk of bias" + why);
                    break;
                case RiskOfBias::SomeConcerns:
                    concerns.push_back(it->source + " has some concerns" + why);
                    break;
                case RiskOfBias::Low:
                    low.push_back(it->source);
                    break;
                case RiskOfBias::Unknown:
                    unknown.push_back(it->source);
                    break;
            }
        }
        if (!high.empty()) {
            r = down(r);
            steps.add("risk of bias", -1, "Down one for risk of bias: " + join(high) + ".");
        } else if (low.empty() && !concerns.empty()) {
            r = down(r);
            steps.add("risk of bias", -1, "Down one for risk of bias: " + join(concerns) + ".");
        } else if (!low.empty()) {
            steps.add("risk of bias", 0, "No step for risk of bias: " + join(low) + " at low risk of bias.");
        }
        if (!unknown.empty())
            steps.add("risk of bias", 0,
                      "Risk of bias not assessed for " + join(unknown) +
                          ": not rated down for it, so this rating may be too high.");
    }

    // Inconsistency: the evidence able to rate the claim disagrees.
    std::map<Stance, int> strong;
    for (const auto& it : counted)
        if (start_of(it) > Rating::VeryLow) ++strong[it.stance];
    int strong_n = 0;
    for (const auto& [s, n] : strong) strong_n += n;
    if (strong.size() > 1) {
        r = down(r);
        steps.add(
            "inconsistency", -1,
            "Down one for inconsistency: the studies able to rate this claim disagree: " + stance_tally(strong) + ".");
    } else if (graded && strong_n > 1) {
        steps.add("inconsistency", 0, "No step for inconsistency: the " + std::to_string(strong_n) + " studies agree.");
    }

    // Indirectness.
    if (!best_direct) {
        std::set<Directness> kinds;
        for (const auto* it : body) kinds.insert(it->directness);
        r = down(r);
        steps.add(
            "indirectness", -1,
            "Down one for indirectness: there is no direct evidence; the strongest is " + what_indirect(kinds) + ".");
    } else if (graded) {
        steps.add("indirectness", 0, "No step for indirectness: the evidence is direct.");
    }

    // Imprecision: few participants, or a single small study.
    if (graded) {
        if (body_studies.size() == 1) {
            const auto* only = body_studies.front();
            const auto n = people(*only);
            if (!n || *n < kSmallStudy) {
                r = down(r);
                steps.add("imprecision", -1,
                          "Down one for imprecision: it rests on a single small study (" +
                              (n ? std::to_string(*n) + " participants" : std::string("sample size not recorded")) +
                              ").");
            } else {
                steps.add("imprecision", 0,
                          "No step for imprecision: " + std::to_string(*n) + " participants in " + only->source + ".");
            }
        } else {
            long total = 0;
            std::vector<std::string> unrecorded;
            for (const auto* it : body_studies) {
                if (const auto n = people(*it))
                    total += *n;
                else
                    unrecorded.push_back(it->source);
            }
            if (unrecorded.empty() && total < kSmallStudy) {
                r = down(r);
                steps.add("imprecision", -1,
                          "Down one for imprecision: few participants in all (" + std::to_string(total) + " in " +
                              std::to_string(body_studies.size()) + " studies).");
            } else {
                steps.add("imprecision", 0,
                          "No step for imprecision: " + std::to_string(total) + " participants in " +
                              std::to_string(body_studies.size() - unrecorded.size()) + " studies" +
                              (unrecorded.empty() ? "" : " (not recorded for " + join(unrecorded) + ")") + ".");
            }
        }
        steps.add("publication bias", 0,
                  "Publication bias: not assessed (too few studies in this collection to judge).");
    }

    // Direction: which way the evidence carrying the rating points.
    bool any_for = false, any_against = false, any_mixed = false;
    for (const auto* it : body) {
        any_for = any_for || it->stance == Stance::Supports;
        any_against = any_against || it->stance == Stance::Opposes;
        any_mixed = any_mixed || it->stance == Stance::Mixed;
    }
    c.direction = any_mixed || (any_for && any_against) ? Direction::Mixed
                  : any_for                             ? Direction::For
                                                        : Direction::Against;

    if (c.evidence_gap) steps.add("gap", 0, gap_text(judged.retracted_strong));
    c.rating = r;
    steps.add("result", 0, "Certainty: " + std::string(to_string(r)) + ".");
}

// "A strength programme ..." -> "a strength programme ...", but "ITBS ..." and
// "IT band ..." keep their capitals; no final full stop.
std::string inline_statement(std::string_view s) {
    std::string out(s);
    while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
    if (out.size() > 1 && std::isupper(static_cast<unsigned char>(out[0])) &&
        !std::isupper(static_cast<unsigned char>(out[1])))
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
    return out;
}

}  // namespace

std::string_view to_string(Rating r) {
    static constexpr std::array<std::string_view, 4> kNames{"very low", "low", "moderate", "high"};
    return kNames[static_cast<std::size_t>(r)];
}

std::string_view to_string(Direction d) {
    switch (d) {
        case Direction::For:
            return "for";
        case Direction::Against:
            return "against";
        case Direction::Mixed:
            return "mixed";
        case Direction::None:
            return "none";
    }
    return "none";
}

std::string_view level_short_name(int level) {
    static constexpr std::array<std::string_view, 8> kNames{"none",
                                                            "systematic review",
                                                            "randomized trial",
                                                            "cohort study",
                                                            "case series or case-control study",
                                                            "laboratory or anatomical study",
                                                            "expert opinion",
                                                            "anecdote"};
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

Rating starting_rating(ClaimType type, Design design, int level) {
    if (design != Design::Unknown) {
        switch (design_class(design)) {
            case DesignClass::Randomised:
                return Rating::High;
            case DesignClass::Observational:
                return Rating::Low;
            case DesignClass::Other:
                return design == Design::Laboratory && lab_evidence_answers(type) ? Rating::Low : Rating::VeryLow;
        }
    }
    // No design recorded: by level. A review whose included designs are not
    // recorded starts as observational evidence: it cannot carry more than
    // its studies.
    if (level == 2) return Rating::High;
    if (level == 1 || level == 3 || level == 4) return Rating::Low;
    // Laboratory, anatomical and imaging studies are how an anatomy or
    // mechanism question is answered, so there they start as observational
    // studies do; for any other claim they never lift it above very low.
    if (level == 5 && lab_evidence_answers(type)) return Rating::Low;
    return Rating::VeryLow;
}

Certainty assess(ClaimType type, const std::vector<EvidenceItem>& items) {
    Certainty c;
    rate(type, judge(items, c), c);
    // Per outcome, where the counted evidence states one.
    std::set<Outcome> outcomes;
    for (const auto& it : items)
        if (it.outcome) outcomes.insert(*it.outcome);
    for (Outcome o : outcomes) {
        std::vector<EvidenceItem> subset;
        for (const auto& it : items)
            if (it.outcome == o) subset.push_back(it);
        OutcomeCertainty oc;
        oc.outcome = o;
        rate(type, judge(subset, oc.certainty), oc.certainty);
        c.outcomes.push_back(std::move(oc));
    }
    return c;
}

std::string plain_statement(const Certainty& c, std::string_view claim_statement) {
    const std::string s = inline_statement(claim_statement);
    if (c.direction == Direction::None)
        return "There is no assessable evidence in this collection on whether " + s + ".";
    if (c.rating == Rating::VeryLow) {
        const char* lean = c.direction == Direction::For       ? "; what evidence there is leans for it."
                           : c.direction == Direction::Against ? "; what evidence there is leans against it."
                                                               : "; the evidence points both ways.";
        return "We are uncertain whether " + s + lean;
    }
    if (c.direction == Direction::Mixed) return "It is unclear whether " + s + ": the evidence points both ways.";
    const bool yes = c.direction == Direction::For;
    switch (c.rating) {
        case Rating::High:
            return yes ? "The evidence shows that " + s + "."
                       : "The evidence shows that it is not true that " + s + ".";
        case Rating::Moderate:
            return yes ? "It is probably true that " + s + "." : "It is probably not true that " + s + ".";
        case Rating::Low:
            return yes ? "It may be true that " + s + "." : "It may not be true that " + s + ".";
        case Rating::VeryLow:
            break;
    }
    return "We are uncertain whether " + s + ".";
}

std::string scope_note(const Certainty& c, ClaimType type) {
    const bool trial_question = type == ClaimType::Efficacy || type == ClaimType::Prevention || type == ClaimType::Harm;
    if (trial_question && !c.randomised) return "No randomised trial in this collection addresses this claim.";
    return "";
}

}  // namespace evidence::search
