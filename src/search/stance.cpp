#include "search/stance.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "model/schema.hpp"
#include "model/text.hpp"
#include "search/natural.hpp"
#include "search/profile.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

const std::set<std::string>& cues() {
    static const std::set<std::string> kCues = {
        "not",       "no",         "never",     "nothing",   "none",     "nor",       "neither",     "cannot",
        "can't",     "cant",       "don't",     "dont",      "doesn't",  "doesnt",    "didn't",      "didnt",
        "isn't",     "isnt",       "aren't",    "wasn't",    "weren't",  "won't",     "wont",        "wouldn't",
        "shouldn't", "couldn't",   "hasn't",    "haven't",   "myth",     "myths",     "ineffective", "useless",
        "unlikely",  "impossible", "unable",    "fails",     "fail",     "failed",    "nowhere",     "false",
        "forget",    "debunked",   "overrated", "pointless", "outdated", "disproven", "refuted"};
    return kCues;
}

// "not just", "isn't the only", "no doubt": a cue followed by these denies
// nothing.
bool pseudo_negation(const std::string& cue, const std::string& next, const std::string& after) {
    static const std::set<std::string> kLimits = {"just", "only", "merely", "simply", "necessarily"};
    static const std::set<std::string> kNotAfterNo = {"doubt", "matter", "wonder"};
    if (cue == "no") return kNotAfterNo.count(next) > 0;
    if (cue == "not" || (cue.size() > 3 && cue.compare(cue.size() - 3, 3, "n't") == 0))
        return kLimits.count(next) > 0 || (next == "the" && after == "only");
    return false;
}

// Cues that deny only what follows them in their clause ("diagnosed rarely
// requiring imaging", "better without surgery", "hips rather than the band").
bool forward_cue(const std::string& w, const std::string& next) {
    return w == "without" || w == "rarely" || w == "seldom" || (w == "instead" && next == "of") ||
           (w == "rather" && next == "than");
}

// Words that start a clause of their own: "but", "if", "so that" ... ("yet"
// not after "not": "has not yet established").
bool clause_word(const std::string& w, const std::string& prev, const std::string& next) {
    static const std::set<std::string> kWords = {"but", "however", "although", "though", "whereas", "because",
                                                 "if",  "unless",  "until",    "when",   "whether"};
    if (w == "yet") return !cues().count(prev);
    if (w == "so") return next == "that";
    return kWords.count(w) > 0;
}

// Does the text between two words end a clause? Punctuation that ends or
// splits a clause: . ! ? , ; : brackets, and dashes (U+2013, U+2014, or a
// hyphen between spaces).
bool clause_break(std::string_view gap) {
    if (gap.find_first_of(".!?,;:()[]") != std::string_view::npos) return true;
    if (gap.find("\xE2\x80\x93") != std::string_view::npos || gap.find("\xE2\x80\x94") != std::string_view::npos)
        return true;
    const auto dash = gap.find('-');
    return dash != std::string_view::npos && dash > 0 && dash + 1 < gap.size() && is_ascii_space(gap[dash - 1]) &&
           is_ascii_space(gap[dash + 1]);
}

}  // namespace

std::vector<bool> denied_words(std::string_view text) { return denied_words(text, words_of(text)); }

