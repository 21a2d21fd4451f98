#include "search/natural.hpp"

#include <algorithm>
#include <cctype>

#include "model/text.hpp"

namespace evidence::search {

namespace {

bool has_match(const Xapian::Database& db, const Xapian::Query& q, const Xapian::Query& filter) {
    Xapian::Enquire enq(db);
    enq.set_query(filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter));
    enq.set_weighting_scheme(Xapian::BoolWeight());
    return !enq.get_mset(0, 1).empty();
}

// The number of documents `q` matches within `filter`, counted exactly up to
// kCountLimit and kCountLimit beyond. An estimate would do for ranking words,
// but it is above zero for a word that matches nothing within the filter,
// and it differs between one database and the same documents in shards: the
// words a relaxed question keeps must not depend on how the index is split.
// Counting at least kCountLimit matches gives each shard's lower bound at
// least min(its count, kCountLimit), so the sum clamped to kCountLimit is
// the same over any split, and the count stops early for a common word (at
// 50k sources, a word ORed with "band" within kind:assertion: 1 ms against
// 7 ms counted to the end).
constexpr Xapian::doccount kCountLimit = 10000;
Xapian::doccount frequency(const Xapian::Database& db, const Xapian::Query& q, const Xapian::Query& filter) {
    Xapian::Enquire enq(db);
    enq.set_query(filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter));
    enq.set_weighting_scheme(Xapian::BoolWeight());
    return std::min(enq.get_mset(0, 0, kCountLimit).get_matches_lower_bound(), kCountLimit);
}

std::string join(const std::vector<std::string>& words, const char* sep = " ") {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += sep;
        out += w;
    }
    return out;
}

}  // namespace

bool is_natural(std::string_view q) {
    static const std::set<std::string_view> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    if (q.find_first_of("\"*():()[]{}") != std::string_view::npos) return false;
    if (q.find("\xE2\x80\x9C") != std::string_view::npos || q.find("\xE2\x80\x9D") != std::string_view::npos)
        return false;
    std::size_t i = 0;
    while (i < q.size()) {
        while (i < q.size() && is_ascii_space(q[i])) ++i;
        const std::size_t start = i;
        while (i < q.size() && !is_ascii_space(q[i])) ++i;
        if (start == i) break;
        const std::string_view token = q.substr(start, i - start);
        if (token[0] == '+' || (token[0] == '-' && token.size() > 1)) return false;
        if (kOperators.count(token)) return false;
    }
    return true;
}

const std::set<std::string>& filler_words() {
    static const std::set<std::string> kWords = {
        "a",       "about",   "actually", "am",      "an",   "any",  "anyone", "anything", "are",   "be",
        "been",    "can",     "could",    "did",     "do",   "does", "doing",  "else",     "ever",  "for",
        "get",     "getting", "good",     "has",     "have", "how",  "i",      "i'm",      "if",    "im",
        "is",      "it's",    "just",     "me",      "much", "my",   "of",     "or",       "our",   "really",
        "should",  "so",      "some",     "someone", "tell", "the",  "there",  "they",     "thing", "things",
        "to",      "true",    "u",        "us",      "way",  "we",   "what",   "what's",   "when",  "where",
        "whether", "which",   "who",      "why",     "will", "with", "worth",  "would",    "you",   "your",
        "idea",    "anybody", "kind",     "sort",    "that", "this", "these",  "those",    "it",    "in",
        "on",      "at",      "by",       "as",      "was",  "were", "am",     "any",      "ok",    "okay"};
    return kWords;
}

std::vector<Unit> units_of(std::string_view q, const Lexicon& lex) { return units_of(words_of(q), lex); }

