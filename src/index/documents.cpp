#include "index/documents.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "model/schema.hpp"
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
    thread_local Xapian::Stem stemmer(std::string(schema::kStemLanguage));
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

// Filter terms and facet values of one document, written to it together so
// the two cannot disagree.
class Fields {
public:
    explicit Fields(Xapian::Document& d) : doc_(d) {}
    void add(const sc::Field& field, const std::string& value) {
        if (value.empty()) return;
        const sc::Field* f = &field;
        const std::string term = sc::filter_term(*f, value);
        // A value given twice (a source with two assertions on one claim) is
        // one facet value, counted once.
        if (!seen_.insert(term).second) return;
        doc_.add_boolean_term(term);
        if (f->slot < 0) return;
        std::string& slot = slots_[f->slot];
        if (!slot.empty()) slot += sc::kMultiSep;
        slot += value;
    }
    void finish() {
        for (const auto& [slot, value] : slots_) doc_.add_value(static_cast<Xapian::valueno>(slot), value);
        std::string packed;
        bool first = true;
        for (const auto& f : sc::fields()) {
            if (!f.facet || f.slot < 0) continue;
            if (!first) packed += sc::kFacetSep;
            first = false;
            if (const auto it = slots_.find(f.slot); it != slots_.end()) packed += it->second;
        }
        doc_.add_value(sc::kSlotFacets, packed);
    }

private:
    Xapian::Document& doc_;
    std::map<int, std::string> slots_;
    std::unordered_set<std::string> seen_;
};

std::string interest_value(const Source& s) {
    if (s.commercial_interest.empty()) return "unknown";
    return s.has_interest() ? "yes" : "no";
}

void add_numbers(Xapian::Document& doc, const std::string& year, int level) {
    if (year.size() == 4 && std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; }))
        doc.add_value(sc::kSlotYearNumber, Xapian::sortable_serialise(std::stoi(year)));
    doc.add_value(sc::kSlotStrength, Xapian::sortable_serialise(level > 0 ? level : sc::kNoLevel));
}

void add_identity(Xapian::Document& doc, std::string_view kind, const std::string& id) {
    doc.add_boolean_term(sc::id_term(kind, id));
    doc.add_value(sc::kSlotId, id);
}

// Text under no prefix, with the synonym variants it holds.
void index_plain(const CorpusView& v, Xapian::Document& doc, Xapian::TermGenerator& tg, const std::string& text,
                 Xapian::termcount wdf_inc = 1) {
    tg.index_text(text, wdf_inc);
    v.synonyms().add_terms(doc, text);
}

// Source facets shared by a source's document and its assertions'.
void add_source_fields(Fields& f, const Source& s) {
    f.add(sc::F::type, std::string(to_string(s.type)));
    f.add(sc::F::year, s.year());
    f.add(sc::F::interest, interest_value(s));
    f.add(sc::F::site, s.site);
    f.add(sc::F::source, s.id);
}

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

