#include "render/openapi.hpp"

#include <string>
#include <vector>

#include "model/model.hpp"
#include "model/schema.hpp"
#include "render/export.hpp"

namespace evidence::render {

using nlohmann::json;

namespace {

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
json str() { return {{"type", "string"}}; }
json integer() { return {{"type", "integer"}}; }
json boolean() { return {{"type", "boolean"}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json nullable(json schema) { return {{"oneOf", json::array({std::move(schema), {{"type", "null"}}})}}; }

// An object: `required` names properties that must be present.
json object(json properties, const std::vector<std::string>& required) {
    json o = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) o["required"] = required;
    return o;
}

json enum_of(const std::string& names) { return {{"type", "string"}, {"enum", split_values(names)}}; }

json query_param(const std::string& name, json schema, const std::string& description, bool required = false) {
    return {{"name", name},
            {"in", "query"},
            {"required", required},
            {"schema", std::move(schema)},
            {"description", description}};
}

json path_id(const std::string& what, const std::string& example) {
    return {{"name", "id"},
            {"in", "path"},
            {"required", true},
            {"schema", {{"type", "string"}, {"pattern", "^[a-z0-9]+(-[a-z0-9]+)*$"}}},
            {"description", "The " + what + "'s id (a slug)"},
            {"example", example}};
}

json schemas() {
    json s;
    s["Error"] =
        object({{"error", object({{"code", str()}, {"message", str()}, {"parameter", str()}}, {"code", "message"})}},
               {"error"});
    s["FacetValue"] = object({{"value", str()}, {"label", str()}, {"count", integer()}}, {"value", "label", "count"});
    s["Topic"] = object({{"id", str()},
                         {"label", str()},
                         {"kind", enum_of(topic_kind_values())},
                         {"description", str()},
                         {"claim_count", integer()}},
                        {"id", "label", "kind", "description"});
    s["ClaimRef"] = object(
        {{"id", str()}, {"statement", str()}, {"type", enum_of(claim_type_values())}, {"topics", array_of(str())}},
        {"id"});
    s["SourceSummary"] = object({{"id", str()},
                                 {"title", str()},
                                 {"type", enum_of(source_type_values())},
                                 {"site", str()},
                                 {"authors", array_of(str())},
                                 {"year", str()},
                                 {"url", str()},
                                 {"commercial_interest", str()},
                                 {"level", integer()},
                                 {"retracted", boolean()}},
                                {"id", "title", "type", "site", "authors", "year", "url", "commercial_interest"});
    s["Cite"] = object({{"study", str()},
                        {"title", str()},
                        {"level", integer()},
                        {"bears_on_claim", boolean()},
                        {"retracted", boolean()},
                        {"unresolved", str()}},
                       {});
    s["Result"] =
        object({{"kind", enum_of("claim, assertion, source")},
                {"id", str()},
                {"title", str()},
                {"snippet", {{"type", "string"}, {"description", "HTML: matches in <mark>, the rest escaped"}}},
                {"stance", enum_of(stance_values())},
                {"level", integer()},
                {"level_label", str()},
                {"claim", ref("ClaimRef")},
                {"source", ref("SourceSummary")},
                {"quote", str()},
                {"cites", array_of(ref("Cite"))}},
               {"kind", "id", "title", "snippet"});
    s["Assertion"] = object({{"kind", enum_of("assertion")},
                             {"id", str()},
                             {"stance", enum_of(stance_values())},
                             {"level", integer()},
                             {"level_label", str()},
                             {"directness", enum_of(directness_values())},
                             {"claim", ref("ClaimRef")},
                             {"source", ref("SourceSummary")},
                             {"post", str()},
                             {"quote", str()},
                             {"finding", str()},
                             {"cites", array_of(ref("Cite"))},
                             {"note", str()},
                             {"snippet", str()}},
                            {"kind", "id", "stance", "level", "level_label", "claim", "source", "quote", "cites"});
    json facets = json::object();
    std::vector<std::string> facet_names;
    for (const auto& f : schema::fields())
        if (f.facet) {
            facet_names.emplace_back(f.name);
            facets[std::string(f.name)] = array_of(ref("FacetValue"));
        }
    s["SearchResponse"] = object(
        {{"query", str()},
         {"total", integer()},
         {"page", integer()},
         {"size", integer()},
         {"results", array_of(ref("Result"))},
         {"facets", object(facets, facet_names)},
         {"sort", enum_of("relevance, strength, date")},
         {"facet_fields", array_of(object({{"name", str()}, {"label", str()}}, {"name", "label"}))},
         {"suggestion", str()},
         {"relaxed",
          object({{"searched", str()}, {"ignored", array_of(str())}, {"optional", array_of(str())}, {"message", str()}},
                 {"searched", "ignored", "optional", "message"})},
         {"corrected",
          object({{"query", str()}, {"original", str()}, {"message", str()}}, {"query", "original", "message"})},
         {"answer", array_of(ref("AnswerClaim"))}},
        {"query", "total", "page", "size", "results", "facets", "answer"});
    const json statement = {{"type", json::array({"object", "null"})},
                            {"properties",
                             {{"assertion", str()},
                              {"text", str()},
                              {"level", integer()},
                              {"level_label", str()},
                              {"source", {{"type", "object"}}}}}};
    s["AnswerClaim"] = {
        {"allOf", json::array({ref("ClaimEvidence"),
                               object({{"score", integer()},
                                       {"statements", object({{"supports", statement}, {"opposes", statement}},
                                                             {"supports", "opposes"})}},
                                      {"score", "statements"})})}};
    s["MatchResponse"] = object(
        {{"sentences",
          array_of(object(
              {{"text", str()},
               {"start", integer()},
               {"end", integer()},
               {"matches", array_of(object({{"claim", object({{"id", str()},
                                                              {"statement", str()},
                                                              {"certainty", str()},
                                                              {"direction", enum_of("for, against, mixed, none")}},
                                                             {"id", "statement", "certainty", "direction"})},
                                            {"stance", enum_of(stance_values())},
                                            {"score", integer()}},
                                           {"claim", "stance", "score"}))}},
              {"text", "start", "end", "matches"}))},
         {"matched", integer()}},
        {"sentences", "matched"});
    json judged = object({{"assertion", str()},
                          {"source", str()},
                          {"level", integer()},
                          {"stance", enum_of(stance_values())},
                          {"reason", str()}},
                         {"assertion", "source", "level", "stance", "reason"});
    s["Certainty"] = object({{"rating", enum_of("very low, low, moderate, high")},
                             {"explanation", array_of(str())},
                             {"evidence_gap", boolean()},
                             {"counted", array_of(judged)},
                             {"not_counted", array_of(judged)}},
                            {"rating", "explanation", "evidence_gap", "counted", "not_counted"});
    const json by_level = {{"type", "object"},
                           {"additionalProperties", integer()},
                           {"description", "evidence level (\"1\"..\"7\") -> number of assertions"}};
    s["Counts"] =
        object({{"supports", by_level}, {"opposes", by_level}, {"mixed", by_level}}, {"supports", "opposes", "mixed"});
    s["ClaimEvidence"] = object({{"id", str()},
                                 {"statement", str()},
                                 {"type", enum_of(claim_type_values())},
                                 {"topics", array_of(str())},
                                 {"competes", array_of(str())},
                                 {"certainty", ref("Certainty")},
                                 {"counts", ref("Counts")},
                                 {"verdict", str()},
                                 {"assertions_total", integer()}},
                                {"id", "statement", "type", "topics", "certainty", "counts", "verdict"});
    s["CompareClaim"] = {
        {"allOf",
         json::array({ref("ClaimEvidence"), object({{"assertions", array_of(ref("Assertion"))}}, {"assertions"})})}};
    s["CompareResponse"] = object(
        {{"sides", array_of(object({{"query", str()},
                                    {"resolved", enum_of("topics, claims, text")},
                                    {"topics", array_of(object({{"id", str()}, {"label", str()}}, {"id", "label"}))},
                                    {"claims", array_of(ref("CompareClaim"))}},
                                   {"query", "topics", "claims"}))}},
        {"sides"});
    s["ClaimPage"] = {{"allOf", json::array({ref("ClaimEvidence"),
                                             object({{"assertions", object({{"supports", array_of(ref("Assertion"))},
                                                                            {"opposes", array_of(ref("Assertion"))},
                                                                            {"mixed", array_of(ref("Assertion"))}},
                                                                           {"supports", "opposes", "mixed"})},
                                                     {"competitors", array_of(ref("ClaimEvidence"))},
                                                     {"note", str()},
                                                     {"history", ref("ClaimHistory")}},
                                                    {"assertions", "competitors", "history"})})}};
    // The claim's dated history, from the corpus's git history (README.md, "Claim history").
    json moved = object(
        {{"rating", enum_of("very low, low, moderate, high")}, {"direction", enum_of("for, against, mixed, none")}},
        {"rating", "direction"});
    json said = object({{"id", str()},
                        {"source", str()},
                        {"source_title", str()},
                        {"source_type", enum_of(source_type_values())},
                        {"stance", enum_of(stance_values())},
                        {"level", integer()},
                        {"text", str()}},
                       {"id", "source", "stance", "level", "text"});
    json changed = said;
    changed["properties"]["from"] =
        object({{"stance", enum_of(stance_values())}, {"level", integer()}}, {"stance", "level"});
    changed["properties"]["to"] = changed["properties"]["from"];
    s["HistoryChange"] = object({{"commit", str()},
                                 {"date", {{"type", "string"}, {"format", "date-time"}}},
                                 {"author", str()},
                                 {"subject", str()},
                                 {"kind", enum_of("first, added, changed")},
                                 {"statement", object({{"from", str()}, {"to", str()}}, {"from", "to"})},
                                 {"certainty", object({{"from", nullable(moved)}, {"to", moved}}, {"from", "to"})},
                                 {"added", array_of(said)},
                                 {"removed", array_of(said)},
                                 {"changed", array_of(changed)}},
                                {"commit", "date", "kind", "added", "removed", "changed"});
    s["ClaimHistory"] = object({{"source", enum_of("git, none")},
                                {"message", str()},
                                {"last_changed", nullable({{"type", "string"}, {"format", "date-time"}})},
                                {"changes", array_of(ref("HistoryChange"))}},
                               {"source", "message", "last_changed", "changes"});
    // With with=evidence each claim is also a ClaimEvidence (without its assertions).
    s["ClaimList"] = object({{"total", integer()}, {"claims", array_of(ref("ClaimRef"))}}, {"total", "claims"});
    s["TopicList"] = object({{"topics", array_of(ref("Topic"))}}, {"topics"});
    s["TopicPage"] = {
        {"allOf",
         json::array({ref("Topic"), object({{"claims", array_of(ref("ClaimEvidence"))},
                                            {"competing_topics",
                                             array_of(object({{"id", str()}, {"label", str()}}, {"id", "label"}))}},
                                           {"claims", "competing_topics"})})}};
    const json post = object({{"id", str()}, {"author", str()}, {"html", str()}}, {"id", "author", "html"});
    const json record = object({{"pmid", str()},
                                {"doi", str()},
                                {"title", str()},
                                {"journal", str()},
                                {"year", str()},
                                {"authors", array_of({{"type", "object"}})},
                                {"publication_types", array_of(str())},
                                {"retracted", boolean()}},
                               {"title", "authors", "retracted"});
    const json study = object({{"design", str()}, {"sample_size", str()}, {"population", str()}, {"record", record}},
                              {"design", "record"});
    s["Page"] = object({{"html", {{"type", "string"}, {"description", "the body rendered as safe HTML"}}},
                        {"posts", array_of(post)},
                        {"study", study}},
                       {"html", "posts"});
    const json anchor = object(
        {{"selector",
          object({{"type", enum_of("TextQuoteSelector")}, {"exact", str()}, {"prefix", str()}, {"suffix", str()}},
                 {"type", "exact"})},
         {"line", integer()},
         {"post", nullable(str())}},
        {"selector", "line", "post"});
    s["SourcePage"] = {
        {"allOf",
         json::array({ref("SourceSummary"),
                      object({{"page", ref("Page")},
                              {"assertions",
                               array_of({{"allOf", json::array({ref("Assertion"), object({{"anchor", nullable(anchor)}},
                                                                                         {"anchor"})})}})},
                              {"assertions_total", integer()}},
                             {"page", "assertions", "assertions_total"})})}};
    s["StudyPage"] = {
        {"allOf",
         json::array({ref("SourceSummary"),
                      object({{"page", ref("Page")},
                              {"findings", array_of(ref("Assertion"))},
                              {"cited_by", array_of({{"allOf", json::array({ref("Assertion"),
                                                                            object({{"bears_on_claim", boolean()}},
                                                                                   {"bears_on_claim"})})}})}},
                             {"page", "findings", "cited_by"})})}};
    s["Health"] = object({{"status", enum_of("ok")},
                          {"index", object({{"documents", integer()}, {"claims", integer()}, {"assertions", integer()}},
                                           {"documents"})}},
                         {"status", "index"});
    s["CslItem"] = object({{"id", str()},
                           {"type", enum_of("article-journal, book")},
                           {"title", str()},
                           {"author", array_of({{"type", "object"}})}},
                          {"id", "type"});
    s["ClaimReviewGraph"] = object(
        {{"@context", enum_of("https://schema.org")},
         {"@graph",
          array_of(object(
              {{"@type", enum_of("ClaimReview")},
               {"claimReviewed", str()},
               {"url", str()},
               {"datePublished", str()},
               {"reviewRating", object({{"@type", enum_of("Rating")},
                                        {"ratingValue", integer()},
                                        {"bestRating", integer()},
                                        {"worstRating", integer()},
                                        {"alternateName", str()}},
                                       {"ratingValue", "bestRating", "worstRating", "alternateName"})},
               {"itemReviewed", object({{"@type", enum_of("Claim")}, {"appearance", array_of({{"type", "object"}})}},
                                       {"@type", "appearance"})}},
              {"@type", "claimReviewed", "reviewRating", "itemReviewed"}))}},
        {"@context", "@graph"});
    return s;
}

json json_response(const std::string& schema, const std::string& description) {
    return {{"description", description}, {"content", {{"application/json", {{"schema", ref(schema)}}}}}};
}

json errors(bool with_404) {
    json e = {{"400", json_response("Error", "A bad parameter (named in error.parameter)")},
              {"405", json_response("Error", "A method other than GET or HEAD")},
              {"503", json_response("Error", "No index is available yet")}};
    if (with_404) e["404"] = json_response("Error", "No such id");
    return e;
}

json get(const std::string& summary, json parameters, json ok, bool with_404 = false) {
    json responses = errors(with_404);
    responses["200"] = std::move(ok);
    return {{"get", {{"summary", summary}, {"parameters", std::move(parameters)}, {"responses", responses}}}};
}

// A filter's parameter, from its row of the facet table: closed sets as
// enums, levels as 1..7, years by pattern (2019, 2006..2017, 2017.., ..2017).
json filter_param(const schema::Field& f) {
    json sch;
    if (f.values == schema::Values::Level)
        sch = {{"type", "integer"}, {"minimum", kStrongestLevel}, {"maximum", kWeakestLevel}};
    else if (f.values == schema::Values::Year)
        sch = {{"type", "string"}, {"pattern", std::string(schema::kYearPattern)}};
    else if (const auto values = schema::value_list(f); !values.empty())
        sch = {{"type", "string"}, {"enum", values}};
    else
        sch = str();
    std::string what(f.label);
    if (f.values == schema::Values::Level) what += ": this level or stronger";
    what += schema::comma_list(f) ? " (repeat or comma-separate: OR)" : " (repeat: OR)";
    return query_param(std::string(f.name), std::move(sch), what);
}

// The search filters, shared by /api/search and /api/export.
json search_params(bool paged) {
    json p = json::array({
        query_param(
            "q", str(),
            "Free text: stemming, phrases, AND/OR/NOT, field prefixes (topic:, stance:, level:, type:, author:, "
            "site:, year:2006..2017), synonyms. Empty: everything. At most 1000 bytes."),
        query_param("sort", enum_of("relevance, strength, date"),
                    "Order; default relevance (strength when q is empty)"),
    });
    // One parameter per filter row of the facet table, before `sort`.
    json filters = json::array();
    for (const auto& f : schema::fields())
        if (f.kind == schema::FieldKind::Filter) filters.push_back(filter_param(f));
    p.insert(p.begin() + 1, filters.begin(), filters.end());
    if (paged) {
        p.push_back(
            query_param("page", {{"type", "integer"}, {"minimum", 1}}, "Page, from 1; past the last page is a 400"));
        p.push_back(query_param("size", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}, "Results a page"));
    }
    return p;
}

json export_response() {
    json content = {
        {"text/csv", {{"schema", str()}}},
        {"application/x-research-info-systems", {{"schema", str()}}},
        {"application/x-bibtex", {{"schema", str()}}},
        {"application/vnd.citationstyles.csl+json", {{"schema", array_of(ref("CslItem"))}}},
        {"application/ld+json", {{"schema", ref("ClaimReviewGraph")}}},
    };
    return {{"description", "An attachment (Content-Disposition) in the format asked for"}, {"content", content}};
}

}  // namespace

json openapi_json() {
    json paths;
    paths["/api/health"] =
        get("Liveness and index counts", json::array(), json_response("Health", "The index is open"));
    paths["/api/search"] = get("Faceted search over claims, assertions and sources", search_params(true),
                               json_response("SearchResponse", "One page of results and exact facet counts"));
    paths["/api/claims"] = get(
        "The claims, strongest evidence first",
        json::array({query_param("topic", str(), "Topic ids"),
                     query_param("claim_type", enum_of(claim_type_values()), "Claim types"),
                     query_param("with", enum_of("evidence"),
                                 "evidence: each claim with its certainty, counts and verdict (at most 1000 claims)")}),
        json_response("ClaimList", "The claims"));
    paths["/api/claims/{id}"] =
        get("A claim: certainty, counts, its assertions grouped by stance (strongest first), competing claims",
            json::array({path_id("claim", "hip-strengthening-resolves-itbs")}), json_response("ClaimPage", "The claim"),
            true);
    paths["/api/topics"] =
        get("The topics, with their number of claims", json::array(), json_response("TopicList", "The topics"));
    paths["/api/topics/{id}"] =
        get("A topic: its claims with certainty and counts, and the competing topics",
            json::array({path_id("topic", "foam-rolling")}), json_response("TopicPage", "The topic"), true);
    json compare = get("Side-by-side comparison: give exactly one of q, topics, claims",
                       json::array({query_param("q", str(), "'A vs B' (or 'versus')"),
                                    query_param("topics", str(), "Two to four topic ids, comma-separated"),
                                    query_param("claims", str(), "Two to four claim ids, comma-separated")}),
                       json_response("CompareResponse", "One side per topic, claim or text"));
    compare["get"]["x-example-query"] = "topics=foam-rolling,hip-strengthening";
    paths["/api/compare"] = compare;
    paths["/api/sources/{id}"] =
        get("A source: metadata, the rendered body with its posts, its assertions with their anchors",
            json::array({path_id("source", "forum-reverse-it-band")}), json_response("SourcePage", "The source"), true);
    paths["/api/studies/{id}"] =
        get("A study: record, annotation, findings, and who cites it for what",
            json::array({path_id("study", "fairclough-2006")}), json_response("StudyPage", "The study"), true);
    json ex = search_params(false);
    ex.insert(ex.begin(), query_param("format", enum_of(kExportFormats),
                                      "csv: the assertions; ris, bibtex, csl-json: "
                                      "the studies behind the results; claimreview: "
                                      "the claims as schema.org ClaimReview",
                                      true));
    json exp = get("The results of a search as a file (at most " + std::to_string(kMaxExportResults) + " results)", ex,
                   export_response());
    exp["get"]["x-example-query"] = "format=csv&topic=foam-rolling";
    exp["get"]["responses"]["404"] = json_response(
        "Error",
        "Nothing to export (error.code nothing_to_export): no result, or only studies left out of BibTeX and "
        "CSL-JSON as cited for a claim they have no finding on or by a statement they contradict");
    paths["/api/export"] = exp;
    json match_errors = errors(false);
    match_errors["405"] = json_response("Error", "A method other than POST");
    match_errors["411"] = json_response("Error", "No Content-Length");
    match_errors["413"] = json_response("Error", "A body over 65536 bytes");
    match_errors["415"] = json_response("Error", "A body that is not text/plain; charset=utf-8");
    match_errors["200"] = json_response("MatchResponse", "Each sentence, with the claims it asserts and its stance");
    paths["/api/match"] = {
        {"post",
         {{"summary",
           "Claim matching for a text: each sentence (byte offsets in the body) with the claims it asserts, "
           "best first, and its stance on each; none when no claim is close"},
          {"parameters", json::array()},
          {"requestBody",
           {{"required", true},
            {"content", {{"text/plain", {{"schema", {{"type", "string"}, {"maxLength", 65536}}}}}}}}},
          {"responses", match_errors}}}};
    json changes =
        get("An Atom feed (RFC 4287) of the newest changes to the evidence on claims, of every topic or of "
            "one; links are relative to the feed's address",
            json::array({query_param("topic", str(), "A topic id: only its claims' changes (404 if unknown)")}),
            {{"description", "The feed"}, {"content", {{"application/atom+xml", {{"schema", str()}}}}}}, true);
    changes["get"]["x-example-query"] = "topic=foam-rolling";
    paths["/api/changes.atom"] = changes;
    paths["/api/openapi.json"] =
        get("This document", json::array(),
            {{"description", "OpenAPI 3.1"}, {"content", {{"application/json", json::object()}}}});
    return {
        {"openapi", "3.1.0"},
        {"info",
         {{"title", "Evidence"},
          {"version", "1"},
          {"description",
           "What the evidence says about competing health claims. Every client error is a 4xx with "
           "{\"error\": {\"code\", \"message\"}}; unknown parameters are refused; only GET and HEAD are allowed, but "
           "for POST /api/match (a text/plain body)."}}},
        {"servers", json::array({{{"url", "http://127.0.0.1:8080"}}})},
        {"paths", paths},
        {"components", {{"schemas", schemas()}}},
    };
}

}  // namespace evidence::render
