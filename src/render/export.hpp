// Exports of a search: the assertions as CSV; the studies behind the results
// as RIS, BibTeX or CSL-JSON; the claims as schema.org ClaimReview JSON-LD.
// The same bytes from `GET /api/export` and `evidence export`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "search/compare.hpp"
#include "search/searcher.hpp"

namespace evidence::render {

enum class ExportFormat { Csv, Ris, Bibtex, CslJson, ClaimReview };

std::optional<ExportFormat> parse_export_format(std::string_view name);
std::string_view to_string(ExportFormat f);
inline constexpr const char* kExportFormats = "csv, ris, bibtex, csl-json, claimreview";

// An export reads every result of the search, up to this many (more is a
// BadRequest asking to narrow the search: a silently cut export would lie).
constexpr std::size_t kMaxExportResults = 10000;

// A study's citations that a writer should not follow: cited for a claim
// the study has no finding on, or by a statement its own finding on the claim
// contradicts (supports against opposes). Study id -> each such use, in words.
using Cautions = std::map<std::string, std::vector<std::string>>;

// What an export holds.
struct ExportSet {
    std::vector<nlohmann::json> assertions;  // assertion results, as /api/search gives them
    std::vector<nlohmann::json> studies;     // the studies' source pages (summary + page.study.record)
    // The studies in the export by themselves: matched by the search, the
    // source of a finding in the results, or cited by a result for a claim
    // they have a finding on that does not contradict the citing statement.
    std::set<std::string> vouched;
    Cautions cautions;
    std::vector<search::ClaimEvidence> claims;  // each claim with its evidence and certainty
    // Each source of the claims' evidence: its publication date ("2019" or
    // "2019-04-02"), where the corpus gives one (ClaimReview's datePublished).
    std::map<std::string, std::string> published;
    // What the search asked for, as a file name's words ("hip-strength-resolves",
    // "foam-rolling-opposes"): the query's and the filter values' slugs.
    std::string subject;
    // What the export covers, in words for its messages: "this claim's
    // evidence" (one claim, no query, no other filter) or "this search's results".
    std::string scope = "this search's results";
};

// Runs `req` over all its pages and gathers what `format` needs: for CSV the
// assertion results (the search is limited to assertions; a `kind` filter
// without them is a BadRequest); for RIS, BibTeX and CSL-JSON the studies
// matched or cited by any result, in the order first met, with the cautions
// of their citations; for ClaimReview the claims matched or asserted on by
// any result.
ExportSet gather_export(search::Searcher& s, search::SearchRequest req, ExportFormat format);

// The public address of the web UI ("https://evidence.example.org", no
// trailing slash), from `serve --public-url` or `export --public-url`:
// ClaimReview's `url` is the claim page under it. Empty: not configured, and
// no `url` is written (the host is never guessed).
struct ExportContext {
    std::string public_url;
};
// A --public-url value, checked and without its trailing slash; nullopt when
// it is not an absolute http(s) URL without query or fragment.
std::optional<std::string> public_base_url(std::string_view text);

struct ExportFile {
    std::string body;
    std::string content_type;  // with charset where it applies
    std::string filename;      // for Content-Disposition: attachment ("<subject>-studies.ris")
    // Set when the export holds nothing (no 0-byte file): why, in words.
    std::string nothing;
};
// RIS keeps every study and marks each caution in an N1 note; BibTeX and
// CSL-JSON leave out the studies that are in the export only through
// cautioned citations (BibTeX names them in an @comment).
ExportFile render_export(ExportFormat format, const ExportSet& set, const ExportContext& ctx = {});

// "evidence-<subject or all>-<what>.<ext>": what a file holds, as its name.
std::string export_filename(ExportFormat format, const std::string& subject);
// Lower-case ASCII words joined by '-', at most `max` bytes, cut at a word.
std::string slug(std::string_view text, std::size_t max = 60);

// The formats, one by one (tests call them on hand-made input).
std::string to_csv(const std::vector<nlohmann::json>& assertions);
std::string to_ris(const std::vector<nlohmann::json>& studies, const Cautions& cautions = {});
// `left_out`: the studies not written, each with its cautions, named in an @comment.
std::string to_bibtex(const std::vector<nlohmann::json>& studies, const Cautions& left_out = {});
nlohmann::json to_csl_json(const std::vector<nlohmann::json>& studies);
struct ClaimReviewContext {
    std::string public_url;                        // as ExportContext
    std::map<std::string, std::string> published;  // as ExportSet
};
nlohmann::json to_claimreview(const std::vector<search::ClaimEvidence>& claims, const ClaimReviewContext& ctx = {});

// A member of a stored JSON object; null when `j` is no object or lacks it.
const nlohmann::json& json_at(const nlohmann::json& j, const char* key);
// A member as text: a string as it is, an integer in decimal, "" otherwise.
std::string json_text(const nlohmann::json& j, const char* key);

// One CSV cell (RFC 4180 quoting; text starting with = + - @ tab or CR gets a
// leading ' so a spreadsheet does not run it as a formula).
std::string csv_cell(std::string_view text, bool is_text = true);
// Text for a braced BibTeX field: special characters escaped, braces kept balanced.
std::string bibtex_escape(std::string_view text);
// "1085-91" -> {"1085", "1091"}: PubMed's abbreviated end pages written out.
std::pair<std::string, std::string> page_range(std::string_view pages);

}  // namespace evidence::render
