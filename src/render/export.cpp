#include "render/export.hpp"

#include <algorithm>
#include <set>

namespace evidence::render {

using nlohmann::json;

const json& json_at(const json& j, const char* key) {
    static const json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string json_text(const json& j, const char* key) {
    const json& v = json_at(j, key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    return "";
}

namespace {

std::string joined(const json& list, const char* sep, const char* key = nullptr) {
    std::string out;
    if (!list.is_array()) return out;
    for (const auto& v : list) {
        const std::string one = key ? json_text(v, key) : (v.is_string() ? v.get<std::string>() : "");
        if (one.empty()) continue;
        if (!out.empty()) out += sep;
        out += one;
    }
    return out;
}

void add_unique(std::vector<std::string>& list, std::set<std::string>& seen, const std::string& id) {
    if (!id.empty() && seen.insert(id).second) list.push_back(id);
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name) {
    if (name == "csv") return ExportFormat::Csv;
    if (name == "ris") return ExportFormat::Ris;
    if (name == "bibtex") return ExportFormat::Bibtex;
    if (name == "csl-json") return ExportFormat::CslJson;
    if (name == "claimreview") return ExportFormat::ClaimReview;
    return std::nullopt;
}

std::string_view to_string(ExportFormat f) {
    switch (f) {
        case ExportFormat::Csv: return "csv";
        case ExportFormat::Ris: return "ris";
        case ExportFormat::Bibtex: return "bibtex";
        case ExportFormat::CslJson: return "csl-json";
        case ExportFormat::ClaimReview: return "claimreview";
    }
    return "";
}

ExportSet gather_export(search::Searcher& s, search::SearchRequest req, ExportFormat format) {
    if (format == ExportFormat::Csv) {
        auto& kinds = req.filters["kind"];
        if (kinds.empty())
            kinds.push_back("assertion");
        else if (std::find(kinds.begin(), kinds.end(), "assertion") == kinds.end())
            throw search::BadRequest("kind", "a CSV export holds assertions; this search's kind filter excludes them");
        else
            kinds = {"assertion"};
    }
    std::vector<std::string> studies, claims;
    std::set<std::string> seen_studies, seen_claims;
    ExportSet out;
    req.size = search::kMaxPageSize;
    req.disjunctive_facets = false;  // an export reads the hits, not the facets
    for (req.page = 1;; ++req.page) {
        const search::SearchResponse r = s.search(req);
        if (req.page == 1 && r.total > kMaxExportResults)
            throw search::BadRequest("q", "the search matches " + std::to_string(r.total) +
                                              " results; an export holds at most " +
                                              std::to_string(kMaxExportResults) + ": narrow it with filters");
        for (const auto& hit : r.hits) {
            json j = hit.json();
            if (format == ExportFormat::Csv) {
                j["snippet"] = hit.snippet;
                out.assertions.push_back(std::move(j));
            } else if (format == ExportFormat::ClaimReview) {
                if (hit.kind == "claim") add_unique(claims, seen_claims, hit.id);
                if (hit.kind == "assertion") add_unique(claims, seen_claims, json_text(json_at(j, "claim"), "id"));
            } else {
                if (hit.kind == "source" && json_text(j, "type") == "study") add_unique(studies, seen_studies, hit.id);
                if (hit.kind == "assertion") {
                    const json& src = json_at(j, "source");
                    if (json_text(src, "type") == "study") add_unique(studies, seen_studies, json_text(src, "id"));
                    for (const auto& c : json_at(j, "cites")) add_unique(studies, seen_studies, json_text(c, "study"));
                }
            }
        }
        if (r.hits.size() < static_cast<std::size_t>(req.size) ||
            static_cast<std::size_t>(req.page) * static_cast<std::size_t>(req.size) >= r.total)
            break;
    }
    for (const auto& id : studies)
        if (auto page = s.source_page(id); page && json_text(*page, "type") == "study") out.studies.push_back(std::move(*page));
    for (const auto& id : claims)
        if (auto claim = s.get("claim", id)) out.claims.push_back(search::claim_evidence(s, std::move(*claim)));
    return out;
}

ExportFile render_export(ExportFormat format, const ExportSet& set) {
    switch (format) {
        case ExportFormat::Csv:
            return {to_csv(set.assertions), "text/csv; charset=utf-8; header=present", "evidence-assertions.csv"};
        case ExportFormat::Ris:
            return {to_ris(set.studies), "application/x-research-info-systems; charset=utf-8", "evidence-studies.ris"};
        case ExportFormat::Bibtex:
            return {to_bibtex(set.studies), "application/x-bibtex; charset=utf-8", "evidence-studies.bib"};
        case ExportFormat::CslJson:
            return {to_csl_json(set.studies).dump(2, ' ', false, json::error_handler_t::replace) + "\n",
                    "application/vnd.citationstyles.csl+json; charset=utf-8", "evidence-studies.json"};
        case ExportFormat::ClaimReview:
            return {to_claimreview(set.claims).dump(2, ' ', false, json::error_handler_t::replace) + "\n",
                    "application/ld+json; charset=utf-8", "evidence-claimreview.jsonld"};
    }
    return {};
}

// ---- CSV (RFC 4180) ----

std::string csv_cell(std::string_view text, bool is_text) {
    std::string v(text);
    if (is_text && !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
                                  v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string to_csv(const std::vector<json>& assertions) {
    static const char* kHeader[] = {"assertion", "claim", "claim_statement", "stance", "level", "level_label",
                                    "directness", "quote", "finding", "post", "source", "source_title",
                                    "source_type", "site", "authors", "year", "url", "commercial_interest",
                                    "cites", "cites_without_finding", "retracted_citation"};
    std::string out;
    auto row = [&out](const std::vector<std::pair<std::string, bool>>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += ',';
            out += csv_cell(cells[i].first, cells[i].second);
        }
        out += "\r\n";
    };
    std::vector<std::pair<std::string, bool>> header;
    for (const char* h : kHeader) header.emplace_back(h, true);
    row(header);
    for (const auto& a : assertions) {
        const json& claim = json_at(a, "claim");
        const json& src = json_at(a, "source");
        std::string without;
        for (const auto& c : json_at(a, "cites"))
            if (c.is_object() && c.contains("study") && !c.value("bears_on_claim", true))
                without += (without.empty() ? "" : "; ") + json_text(c, "study");
        const json& level = json_at(a, "level");
        row({{json_text(a, "id"), true},
             {json_text(claim, "id"), true},
             {json_text(claim, "statement"), true},
             {json_text(a, "stance"), true},
             {level.is_number_integer() ? std::to_string(level.get<int>()) : "", false},
             {json_text(a, "level_label"), true},
             {json_text(a, "directness"), true},
             {json_text(a, "quote"), true},
             {json_text(a, "finding"), true},
             {json_text(a, "post"), true},
             {json_text(src, "id"), true},
             {json_text(src, "title"), true},
             {json_text(src, "type"), true},
             {json_text(src, "site"), true},
             {joined(json_at(src, "authors"), "; "), true},
             {json_text(src, "year"), false},
             {json_text(src, "url"), true},
             {json_text(src, "commercial_interest"), true},
             {joined(json_at(a, "cites"), "; ", "study"), true},
             {without, true},
             {json_at(a, "retracted_citation") == true ? "yes" : "no", true}});
    }
    return out;
}

// ---- schema.org ClaimReview ----

namespace {

std::string creative_work_type(const std::string& source_type) {
    if (source_type == "study" || source_type == "review") return "ScholarlyArticle";
    if (source_type == "forum-thread") return "DiscussionForumPosting";
    if (source_type == "video") return "VideoObject";
    if (source_type == "podcast") return "PodcastEpisode";
    return "Article";
}

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

}  // namespace

json to_claimreview(const std::vector<search::ClaimEvidence>& claims) {
    json graph = json::array();
    for (const auto& ce : claims) {
        const auto& cert = ce.certainty;
        // ratingValue is the certainty of the evidence (GRADE: 1 very low .. 4
        // high), not a truth score; the direction is in the verdict.
        const int value = static_cast<int>(cert.rating) + 1;
        // The verdict in words with its direction first (GRADE informative
        // statement), then the certainty and which way the evidence points.
        std::string name = ce.statement.empty() ? "" : ce.statement + " ";
        name += capitalised(std::string(search::to_string(cert.rating))) + " certainty, evidence " +
                std::string(search::to_string(cert.direction));
        if (cert.evidence_gap) name += " (evidence gap)";
        if (!ce.scope.empty()) name += ". " + ce.scope;
        if (!ce.verdict.empty()) name += (ce.scope.empty() ? "; " : " ") + capitalised(ce.verdict);
        std::string explanation;
        for (const auto& step : cert.explanation) explanation += (explanation.empty() ? "" : " ") + step;

        json appearances = json::array();
        std::set<std::string> seen;
        for (const auto& a : ce.assertions) {
            const json& src = json_at(a, "source");
            const std::string id = json_text(src, "id");
            if (id.empty() || !seen.insert(id).second) continue;
            json work = {{"@type", creative_work_type(json_text(src, "type"))}, {"name", json_text(src, "title")},
                         {"identifier", id}};
            if (!json_text(src, "url").empty()) work["url"] = json_text(src, "url");
            if (!json_text(src, "year").empty()) work["datePublished"] = json_text(src, "year");
            json authors = json::array();
            for (const auto& au : json_at(src, "authors"))
                if (au.is_string()) authors.push_back({{"@type", "Person"}, {"name", au}});
            if (!authors.empty()) work["author"] = authors;
            if (!json_text(src, "site").empty()) work["publisher"] = {{"@type", "Organization"}, {"name", json_text(src, "site")}};
            appearances.push_back(std::move(work));
        }
        const std::string statement = json_text(ce.claim, "statement");
        json review = {
            {"@type", "ClaimReview"},
            {"identifier", json_text(ce.claim, "id")},
            {"claimReviewed", statement},
            {"author", {{"@type", "Organization"}, {"name", "Evidence"}}},
            {"reviewRating",
             {{"@type", "Rating"},
              {"ratingValue", value},
              {"bestRating", 4},
              {"worstRating", 1},
              {"alternateName", name},
              {"ratingExplanation", explanation}}},
            {"itemReviewed", {{"@type", "Claim"}, {"text", statement}, {"appearance", appearances}}},
        };
        graph.push_back(std::move(review));
    }
    return {{"@context", "https://schema.org"}, {"@graph", graph}};
}

}  // namespace evidence::render
