#include "index/documents.hpp"

#include <algorithm>
#include <map>

#include "model/schema.hpp"

namespace evidence::index {

namespace sc = evidence::schema;
using nlohmann::json;

CorpusView::CorpusView(const Corpus& c) : corpus(c) {
    for (const auto& x : c.claims) claims_[x.id] = &x;
    for (const auto& x : c.sources) sources_[x.id] = &x;
    for (const auto& x : c.topics) topics_[x.id] = &x;
    for (const auto& s : c.sources)
        if (s.type == SourceType::Study)
            for (const auto& a : s.assertions) findings_[s.id].push_back(a.claim);
    for (const auto& x : c.claims) {
        for (const auto& other : x.competes) {
            auto add = [&](const std::string& from, const std::string& to) {
                auto& v = competes_[from];
                if (std::find(v.begin(), v.end(), to) == v.end()) v.push_back(to);
            };
            add(x.id, other);
            add(other, x.id);
        }
    }
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

const std::vector<std::string>& CorpusView::competitors(const std::string& id) const {
    static const std::vector<std::string> kNone;
    auto it = competes_.find(id);
    return it == competes_.end() ? kNone : it->second;
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
    void add(std::string_view name, const std::string& value) {
        if (value.empty()) return;
        const sc::Field* f = sc::field(name);
        doc_.add_boolean_term(sc::filter_term(*f, value));
        if (f->slot < 0) return;
        std::string& slot = slots_[f->slot];
        if (!slot.empty()) slot += sc::kMultiSep;
        slot += value;
    }
    void finish() {
        for (const auto& [slot, value] : slots_) doc_.add_value(static_cast<Xapian::valueno>(slot), value);
    }

private:
    Xapian::Document& doc_;
    std::map<int, std::string> slots_;
};

std::string interest_value(const Source& s) {
    if (s.commercial_interest.empty()) return "unknown";
    return s.has_interest() ? "yes" : "no";
}

void add_numbers(Xapian::Document& doc, const std::string& year, int level) {
    if (year.size() == 4) doc.add_value(sc::kSlotYearNumber, Xapian::sortable_serialise(std::stoi(year)));
    doc.add_value(sc::kSlotStrength, Xapian::sortable_serialise(level > 0 ? level : sc::kNoLevel));
}

// Source facets shared by a source's document and its assertions'.
void add_source_fields(Fields& f, const Source& s) {
    f.add("type", std::string(to_string(s.type)));
    f.add("year", s.year());
    f.add("interest", interest_value(s));
    f.add("site", s.site);
    f.add("source", s.id);
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
    }
    return j;
}

json claim_summary(const Claim& c) {
    return {{"id", c.id}, {"statement", c.statement}, {"type", to_string(c.type)}, {"topics", c.topics}};
}

Xapian::Document claim_document(const CorpusView& v, const Claim& c, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(c.statement);
    tg.index_text(c.statement, 1, "S");
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) tg.index_text(topic->label);
    Fields f(doc);
    f.add("kind", std::string(sc::kKindClaim));
    f.add("claim", c.id);
    f.add("claim_type", std::string(to_string(c.type)));
    for (const auto& t : c.topics) f.add("topic", t);
    f.finish();
    doc.add_boolean_term(sc::id_term(sc::kKindClaim, c.id));
    add_numbers(doc, "", 0);
    doc.add_value(sc::kSlotText, c.statement);
    doc.add_value(sc::kSlotTitle, c.statement);
    json j = claim_summary(c);
    j["kind"] = sc::kKindClaim;
    j["title"] = c.statement;
    j["competes"] = v.competitors(c.id);
    j["note"] = c.note;
    doc.set_data(dump(j));
    return doc;
}

Xapian::Document assertion_document(const CorpusView& v, const Source& s, const Assertion& a,
                                    Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    const Claim* claim = v.claim(a.claim);
    const std::string& said = a.quote.empty() ? a.finding : a.quote;
    tg.set_document(doc);
    tg.index_text(said, 2);
    if (claim) tg.index_text(claim->statement);
    tg.index_text(s.title, 1, "S");
    for (const auto& au : s.authors) tg.index_text(au, 1, "A");

    Fields f(doc);
    f.add("kind", std::string(sc::kKindAssertion));
    f.add("claim", a.claim);
    f.add("stance", std::string(to_string(a.stance)));
    f.add("level", std::to_string(a.level));
    f.add("directness", std::string(to_string(a.directness)));
    add_source_fields(f, s);
    if (claim) {
        f.add("claim_type", std::string(to_string(claim->type)));
        for (const auto& t : claim->topics) f.add("topic", t);
    }
    json cites = json::array();
    bool leans_on_retracted = false;
    for (const auto& c : a.cites) {
        if (!c.unresolved.empty()) {
            cites.push_back({{"unresolved", c.unresolved}});
            continue;
        }
        f.add("cites", c.study);
        const Source* st = v.source(c.study);
        const bool retracted = st && st->study && st->study->record.retracted;
        leans_on_retracted = leans_on_retracted || retracted;
        cites.push_back({{"study", c.study},
                         {"title", st ? st->title : ""},
                         {"level", st ? st->level : 0},
                         {"bears_on_claim", v.study_bears_on(c.study, a.claim)},
                         {"retracted", retracted}});
    }
    f.finish();
    doc.add_boolean_term(sc::id_term(sc::kKindAssertion, a.id));
    add_numbers(doc, s.year(), a.level);
    doc.add_value(sc::kSlotText, said);
    doc.add_value(sc::kSlotTitle, claim ? claim->statement : a.claim);

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
              {"retracted_citation", leans_on_retracted},
              {"line", a.quote_line}};
    if (!a.post.empty())
        for (const auto& p : s.posts)
            if (p.id == a.post) j["post_author"] = p.author;
    doc.set_data(dump(j));
    return doc;
}

Xapian::Document source_document(const CorpusView& v, const Source& s, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(s.title, 2);
    tg.index_text(s.title, 1, "S");
    for (const auto& au : s.authors) {
        tg.index_text(au, 1, "A");
        tg.index_text(au);
    }
    tg.index_text(s.site);
    tg.increase_termpos();
    tg.index_text(s.text);

    Fields f(doc);
    f.add("kind", std::string(sc::kKindSource));
    add_source_fields(f, s);
    if (s.level > 0) f.add("level", std::to_string(s.level));
    for (const auto& t : v.source_topics(s)) f.add("topic", t);
    std::vector<std::string> claims;
    for (const auto& a : s.assertions)
        if (std::find(claims.begin(), claims.end(), a.claim) == claims.end()) claims.push_back(a.claim);
    for (const auto& c : claims) f.add("claim", c);
    f.finish();
    doc.add_boolean_term(sc::id_term(sc::kKindSource, s.id));
    add_numbers(doc, s.year(), s.level);
    doc.add_value(sc::kSlotText, s.text);
    doc.add_value(sc::kSlotTitle, s.title);

    json j = source_summary(s);
    j["kind"] = sc::kKindSource;
    j["credentials"] = s.credentials;
    j["published"] = s.published;
    j["note"] = s.note;
    j["assertion_count"] = s.assertions.size();
    doc.set_data(dump(j));

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
