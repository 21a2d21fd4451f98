// Results -> the JSON of the API (PRODUCT.md, "HTTP JSON API"). The CLI's
// --json prints exactly this, so both are tested once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "search/answer.hpp"
#include "search/compare.hpp"
#include "search/match.hpp"
#include "search/pages.hpp"
#include "search/searcher.hpp"

namespace evidence::render {

// GET /api/search.
nlohmann::json search_json(const search::SearchResponse& r);
// The same JSON, as text, built without parsing each hit's stored JSON again:
// the server's hot path.
std::string search_json_text(const search::SearchResponse& r);

// GET /api/search with its answer: search_json_text plus "answer", the
// claims answering the question (render/answer_json.cpp).
std::string answered_json_text(const search::Answered& a);
nlohmann::json answer_json(const std::vector<search::AnswerClaim>& answer);

// POST /api/match and `evidence match --json`: {sentences: [{text, start,
// end, matches: [{claim: {id, statement, certainty}, stance, score}]}],
// matched} (render/answer_json.cpp).
nlohmann::json match_json(const std::vector<search::MatchedSentence>& sentences);

// GET /api/compare: {sides: [{query, resolved, topics, claims: [...]}]}.
nlohmann::json compare_json(const search::Comparison& c);
// One claim with certainty, counts by stance x level, verdict and (when
// listed) its assertions as search results.
nlohmann::json claim_evidence_json(const search::ClaimEvidence& e);
nlohmann::json certainty_json(const search::Certainty& c);
// GET /api/claims/{id}: the claim, its assertions grouped by stance
// (strongest first) and the claims it competes with.
nlohmann::json claim_page_json(const search::ClaimPage& p);
// GET /api/topics/{id}.
nlohmann::json topic_page_json(const search::TopicPage& p);
// GET /api/studies/{id}: the record, its findings, and who cites it and for
// which claim, with bears_on_claim.
nlohmann::json study_page_json(const search::StudyPage& p);
// GET /api/sources/{id}: the source, its page, and its statements in
// document order, each with an anchor (its post, line and a W3C
// TextQuoteSelector to find the quote in the rendered text).
nlohmann::json source_page_json(const search::SourcePage& p);
// GET /api/claims: {total, claims}; with evidence, each claim's certainty,
// counts and verdict without its statements.
nlohmann::json claim_list_json(const search::ClaimList& l);
// GET /api/topics: {topics: [{..., claim_count}]}.
nlohmann::json topics_json(const std::vector<search::TopicSummary>& topics);

// {"error": {"code": ..., "message": ...}}; `parameter` named when given.
nlohmann::json error_json(const std::string& code, const std::string& message, const std::string& parameter = "");

// Serialises without throwing on invalid UTF-8 (it is replaced).
std::string dump(const nlohmann::json& j, int indent = -1);

}  // namespace evidence::render
