// The stance of a sentence on a claim, from negation scoped to clauses: a
// sentence opposes a claim when the words it shares with the claim's
// statement are denied in one and not in the other ("Foam rolling does
// nothing to lengthen the IT band" against "Foam rolling ... lengthens ...
// the IT band"), each shared word weighing by how few claims use it, so
// that the predicate ("lengthen") counts for more than the subject ("IT
// band"). A denial in another clause ("... ; it's just not stressed
// enough") does not touch the claim's words. Used by claim matching.
#pragma once

#include <xapian.h>

#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "search/natural.hpp"
#include "search/query.hpp"

namespace evidence::search {

// For each word of words_of(text): is it denied? A clause (the text between
// , ; : brackets, dashes, or before "but", "however", "although", "though",
// "whereas", "yet", "because") is denied by an odd number of negation cues
// in it ("not", "no", "never", "nothing", "can't", "myth", "unlikely",
// "fails", "too X to" ...; "not just", "not only", "no doubt" are not
// denials). "without", "instead of" and "rather than" deny only the words
// after them in their clause.
std::vector<bool> denied_words(std::string_view text);
// The same, from the words of `text` already read (words_of(text)).
std::vector<bool> denied_words(std::string_view text, const std::vector<Word>& words);

// Does any clause of the text deny what it says?
bool negated(std::string_view text);

// A text's content words (units) with their synonyms and denial; for a
// statement also each one's weight (the log of how few claims use it).
struct PolarUnit {
    std::vector<std::vector<std::string>> alts;  // its own profile terms, then its synonyms' (unit_alternatives)
    bool denied = false;
    double weight = 0;
};
std::vector<PolarUnit> polar_units(const Xapian::Database& db, const Lexicon& lex, std::string_view text, bool weigh);
// The same, from a text's units (units_of) and denied words (denied_words).
std::vector<PolarUnit> polar_units(const Xapian::Database& db, const Lexicon& lex, const std::vector<Unit>& units,
                                   const std::vector<bool>& denied, bool weigh);

// The stance of a sentence on the claim with `statement` (polar_units of
// each, the statement's weighed), as above: supports when the shared words'
// weights agree at least as much as they disagree (also when nothing is
// shared), opposes otherwise.
Stance scoped_stance(const std::vector<PolarUnit>& statement, const std::vector<PolarUnit>& sentence);
Stance scoped_stance(const Xapian::Database& db, const Lexicon& lex, std::string_view statement,
                     std::string_view sentence);

}  // namespace evidence::search
