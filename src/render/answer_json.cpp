// The answer to a question, as API JSON.
#include "model/stored.hpp"
#include "render/json.hpp"

namespace evidence::render {

namespace key = evidence::stored::key;

using nlohmann::json;

namespace {

// The strongest statement of one stance (assertions are sorted strongest
// first within each stance): what it says, at what level, from where.
json strongest_statement(const search::ClaimEvidence& e, const std::string& stance) {
    for (const auto& a : e.assertions) {
        if (a.value(key::kStance, "") != stance) continue;
        const json src = a.value(key::kSource, json::object());
        const std::string quote = a.value(key::kQuote, "");
        return {{"assertion", a.value(key::kId, "")},
                {"text", quote.empty() ? a.value(key::kFinding, "") : quote},
                {"level", a.value(key::kLevel, 0)},
                {"level_label", a.value(key::kLevelLabel, "")},
                {"source",
                 {{"id", src.value(key::kId, "")},
                  {"title", src.value(key::kTitle, "")},
                  {"type", src.value(key::kType, "")},
                  {"site", src.value(key::kSite, "")}}}};
    }
    return nullptr;
}

}  // namespace

json answer_json(const std::vector<search::AnswerClaim>& answer) {
    json out = json::array();
    for (const auto& a : answer) {
        json j = claim_evidence_json(a.evidence);
        j.erase("assertions");
        j["score"] = a.percent;
        j["statements"] = {{"supports", strongest_statement(a.evidence, "supports")},
                           {"opposes", strongest_statement(a.evidence, "opposes")}};
        out.push_back(std::move(j));
    }
    return out;
}

json match_json(const std::vector<search::MatchedSentence>& sentences) {
    json list = json::array();
    std::size_t matched = 0;
    for (const auto& s : sentences) {
        json matches = json::array();
        for (const auto& m : s.matches)
            matches.push_back(
                {{"claim",
                  {{"id", m.id}, {"statement", m.statement}, {"certainty", m.certainty}, {"direction", m.direction}}},
                 {"stance", to_string(m.stance)},
                 {"score", m.score}});
        if (!s.matches.empty()) ++matched;
        list.push_back({{"text", s.text}, {"start", s.start}, {"end", s.end}, {"matches", std::move(matches)}});
    }
    return {{"sentences", std::move(list)}, {"matched", matched}};
}

std::string answered_json_text(const search::Answered& a) {
    std::string out = search_json_text(a.response);
    out.pop_back();  // the closing brace
    out += ",\"answer\":";
    out += dump(answer_json(a.answer));
    out += '}';
    return out;
}

}  // namespace evidence::render
