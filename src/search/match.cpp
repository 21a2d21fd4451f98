#include "search/match.hpp"

#include <cctype>
#include <map>
#include <memory>
#include <set>

#include "model/schema.hpp"
#include "model/stored.hpp"
#include "model/text.hpp"
#include "search/compare.hpp"
#include "search/natural.hpp"
#include "search/relation.hpp"

namespace evidence::search {

namespace key = evidence::stored::key;

namespace sc = evidence::schema;

namespace {

// A sentence is checked against the claims when it holds this many content
// words; a claim is close enough when its weight (BM25 on the profiles,
// after the re-ranking by relation) reaches kMinWeight, and it weighs this
// part of the best claim at least. The weight, not Xapian's percentage: the
// percentage is the share of the sentence's words a claim matches, so a
// writer's long sentence, which says one claim among other things, fell
// under any percentage that kept short unrelated sentences out. Set on the
// development drafts (tests/eval/sentences.tsv, tests/eval/drafts.tsv) and
// the unannotated sentences of the sources, once claims had phrasings: 16
// matched 42% of the sentences that assert nothing, 24 left unmatched 21%
// of those that do (drafts.tsv); 20 leaves 69% of the first unmatched and
// matches 83% of the second.
// BM25's weights grow with the log of the index's size, so on a much larger
// corpus the same floor lets more through.
constexpr std::size_t kMinContentWords = 3;
constexpr double kMinWeight = 20;
constexpr double kMinShareOfBest = 0.75;
// Claims found on their profiles before the re-ranking by relation
// (search/relation.hpp) picks the best of them.
constexpr std::size_t kCandidates = 10;

// Abbreviations after which a full stop does not end a sentence.
bool abbreviation(std::string_view word) {
    static const std::set<std::string> kWords = {"e.g", "i.e", "vs",  "dr",     "mr", "mrs", "ms", "prof", "st",
                                                 "etc", "al",  "fig", "approx", "no", "vol", "cf", "ca"};
    std::string w;
    for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!w.empty() && (w.back() == '.')) w.pop_back();
    const auto open = w.find_last_of("([\"'");
    if (open != std::string::npos) w.erase(0, open + 1);
    return w.size() == 1 || kWords.count(w) > 0;
}

// Markdown at the start of a line that is not part of the sentence.
std::size_t skip_markup(std::string_view text, std::size_t i) {
    for (;;) {
        while (i < text.size() && is_ascii_space(text[i])) ++i;
        std::size_t j = i;
        while (j < text.size() && (text[j] == '#' || text[j] == '>')) ++j;
        if (j == i && j < text.size() && (text[j] == '-' || text[j] == '*' || text[j] == '+') && j + 1 < text.size() &&
            text[j + 1] == ' ')
            ++j;
        if (j == i) {
            std::size_t k = i;
            while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
            if (k > i && k + 1 < text.size() && (text[k] == '.' || text[k] == ')') && text[k + 1] == ' ') j = k + 1;
        }
        if (j == i) return i;
        i = j;
    }
}

bool starts_sentence(std::string_view text, std::size_t i) {
    if (i >= text.size()) return true;
    const auto c = static_cast<unsigned char>(text[i]);
    return std::isupper(c) || std::isdigit(c) || c == '"' || c == '\'' || c == '(' || c == '[' || c >= 0x80 ||
           c == '*' || c == '_';
}

}  // namespace

std::vector<Span> split_sentences(std::string_view text) {
    std::vector<Span> out;
    auto push = [&](std::size_t a, std::size_t b) {
        while (b > a && is_ascii_space(text[b - 1])) --b;
        if (b > a) out.push_back({a, b});
    };
    std::size_t start = skip_markup(text, 0);
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n') {
            // A blank line, or a new line starting a list item or heading.
            std::size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
            const bool blank = j < text.size() && text[j] == '\n';
            const bool item = skip_markup(text, j) != j;
            if (blank || item || j >= text.size()) {
                push(start, i);
                start = skip_markup(text, i + 1);
                i = start == 0 ? 0 : start - 1;
            }
            continue;
        }
        if (c != '.' && c != '!' && c != '?') continue;
        std::size_t end = i + 1;
        while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?')) ++end;
        while (end < text.size() && (text[end] == '"' || text[end] == '\'' || text[end] == ')' || text[end] == ']' ||
                                     text[end] == '*' || text[end] == '_'))
            ++end;
        // Closing typographic quotes (U+2019, U+201D).
        while (end + 2 < text.size() && static_cast<unsigned char>(text[end]) == 0xE2 &&
               static_cast<unsigned char>(text[end + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[end + 2]) == 0x99 || static_cast<unsigned char>(text[end + 2]) == 0x9D))
            end += 3;
        if (end < text.size() && !is_ascii_space(text[end])) continue;
        std::size_t next = end;
        while (next < text.size() && is_ascii_space(text[next])) ++next;
        if (next < text.size() && !starts_sentence(text, next)) continue;
        if (c == '.') {
            std::size_t w = i;
            while (w > start && !is_ascii_space(text[w - 1])) --w;
            if (abbreviation(text.substr(w, i - w))) continue;
        }
        push(start, end);
        start = skip_markup(text, end);
        i = start == 0 ? 0 : start - 1;
    }
    if (start < text.size()) push(start, text.size());
    return out;
}

Stance stance_on(Searcher& s, const std::string&, const std::string& statement, std::string_view sentence,
                 ProfileMode mode) {
    if (mode == ProfileMode::Baseline) return Stance::Supports;
    Stance out = Stance::Supports;
    if (const auto by_relation = relation_stance(statement_relations(statement), polar_relations(sentence)))
        return *by_relation;
    s.with_index([&](const Xapian::Database& db, QueryBuilder& qb) {
        out = scoped_stance(db, qb.lexicon(), statement, sentence);
    });
    return out;
}

