#include "search/compare.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>

#include "model/model.hpp"
#include "model/schema.hpp"
#include "model/stored.hpp"
#include "model/text.hpp"
#include "search/natural.hpp"
#include "search/profile.hpp"
#include "search/query.hpp"

namespace evidence::search {

namespace key = evidence::stored::key;

using nlohmann::json;

namespace {

using Filters = std::map<std::string, std::vector<std::string>>;

// A side in words keeps the claims matching this share of its words
// (Xapian's percentage) and weighing at least this part of the best one.
constexpr int kMinSidePercent = 40;
constexpr double kMinSideShareOfBest = 0.5;

int stance_rank(const std::string& s) { return s == "supports" ? 0 : s == "opposes" ? 1 : 2; }

EvidenceItem evidence_item(const json& a) {
    EvidenceItem it;
    it.id = a.value(key::kId, "");
    const json& src = a.contains(key::kSource) ? a[key::kSource] : json::object();
    it.source = src.value(key::kId, "");
    it.study = src.value(key::kType, "") == "study";
    it.level = a.value(key::kLevel, 0);
    it.stance = parse_stance(a.value(key::kStance, "")).value_or(Stance::Mixed);
    it.directness = parse_directness(a.value(key::kDirectness, "")).value_or(Directness::Direct);
    it.retracted = it.study && src.value(key::kRetracted, false);
    it.sample_size = src.value(key::kSampleSize, "");
    it.voice = a.value(key::kPostAuthor, a.value(key::kPost, ""));
    it.design = parse_design(src.value(key::kDesignType, "")).value_or(Design::Unknown);
    it.includes = src.value(key::kIncludes, std::vector<std::string>{});
    // The structured count, when annotated; "unknown" (null) is not read
    // back out of the sample-size words ("13 studies" is not 13 people).
    if (src.contains(key::kParticipants)) {
        it.sample_size.clear();
        if (src[key::kParticipants].is_number_integer()) it.participants = src[key::kParticipants].get<long>();
    }
    it.risk_of_bias = parse_risk_of_bias(src.value(key::kRiskOfBias, "")).value_or(RiskOfBias::Unknown);
    it.risk_of_bias_reason = src.value(key::kRiskOfBiasReason, "");
    if (a.contains(key::kOutcome) && a[key::kOutcome].is_string())
        it.outcome = parse_outcome(a[key::kOutcome].get<std::string>());
    if (a.contains(key::kCites))
        for (const auto& c : a[key::kCites]) {
            if (!c.contains(key::kStudy)) continue;
            it.cites.push_back(c.value(key::kStudy, ""));
            if (c.value(key::kRetracted, false)) it.cites_retracted.push_back(c.value(key::kStudy, ""));
        }
    return it;
}

// Words of a label or an id ("hip-strengthening" -> hip, strengthening).
std::vector<std::string> word_list(const std::string& s) {
    std::vector<std::string> out;
    for (auto& w : words_of(s)) out.push_back(std::move(w.text));
    return out;
}

// Each word asked starts the name's word at its place, or has its stem:
// "hip strength" and "hip" name "Hip strengthening".
bool words_match(const std::vector<std::string>& asked, const std::vector<std::string>& name) {
    if (asked.empty() || asked.size() > name.size()) return false;
    thread_local Xapian::Stem stem{std::string(schema::kStemLanguage)};
    for (std::size_t i = 0; i < asked.size(); ++i) {
        const bool prefix = name[i].compare(0, asked[i].size(), asked[i]) == 0;
        if (!prefix && stem(asked[i]) != stem(name[i])) return false;
    }
    return true;
}

}  // namespace

std::string verdict_line(int strongest_for, int strongest_against) {
    return "strongest for: " + std::string(level_short_name(strongest_for)) +
           "; strongest against: " + std::string(level_short_name(strongest_against));
}

ClaimEvidence claim_evidence(Searcher& s, json claim) {
    const std::string id = claim.value(key::kId, "");
    std::size_t total = 0;
    std::vector<Stored> found = s.find("assertion", Filters{{"claim", {id}}}, kMaxClaimAssertions, &total);
    std::vector<json> assertions;
    assertions.reserve(found.size());
    for (auto& st : found) assertions.push_back(std::move(st.data));
    ClaimEvidence ce = claim_evidence(std::move(claim), std::move(assertions));
    ce.assertions_total = total;
    return ce;
}

ClaimEvidence claim_evidence(json claim, std::vector<json> assertions) {
    ClaimEvidence ce;
    const ClaimType type = parse_claim_type(claim.value(key::kType, "")).value_or(ClaimType::Efficacy);
    ce.claim = std::move(claim);
    ce.assertions_total = assertions.size();
    std::vector<EvidenceItem> items;
    for (auto& a : assertions) {
        items.push_back(evidence_item(a));
        ce.assertions.push_back(std::move(a));
    }
    std::stable_sort(ce.assertions.begin(), ce.assertions.end(), [](const json& a, const json& b) {
        const int sa = stance_rank(a.value(key::kStance, "")), sb = stance_rank(b.value(key::kStance, ""));
        if (sa != sb) return sa < sb;
        if (a.value(key::kLevel, 0) != b.value(key::kLevel, 0))
            return a.value(key::kLevel, 0) < b.value(key::kLevel, 0);
        return a.value(key::kId, "") < b.value(key::kId, "");
    });
    for (const auto& a : ce.assertions) ++ce.counts[a.value(key::kStance, "")][a.value(key::kLevel, 0)];
    // Studies first, so that a study's findings are judged before the
    // assertions that cite it.
    std::stable_sort(items.begin(), items.end(),
                     [](const EvidenceItem& a, const EvidenceItem& b) { return a.level < b.level; });
    ce.certainty = assess(type, items);
    for (const auto& j : ce.certainty.counted) {
        int& best = j.stance == Stance::Supports ? ce.strongest_for : ce.strongest_against;
        if (j.stance == Stance::Mixed) continue;
        if (best == 0 || j.level < best) best = j.level;
    }
    ce.verdict = verdict_line(ce.strongest_for, ce.strongest_against);
    const std::string statement = ce.claim.value(key::kStatement, "");
    ce.statement = plain_statement(ce.certainty, statement);
    ce.scope = scope_note(ce.certainty, type);
    for (const auto& o : ce.certainty.outcomes)
        ce.outcome_statements.push_back(plain_statement(o.certainty, statement));
    return ce;
}

std::shared_ptr<const ClaimEvidence> claim_evidence_brief(Searcher& s, const std::string& id, const json* claim) {
    return std::static_pointer_cast<const ClaimEvidence>(s.memo("claim-evidence-brief:" + id, [&]() {
        std::optional<json> stored;
        if (!claim) stored = s.get("claim", id);
        if (!claim && !stored) return std::shared_ptr<const void>();
        auto ce =
            std::make_shared<ClaimEvidence>(claim ? claim_evidence(s, *claim) : claim_evidence(s, std::move(*stored)));
        std::vector<json> kept;
        std::set<std::string> stances;
        for (auto& a : ce->assertions)
            if (stances.insert(a.value(key::kStance, "")).second) kept.push_back(std::move(a));
        ce->assertions = std::move(kept);
        return std::shared_ptr<const void>(std::move(ce));
    }));
}

namespace {

// A claim hit's stored JSON with its certainty in brief and its counts by stance.
std::string with_certainty(Searcher& s, const Hit& h) {
    json data = h.json();
    const auto brief = claim_evidence_brief(s, data.value(key::kId, ""), &data);
    const ClaimEvidence& ce = *brief;
    json counts = json::object();
    for (const char* stance : {"supports", "opposes", "mixed"}) {
        std::size_t n = 0;
        if (auto it = ce.counts.find(stance); it != ce.counts.end())
            for (const auto& [level, k] : it->second) n += k;
        counts[stance] = n;
    }
    data["certainty"] = {{"rating", to_string(ce.certainty.rating)},
                         {"direction", to_string(ce.certainty.direction)},
                         {"statement", ce.statement},
                         {"scope", ce.scope},
                         {"evidence_gap", ce.certainty.evidence_gap}};
    data["counts"] = std::move(counts);
    return data.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void add_claim_certainty(Searcher& s, SearchResponse& res) {
    // Kept per open index beside the stored JSON it was made from
    // (Searcher::memo): a claim's hit is not parsed and written again for
    // every search that finds it.
    struct Done {
        std::string stored, with_certainty;
    };
    for (auto& h : res.hits) {
        if (h.kind != "claim") continue;
        const auto done = std::static_pointer_cast<const Done>(s.memo("claim-hit:" + h.id, [&] {
            return std::make_shared<const Done>(Done{h.data.text(), with_certainty(s, h)});
        }));
        h.data = StoredJson(done->stored == h.data.text() ? done->with_certainty : with_certainty(s, h));
    }
}

std::vector<TopicRef> resolve_topics(Searcher& s, const std::string& side) {
    const std::string asked = lower_ascii(side);
    std::vector<std::string> candidates = {asked};
    for (auto& syn : s.synonyms(asked)) candidates.push_back(std::move(syn));
    std::vector<TopicRef> out;
    for (const auto& t : s.topics()) {
        const std::string id = t.value(key::kId, ""), label = t.value("label", "");
        const auto id_words = word_list(id), label_words = word_list(label);
        for (const auto& c : candidates) {
            const auto cw = word_list(c);
            if (c == id || c == lower_ascii(label) || words_match(cw, label_words) || words_match(cw, id_words)) {
                out.push_back({id, label});
                break;
            }
        }
    }
    return out;
}

Comparison compare(Searcher& s, const CompareRequest& req) {
    if (req.sides.size() < 2 || req.sides.size() > kMaxCompareSides)
        throw BadRequest("q", "a comparison has 2 to " + std::to_string(kMaxCompareSides) + " sides");
    Comparison out;
    for (const auto& side : req.sides) {
        CompareSide cs;
        cs.query = side;
        std::vector<json> claims;
        const std::string param = req.by == CompareRequest::By::Topics   ? "topics"
                                  : req.by == CompareRequest::By::Claims ? "claims"
                                                                         : "q";
        if (req.by != CompareRequest::By::Claims) cs.topics = resolve_topics(s, side);
        if (req.by == CompareRequest::By::Topics && cs.topics.empty())
            throw BadRequest("topics", "unknown topic '" + side.substr(0, 80) + "'");
        if (!cs.topics.empty()) {
            cs.resolved = "topics";
            std::vector<std::string> ids;
            for (const auto& t : cs.topics) ids.push_back(t.id);
            for (auto& st : s.find(key::kClaim, Filters{{"topic", ids}}, kMaxSideClaims))
                claims.push_back(std::move(st.data));
        } else if (auto claim = s.get("claim", side)) {
            cs.resolved = "claims";
            claims.push_back(std::move(*claim));
        } else if (req.by == CompareRequest::By::Claims) {
            throw BadRequest("claims", "unknown claim '" + side.substr(0, 80) + "'");
        } else {
            // Words read as a question is: the claims whose profiles match
            // them best ("glute exercises" finds the hip-strengthening claims).
            // With operators or prefixes the side keeps their exact meaning.
            cs.resolved = "text";
            try {
                if (!is_natural(side) || side.size() > kMaxQueryBytes || !valid_utf8(side)) {
                    for (auto& st : s.find_claims_text(side, kMaxSideClaims)) claims.push_back(std::move(st.data));
                } else {
                    const auto found = match_claims(s, side, kMaxSideClaims);
                    for (const auto& c : found)
                        if (c.percent >= kMinSidePercent && c.weight >= kMinSideShareOfBest * found.front().weight)
                            claims.push_back(c.claim->data);
                }
            } catch (const BadRequest& e) {
                throw BadRequest(param, e.what());
            }
        }
        for (auto& c : claims) cs.claims.push_back(claim_evidence(s, std::move(c)));
        out.sides.push_back(std::move(cs));
    }
    return out;
}

}  // namespace evidence::search
