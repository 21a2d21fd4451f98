// What a sentence says a thing does: resolves the condition, relieves its
// pain, relieves it only for a while, causes it, prevents it, brings it
// back, slows recovery, does harm, diagnoses it. Claims about one subject
// differ mostly in this ("foam rolling resolves ITBS", "... gives temporary
// relief", "... does more harm than good"), and a writer says it in words
// the claim's statement does not hold ("the syndrome will clear up", "takes
// the edge off", "the usual culprit"). Claim matching (search/match.hpp)
// and the answer to a question re-rank the claims found on their profiles
// by how far the relations of the text and of each claim's statement agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "model/text.hpp"

namespace evidence::search {

struct ScoredClaim;

// One bit per relation.
enum Relation : unsigned {
    kResolve = 1U << 0,    // cure, fix, clear up, go away, recover
    kRelieve = 1U << 1,    // ease, soothe, dull, take the edge off
    kTemporary = 1U << 2,  // short-term, for a while, wears off
    kCause = 1U << 3,      // culprit, to blame, behind, brought on by
    kPrevent = 1U << 4,    // avoid, ward off, lower the risk
    kRecur = 1U << 5,      // come back, relapse, flare up
    kSlow = 1U << 6,       // delay, hold back, prolong
    kHarm = 1U << 7,       // worse, aggravate, damage, more harm than good
    kDiagnose = 1U << 8,   // diagnose, rule out, detect
};
using Relations = unsigned;

// The relations a text expresses, from cue words and phrases matched on
// word stems ("eases", "easing" and "ease" alike). Negation is not read
// here: "won't fix it" speaks of fixing (the stance says which way).
Relations relations_of(std::string_view text);
// The same from a text's words (words_of), as stems (stems_of).
Relations relations_of(const std::vector<std::string>& stems);
std::vector<std::string> stems_of(const std::vector<Word>& words);

// The relations a text states, split by whether the clause stating each
// denies it (search/stance.hpp's denied_words): "Rest alone rarely fixes
// it" denies resolving. A relation both stated and denied is in both.
struct PolarRelations {
    Relations affirmed = 0, denied = 0;
};
PolarRelations polar_relations(std::string_view text);
// The same from a text's stems (stems_of) and denied words (denied_words).
PolarRelations polar_relations(const std::vector<std::string>& stems, const std::vector<bool>& denied);

// polar_relations of a claim's statement, kept per thread by the text (a
// claim is matched again and again; an edited statement is a new key).
const PolarRelations& statement_relations(const std::string& statement);

// The stance a sentence takes on a claim by the relations both state: for
// each, whether one denies it and the other does not. Supports or Opposes
// when the relations they share are all one way or the other; nullopt when
// they share none, or disagree among themselves, or one of them both
// states and denies a shared relation.
std::optional<Stance> relation_stance(const PolarRelations& statement, const PolarRelations& sentence);

// How far a claim's relations agree with the text's: the share of the
// relations of both that they have in common (0 when either has none).
double relation_agreement(Relations text, Relations claim);

// Re-rank claims found for `text` (best first) by relation: when the text
// expresses a relation, each claim's weight is scaled up by its agreement
// with the claim's statement, and down when the statement expresses only
// other relations. Stable for claims that tie.
void rerank_by_relation(std::string_view text, std::vector<ScoredClaim>& claims);
// The same for a text expressing the relations `said` (relations_of).
void rerank_by_relation(Relations said, std::vector<ScoredClaim>& claims);

}  // namespace evidence::search
