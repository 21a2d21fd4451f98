// The stored JSON of each kind of document: what the index keeps beside a
// claim, an assertion and a source, and what the search hands on to the API
// and the CLI as it is. Its one home: the field names are defined here
// (namespace `key`), the indexer builds the JSON with the builders below,
// and search and render read it through the same names. The API's contract
// for these shapes is render/openapi.cpp, checked against real answers by
// the OpenAPI contract test.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace evidence::stored {

namespace key {
// Every document.
inline constexpr const char* kKind = "kind";  // claim | assertion | source
inline constexpr const char* kId = "id";
inline constexpr const char* kTitle = "title";  // a claim's statement, an assertion's claim, a source's title
inline constexpr const char* kNote = "note";
inline constexpr const char* kRetracted = "retracted";
inline constexpr const char* kAssertionCount = "assertion_count";

// A claim (claim_summary, claim_json).
inline constexpr const char* kStatement = "statement";
inline constexpr const char* kType = "type";  // also a source's type
inline constexpr const char* kTopics = "topics";
inline constexpr const char* kCompetes = "competes";
inline constexpr const char* kStrongestLevel = "strongest_level";
inline constexpr const char* kRetractedEvidence = "retracted_evidence";

// An assertion (assertion_json).
inline constexpr const char* kStance = "stance";
inline constexpr const char* kLevel = "level";  // also a study's
inline constexpr const char* kLevelLabel = "level_label";
inline constexpr const char* kDirectness = "directness";
inline constexpr const char* kClaim = "claim";    // the claim's summary
inline constexpr const char* kSource = "source";  // the source's summary
inline constexpr const char* kPost = "post";
inline constexpr const char* kPostAuthor = "post_author";
inline constexpr const char* kQuote = "quote";
inline constexpr const char* kPrefix = "prefix";
inline constexpr const char* kSuffix = "suffix";
inline constexpr const char* kFinding = "finding";
inline constexpr const char* kCites = "cites";
inline constexpr const char* kRetractedCitation = "retracted_citation";
inline constexpr const char* kLine = "line";
inline constexpr const char* kOutcome = "outcome";
inline constexpr const char* kOutcomeLabel = "outcome_label";
inline constexpr const char* kPopulation = "population";

// A citation of an assertion (in kCites).
inline constexpr const char* kStudy = "study";
inline constexpr const char* kShort = "short";
inline constexpr const char* kBearsOnClaim = "bears_on_claim";
inline constexpr const char* kStudyStance = "study_stance";
inline constexpr const char* kLink = "link";  // certain | guessed
inline constexpr const char* kUnresolved = "unresolved";

// A source (source_summary, source_json).
inline constexpr const char* kSite = "site";
inline constexpr const char* kAuthors = "authors";
inline constexpr const char* kYear = "year";
inline constexpr const char* kUrl = "url";
inline constexpr const char* kCommercialInterest = "commercial_interest";
inline constexpr const char* kCredentials = "credentials";
inline constexpr const char* kPublished = "published";
inline constexpr const char* kSampleSize = "sample_size";
inline constexpr const char* kDesign = "design";
inline constexpr const char* kDesignType = "design_type";
inline constexpr const char* kDesignLabel = "design_label";
inline constexpr const char* kIncludes = "includes";
inline constexpr const char* kParticipants = "participants";
inline constexpr const char* kRiskOfBias = "risk_of_bias";
inline constexpr const char* kRiskOfBiasReason = "risk_of_bias_reason";
inline constexpr const char* kPopulations = "populations";

// A source's page (source_page_json), added to the source as "page".
inline constexpr const char* kPage = "page";
inline constexpr const char* kHtml = "html";
inline constexpr const char* kPosts = "posts";
inline constexpr const char* kAuthor = "author";  // a post's
inline constexpr const char* kRecord = "record";  // a study's bibliographic record, in the page's kStudy
inline constexpr const char* kIdentification = "identification";  // certain | uncertain
inline constexpr const char* kIdentificationNote = "identification_note";
inline constexpr const char* kPmid = "pmid";
inline constexpr const char* kDoi = "doi";
inline constexpr const char* kPmcid = "pmcid";
inline constexpr const char* kJournal = "journal";
inline constexpr const char* kVolume = "volume";
inline constexpr const char* kIssue = "issue";
inline constexpr const char* kPages = "pages";
inline constexpr const char* kPublicationTypes = "publication_types";
inline constexpr const char* kNotices = "notices";
inline constexpr const char* kFamily = "family";  // an author's: family and given names, or a literal name
inline constexpr const char* kGiven = "given";
inline constexpr const char* kLiteral = "literal";
}  // namespace key

// A source as every assertion of it carries it: identity, type, site,
// authors, year, link, interest, and a study's level, design and population.
nlohmann::json source_summary(const Source& s);
// A claim as every assertion on it carries it.
nlohmann::json claim_summary(const Claim& c);

// Who a statement is about: its own populations where the text says so,
// else its study's (the population facet and the stored JSON agree).
std::vector<std::string> populations_of(const Source& s, const Assertion& a);

// A citation as the indexer resolved it against the corpus.
struct CitationFacts {
    std::string unresolved;  // a reference not matched to a study; the rest is then unset
    std::string study, title, short_name;
    int level = 0;
    bool bears_on_claim = false;  // the study has a finding on the claim
    std::string study_stance;     // supports | opposes | mixed | does not address
    bool guessed = false;
    bool retracted = false;
};

// An assertion's stored JSON, as search results and the claim page read it
// (the certainty of a claim is computed from these: search/compare.hpp).
// `claim` may be null (a claim id the corpus does not hold).
nlohmann::json assertion_json(const Source& s, const Assertion& a, const Claim* claim,
                              const std::vector<CitationFacts>& cites, bool own_retracted);

// A claim's stored JSON: its summary, the claims it competes with, and
// what the strength sort and the retraction warning need.
nlohmann::json claim_json(const Claim& c, const std::vector<std::string>& competes, std::size_t assertion_count,
                          int strongest_level, const std::vector<std::string>& retracted_evidence);

// A source's stored JSON: its summary and what its page header shows.
nlohmann::json source_json(const Source& s);
// A source's page: its rendered body, posts and (a study's) record.
nlohmann::json source_page_json(const Source& s);

}  // namespace evidence::stored
