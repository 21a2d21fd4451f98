#include "model/stored.hpp"

#include "model/schema.hpp"

namespace evidence::stored {

using nlohmann::json;
using namespace key;

std::vector<std::string> populations_of(const Source& s, const Assertion& a) {
    std::vector<std::string> out;
    if (!a.population.empty())
        for (Population p : a.population) out.emplace_back(to_string(p));
    else if (s.study)
        for (Population p : s.study->populations) out.emplace_back(to_string(p));
    return out;
}

json source_summary(const Source& s) {
    json j = {{kId, s.id},
              {kTitle, s.title},
              {kType, to_string(s.type)},
              {kSite, s.site},
              {kAuthors, s.authors},
              {kYear, s.year()},
              {kUrl, s.url},
              {kCommercialInterest, s.commercial_interest}};
    if (s.type == SourceType::Study) {
        j[kLevel] = s.level;
        j[kLevelLabel] = level_label(s.level);
        j[kRetracted] = s.study && s.study->record.retracted;
        j[kSampleSize] = s.study ? s.study->sample_size : "";
        j[kDesign] = s.study ? s.study->design : "";
        if (s.study) {
            const StudyInfo& st = *s.study;
            j[kDesignType] = to_string(st.design_type);
            j[kDesignLabel] = design_label(st.design_type);
            j[kIncludes] = st.includes;
            j[kParticipants] = st.participants ? json(*st.participants) : json(nullptr);
            j[kRiskOfBias] = to_string(st.risk_of_bias);
            j[kRiskOfBiasReason] = st.risk_of_bias_reason;
            json pops = json::array();
            for (Population p : st.populations) pops.push_back(to_string(p));
            j[kPopulations] = std::move(pops);
        }
    }
    return j;
}

json claim_summary(const Claim& c) {
    return {{kId, c.id}, {kStatement, c.statement}, {kType, to_string(c.type)}, {kTopics, c.topics}};
}

json assertion_json(const Source& s, const Assertion& a, const Claim* claim, const std::vector<CitationFacts>& cites,
                    bool own_retracted) {
    json cited = json::array();
    bool leans_on_retracted = false;
    for (const auto& c : cites) {
        if (!c.unresolved.empty()) {
            cited.push_back({{kUnresolved, c.unresolved}});
            continue;
        }
        leans_on_retracted = leans_on_retracted || c.retracted;
        cited.push_back({{kStudy, c.study},
                         {kTitle, c.title},
                         {kShort, c.short_name},
                         {kLevel, c.level},
                         {kBearsOnClaim, c.bears_on_claim},
                         {kStudyStance, c.study_stance},
                         {kLink, c.guessed ? "guessed" : "certain"},
                         {kRetracted, c.retracted}});
    }
    json j = {{kKind, schema::kKindAssertion},
              {kId, a.id},
              {kTitle, claim ? claim->statement : a.claim},
              {kStance, to_string(a.stance)},
              {kLevel, a.level},
              {kLevelLabel, level_label(a.level)},
              {kDirectness, to_string(a.directness)},
              {kClaim, claim ? claim_summary(*claim) : json{{kId, a.claim}}},
              {kSource, source_summary(s)},
              {kPost, a.post},
              {kQuote, a.quote},
              {kPrefix, a.prefix},
              {kSuffix, a.suffix},
              {kFinding, a.finding},
              {kCites, cited},
              {kNote, a.note},
              {kRetracted, own_retracted},
              {kRetractedCitation, leans_on_retracted},
              {kLine, a.quote_line},
              {kOutcome, a.outcome ? json(to_string(*a.outcome)) : json(nullptr)},
              {kOutcomeLabel, a.outcome ? json(plain_words(to_string(*a.outcome))) : json(nullptr)},
              {kPopulation, populations_of(s, a)}};
    if (!a.post.empty())
        for (const auto& p : s.posts)
            if (p.id == a.post) j[kPostAuthor] = p.author;
    return j;
}

json claim_json(const Claim& c, const std::vector<std::string>& competes, std::size_t assertion_count,
                int strongest_level, const std::vector<std::string>& retracted_evidence) {
    json j = claim_summary(c);
    j[kKind] = schema::kKindClaim;
    j[kTitle] = c.statement;
    j[kCompetes] = competes;
    j[kNote] = c.note;
    j[kAssertionCount] = assertion_count;
    j[kStrongestLevel] = strongest_level;
    j[kRetractedEvidence] = retracted_evidence;
    return j;
}

json source_json(const Source& s) {
    json j = source_summary(s);
    j[kKind] = schema::kKindSource;
    j[kCredentials] = s.credentials;
    j[kPublished] = s.published;
    j[kNote] = s.note;
    j[kAssertionCount] = s.assertions.size();
    return j;
}

json source_page_json(const Source& s) {
    json page = {{kHtml, s.html}, {kPosts, json::array()}};
    for (const auto& p : s.posts) page[kPosts].push_back({{kId, p.id}, {kAuthor, p.author}, {kHtml, p.html}});
    if (s.study) {
        const auto& st = *s.study;
        json authors = json::array();
        for (const auto& a : st.record.authors)
            authors.push_back(a.literal.empty() ? json{{kFamily, a.family}, {kGiven, a.given}}
                                                : json{{kLiteral, a.literal}});
        page[kStudy] = {{kDesign, st.design},
                        {kSampleSize, st.sample_size},
                        {kPopulation, st.population},
                        {kIdentification, st.identification_certain ? "certain" : "uncertain"},
                        {kIdentificationNote, st.identification_note},
                        {kRecord,
                         {{kPmid, st.record.pmid},
                          {kDoi, st.record.doi},
                          {kPmcid, st.record.pmcid},
                          {kTitle, st.record.title},
                          {kJournal, st.record.journal},
                          {kYear, st.record.year},
                          {kVolume, st.record.volume},
                          {kIssue, st.record.issue},
                          {kPages, st.record.pages},
                          {kKind, st.record.kind},
                          {kAuthors, authors},
                          {kPublicationTypes, st.record.publication_types},
                          {kRetracted, st.record.retracted},
                          {kNotices, st.record.notices}}}};
    }
    return page;
}

}  // namespace evidence::stored
