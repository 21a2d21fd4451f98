#include "search/relation.hpp"

#include <xapian.h>

#include <algorithm>
#include <bitset>
#include <string>
#include <unordered_map>
#include <utility>

#include "model/schema.hpp"
#include "model/stored.hpp"
#include "search/profile.hpp"
#include "search/query.hpp"
#include "search/stance.hpp"

namespace evidence::search {

namespace {

// How much agreement and disagreement move a claim's weight: set on the
// development drafts and questions of tests/eval (never on tests/eval/heldout).
constexpr double kAgreeBoost = 0.5;
constexpr double kDisagreePenalty = 0.3;

struct Cue {
    const char* words;
    Relations relations;  // 0: the words mean none of them here ("trigger point", "ease back")
};

// Cue words and phrases; at each word the longest cue that starts there wins,
// so that "trigger points" is not the trigger of a cause, nor "ease back into
// running" relief.
constexpr Cue kCues[] = {
    // resolve
    {"resolve", kResolve},
    {"resolution", kResolve},
    {"cure", kResolve},
    {"fix", kResolve},
    {"heal", kResolve},
    {"recover", kResolve},
    {"recovery", kResolve},
    {"solve", kResolve},
    {"solution", kResolve},
    {"overcome", kResolve},
    {"get rid of", kResolve},
    {"got rid of", kResolve},
    {"getting rid of", kResolve},
    {"clear up", kResolve},
    {"clears up", kResolve},
    {"cleared up", kResolve},
    {"go away", kResolve},
    {"goes away", kResolve},
    {"went away", kResolve},
    {"get over", kResolve},
    {"got over", kResolve},
    {"get better", kResolve},
    {"getting better", kResolve},
    {"sort out", kResolve},
    {"sorted out", kResolve},
    {"for good", kResolve},
    {"pain free", kResolve},
    {"long term", kResolve},
    {"lasting", kResolve},
    {"permanent", kResolve},
    {"permanently", kResolve},
    {"beat", kResolve},
    // relieve
    {"relieve", kRelieve},
    {"relief", kRelieve},
    {"ease", kRelieve},
    {"ease back", 0},
    {"ease into", 0},
    {"ease off", 0},
    {"soothe", kRelieve},
    {"dull", kRelieve},
    {"numb", kRelieve},
    {"alleviate", kRelieve},
    {"calm", kRelieve},
    {"take the edge off", kRelieve},
    {"takes the edge off", kRelieve},
    {"feel better", kRelieve},
    {"feels better", kRelieve},
    {"less pain", kRelieve},
    {"reduce pain", kRelieve},
    {"reduce the pain", kRelieve},
    {"help with the pain", kRelieve},
    {"helps with the pain", kRelieve},
    {"manage the pain", kRelieve},
    {"pain relief", kRelieve},
    // temporary
    {"temporary", kTemporary},
    {"temporarily", kTemporary},
    {"short term", kTemporary},
    {"short lived", kTemporary},
    {"for a while", kTemporary},
    {"a little while", kTemporary},
    {"a few hours", kTemporary},
    {"for a bit", kTemporary},
    {"briefly", kTemporary},
    {"brief", kTemporary},
    {"wear off", kTemporary},
    {"wears off", kTemporary},
    {"fleeting", kTemporary},
    {"momentary", kTemporary},
    {"quick fix", kTemporary | kRelieve},
    {"band aid", kTemporary | kRelieve},
    {"for now", kTemporary},
    // cause
    {"cause", kCause},
    {"culprit", kCause},
    {"blame", kCause},
    {"to blame", kCause},
    {"behind", kCause},
    {"root", kCause},
    {"responsible", kCause},
    {"trigger", kCause},
    {"trigger point", 0},
    {"trigger points", 0},
    {"lead to", kCause},
    {"leads to", kCause},
    {"led to", kCause},
    {"due to", kCause},
    {"because of", kCause},
    {"result from", kCause},
    {"results from", kCause},
    {"resulting from", kCause},
    {"brought on", kCause},
    {"bring on", kCause},
    {"brings on", kCause},
    {"source", kCause},
    {"reason", kCause},
    {"come from", kCause},
    {"comes from", kCause},
    {"stem from", kCause},
    {"stems from", kCause},
    {"contribute", kCause},
    {"contributor", kCause},
    {"factor", kCause},
    {"risk factor", kCause},
    {"at risk", kCause},
    {"driver", kCause},
    {"origin", kCause},
    {"arise", kCause},
    {"predispose", kCause},
    {"linked to", kCause},
    {"associated with", kCause},
    // prevent
    {"prevent", kPrevent},
    {"prevention", kPrevent},
    {"preventive", kPrevent},
    {"avoid", kPrevent},
    {"ward off", kPrevent},
    {"stave off", kPrevent},
    {"keep at bay", kPrevent},
    {"keep away", kPrevent},
    {"protect", kPrevent},
    {"risk", kPrevent},
    {"less likely", kPrevent},
    {"injury free", kPrevent},
    {"in the first place", kPrevent},
    {"guard against", kPrevent},
    {"prehab", kPrevent},
    // recur
    {"recur", kRecur},
    {"recurrence", kRecur},
    {"recurring", kRecur},
    {"relapse", kRecur},
    {"come back", kRecur},
    {"comes back", kRecur},
    {"coming back", kRecur},
    {"came back", kRecur},
    {"from returning", kRecur},
    {"flare up", kRecur},
    {"flaring up", kRecur},
    {"flare", kRecur},
    // slow
    {"slow", kSlow},
    {"slower", kSlow},
    {"delay", kSlow},
    {"hinder", kSlow},
    {"hamper", kSlow},
    {"set back", kSlow},
    {"sets back", kSlow},
    {"setback", kSlow},
    {"hold back", kSlow},
    {"holds back", kSlow},
    {"impede", kSlow},
    {"get in the way", kSlow},
    {"gets in the way", kSlow},
    {"interfere", kSlow},
    {"prolong", kSlow},
    {"drag out", kSlow},
    {"drag on", kSlow},
    {"take longer", kSlow},
    {"takes longer", kSlow},
    // harm
    {"harm", kHarm},
    {"harmful", kHarm},
    {"worse", kHarm},
    {"worsen", kHarm},
    {"aggravate", kHarm},
    {"damage", kHarm},
    {"bruise", kHarm},
    {"bruising", kHarm},
    {"injure", kHarm},
    {"counterproductive", kHarm | kSlow},
    {"irritate", kHarm},
    {"backfire", kHarm},
    {"microtrauma", kHarm},
    {"dangerous", kHarm},
    // diagnose
    {"diagnose", kDiagnose},
    {"diagnosis", kDiagnose},
    {"diagnostic", kDiagnose},
    {"detect", kDiagnose},
    {"rule out", kDiagnose},
    {"ruled out", kDiagnose},
    {"confirm", kDiagnose},
    {"identify", kDiagnose},
    {"examination", kDiagnose},
    {"assess", kDiagnose},
    {"assessment", kDiagnose},
    {"reveal", kDiagnose},
    {"pinpoint", kDiagnose},
};

std::vector<std::string> stems_of(std::string_view text) { return search::stems_of(words_of(text)); }

using Cue_ = std::pair<std::vector<std::string>, Relations>;

// The cues as stems by their first stem, each list longest first.
const std::unordered_map<std::string, std::vector<Cue_>>& cues() {
    static const auto kStemmed = [] {
        std::unordered_map<std::string, std::vector<Cue_>> out;
        for (const auto& c : kCues) {
            auto words = stems_of(c.words);
            if (words.empty()) continue;
            out[words.front()].emplace_back(std::move(words), c.relations);
        }
        for (auto& [first, list] : out)
            std::stable_sort(list.begin(), list.end(),
                             [](const Cue_& a, const Cue_& b) { return a.first.size() > b.first.size(); });
        return out;
    }();
    return kStemmed;
}

// Calls found(first word, relations) for each cue of the text, the longest
// cue that starts at a word winning.
template <typename F>
void each_cue(const std::vector<std::string>& stems, F found) {
    for (std::size_t i = 0; i < stems.size();) {
        std::size_t used = 1;
        const auto it = cues().find(stems[i]);
        if (it != cues().end())
            for (const auto& [words, rel] : it->second) {
                if (i + words.size() > stems.size()) continue;
                if (!std::equal(words.begin(), words.end(), stems.begin() + static_cast<std::ptrdiff_t>(i))) continue;
                if (rel != 0) found(i, rel);
                used = words.size();
                break;
            }
        i += used;
    }
}

}  // namespace

std::vector<std::string> stems_of(const std::vector<Word>& words) {
    thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
    std::vector<std::string> out;
    out.reserve(words.size());
    for (const auto& w : words) out.push_back(stem(w.text));
    return out;
}

Relations relations_of(std::string_view text) { return relations_of(stems_of(text)); }

Relations relations_of(const std::vector<std::string>& stems) {
    Relations out = 0;
    each_cue(stems, [&](std::size_t, Relations rel) { out |= rel; });
    return out;
}

const PolarRelations& statement_relations(const std::string& statement) {
    thread_local std::unordered_map<std::string, PolarRelations> memo;
    if (memo.size() > 20000) memo.clear();
    const auto it = memo.find(statement);
    if (it != memo.end()) return it->second;
    return memo.emplace(statement, polar_relations(statement)).first->second;
}

PolarRelations polar_relations(std::string_view text) {
    const auto words = words_of(text);
    return polar_relations(search::stems_of(words), denied_words(text, words));
}

PolarRelations polar_relations(const std::vector<std::string>& stems, const std::vector<bool>& denied) {
    PolarRelations out;
    each_cue(stems, [&](std::size_t i, Relations rel) {
        (i < denied.size() && denied[i] ? out.denied : out.affirmed) |= rel;
    });
    return out;
}

std::optional<Stance> relation_stance(const PolarRelations& statement, const PolarRelations& sentence) {
    // A statement's relations are what it affirms. Where a cue of one seems
    // denied, the denial mostly belongs to a clause of its own ("... resolves
    // ITBS that has not responded to ...", "without addressing contributing
    // factors") that the clause reading cannot tell apart: left out.
    Relations stated = statement.affirmed & ~statement.denied;
    // What a claim prevents it states as an outcome that does not happen
    // ("prevents ITBS from returning"): only preventing itself is compared.
    if ((stated & kPrevent) != 0) stated = kPrevent;
    const Relations shared = stated & (sentence.affirmed | sentence.denied);
    if (shared == 0) return std::nullopt;
    if ((sentence.affirmed & sentence.denied & shared) != 0) return std::nullopt;
    const bool agree = ((statement.denied ^ sentence.denied) & shared) == 0;
    const bool disagree = ((statement.denied ^ sentence.denied) & shared) == shared;
    if (agree) return Stance::Supports;
    if (disagree) return Stance::Opposes;
    return std::nullopt;
}

double relation_agreement(Relations text, Relations claim) {
    const auto both = std::bitset<32>(text & claim).count();
    const auto either = std::bitset<32>(text | claim).count();
    return both == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(either);
}

void rerank_by_relation(std::string_view text, std::vector<ScoredClaim>& claims) {
    rerank_by_relation(relations_of(text), claims);
}

void rerank_by_relation(Relations said, std::vector<ScoredClaim>& claims) {
    if (said == 0 || claims.empty()) return;
    for (auto& c : claims) {
        const auto& polar = statement_relations(c.claim->data.value(stored::key::kStatement, ""));
        const Relations stated = polar.affirmed | polar.denied;
        if (stated == 0) continue;
        const double agree = relation_agreement(said, stated);
        c.weight *= agree > 0 ? 1.0 + kAgreeBoost * agree : 1.0 - kDisagreePenalty;
    }
    std::stable_sort(claims.begin(), claims.end(),
                     [](const ScoredClaim& a, const ScoredClaim& b) { return a.weight > b.weight; });
}

}  // namespace evidence::search
