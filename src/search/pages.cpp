#include "search/pages.hpp"

#include <algorithm>
#include <set>

#include "model/stored.hpp"
#include "search/history.hpp"

namespace evidence::search {

namespace key = evidence::stored::key;

using nlohmann::json;

ClaimPage claim_page(Searcher& s, const std::string& id) {
    auto claim = s.get("claim", id);
    if (!claim) throw NotFound("no claim '" + id.substr(0, 80) + "'");
    ClaimPage page;
    const std::vector<std::string> competes = claim->value("competes", std::vector<std::string>{});
    page.evidence = claim_evidence(s, std::move(*claim));
    page.history = claim_history(s, id);
    for (const auto& other : competes)
        if (auto c = s.get("claim", other)) {
            ClaimEvidence ce = claim_evidence(s, std::move(*c));
            ce.assertions.clear();
            page.competitors.push_back(std::move(ce));
        }
    return page;
}

TopicPage topic_page(Searcher& s, const std::string& id) {
    TopicPage page;
    for (const auto& t : s.topics())
        if (t.value(key::kId, "") == id) page.topic = t;
    if (page.topic.is_null()) throw NotFound("no topic '" + id.substr(0, 80) + "'");
    std::set<std::string> own, competing;
    for (auto& st : s.find(key::kClaim, Filters{{"topic", {id}}}, kMaxSideClaims)) {
        own.insert(st.id);
        for (const auto& c : st.data.value(key::kCompetes, std::vector<std::string>{})) competing.insert(c);
        ClaimEvidence ce = claim_evidence(s, std::move(st.data));
        ce.assertions.clear();
        page.claims.push_back(std::move(ce));
    }
    std::set<std::string> topic_ids;
    for (const auto& c : competing)
        if (!own.count(c))
            if (auto claim = s.get("claim", c))
                for (const auto& t : claim->value("topics", std::vector<std::string>{}))
                    if (t != id) topic_ids.insert(t);
    for (const auto& t : s.topics())
        if (topic_ids.count(t.value(key::kId, "")))
            page.competing.push_back({t.value(key::kId, ""), t.value("label", "")});
    return page;
}

StudyPage study_page(Searcher& s, const std::string& id) {
    auto src = s.source_page(id);
    if (!src || src->value("type", "") != "study") throw NotFound("no study '" + id.substr(0, 80) + "'");
    StudyPage page;
    page.study = std::move(*src);
    for (auto& st : s.find("assertion", Filters{{"source", {id}}}, kMaxClaimAssertions))
        page.findings.push_back(std::move(st.data));
    for (auto& st : s.find("assertion", Filters{{"cites", {id}}}, kMaxClaimAssertions)) {
        Citing c;
        for (const auto& cite : st.data.value(key::kCites, json::array()))
            if (cite.value(key::kStudy, "") == id) c.bears_on_claim = cite.value(key::kBearsOnClaim, false);
        c.assertion = std::move(st.data);
        page.cited_by.push_back(std::move(c));
    }
    return page;
}

SourcePage source_page(Searcher& s, const std::string& id) {
    auto src = s.source_page(id);
    if (!src) throw NotFound("no source '" + id.substr(0, 80) + "'");
    SourcePage page;
    page.source = std::move(*src);
    std::vector<Stored> found =
        s.find("assertion", Filters{{"source", {id}}}, kMaxClaimAssertions, &page.assertions_total);
    // Document order: the line of each quote in the source file.
    std::stable_sort(found.begin(), found.end(), [](const Stored& a, const Stored& b) {
        return std::pair(a.data.value(key::kLine, 0), a.id) < std::pair(b.data.value(key::kLine, 0), b.id);
    });
    for (auto& st : found) page.assertions.push_back(std::move(st.data));
    return page;
}

ClaimList claim_list(Searcher& s, const Filters& filters, bool with_evidence) {
    ClaimList out;
    std::vector<Stored> found = s.find(key::kClaim, filters, kMaxClaims, &out.total);
    if (with_evidence && out.total > kMaxClaimsWithEvidence)
        throw BadRequest("with", std::to_string(out.total) + " claims match; with=evidence lists at most " +
                                     std::to_string(kMaxClaimsWithEvidence) + ": narrow them by topic or claim_type");
    for (auto& st : found) {
        if (!with_evidence) {
            out.claims.push_back(std::move(st.data));
            continue;
        }
        ClaimEvidence ce = claim_evidence(s, std::move(st.data));
        ce.assertions.clear();
        out.evidence.push_back(std::move(ce));
    }
    return out;
}

std::vector<TopicSummary> topic_list(Searcher& s) {
    // The number of claims of each topic, from one search's topic facet.
    SearchRequest count;
    count.filters[key::kKind] = {"claim"};
    count.size = 1;
    count.disjunctive_facets = false;  // only the topic facet is read, and it is not filtered
    std::map<std::string, std::size_t> claims_of;
    const SearchResponse r = s.search(count);
    if (auto it = r.facets.find("topic"); it != r.facets.end())
        for (const auto& v : it->second) claims_of[v.value] = v.count;
    std::vector<TopicSummary> out;
    for (auto& t : s.topics()) {
        const auto it = claims_of.find(t.value(key::kId, ""));
        out.push_back({std::move(t), it == claims_of.end() ? 0 : it->second});
    }
    return out;
}

}  // namespace evidence::search
