#include "render/export.hpp"

#include <algorithm>
#include <set>

#include "model/schema.hpp"
#include "model/stored.hpp"

namespace evidence::render {

namespace key = evidence::stored::key;

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
        case ExportFormat::Csv:
            return "csv";
        case ExportFormat::Ris:
            return "ris";
        case ExportFormat::Bibtex:
            return "bibtex";
        case ExportFormat::CslJson:
            return "csl-json";
        case ExportFormat::ClaimReview:
            return "claimreview";
    }
    return "";
}

namespace {

// Why a citation should not be followed, in words; "" when it may be.
std::string caution(const json& assertion, const json& cite) {
    const std::string statement = json_text(json_at(assertion, "claim"), "statement");
    const json& src = json_at(assertion, "source");
    const std::string by = json_text(src, "title") + " (" + json_text(src, "id") + ")";
    const std::string stance = json_text(assertion, "stance"), own = json_text(cite, "study_stance");
    std::string why;
    if (json_at(cite, "bears_on_claim") == false)
        why = "does not address the claim \"" + statement + "\"; cited for it by " + by;
    else if (stance == "supports" && own == "opposes")
        why = "its finding opposes the claim \"" + statement + "\", which " + by + " cites it in support of";
    else if (stance == "opposes" && own == "supports")
        why = "its finding supports the claim \"" + statement + "\", which " + by + " cites it against";
    if (!why.empty() && json_text(cite, "link") == "guessed")
        why += " (the link is a guess: an unnumbered reference matched by list order)";
    return why;
}

// The words of a search for a file name: the query, then each filter's
// values, in the facet table's order.
std::string subject_of(const search::SearchRequest& req) {
    std::string words = req.q;
    for (const auto& f : schema::fields())
        if (auto it = req.filters.find(std::string(f.name)); it != req.filters.end())
            for (const auto& v : it->second) words += " " + v;
    return slug(words);
}

}  // namespace

ExportSet gather_export(search::Searcher& s, search::SearchRequest req, ExportFormat format) {
    ExportSet out;
    out.subject = subject_of(req);
    if (const auto it = req.filters.find(key::kClaim);
        req.q.empty() && req.filters.size() == 1 && it != req.filters.end() && it->second.size() == 1)
        out.scope = "this claim's evidence";
    if (format == ExportFormat::Csv) {
        auto& kinds = req.filters[key::kKind];
        if (kinds.empty())
            kinds.push_back("assertion");
        else if (std::find(kinds.begin(), kinds.end(), "assertion") == kinds.end())
            throw search::BadRequest("kind", "a CSV export holds assertions; this search's kind filter excludes them");
        else
            kinds = {"assertion"};
    }
    std::vector<std::string> studies, claims;
    std::set<std::string> seen_studies, seen_claims;
    req.size = search::kMaxPageSize;
    req.disjunctive_facets = false;  // an export reads the hits, not the facets
    for (req.page = 1;; ++req.page) {
        const search::SearchResponse r = s.search(req);
        if (req.page == 1 && r.total > kMaxExportResults)
            throw search::BadRequest("q", "the search matches " + std::to_string(r.total) +
                                              " results; an export holds at most " + std::to_string(kMaxExportResults) +
                                              ": narrow it with filters");
        for (const auto& hit : r.hits) {
            json j = hit.json();
            if (format == ExportFormat::Csv) {
                j["snippet"] = hit.snippet;
                out.assertions.push_back(std::move(j));
            } else if (format == ExportFormat::ClaimReview) {
                if (hit.kind == "claim") add_unique(claims, seen_claims, hit.id);
                if (hit.kind == "assertion") add_unique(claims, seen_claims, json_text(json_at(j, "claim"), "id"));
            } else {
                if (hit.kind == "source" && json_text(j, "type") == "study") {
                    add_unique(studies, seen_studies, hit.id);
                    out.vouched.insert(hit.id);
                }
                if (hit.kind == "assertion") {
                    const json& src = json_at(j, "source");
                    if (json_text(src, "type") == "study") {
                        add_unique(studies, seen_studies, json_text(src, "id"));
                        out.vouched.insert(json_text(src, "id"));
                    }
                    for (const auto& c : json_at(j, "cites")) {
                        const std::string id = json_text(c, "study");
                        if (id.empty()) continue;  // an unresolved reference
                        add_unique(studies, seen_studies, id);
                        if (std::string why = caution(j, c); why.empty())
                            out.vouched.insert(id);
                        else if (auto& list = out.cautions[id]; std::find(list.begin(), list.end(), why) == list.end())
                            list.push_back(std::move(why));
                    }
                }
            }
        }
        if (r.hits.size() < static_cast<std::size_t>(req.size) ||
            static_cast<std::size_t>(req.page) * static_cast<std::size_t>(req.size) >= r.total)
            break;
    }
    for (const auto& id : studies)
        if (auto page = s.source_page(id); page && json_text(*page, "type") == "study")
            out.studies.push_back(std::move(*page));
    for (const auto& id : claims)
        if (auto claim = s.get("claim", id)) out.claims.push_back(search::claim_evidence(s, std::move(*claim)));
    for (const auto& ce : out.claims)
        for (const auto& a : ce.assertions) {
            const std::string id = json_text(json_at(a, "source"), "id");
            if (id.empty() || out.published.count(id)) continue;
            std::string date;
            if (auto src = s.get("source", id)) date = json_text(*src, "published");
            if (date.empty()) date = json_text(json_at(a, "source"), "year");
            out.published[id] = date;
        }
    return out;
}