// Who a statement is about: its own population where the text says so, else
// its study's.
json population_values(const Source& s, const Assertion& a) {
    json out = json::array();
    if (!a.population.empty())
        for (Population p : a.population) out.push_back(to_string(p));
    else if (s.study)
        for (Population p : s.study->populations) out.push_back(to_string(p));
    return out;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

json source_summary(const Source& s) {
    json j = {{"id", s.id},
              {"title", s.title},
              {"type", to_string(s.type)},
              {"site", s.site},
              {"authors", s.authors},
              {"year", s.year()},
              {"url", s.url},
              {"commercial_interest", s.commercial_interest}};
    if (s.type == SourceType::Study) {
        j["level"] = s.level;
        j["level_label"] = level_label(s.level);
        j["retracted"] = s.study && s.study->record.retracted;
        j["sample_size"] = s.study ? s.study->sample_size : "";
        j["design"] = s.study ? s.study->design : "";
        if (s.study) {
            const StudyInfo& st = *s.study;
            j["design_type"] = to_string(st.design_type);
            j["design_label"] = design_label(st.design_type);
            j["includes"] = st.includes;
            j["participants"] = st.participants ? json(*st.participants) : json(nullptr);
            j["risk_of_bias"] = to_string(st.risk_of_bias);
            j["risk_of_bias_reason"] = st.risk_of_bias_reason;
            json pops = json::array();
            for (Population p : st.populations) pops.push_back(to_string(p));
            j["populations"] = std::move(pops);
        }
    }
    return j;
}

json claim_summary(const Claim& c) {
    return {{"id", c.id}, {"statement", c.statement}, {"type", to_string(c.type)}, {"topics", c.topics}};
}

Xapian::Document claim_document(const CorpusView& v, const Claim& c, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    index_plain(v, doc, tg, c.statement);
    tg.index_text(c.statement, 1, "S");
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) index_plain(v, doc, tg, topic->label);
    // The profile: what the claim says, what it is about, and how sources
    // word it. The statement weighs most; each assertion adds its words once.
    const std::string profile(sc::kProfilePrefix);
    tg.increase_termpos();
    tg.index_text(c.statement, 3, profile);
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) {
            tg.increase_termpos();
            tg.index_text(topic->label, 2, profile);
        }
    std::size_t profiled = 0;
    for (const auto& e : v.evidence(c.id)) {
        if (profiled++ >= sc::kMaxProfileAssertions) break;
        tg.increase_termpos();
        tg.index_text(e.assertion->quote.empty() ? e.assertion->finding : e.assertion->quote, 1, profile);
    }
    Fields f(doc);
    f.add(sc::F::kind, std::string(sc::kKindClaim));
    f.add(sc::F::claim, c.id);
    f.add(sc::F::claim_type, std::string(to_string(c.type)));
    for (const auto& t : c.topics) f.add(sc::F::topic, t);
    f.finish();

    // The strongest evidence on the claim orders claims in a strength sort;
    // a retracted study's finding does not count (search/certainty.cpp).
    int strongest = 0;
    std::vector<std::string> retracted;
    auto note_retracted = [&](const std::string& study) {
        if (std::find(retracted.begin(), retracted.end(), study) == retracted.end()) retracted.push_back(study);
    };
    for (const auto& e : v.evidence(c.id)) {
        const bool gone = v.retracted(e.source->id);
        if (gone) note_retracted(e.source->id);
        for (const auto& cite : e.assertion->cites)
            if (!cite.study.empty() && v.retracted(cite.study)) note_retracted(cite.study);
        if (!gone && e.assertion->level > 0 && (strongest == 0 || e.assertion->level < strongest))
            strongest = e.assertion->level;
    }
    if (!retracted.empty()) doc.add_boolean_term(std::string(sc::kTermRetracted));
    add_identity(doc, sc::kKindClaim, c.id);
    add_numbers(doc, "", strongest);
    doc.add_value(sc::kSlotText, c.statement);
    doc.add_value(sc::kSlotTitle, c.statement);
    json j = claim_summary(c);
    j["kind"] = sc::kKindClaim;
    j["title"] = c.statement;
    j["competes"] = v.competitors(c.id);
    j["note"] = c.note;
    j["assertion_count"] = v.evidence(c.id).size();
    j["strongest_level"] = strongest;
    j["retracted_evidence"] = retracted;
    doc.add_value(sc::kSlotData, dump(j));
    return doc;
}

json assertion_json(const CorpusView& v, const Source& s, const Assertion& a) {
    const Claim* claim = v.claim(a.claim);
    json cites = json::array();
    bool leans_on_retracted = false;
    for (const auto& c : a.cites) {
        if (!c.unresolved.empty()) {
            cites.push_back({{"unresolved", c.unresolved}});
            continue;
        }
        const Source* st = v.source(c.study);
        const bool retracted = v.retracted(c.study);
        leans_on_retracted = leans_on_retracted || retracted;
        cites.push_back({{"study", c.study},
                         {"title", st ? st->title : ""},
                         {"short", st ? short_name(*st) : c.study},
                         {"level", st ? st->level : 0},
                         {"bears_on_claim", v.study_bears_on(c.study, a.claim)},
                         {"study_stance", v.study_stance(c.study, a.claim)},
                         {"link", c.guessed ? "guessed" : "certain"},
                         {"retracted", retracted}});
    }
    const bool own_retracted = v.retracted(s.id);  // a retracted study's own finding
    json j = {{"kind", sc::kKindAssertion},
              {"id", a.id},
              {"title", claim ? claim->statement : a.claim},
              {"stance", to_string(a.stance)},
              {"level", a.level},
              {"level_label", level_label(a.level)},
              {"directness", to_string(a.directness)},
              {"claim", claim ? claim_summary(*claim) : json{{"id", a.claim}}},
              {"source", source_summary(s)},
              {"post", a.post},
              {"quote", a.quote},
              {"prefix", a.prefix},
              {"suffix", a.suffix},
              {"finding", a.finding},
              {"cites", cites},
              {"note", a.note},
              {"retracted", own_retracted},
              {"retracted_citation", leans_on_retracted},
              {"line", a.quote_line},
              {"outcome", a.outcome ? json(to_string(*a.outcome)) : json(nullptr)},
              {"outcome_label", a.outcome ? json(plain_words(to_string(*a.outcome))) : json(nullptr)},
              {"population", population_values(s, a)}};
    if (!a.post.empty())
        for (const auto& p : s.posts)
            if (p.id == a.post) j["post_author"] = p.author;
    return j;
}

