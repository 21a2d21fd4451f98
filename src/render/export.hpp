// Exports of a search: the assertions as CSV; the studies behind the results
// as RIS, BibTeX or CSL-JSON; the claims as schema.org ClaimReview JSON-LD.
// The same bytes from `GET /api/export` and `evidence export`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
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

// What an export holds.
struct ExportSet {
    std::vector<nlohmann::json> assertions;       // assertion results, as /api/search gives them
    std::vector<nlohmann::json> studies;          // the studies' source pages (summary + page.study.record)
    std::vector<search::ClaimEvidence> claims;    // each claim with its evidence and certainty
};

// Runs `req` over all its pages and gathers what `format` needs: for CSV the
// assertion results (the search is limited to assertions; a `kind` filter
// without them is a BadRequest); for RIS, BibTeX and CSL-JSON the studies
// matched or cited by any result, in the order first met; for ClaimReview
// the claims matched or asserted on by any result.
ExportSet gather_export(search::Searcher& s, search::SearchRequest req, ExportFormat format);

struct ExportFile {
    std::string body;
    std::string content_type;  // with charset where it applies
    std::string filename;      // for Content-Disposition: attachment
};
ExportFile render_export(ExportFormat format, const ExportSet& set);

// The formats, one by one (tests call them on hand-made input).
std::string to_csv(const std::vector<nlohmann::json>& assertions);
std::string to_ris(const std::vector<nlohmann::json>& studies);
std::string to_bibtex(const std::vector<nlohmann::json>& studies);
nlohmann::json to_csl_json(const std::vector<nlohmann::json>& studies);
nlohmann::json to_claimreview(const std::vector<search::ClaimEvidence>& claims);

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