std::string slug(std::string_view text, std::size_t max) {
    std::string out;
    bool gap = false;
    for (unsigned char c : text) {
        const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        if (!word) {
            gap = !out.empty();
            continue;
        }
        if (gap) out += '-';
        gap = false;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (out.size() > max) {
        out.resize(max);
        if (const auto cut = out.rfind('-'); cut != std::string::npos && cut > 0) out.resize(cut);
    }
    return out;
}

std::string export_filename(ExportFormat format, const std::string& subject) {
    std::string base = "evidence-" + (subject.empty() ? std::string("all") : subject);
    switch (format) {
        case ExportFormat::Csv:
            return base + "-assertions.csv";
        case ExportFormat::Ris:
            return base + "-studies.ris";
        case ExportFormat::Bibtex:
            return base + "-studies.bib";
        case ExportFormat::CslJson:
            return base + "-studies.json";
        case ExportFormat::ClaimReview:
            return base + "-claimreview.jsonld";
    }
    return base;
}

std::optional<std::string> public_base_url(std::string_view text) {
    std::string url(text);
    std::size_t host = 0;
    if (url.rfind("https://", 0) == 0)
        host = 8;
    else if (url.rfind("http://", 0) == 0)
        host = 7;
    else
        return std::nullopt;
    for (unsigned char c : url)
        if (c <= ' ' || c >= 0x7f ||
            std::string_view("\"<>\\^`{|}?#").find(static_cast<char>(c)) != std::string_view::npos)
            return std::nullopt;
    while (url.size() > host && url.back() == '/') url.pop_back();
    if (url.size() == host || url[host] == '/') return std::nullopt;  // no host
    return url;
}

ExportFile render_export(ExportFormat format, const ExportSet& set, const ExportContext& ctx) {
    ExportFile f;
    f.filename = export_filename(format, set.subject);
    const auto studies_nothing = [&set] {
        if (set.studies.empty())
            return "no study is behind " + set.scope + " (matched, or cited by one of its statements)";
        return "the " + std::to_string(set.studies.size()) + (set.studies.size() == 1 ? " study" : " studies") +
               " behind " + set.scope + " " + (set.studies.size() == 1 ? "is" : "are") +
               " left out: each is only cited for a claim it has no finding on, or by a statement its own finding "
               "contradicts (the RIS export lists them with the reason)";
    };
    // BibTeX and CSL-JSON: only the studies in the export by themselves.
    std::vector<json> kept;
    Cautions left_out;
    for (const auto& st : set.studies) {
        const std::string id = json_text(st, "id");
        if (set.vouched.count(id)) {
            kept.push_back(st);
        } else {
            auto it = set.cautions.find(id);
            left_out[id] = it == set.cautions.end() ? std::vector<std::string>{} : it->second;
        }
    }
    switch (format) {
        case ExportFormat::Csv:
            f.content_type = "text/csv; charset=utf-8; header=present";
            if (set.assertions.empty())
                f.nothing = "nothing to export: this search has no assertions";
            else
                f.body = to_csv(set.assertions);
            break;
        case ExportFormat::Ris:
            f.content_type = "application/x-research-info-systems; charset=utf-8";
            if (set.studies.empty())
                f.nothing = "nothing to export: " + studies_nothing();
            else
                f.body = to_ris(set.studies, set.cautions);
            break;
        case ExportFormat::Bibtex:
            f.content_type = "application/x-bibtex; charset=utf-8";
            if (kept.empty())
                f.nothing = "nothing to export: " + studies_nothing();
            else
                f.body = to_bibtex(kept, left_out);
            break;
        case ExportFormat::CslJson:
            f.content_type = "application/vnd.citationstyles.csl+json; charset=utf-8";
            if (kept.empty())
                f.nothing = "nothing to export: " + studies_nothing();
            else
                f.body = to_csl_json(kept).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
            break;
        case ExportFormat::ClaimReview:
            f.content_type = "application/ld+json; charset=utf-8";
            if (set.claims.empty())
                f.nothing = "nothing to export: no claim is matched or asserted on by this search's results";
            else
                f.body = to_claimreview(set.claims, {ctx.public_url, set.published})
                             .dump(2, ' ', false, json::error_handler_t::replace) +
                         "\n";
            break;
    }
    return f;
}

// ---- CSV (RFC 4180) ----

std::string csv_cell(std::string_view text, bool is_text) {
    std::string v(text);
    if (is_text && !v.empty() &&
        (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
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
    static const char* kHeader[] = {"assertion",
                                    "claim",
                                    "claim_statement",
                                    "stance",
                                    "level",
                                    "level_label",
                                    "directness",
                                    "quote",
                                    "finding",
                                    "post",
                                    "source",
                                    "source_title",
                                    "source_type",
                                    "site",
                                    "authors",
                                    "year",
                                    "url",
                                    "commercial_interest",
                                    "cites",
                                    "cites_without_finding",
                                    "retracted_citation"};
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
            if (c.is_object() && c.contains(key::kStudy) && !c.value(key::kBearsOnClaim, true))
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

// Percent-encodes what is not unreserved in a URL (RFC 3986).
std::string url_component(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

json to_claimreview(const std::vector<search::ClaimEvidence>& claims, const ClaimReviewContext& ctx) {
    const auto date_of = [&ctx](const json& src) {
        auto it = ctx.published.find(json_text(src, "id"));
        return it != ctx.published.end() && !it->second.empty() ? it->second : json_text(src, "year");
    };
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
        std::string latest;  // the newest date among the sources weighed
        for (const auto& a : ce.assertions) {
            const json& src = json_at(a, "source");
            const std::string id = json_text(src, "id");
            if (id.empty() || !seen.insert(id).second) continue;
            json work = {{"@type", creative_work_type(json_text(src, "type"))},
                         {"name", json_text(src, "title")},
                         {"identifier", id}};
            if (!json_text(src, "url").empty()) work[key::kUrl] = json_text(src, "url");
            // ISO 8601 dates of one form or a year: the later sorts after ("2020" > "2019-04-02").
            if (const std::string date = date_of(src); !date.empty()) {
                work["datePublished"] = date;
                latest = std::max(latest, date);
            }
            json authors = json::array();
            for (const auto& au : json_at(src, "authors"))
                if (au.is_string()) authors.push_back({{"@type", "Person"}, {"name", au}});
            if (!authors.empty()) work[key::kAuthor] = authors;
            if (!json_text(src, "site").empty())
                work["publisher"] = {{"@type", "Organization"}, {"name", json_text(src, "site")}};
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
        // The claim's page, only under a configured public address.
        if (!ctx.public_url.empty())
            review[key::kUrl] = ctx.public_url + "/#/claim/" + url_component(json_text(ce.claim, "id"));
        // No date of review is recorded: the newest publication date among the
        // sources the review weighs (the evidence it reflects is of then or before).
        if (!latest.empty()) review["datePublished"] = latest;
        graph.push_back(std::move(review));
    }
    return {{"@context", "https://schema.org"}, {"@graph", graph}};
}

}  // namespace evidence::render