Xapian::Document assertion_document(const CorpusView& v, const Source& s, const Assertion& a,
                                    Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    const Claim* claim = v.claim(a.claim);
    const std::string& said = a.quote.empty() ? a.finding : a.quote;
    tg.set_document(doc);
    index_plain(v, doc, tg, said, 2);
    if (claim) {
        // The claim's words and its topics' labels, so that a search for a
        // treatment finds every statement about it, whatever words the source used.
        tg.increase_termpos();
        index_plain(v, doc, tg, claim->statement);
        for (const auto& t : claim->topics)
            if (const Topic* topic = v.topic(t)) {
                tg.increase_termpos();
                index_plain(v, doc, tg, topic->label);
            }
    }
    tg.index_text(s.title, 1, "S");
    for (const auto& au : s.authors) tg.index_text(au, 1, "A");

    Fields f(doc);
    f.add(sc::F::kind, std::string(sc::kKindAssertion));
    f.add(sc::F::claim, a.claim);
    f.add(sc::F::stance, std::string(to_string(a.stance)));
    f.add(sc::F::level, std::to_string(a.level));
    f.add(sc::F::directness, std::string(to_string(a.directness)));
    add_source_fields(f, s);
    if (claim) {
        f.add(sc::F::claim_type, std::string(to_string(claim->type)));
        for (const auto& t : claim->topics) f.add(sc::F::topic, t);
    }
    if (a.outcome) f.add(sc::F::outcome, std::string(to_string(*a.outcome)));
    for (const auto& p : population_values(s, a)) f.add(sc::F::population, p.get<std::string>());
    for (const auto& c : a.cites)
        if (c.unresolved.empty()) f.add(sc::F::cites, c.study);
    f.finish();
    json j = assertion_json(v, s, a);
    if (j.value("retracted", false) || j.value("retracted_citation", false))
        doc.add_boolean_term(std::string(sc::kTermRetracted));
    add_identity(doc, sc::kKindAssertion, a.id);
    add_numbers(doc, s.year(), a.level);
    doc.add_value(sc::kSlotText, said);
    doc.add_value(sc::kSlotTitle, claim ? claim->statement : a.claim);
    doc.add_value(sc::kSlotData, dump(j));
    return doc;
}

Xapian::Document source_document(const CorpusView& v, const Source& s, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    index_plain(v, doc, tg, s.title, 2);
    tg.index_text(s.title, 1, "S");
    for (const auto& au : s.authors) {
        tg.index_text(au, 1, "A");
        tg.index_text(au);
    }
    tg.index_text(s.site);
    // The body without positions: they were a third of a build's time at
    // 100k sources (docs/BENCHMARKS.md). Its words and stems match as
    // everywhere else; a phrase matches a body as its words (query.cpp), and
    // exactly in titles, claims and the quotes annotated from the body.
    tg.index_text_without_positions(s.text);
    v.synonyms().add_terms(doc, s.text);

    Fields f(doc);
    f.add(sc::F::kind, std::string(sc::kKindSource));
    add_source_fields(f, s);
    if (s.level > 0) f.add(sc::F::level, std::to_string(s.level));
    for (const auto& t : v.source_topics(s)) f.add(sc::F::topic, t);
    std::vector<std::string> claims;
    for (const auto& a : s.assertions)
        if (std::find(claims.begin(), claims.end(), a.claim) == claims.end()) claims.push_back(a.claim);
    for (const auto& c : claims) f.add(sc::F::claim, c);
    if (s.study)
        for (Population p : s.study->populations) f.add(sc::F::population, std::string(to_string(p)));
    for (const auto& a : s.assertions)
        if (a.outcome) f.add(sc::F::outcome, std::string(to_string(*a.outcome)));
    f.finish();
    if (v.retracted(s.id)) doc.add_boolean_term(std::string(sc::kTermRetracted));
    add_identity(doc, sc::kKindSource, s.id);
    add_numbers(doc, s.year(), s.level);
    doc.add_value(sc::kSlotText, s.text);
    doc.add_value(sc::kSlotTitle, s.title);

    json j = source_summary(s);
    j["kind"] = sc::kKindSource;
    j["credentials"] = s.credentials;
    j["published"] = s.published;
    j["note"] = s.note;
    j["assertion_count"] = s.assertions.size();
    doc.add_value(sc::kSlotData, dump(j));

    json page = {{"html", s.html}, {"posts", json::array()}};
    for (const auto& p : s.posts)
        page["posts"].push_back({{"id", p.id}, {"author", p.author}, {"html", p.html}});
    if (s.study) {
        const auto& st = *s.study;
        json authors = json::array();
        for (const auto& a : st.record.authors)
            authors.push_back(a.literal.empty() ? json{{"family", a.family}, {"given", a.given}}
                                                : json{{"literal", a.literal}});
        page["study"] = {{"design", st.design},
                         {"sample_size", st.sample_size},
                         {"population", st.population},
                         {"identification", st.identification_certain ? "certain" : "uncertain"},
                         {"identification_note", st.identification_note},
                         {"record",
                          {{"pmid", st.record.pmid},
                           {"doi", st.record.doi},
                           {"pmcid", st.record.pmcid},
                           {"title", st.record.title},
                           {"journal", st.record.journal},
                           {"year", st.record.year},
                           {"volume", st.record.volume},
                           {"issue", st.record.issue},
                           {"pages", st.record.pages},
                           {"kind", st.record.kind},
                           {"authors", authors},
                           {"publication_types", st.record.publication_types},
                           {"retracted", st.record.retracted},
                           {"notices", st.record.notices}}}};
    }
    doc.add_value(sc::kSlotPage, dump(page));
    return doc;
}

}  // namespace evidence::index