std::vector<bool> denied_words(std::string_view text, const std::vector<Word>& words) {
    std::vector<bool> out(words.size(), false);
    std::size_t begin = 0;
    auto close = [&](std::size_t end) {
        // Whole-clause cues: their parity denies the clause. Forward cues
        // ("without", "instead of", "rather than") deny what follows them.
        int count = 0;
        std::size_t forward = end;
        for (std::size_t i = begin; i < end; ++i) {
            const std::string& w = words[i].text;
            const std::string next = i + 1 < end ? words[i + 1].text : "";
            const std::string after = i + 2 < end ? words[i + 2].text : "";
            if (cues().count(w) && !pseudo_negation(w, next, after)) ++count;
            // "little evidence that ...", "little support for ...".
            if (w == "little" && (next == "evidence" || next == "support" || next == "proof")) ++count;
            // "too stiff to be lengthened", "too stiff for any stretch to
            // lengthen it": too + a few words + to.
            // Not "too much too soon to ...": amounts say more than is good, not that it cannot be.
            static const std::set<std::string> kAmounts = {"much", "many",  "soon",    "fast",
                                                           "far",  "often", "quickly", "early"};
            if (w == "too" && !kAmounts.count(next))
                for (std::size_t k = i + 2; k <= i + 5 && k < end; ++k)
                    if (words[k].text == "to") {
                        ++count;
                        break;
                    }
            if (forward == end && forward_cue(w, next)) forward = i + 1;
        }
        for (std::size_t i = begin; i < end; ++i) out[i] = (count % 2 == 1) != (i >= forward);
        begin = end;
    };
    for (std::size_t i = 1; i < words.size(); ++i) {
        const std::size_t gap_from = words[i - 1].offset + words[i - 1].length;
        // A clause also ends before "and" or "or" that a cue follows ("stick
        // together and no longer slide").
        const bool coordinated = (words[i].text == "and" || words[i].text == "or") && i + 1 < words.size() &&
                                 cues().count(words[i + 1].text);
        if (clause_break(text.substr(gap_from, words[i].offset - gap_from)) ||
            clause_word(words[i].text, words[i - 1].text, i + 1 < words.size() ? words[i + 1].text : "") || coordinated)
            close(i);
    }
    close(words.size());
    return out;
}

bool negated(std::string_view text) {
    const auto d = denied_words(text);
    return std::any_of(d.begin(), d.end(), [](bool b) { return b; });
}

std::vector<PolarUnit> polar_units(const Xapian::Database& db, const Lexicon& lex, std::string_view text, bool weigh) {
    const auto words = words_of(text);
    return polar_units(db, lex, units_of(words, lex), denied_words(text, words), weigh);
}

std::vector<PolarUnit> polar_units(const Xapian::Database& db, const Lexicon& lex, const std::vector<Unit>& units,
                                   const std::vector<bool>& denied, bool weigh) {
    std::vector<PolarUnit> out;
    std::size_t word = 0;
    const double claims =
        weigh ? std::max<double>(1, db.get_termfreq(sc::filter_term(*sc::field("kind"), sc::kKindClaim))) : 1;
    for (const auto& u : units) {
        const std::size_t first = word;
        word += u.words.size();
        if (u.filler) continue;
        PolarUnit p;
        p.denied = first < denied.size() && denied[first];
        p.alts = unit_alternatives(lex, u, true);
        if (weigh) {
            // Its rarest own word among the claims: the words of a unit are ANDed.
            Xapian::doccount rarest = 0;
            for (const auto& t : p.alts.front()) {
                const Xapian::doccount f = db.get_termfreq(t);
                if (rarest == 0 || (f > 0 && f < rarest)) rarest = f;
            }
            p.weight = std::log((claims + 1) / (static_cast<double>(rarest) + 0.5));
        }
        out.push_back(std::move(p));
    }
    return out;
}

namespace {

// The same word, or synonyms: one's own terms are one of the other's
// alternatives (not merely a word in common: "ITBS" is not "friction"
// because "IT band friction syndrome" is one of its synonyms).
bool shares(const PolarUnit& a, const PolarUnit& b) {
    return std::find(b.alts.begin(), b.alts.end(), a.alts.front()) != b.alts.end() ||
           std::find(a.alts.begin(), a.alts.end(), b.alts.front()) != a.alts.end();
}

}  // namespace

Stance scoped_stance(const Xapian::Database& db, const Lexicon& lex, std::string_view statement,
                     std::string_view sentence) {
    return scoped_stance(polar_units(db, lex, statement, true), polar_units(db, lex, sentence, false));
}

Stance scoped_stance(const std::vector<PolarUnit>& claim, const std::vector<PolarUnit>& said) {
    double agree = 0, disagree = 0;
    for (const auto& c : claim)
        for (const auto& s : said)
            if (shares(c, s)) (c.denied == s.denied ? agree : disagree) += c.weight;
    return disagree > agree ? Stance::Opposes : Stance::Supports;
}

}  // namespace evidence::search
