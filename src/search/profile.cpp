#include "search/profile.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <unordered_map>

#include "model/schema.hpp"
#include "search/natural.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

// Ranking on profiles (ProfileMode::Full), set on the development questions
// and draft sentences of tests/eval: BM25's k1 and b, and the weight of the
// statement's own terms (the title field, "S") beside the profile's.
constexpr double kK1 = 3.0, kB = 0.5;
constexpr double kStatementWeight = 0.6;
constexpr std::string_view kStatementField = "S";

// The profile term of one word as the TermGenerator writes it: the stem
// under "Z" + prefix, or the word itself when it starts with a digit (which
// the TermGenerator does not stem).
std::string word_term(const std::string& word, std::string_view field = sc::kProfilePrefix) {
    thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
    const std::string prefix(field);
    if (!word.empty() && word[0] >= '0' && word[0] <= '9') return prefix + word;
    return "Z" + prefix + stem(word);
}

// The claims matched so far, by document: their stored fields read and
// parsed once per open index (Searcher::memo), not once per match.
struct ClaimDocs {
    mutable std::unordered_map<Xapian::docid, Stored> by_doc;
};

const Stored& claim_doc(const ClaimDocs& docs, const Xapian::MSetIterator& it) {
    auto found = docs.by_doc.find(*it);
    if (found == docs.by_doc.end()) {
        const Xapian::Document doc = it.get_document();
        found = docs.by_doc
                    .emplace(*it, Stored{doc.get_value(0), doc.get_value(sc::kSlotId),
                                         nlohmann::json::parse(doc.get_value(sc::kSlotData))})
                    .first;
    }
    return found->second;
}

Xapian::Query words_query(const std::vector<std::string>& terms) {
    std::vector<Xapian::Query> qs(terms.begin(), terms.end());
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
}

}  // namespace

namespace {

std::vector<std::vector<std::string>> compute_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                           std::string_view field) {
    auto terms = [&](const std::vector<std::string>& words) {
        std::vector<std::string> out;
        for (const auto& w : words) out.push_back(word_term(w, field));
        return out;
    };
    std::vector<std::vector<std::string>> alts = {terms(u.words)};
    if (synonyms) {
        std::set<std::string> seen = {u.text};
        auto add = [&](const std::string& key) {
            const auto it = lex.synonyms.find(key);
            if (it == lex.synonyms.end()) return;
            for (const auto& t : it->second) {
                if (!seen.insert(t).second) continue;
                std::vector<std::string> words;
                for (auto& w : words_of(t)) words.push_back(std::move(w.text));
                if (!words.empty()) alts.push_back(terms(words));
            }
        };
        thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
        add(u.text);
        if (u.words.size() == 1) add("Z" + stem(u.text));
    }
    return alts;
}

// Units whose alternatives the lexicon keeps (a text's words: past this
// many, the kept ones are dropped and computed again as they come).
constexpr std::size_t kMaxKeptUnits = 20000;

}  // namespace

std::vector<std::vector<std::string>> unit_alternatives(const Lexicon& lex, const Unit& u, bool synonyms,
                                                        std::string_view field) {
    std::string key(field);
    key += '\x1f';
    key += synonyms ? '1' : '0';
    key += u.text;
    for (const auto& w : u.words) key += '\x1e' + w;
    if (const auto it = lex.alternatives.find(key); it != lex.alternatives.end()) return it->second;
    if (lex.alternatives.size() >= kMaxKeptUnits) lex.alternatives.clear();
    return lex.alternatives.emplace(std::move(key), compute_alternatives(lex, u, synonyms, field)).first->second;
}

Xapian::Query alternatives_query(const std::vector<std::vector<std::string>>& alts) {
    std::vector<Xapian::Query> qs;
    for (const auto& a : alts) qs.push_back(words_query(a));
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(Xapian::Query::OP_SYNONYM, qs.begin(), qs.end());
}

Xapian::Query profile_query(const Lexicon& lex, std::string_view text, ProfileMode mode, std::size_t* words) {
    std::vector<Xapian::Query> parts;
    std::set<std::string> seen;
    if (mode == ProfileMode::Baseline) {
        for (const auto& w : words_of(text)) {
            if (stop_words().count(w.text) || !seen.insert(w.text).second) continue;
            parts.push_back(Xapian::Query(word_term(w.text)));
        }
    } else {
        for (const auto& u : units_of(text, lex)) {
            if (u.filler || !seen.insert(u.text).second) continue;
            // The profile, and the statement once more on its own: a question
            // or a draft says what the claim says, in its own words, more
            // often than it echoes one source's quote.
            auto alts = unit_alternatives(lex, u, true);
            const Xapian::Query profile = alternatives_query(alts);
            const std::size_t strip = 1 + sc::kProfilePrefix.size();  // "Z" + prefix, or the prefix of a number
            for (auto& a : alts)
                for (auto& t : a)
                    t = t[0] == 'Z' ? "Z" + std::string(kStatementField) + t.substr(strip)
                                    : std::string(kStatementField) + t.substr(sc::kProfilePrefix.size());
            parts.emplace_back(
                Xapian::Query::OP_OR, profile,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, alternatives_query(alts), kStatementWeight));
        }
    }
    if (words) *words = parts.size();
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit, ProfileMode mode,
                                      const Xapian::Query& filter, std::size_t min_words) {
    std::vector<ScoredClaim> out;
    s.with_index([&](const Xapian::Database& db, QueryBuilder& qb) {
        out.clear();
        std::size_t words = 0;
        Xapian::Query q = profile_query(qb.lexicon(), text, mode, &words);
        if (q.empty() || words < min_words) return;
        Xapian::Query claims(sc::filter_term(*sc::field("kind"), sc::kKindClaim));
        if (!filter.empty()) claims = Xapian::Query(Xapian::Query::OP_AND, claims, filter);
        Xapian::Enquire enq(db);
        // Less saturation than Xapian's default BM25 (k1 = 1): a word the
        // statement holds (three times) and sources repeat counts for more
        // than a word one quote mentions in passing. Measured in `make eval`.
        if (mode == ProfileMode::Full) enq.set_weighting_scheme(Xapian::BM25Weight(kK1, 0, 1, kB, 0.5));
        enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER, q, claims));
        const Xapian::MSet mset = enq.get_mset(0, static_cast<Xapian::doccount>(limit));
        const auto docs = std::static_pointer_cast<const ClaimDocs>(
            s.memo("profile-claim-docs", [] { return std::make_shared<const ClaimDocs>(); }));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ScoredClaim c;
            c.claim = claim_doc(*docs, it);
            c.weight = it.get_weight();
            c.percent = it.get_percent();
            c.words = words;
            out.push_back(std::move(c));
        }
    });
    return out;
}

std::vector<ScoredClaim> match_claims(Searcher& s, std::string_view text, std::size_t limit, ProfileMode mode) {
    return match_claims(s, text, limit, mode, Xapian::Query());
}

}  // namespace evidence::search