std::vector<Unit> units_of(const std::vector<Word>& read, const Lexicon& lex) {
    std::vector<std::string> words;
    for (const auto& w : read) words.push_back(w.text);
    std::vector<Unit> out;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t best = 1;
        if (const auto keys = lex.phrase_keys.find(words[i]); keys != lex.phrase_keys.end())
            for (const auto& key : keys->second)
                if (key.size() > best && i + key.size() <= words.size() &&
                    std::equal(key.begin(), key.end(), words.begin() + static_cast<std::ptrdiff_t>(i)))
                    best = key.size();
        Unit u;
        u.words.assign(words.begin() + static_cast<std::ptrdiff_t>(i),
                       words.begin() + static_cast<std::ptrdiff_t>(i + best));
        u.text = join(u.words);
        u.filler = best == 1 && (filler_words().count(u.text) || stop_words().count(u.text));
        out.push_back(std::move(u));
        i += best;
    }
    return out;
}

ParsedQuery parse_natural(QueryBuilder& qb, const Xapian::Database& db, const std::string& q,
                          const Xapian::Query& filter, Relaxation& out) {
    out = Relaxation{};
    out.natural = true;
    const std::vector<Unit> units = units_of(q, qb.lexicon());
    std::vector<const Unit*> content;
    for (const auto& u : units) {
        if (!u.filler)
            content.push_back(&u);
        else if (std::find(out.ignored.begin(), out.ignored.end(), u.text) == out.ignored.end())
            out.ignored.push_back(u.text);
    }
    // Keywords only, or nothing but fillers: the query as the language reads it.
    if (content.empty() || out.ignored.empty()) {
        ParsedQuery plain = qb.parse(q);
        if (content.empty() || plain.empty || has_match(db, plain.query, filter)) {
            out.ignored.clear();
            return plain;
        }
    }
    struct Part {
        const Unit* unit;
        Xapian::Query query;
        Xapian::doccount freq;
    };
    std::vector<Part> parts;
    for (const Unit* u : content) {
        ParsedQuery p = qb.parse(u->text);
        if (p.empty) continue;
        parts.push_back({u, p.query, 0});
    }
    auto all_of = [](const std::vector<Part>& ps) {
        std::vector<Xapian::Query> qs;
        for (const auto& p : ps) qs.push_back(p.query);
        return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
    };
    std::vector<Part> required = parts, dropped;
    if (!has_match(db, all_of(required), filter)) {
        for (auto& p : required) p.freq = frequency(db, p.query, filter);
        // Words that match nothing go first, then the most frequent (the
        // least informative), one at a time, until the rest match together.
        std::stable_sort(required.begin(), required.end(), [](const Part& a, const Part& b) {
            if ((a.freq == 0) != (b.freq == 0)) return a.freq != 0;
            return a.freq < b.freq;
        });
        while (!required.empty() && required.back().freq == 0) {
            dropped.push_back(required.back());
            required.pop_back();
        }
        while (required.size() > 1 && !has_match(db, all_of(required), filter)) {
            dropped.push_back(required.back());
            required.pop_back();
        }
    }
    std::vector<std::string> searched;
    for (const Unit* u : content) {
        const bool kept = std::any_of(required.begin(), required.end(), [&](const Part& p) { return p.unit == u; });
        (kept ? searched : out.optional).push_back(u->text);
    }
    out.searched = join(searched);
    ParsedQuery res;
    std::vector<Xapian::Query> maybe;
    for (const auto& p : dropped) maybe.push_back(p.query);
    if (required.empty()) {
        res.query = Xapian::Query(Xapian::Query::OP_OR, maybe.begin(), maybe.end());
    } else {
        res.query = all_of(required);
        if (!maybe.empty())
            res.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, res.query,
                                      Xapian::Query(Xapian::Query::OP_OR, maybe.begin(), maybe.end()));
    }
    if (out.changed()) {
        out.message = "showing results for " + (searched.empty() ? std::string("any of the words") : out.searched);
        if (!out.ignored.empty()) out.message += "; '" + join(out.ignored) + "' ignored";
        if (!out.optional.empty())
            out.message += "; '" + join(out.optional, "', '") + "' not required (no result has every word)";
    }
    return res;
}

}  // namespace evidence::search
