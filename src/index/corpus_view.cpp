#include "index/corpus_view.hpp"

#include <xapian.h>

#include <algorithm>
#include <optional>

#include "model/schema.hpp"
#include "model/stored.hpp"
#include "model/text.hpp"

namespace evidence::index {

namespace sc = evidence::schema;
using nlohmann::json;

namespace {

// Words as the TermGenerator sees them (model/text.hpp, with Xapian's
// character classes, as the query parser's words_of).
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : evidence::words_of(text, {Xapian::Unicode::is_wordchar, Xapian::Unicode::tolower}))
        out.push_back(std::move(w.text));
    return out;
}

// Xapian::Stem holds state: one per thread, so builds may run in parallel.
const std::string& stem_of(const std::string& word, std::string& buf) {
    thread_local Xapian::Stem stemmer{std::string(schema::kStemLanguage)};
    buf = stemmer(word);
    return buf;
}

std::string head_of(const std::string& s) { return s.substr(0, 3); }

}  // namespace

SynonymSpotter::SynonymSpotter(const std::vector<SynonymGroup>& groups) {
    std::string buf;
    for (const auto& g : groups) {
        for (const auto& literal : g.terms) {
            Variant v{literal, {}};
            for (const auto& w : words_of(literal)) v.stems.push_back(stem_of(w, buf));
            if (v.stems.empty()) continue;
            by_first_stem_[v.stems.front()].push_back(variants_.size());
            std::string first = v.stems.front();
            heads_.insert(head_of(first));
            // The stemmer turns a final 'y' into 'i' ("icy" -> "ici").
            if (first.back() == 'i') heads_.insert(head_of(first.substr(0, first.size() - 1) + 'y'));
            variants_.push_back(std::move(v));
        }
    }
}

std::vector<std::string> SynonymSpotter::spot(std::string_view text) const {
    std::vector<std::string> found;
    if (variants_.empty()) return found;
    const std::vector<std::string> words = words_of(text);
    std::vector<std::optional<std::string>> stems(words.size());
    std::string buf;
    auto stem_at = [&](std::size_t i) -> const std::string& {
        if (!stems[i]) stems[i] = stem_of(words[i], buf);
        return *stems[i];
    };
    // A stem keeps its word's start, so a word whose first one to three
    // bytes start no variant's stem need not be stemmed.
    auto screened = [&](const std::string& w) {
        for (std::size_t n = 1; n <= 3 && n <= w.size(); ++n)
            if (heads_.count(w.substr(0, n))) return true;
        return false;
    };
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!screened(words[i])) continue;
        const auto it = by_first_stem_.find(stem_at(i));
        if (it == by_first_stem_.end()) continue;
        for (std::size_t vi : it->second) {
            const Variant& v = variants_[vi];
            if (i + v.stems.size() > words.size()) continue;
            bool match = true;
            for (std::size_t k = 1; k < v.stems.size() && match; ++k) match = stem_at(i + k) == v.stems[k];
            if (!match) continue;
            if (v.stems.size() == 1 && words[i] == v.literal) continue;
            found.push_back(v.literal);
        }
    }
    return found;
}

void SynonymSpotter::add_terms(Xapian::Document& doc, std::string_view text) const {
    for (const auto& t : spot(text)) doc.add_term(t);
}

std::vector<std::pair<std::string, std::string>> synonym_entries(const std::vector<SynonymGroup>& groups) {
    std::vector<std::pair<std::string, std::string>> out;
    std::string buf;
    for (const auto& g : groups)
        for (const auto& term : g.terms) {
            for (const auto& other : g.terms)
                if (other != term) out.emplace_back(term, other);
            const auto words = words_of(term);
            if (words.size() == 1 && words.front() == term)
                for (const auto& other : g.terms) out.emplace_back("Z" + stem_of(term, buf), other);
        }
    return out;
}

