#include "index/documents.hpp"

#include <xapian.h>

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "model/schema.hpp"
#include "model/stored.hpp"

namespace evidence::index {

namespace sc = evidence::schema;
using nlohmann::json;

namespace {

// Filter terms and facet values of one document, written to it together so
// the two cannot disagree.
class Fields {
public:
    Fields(Xapian::Document& d, FacetCodes& codes) : doc_(d), codes_(codes) {}
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
        doc_.add_value(sc::kSlotFacets, pack([](const sc::Field& f) { return f.facet && f.slot >= 0; }));
        // The document's codes under one lock: the build's threads share the table.
        FacetCodes::Batch codes(codes_);
        add_group(codes);
        add_list_pairs(codes);
        if (const auto it = slots_.find(sc::F::site.slot); it != slots_.end()) {
            std::string code;
            codes.append(code, sc::F::site, it->second);
            doc_.add_value(sc::kSlotSiteCode, code);
        }
    }

private:
    // The slots of the fields `in`, in the order of kFields, joined by kFacetSep.
    template <typename In>
    std::string pack(In in) const {
        std::string packed;
        bool first = true;
        for (const auto& f : sc::fields()) {
            if (!in(f)) continue;
            if (!first) packed += sc::kFacetSep;
            first = false;
            if (const auto it = slots_.find(f.slot); it != slots_.end()) packed += it->second;
        }
        return packed;
    }

    std::string_view slot(const sc::Field& f) const {
        const auto it = slots_.find(f.slot);
        return it == slots_.end() ? std::string_view() : std::string_view(it->second);
    }

    // One part of a coded slot (model/facet_codes.hpp): a list's values
    // (joined by kMultiSep) each coded, then kNoCode; a single value coded
    // whole, as the packed slot counts it, or kNoCode when there is none.
    static void code_part(FacetCodes::Batch& codes, std::string& out, const sc::Field& f, std::string_view values,
                          bool list) {
        if (!list) {
            if (values.empty())
                out += kNoCode;
            else
                codes.append(out, f, values);
            return;
        }
        while (!values.empty()) {
            const auto end = values.find(sc::kMultiSep);
            codes.append(out, f, values.substr(0, end));
            if (end == std::string_view::npos) break;
            values.remove_prefix(end + 1);
        }
        out += kNoCode;
    }

    // schema::kSlotFacetGroup: the facets of small closed sets, coded.
    void add_group(FacetCodes::Batch& codes) {
        std::string value;
        for (const auto& f : sc::fields())
            if (sc::in_facet_group(f)) code_part(codes, value, f, slot(f), f.multi);
        doc_.add_value(sc::kSlotFacetGroup, value);
    }

    // schema::kSlotListPairs: the k-th value of each list facet, the last
    // slot the rest of each list, coded.
    void add_list_pairs(FacetCodes::Batch& codes) {
        std::vector<const sc::Field*> facets;
        std::vector<std::string_view> rest;  // what is left of each list
        for (const auto& f : sc::fields()) {
            if (!sc::in_list_pairs(f)) continue;
            facets.push_back(&f);
            rest.push_back(slot(f));
        }
        for (int k = 0; k < sc::kListPairSlots; ++k) {
            const bool last = k + 1 == sc::kListPairSlots;
            std::string value;
            bool any = false;
            for (std::size_t i = 0; i < rest.size(); ++i) {
                const auto end = last ? std::string_view::npos : rest[i].find(sc::kMultiSep);
                any = any || !rest[i].empty();
                code_part(codes, value, *facets[i], rest[i].substr(0, end), last);
                rest[i].remove_prefix(end == std::string_view::npos ? rest[i].size() : end + 1);
            }
            if (any) doc_.add_value(static_cast<Xapian::valueno>(sc::kSlotListPairs + k), value);
        }
    }

    Xapian::Document& doc_;
    FacetCodes& codes_;
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

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

Xapian::Document claim_document(const CorpusView& v, const Claim& c, Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);
    index_plain(v, doc, tg, c.statement);
    tg.index_text(c.statement, 1, "S");
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) index_plain(v, doc, tg, topic->label);
    // The profile: what the claim says, what it is about, how people word
    // it (its phrasings) and how sources word it. The statement weighs
    // most; each phrasing and each assertion adds its words once.
    const std::string profile(sc::kProfilePrefix);
    tg.increase_termpos();
    tg.index_text(c.statement, 3, profile);
    for (const auto& t : c.topics)
        if (const Topic* topic = v.topic(t)) {
            tg.increase_termpos();
            tg.index_text(topic->label, 2, profile);
        }
    for (const auto& p : c.phrasings) {
        tg.increase_termpos();
        tg.index_text(p, 1, profile);
    }
    std::size_t profiled = 0;
    for (const auto& e : v.evidence(c.id)) {
        if (profiled++ >= sc::kMaxProfileAssertions) break;
        tg.increase_termpos();
        tg.index_text(e.assertion->quote.empty() ? e.assertion->finding : e.assertion->quote, 1, profile);
    }
    Fields f(doc, v.codes());
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
    doc.add_value(sc::kSlotData,
                  dump(stored::claim_json(c, v.competitors(c.id), v.evidence(c.id).size(), strongest, retracted)));
    return doc;
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

    Fields f(doc, v.codes());
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
    for (const auto& p : stored::populations_of(s, a)) f.add(sc::F::population, p);
    for (const auto& c : a.cites)
        if (c.unresolved.empty()) f.add(sc::F::cites, c.study);
    f.finish();
    json j = assertion_json(v, s, a);
    if (j.value(stored::key::kRetracted, false) || j.value(stored::key::kRetractedCitation, false))
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

    Fields f(doc, v.codes());
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

    doc.add_value(sc::kSlotData, dump(stored::source_json(s)));
    doc.add_value(sc::kSlotPage, dump(stored::source_page_json(s)));
    return doc;
}

}  // namespace evidence::index