namespace {

// What matching computes once per open index (Searcher::memo): the words
// of each matched claim's statement, with their denial and weights
// (search/stance.hpp).
struct Statements {
    mutable std::map<std::string, std::vector<PolarUnit>> by_claim;
};

// A sentence read once (its words, their stems, its units with the open
// index's lexicon) for the claim query, the re-ranking by relation and the
// stance, which would each read it again.
struct Reading {
    std::vector<Word> words;
    std::vector<std::string> stems;
    std::vector<Unit> units;
};

Reading read_sentence(Searcher& s, std::string_view sentence) {
    Reading r;
    r.words = words_of(sentence);
    r.stems = stems_of(r.words);
    s.with_index([&](const Xapian::Database&, QueryBuilder& qb) { r.units = units_of(r.words, qb.lexicon()); });
    return r;
}

std::vector<ScoredClaim> rank(Searcher& s, std::string_view sentence, const Reading* read, std::size_t limit,
                              ProfileMode mode, std::size_t min_words) {
    const std::size_t candidates = std::max(limit, kCandidates);
    std::vector<ScoredClaim> found;
    if (mode == ProfileMode::Baseline) {
        found = match_claims(s, sentence, candidates, mode, Xapian::Query(), min_words);
    } else {
        const Reading own = read ? Reading{} : read_sentence(s, sentence);
        const Reading& r = read ? *read : own;
        found = match_claims(s, r.units, candidates, min_words, mode);
        rerank_by_relation(relations_of(r.stems), found);
    }
    if (found.size() > limit) found.resize(limit);
    return found;
}

std::vector<ClaimMatch> match_one(Searcher& s, std::string_view sentence, const MatchOptions& opts) {
    std::vector<ClaimMatch> out;
    const Reading read = opts.mode != ProfileMode::Baseline ? read_sentence(s, sentence) : Reading{};
    const auto found = rank(s, sentence, &read, std::max<std::size_t>(opts.limit, 1), opts.mode, kMinContentWords);
    if (found.empty() || found.front().words < kMinContentWords) return out;
    for (const auto& c : found) {
        if (out.size() >= opts.limit) break;
        // The naive baseline has no floor: its best claim, whatever it weighs.
        if (opts.mode != ProfileMode::Baseline && c.weight < kMinWeight) continue;
        if (c.weight < kMinShareOfBest * found.front().weight) continue;
        ClaimMatch m;
        m.id = c.claim->id;
        m.statement = c.claim->data.value(key::kStatement, "");
        m.score = c.percent;
        m.weight = c.weight;
        out.push_back(std::move(m));
    }
    if (out.empty() || opts.mode == ProfileMode::Baseline) return out;
    s.with_index([&](const Xapian::Database& db, QueryBuilder& qb) {
        const auto denied = denied_words(sentence, read.words);
        const auto said = polar_units(db, qb.lexicon(), read.units, denied, false);
        const PolarRelations said_relations = polar_relations(read.stems, denied);
        const auto statements = std::static_pointer_cast<const Statements>(
            s.memo("match-statements", [] { return std::make_shared<const Statements>(); }));
        for (auto& m : out) {
            auto it = statements->by_claim.find(m.id);
            if (it == statements->by_claim.end())
                it = statements->by_claim.emplace(m.id, polar_units(db, qb.lexicon(), m.statement, true)).first;
            const auto by_relation = relation_stance(statement_relations(m.statement), said_relations);
            m.stance = by_relation ? *by_relation : scoped_stance(it->second, said);
        }
    });
    return out;
}

}  // namespace

std::vector<ScoredClaim> rank_claims(Searcher& s, std::string_view sentence, std::size_t limit, ProfileMode mode,
                                     std::size_t min_words) {
    return rank(s, sentence, nullptr, limit, mode, min_words);
}

std::vector<ClaimMatch> match_sentence(Searcher& s, std::string_view sentence, const MatchOptions& opts) {
    return match_one(s, sentence, opts);
}

std::vector<MatchedSentence> match_text(Searcher& s, std::string_view text, const MatchOptions& opts) {
    if (text.size() > kMaxMatchBytes)
        throw BadRequest("body", "the text is longer than " + std::to_string(kMaxMatchBytes) + " bytes");
    if (!valid_utf8(text)) throw BadRequest("body", "the text is not valid UTF-8");
    std::vector<MatchedSentence> out;
    std::map<std::string, std::pair<std::string, std::string>> certainty;  // claim id -> rating, direction
    for (const auto& sp : split_sentences(text)) {
        MatchedSentence ms;
        ms.text = std::string(text.substr(sp.start, sp.end - sp.start));
        ms.start = sp.start;
        ms.end = sp.end;
        ms.matches = match_one(s, ms.text, opts);
        if (opts.certainty)
            for (auto& m : ms.matches) {
                auto it = certainty.find(m.id);
                if (it == certainty.end()) {
                    const auto ce = claim_evidence_brief(s, m.id);
                    std::pair<std::string, std::string> c;
                    if (ce)
                        c = {std::string(to_string(ce->certainty.rating)),
                             std::string(to_string(ce->certainty.direction))};
                    it = certainty.emplace(m.id, std::move(c)).first;
                }
                m.certainty = it->second.first;
                m.direction = it->second.second;
            }
        out.push_back(std::move(ms));
    }
    return out;
}

}  // namespace evidence::search
