#include "bench/queries.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "bench/synth.hpp"

namespace evidence::bench {

namespace {

// The product's query stop words (src/search/searcher.cpp).
const std::set<std::string> kStopWords = {"a",    "an", "and", "are",  "as",   "at",   "be",   "by",   "for",
                                          "from", "in", "is",  "it",   "of",   "on",   "or",   "that", "the",
                                          "this", "to", "was", "were", "will", "with", "does", "do"};

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    return s;
}

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A general word that is neither a stop word nor too short to be a query.
std::string general(Rng& rng, std::size_t lo, std::size_t hi) {
    for (;;) {
        std::string w = general_word(lo + rng.below(hi - lo));
        if (w.size() > 2 && !kStopWords.count(w)) return w;
    }
}

std::string field_word(Rng& rng) {
    auto v = field_words();
    return std::string(v[static_cast<std::size_t>(rng.uniform() * rng.uniform() * static_cast<double>(v.size()))]);
}

std::string field_phrase(Rng& rng) {
    auto v = field_phrases();
    return lower(
        std::string(v[static_cast<std::size_t>(rng.uniform() * rng.uniform() * static_cast<double>(v.size()))]));
}

// Three consecutive words of a real quote: a phrase that matches a few documents.
std::string quote_phrase(Rng& rng, const Corpus& c) {
    for (;;) {
        const Source& s = c.sources[rng.below(c.sources.size())];
        if (s.assertions.empty()) continue;
        const Assertion& a = s.assertions[rng.below(s.assertions.size())];
        std::string q;
        for (char ch : a.quote) q += (ch == ',' || ch == '.') ? ' ' : ch;
        const auto w = split_words(lower(q));
        if (w.size() < 3) continue;
        const std::size_t at = rng.below(w.size() - 2);
        return w[at] + " " + w[at + 1] + " " + w[at + 2];
    }
}

// One or two facet filters, drawn from values that exist in the corpus.
std::map<std::string, std::vector<std::string>> filters(Rng& rng, const Corpus& c) {
    std::map<std::string, std::vector<std::string>> f;
    const int n = rng.chance(0.6) ? 1 : 2;
    while (static_cast<int>(f.size()) < n) {
        const Source& s = c.sources[rng.below(c.sources.size())];
        switch (rng.below(8)) {
            case 0:
                f["stance"] = {rng.chance(0.6) ? "supports" : "opposes"};
                break;
            case 1:
                f["level"] = {std::to_string(rng.between(2, 5))};
                break;  // that level or stronger
            case 2:
                f["type"] = {std::string(to_string(s.type))};
                break;
            case 3:
                f["topic"] = {c.topics[rng.below(c.topics.size() / 2)].id};
                break;
            case 4:
                f["kind"] = {rng.chance(0.7) ? "assertion" : "source"};
                break;
            case 5:
                f["year"] = {s.year()};
                break;
            case 6:
                f["interest"] = {rng.chance(0.5) ? "yes" : "no"};
                break;
            default:
                f["site"] = {lower(s.site)};
                break;
        }
    }
    return f;
}

}  // namespace

std::string fts_expression(const std::string& text, const std::vector<SynonymGroup>& synonyms) {
    // Split into runs of bare words and quoted phrases.
    std::vector<std::string> parts;
    std::vector<std::string> run;
    auto flush_run = [&] {
        for (std::size_t i = 0; i < run.size();) {
            // The longest run of words starting at i that is a synonym key.
            const SynonymGroup* group = nullptr;
            std::size_t len = run.size() - i;
            std::string key;
            for (; len >= 1 && !group; --len) {
                key.clear();
                for (std::size_t k = i; k < i + len; ++k) key += (k > i ? " " : "") + run[k];
                for (const auto& g : synonyms)
                    if (std::find(g.terms.begin(), g.terms.end(), key) != g.terms.end()) {
                        group = &g;
                        break;
                    }
            }
            if (!group) {
                if (!kStopWords.count(run[i])) parts.push_back(quoted(run[i]));
                ++i;
                continue;
            }
            ++len;  // the loop stepped past the length found
            std::string alt;
            std::size_t words = 0;
            for (std::size_t k = i; k < i + len; ++k)
                if (!kStopWords.count(run[k])) {
                    alt += (words++ ? " AND " : "") + quoted(run[k]);
                }
            if (words > 1) alt = "(" + alt + ")";
            for (const auto& t : group->terms)
                if (t != key) alt += (alt.empty() ? "" : " OR ") + quoted(t);
            parts.push_back("(" + alt + ")");
            i += len;
        }
        run.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '"') {
            flush_run();
            const auto end = text.find('"', i + 1);
            parts.push_back(quoted(text.substr(i + 1, end - i - 1)));
            i = end == std::string::npos ? text.size() : end + 1;
        } else if (text[i] == ' ') {
            ++i;
        } else {
            const auto end = std::min(text.find_first_of(" \"", i), text.size());
            run.push_back(text.substr(i, end - i));
            i = end;
        }
    }
    flush_run();
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " AND ") + p;
    return out;
}

std::vector<BenchQuery> make_queries(const Corpus& corpus, std::uint64_t seed, std::size_t base) {
    Rng rng(seed * 0x9E3779B97F4A7C15ULL + 17);
    std::vector<BenchQuery> out;
    for (std::size_t i = 0; i < base; ++i) {
        BenchQuery q;
        const std::size_t kind = i % 10;
        if (kind < 2) {
            q.shape = "word";
            q.text = field_word(rng);
        } else if (kind < 4) {
            q.shape = "word";
            // Ranks 30..3000: words from very common to rare.
            q.text = general(rng, 30, rng.chance(0.5) ? 500 : 3000);
        } else if (kind < 7) {
            q.shape = "and";
            const double u = rng.uniform();
            q.text = u < 0.4   ? field_word(rng) + " " + field_word(rng)
                     : u < 0.7 ? field_phrase(rng)
                               : field_word(rng) + " " + general(rng, 30, 2000);
            if (split_words(q.text).size() != 2) q.text = field_word(rng) + " " + general(rng, 30, 400);
        } else {
            q.shape = "phrase";
            q.text = quoted(kind < 9 ? field_phrase(rng) : quote_phrase(rng, corpus));
        }
        q.fts = fts_expression(q.text, corpus.synonyms);
        if (q.shape == "phrase") {
            // The product matches a phrase in a source's body as its words
            // (bodies have no positions): FTS5 does the same, through the
            // marker token its source rows carry.
            std::string words = q.text;
            std::replace(words.begin(), words.end(), '"', ' ');
            q.fts = "(" + q.fts + ") OR (" + std::string(kFtsSourceMarker) + " AND " +
                    fts_expression(words, corpus.synonyms) + ")";
        }
        out.push_back(q);
        q.filters = filters(rng, corpus);
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace evidence::bench
