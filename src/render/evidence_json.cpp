// The comparison and the claim, topic and study pages as API JSON.
#include "model/stored.hpp"
#include "model/text.hpp"
#include "render/json.hpp"

namespace evidence::render {

namespace key = evidence::stored::key;

using nlohmann::json;

namespace {

constexpr const char* kStances[] = {"supports", "opposes", "mixed"};

// An assertion as a search result: its stored JSON, with the text it says
// as an escaped snippet (there is no query to highlight).
json assertion_result(const json& a) {
    json j = a;
    const std::string quote = a.value(key::kQuote, "");
    j["snippet"] = html_escape(quote.empty() ? a.value(key::kFinding, "") : quote);
    return j;
}

json judged_json(const std::vector<search::Judged>& list) {
    json out = json::array();
    for (const auto& j : list)
        out.push_back({{"assertion", j.id},
                       {"source", j.source},
                       {"level", j.level},
                       {"stance", to_string(j.stance)},
                       {"reason", j.reason}});
    return out;
}

json strongest_json(int level) {
    if (level == 0) return nullptr;
    return {{"level", level}, {"label", level_label(level)}, {"name", search::level_short_name(level)}};
}

}  // namespace

json certainty_json(const search::Certainty& c) {
    json steps = json::array();
    for (const auto& s : c.steps) steps.push_back({{"domain", s.domain}, {"change", s.change}, {"text", s.text}});
    json j = {{"rating", search::to_string(c.rating)},
              {"direction", search::to_string(c.direction)},
              {"explanation", c.explanation},
              {"steps", std::move(steps)},
              {"start", c.start_design},
              {"evidence_gap", c.evidence_gap},
              {"counted", judged_json(c.counted)},
              {"not_counted", judged_json(c.not_counted)}};
    return j;
}

json claim_evidence_json(const search::ClaimEvidence& e) {
    json j = {{"id", e.claim.value(key::kId, "")},
              {"statement", e.claim.value(key::kStatement, "")},
              {"type", e.claim.value(key::kType, "")},
              {"topics", e.claim.value(key::kTopics, json::array())},
              {"competes", e.claim.value(key::kCompetes, json::array())},
              {"retracted_evidence", e.claim.value(key::kRetractedEvidence, json::array())},
              {"certainty", certainty_json(e.certainty)},
              {"verdict", e.verdict},
              {"strongest",
               {{"supports", strongest_json(e.strongest_for)}, {"opposes", strongest_json(e.strongest_against)}}},
              {"assertions_total", e.assertions_total}};
    json counts = json::object();
    for (const char* stance : kStances) {
        json by_level = json::object();
        if (auto it = e.counts.find(stance); it != e.counts.end())
            for (const auto& [level, n] : it->second) by_level[std::to_string(level)] = n;
        counts[stance] = std::move(by_level);
    }
    j["counts"] = std::move(counts);
    // The direction in words, beside the rating (GRADE informative statements).
    j["certainty"][key::kStatement] = e.statement;
    j["certainty"]["scope"] = e.scope;
    json outcomes = json::array();
    for (std::size_t i = 0; i < e.certainty.outcomes.size(); ++i) {
        const auto& o = e.certainty.outcomes[i];
        json oj = certainty_json(o.certainty);
        oj[key::kOutcome] = to_string(o.outcome);
        oj[key::kOutcomeLabel] = plain_words(to_string(o.outcome));
        oj[key::kStatement] = i < e.outcome_statements.size() ? e.outcome_statements[i] : "";
        outcomes.push_back(std::move(oj));
    }
    j["certainty"]["outcomes"] = std::move(outcomes);
    json assertions = json::array();
    for (const auto& a : e.assertions) assertions.push_back(assertion_result(a));
    j["assertions"] = std::move(assertions);
    return j;
}

json compare_json(const search::Comparison& c) {
    json sides = json::array();
    for (const auto& s : c.sides) {
        json topics = json::array();
        for (const auto& t : s.topics) topics.push_back({{"id", t.id}, {"label", t.label}});
        json claims = json::array();
        for (const auto& e : s.claims) claims.push_back(claim_evidence_json(e));
        sides.push_back({{"query", s.query}, {"resolved", s.resolved}, {"topics", topics}, {"claims", claims}});
    }
    return {{"sides", sides}};
}

json claim_page_json(const search::ClaimPage& p) {
    json j = claim_evidence_json(p.evidence);
    json grouped = json::object();
    for (const char* stance : kStances) grouped[stance] = json::array();
    for (const auto& a : p.evidence.assertions) {
        const std::string stance = a.value(key::kStance, "mixed");
        if (grouped.contains(stance)) grouped[stance].push_back(assertion_result(a));
    }
    j["assertions"] = std::move(grouped);
    j[key::kNote] = p.evidence.claim.value(key::kNote, "");
    json competitors = json::array();
    for (const auto& c : p.competitors) {
        json cj = claim_evidence_json(c);
        cj.erase("assertions");
        competitors.push_back(std::move(cj));
    }
    j["competitors"] = std::move(competitors);
    j["history"] = p.history;
    return j;
}

json topic_page_json(const search::TopicPage& p) {
    json j = p.topic;
    json claims = json::array();
    for (const auto& c : p.claims) {
        json cj = claim_evidence_json(c);
        cj.erase("assertions");
        claims.push_back(std::move(cj));
    }
    j["claims"] = std::move(claims);
    json competing = json::array();
    for (const auto& t : p.competing) competing.push_back({{"id", t.id}, {"label", t.label}});
    j["competing_topics"] = std::move(competing);
    return j;
}

json study_page_json(const search::StudyPage& p) {
    json j = p.study;
    json findings = json::array();
    for (const auto& f : p.findings) findings.push_back(assertion_result(f));
    j["findings"] = std::move(findings);
    json cited_by = json::array();
    for (const auto& c : p.cited_by) {
        json a = assertion_result(c.assertion);
        a[key::kBearsOnClaim] = c.bears_on_claim;
        cited_by.push_back(std::move(a));
    }
    j["cited_by"] = std::move(cited_by);
    return j;
}

namespace {

// Where an assertion's quote is: its post, its line in the file, and a W3C
// TextQuoteSelector (exact, prefix, suffix) to find it in the rendered text.
json anchor(const json& a) {
    const std::string quote = a.value(key::kQuote, "");
    if (quote.empty()) return nullptr;
    json selector = {{"type", "TextQuoteSelector"}, {"exact", quote}};
    if (!a.value(key::kPrefix, "").empty()) selector[key::kPrefix] = a.value(key::kPrefix, "");
    if (!a.value(key::kSuffix, "").empty()) selector[key::kSuffix] = a.value(key::kSuffix, "");
    json out = {{"selector", selector}, {"line", a.value(key::kLine, 0)}};
    out[key::kPost] = a.value(key::kPost, "").empty() ? json(nullptr) : json(a.value(key::kPost, ""));
    return out;
}

}  // namespace

json source_page_json(const search::SourcePage& p) {
    json j = p.source;
    json list = json::array();
    for (const auto& a : p.assertions) {
        json one = a;
        one["anchor"] = anchor(a);
        list.push_back(std::move(one));
    }
    j["assertions"] = std::move(list);
    j["assertions_total"] = p.assertions_total;
    return j;
}

json claim_list_json(const search::ClaimList& l) {
    json list = json::array();
    for (const auto& c : l.claims) list.push_back(c);
    for (const auto& e : l.evidence) {
        // Certainty, counts by stance x level and the verdict, without the statements.
        json cj = claim_evidence_json(e);
        cj.erase("assertions");
        list.push_back(std::move(cj));
    }
    return {{"total", l.total}, {"claims", std::move(list)}};
}

json topics_json(const std::vector<search::TopicSummary>& topics) {
    json list = json::array();
    for (const auto& t : topics) {
        json one = t.topic;
        one["claim_count"] = t.claims;
        list.push_back(std::move(one));
    }
    return {{"topics", std::move(list)}};
}

}  // namespace evidence::render