CorpusView::CorpusView(const Corpus& c) : corpus(c), spotter_(c.synonyms) {
    for (const auto& x : c.claims) claims_[x.id] = &x;
    for (const auto& x : c.sources) sources_[x.id] = &x;
    for (const auto& x : c.topics) topics_[x.id] = &x;
    for (const auto& s : c.sources) {
        for (const auto& a : s.assertions) {
            evidence_[a.claim].push_back({&s, &a});
            if (s.type == SourceType::Study) findings_[s.id].push_back(a.claim);
        }
    }
    // A claim's own `competes` list first, in the order written (the most
    // direct rival first: corpus/README.md), then the claims naming it.
    auto add = [&](const std::string& from, const std::string& to) {
        auto& v = competes_[from];
        if (std::find(v.begin(), v.end(), to) == v.end()) v.push_back(to);
    };
    for (const auto& x : c.claims)
        for (const auto& other : x.competes) add(x.id, other);
    for (const auto& x : c.claims)
        for (const auto& other : x.competes) add(other, x.id);
}

template <typename M>
static auto lookup(const M& m, const std::string& id) -> typename M::mapped_type {
    auto it = m.find(id);
    return it == m.end() ? nullptr : it->second;
}

const Claim* CorpusView::claim(const std::string& id) const { return lookup(claims_, id); }
const Source* CorpusView::source(const std::string& id) const { return lookup(sources_, id); }
const Topic* CorpusView::topic(const std::string& id) const { return lookup(topics_, id); }

bool CorpusView::study_bears_on(const std::string& study, const std::string& claim) const {
    auto it = findings_.find(study);
    return it != findings_.end() && std::find(it->second.begin(), it->second.end(), claim) != it->second.end();
}

std::string CorpusView::study_stance(const std::string& study, const std::string& claim) const {
    const Source* s = source(study);
    std::optional<Stance> stance;
    if (s)
        for (const auto& a : s->assertions) {
            if (a.claim != claim) continue;
            if (stance && *stance != a.stance) return "mixed";
            stance = a.stance;
        }
    return stance ? std::string(to_string(*stance)) : "does not address";
}

bool CorpusView::retracted(const std::string& id) const {
    const Source* s = source(id);
    return s && s->study && s->study->record.retracted;
}

const std::vector<std::string>& CorpusView::competitors(const std::string& id) const {
    static const std::vector<std::string> kNone;
    auto it = competes_.find(id);
    return it == competes_.end() ? kNone : it->second;
}

const std::vector<CorpusView::Evidence>& CorpusView::evidence(const std::string& claim) const {
    static const std::vector<Evidence> kNone;
    auto it = evidence_.find(claim);
    return it == evidence_.end() ? kNone : it->second;
}

std::vector<std::string> CorpusView::source_topics(const Source& s) const {
    std::vector<std::string> out;
    for (const auto& a : s.assertions)
        if (const Claim* c = claim(a.claim))
            for (const auto& t : c->topics)
                if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    return out;
}

namespace {

// "Fairclough et al. 2006", "Beers et al. 2008": how a reader names a study.
std::string short_name(const Source& s) {
    std::string who;
    if (s.study && !s.study->record.authors.empty()) {
        const Author& a = s.study->record.authors.front();
        who = a.literal.empty() ? a.family : a.literal;
        if (s.study->record.authors.size() == 2) {
            const Author& b = s.study->record.authors[1];
            who += " & " + (b.literal.empty() ? b.family : b.literal);
        } else if (s.study->record.authors.size() > 2) {
            who += " et al.";
        }
    }
    if (who.empty()) who = s.title.empty() ? s.id : s.title;
    return s.year().empty() ? who : who + " " + s.year();
}

}  // namespace

json assertion_json(const CorpusView& v, const Source& s, const Assertion& a) {
    std::vector<stored::CitationFacts> cites;
    for (const auto& c : a.cites) {
        stored::CitationFacts f;
        if (!c.unresolved.empty()) {
            f.unresolved = c.unresolved;
        } else {
            const Source* st = v.source(c.study);
            f.study = c.study;
            f.title = st ? st->title : "";
            f.short_name = st ? short_name(*st) : c.study;
            f.level = st ? st->level : 0;
            f.bears_on_claim = v.study_bears_on(c.study, a.claim);
            f.study_stance = v.study_stance(c.study, a.claim);
            f.guessed = c.guessed;
            f.retracted = v.retracted(c.study);
        }
        cites.push_back(std::move(f));
    }
    // A retracted study's own finding.
    return stored::assertion_json(s, a, v.claim(a.claim), cites, v.retracted(s.id));
}

}  // namespace evidence::index
