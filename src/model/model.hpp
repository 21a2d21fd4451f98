// The domain model of Evidence: sources, claims, topics, assertions, studies.
// Plain data; parsing lives in ingest/, storage in index/, reading in search/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

// A place in a corpus file, for error messages and for reviewers.
struct Place {
    std::string file;
    int line = 0;
};

// "file:line: message": the one form every expected failure takes.
struct Diagnostic {
    Place place;
    std::string message;
    std::string str() const;
};

enum class Stance { Supports, Opposes, Mixed };
enum class Directness { Direct, IndirectPopulation, SurrogateOutcome, Mechanistic };
enum class ClaimType { Efficacy, Prevention, Cause, Mechanism, Anatomy, Diagnosis, Prognosis, Harm };
enum class SourceType { Article, ForumThread, Study, Review, Guideline, Video, Podcast };
enum class TopicKind { Intervention, Cause, Question };
// A study's design, as GRADE reads it (PRODUCT.md, "Certainty of a claim").
enum class Design {
    ReviewOfRcts,
    ReviewOfObservational,
    ReviewMixed,
    Rct,
    ClusterRct,
    Cohort,
    CaseControl,
    CrossSectional,
    CaseSeries,
    Laboratory,
    NarrativeReview,
    Unknown,
};
enum class RiskOfBias { Low, SomeConcerns, High, Unknown };
// Who was studied and what was measured: the applicability facets.
enum class Population {
    Runners,
    Cyclists,
    MilitaryRecruits,
    PatientsWithItbs,
    HealthyVolunteers,
    Cadavers,
    NotApplicable,  // no people studied: a model or a narrative review
    Unknown,
};
enum class Outcome {
    Pain,
    Function,
    ReturnToSport,
    Recurrence,
    Recovery,
    InjuryIncidence,
    TissueMechanics,
    Anatomy,
    Imaging,
    Strength,
    Kinematics,
    Unknown,
};

// Each enum has one spelling, used in files, terms, JSON and URLs alike.
// ASCII letters lower-cased, other bytes (UTF-8 included) as they are: ids,
// enum spellings, filter values and synonym terms compare in this form.
std::string lower_ascii(std::string_view s);

std::string_view to_string(Stance);
std::string_view to_string(Directness);
std::string_view to_string(ClaimType);
std::string_view to_string(SourceType);
std::string_view to_string(TopicKind);
std::string_view to_string(Design);
std::string_view to_string(RiskOfBias);
std::string_view to_string(Population);
std::string_view to_string(Outcome);
std::optional<Stance> parse_stance(std::string_view);
std::optional<Directness> parse_directness(std::string_view);
std::optional<ClaimType> parse_claim_type(std::string_view);
std::optional<SourceType> parse_source_type(std::string_view);
std::optional<TopicKind> parse_topic_kind(std::string_view);
std::optional<Design> parse_design(std::string_view);
std::optional<RiskOfBias> parse_risk_of_bias(std::string_view);
std::optional<Population> parse_population(std::string_view);
std::optional<Outcome> parse_outcome(std::string_view);

// All spellings of an enum, for error messages ("one of: a, b, c").
// split_values turns such a list back into its values.
std::vector<std::string> split_values(const std::string& list);
std::string stance_values();
std::string directness_values();
std::string claim_type_values();
std::string source_type_values();
std::string topic_kind_values();
std::string design_values();
std::string risk_of_bias_values();
std::string population_values();
std::string outcome_values();

// A value's words for a reader: "injury-incidence" -> "Injury incidence",
// "patients-with-itbs" -> "Patients with ITBS".
std::string plain_words(std::string_view spelling);

// Words for a design ("randomised trial", "systematic review of observational
// studies"), for explanations.
std::string_view design_label(Design);
// Where GRADE starts a body of evidence of this design: randomised designs
// (and reviews of them), observational designs (and reviews of them), or
// neither (case series, laboratory work, narrative reviews, unknown).
enum class DesignClass { Randomised, Observational, Other };
DesignClass design_class(Design);
bool is_review(Design);

// Evidence levels 1 (strongest) .. 7, as in PRODUCT.md.
constexpr int kStrongestLevel = 1;
constexpr int kWeakestLevel = 7;
std::string_view level_label(int level);  // "randomized controlled trial"
bool valid_level(int level);

struct Topic {
    std::string id;
    std::string label;
    TopicKind kind = TopicKind::Intervention;
    std::string description;
    Place place;
};

struct Claim {
    std::string id;
    std::string statement;
    ClaimType type = ClaimType::Efficacy;
    std::vector<std::string> topics;
    std::vector<std::string> competes;
    // How people word the claim (a runner's post, a writer's line, a
    // clinician's aside), for matching questions and texts to it: indexed
    // in the claim's profile only, never shown as evidence.
    std::vector<std::string> phrasings;
    std::string note;
    Place place;
};

// A citation made by an assertion: a study id, or an unresolved reference
// kept with the source's own description of it.
struct Citation {
    std::string study;
    std::string unresolved;
    Place place;
    // The link was made by guess (an unnumbered reference matched to a
    // statement): shown as uncertain, never counted as a misuse.
    bool guessed = false;
};

struct Assertion {
    std::string id;      // derived: "<source>/<n>", stable while the file keeps its order
    std::string source;  // source id
    std::string post;    // post anchor, or empty
    std::string claim;
    Stance stance = Stance::Supports;
    std::string quote;  // verbatim; empty for a study's finding
    std::string prefix;
    std::string suffix;
    std::string finding;  // a study's finding in our words; empty for quotes
    int level = 0;
    Directness directness = Directness::Direct;
    std::vector<Citation> cites;
    // For readers: why the stance, level or directness was read so
    // (corpus/README.md, "Notes"). Shown with the statement.
    std::string note;
    // For annotators and reviewers only; never shown or indexed.
    std::string review_note;
    // What was measured (a study's finding; optional on a source's statement).
    std::optional<Outcome> outcome;
    // Who the statement is about, where a source's text says so.
    std::vector<Population> population;
    // Where the quote is, in the source's display text (normalised): set by validation.
    std::size_t quote_offset = 0;
    int quote_line = 0;  // line of the Markdown block holding the quote
    Place place;
};

// A post of a forum thread or a comment under an article.
struct Post {
    std::string id;      // anchor
    std::string author;  // handle as shown, or "post N"
    std::string markdown;
    std::string html;  // safe HTML (cmark, no raw HTML)
    std::string text;  // display text, normalised for quote matching
    int line = 0;      // first line of the post's text in the file
};

struct Author {
    std::string family;
    std::string given;
    std::string literal;          // a collective name
    std::string display() const;  // "Fairclough J" or the literal
};

// The bibliographic record of a study, as PubMed gives it.
struct StudyRecord {
    std::string pmid, doi, pmcid, title, journal, year, volume, issue, pages;
    std::string kind = "article";  // "article" | "book"
    std::vector<Author> authors;
    std::vector<std::string> publication_types;
    bool retracted = false;
    std::vector<std::string> notices;
};

// Our annotation of a study.
struct StudyInfo {
    std::string design;
    std::string sample_size;
    std::string population;
    // Structured annotation, for GRADE and the facets. `unknown` where the
    // records do not say; never guessed.
    Design design_type = Design::Unknown;
    std::vector<std::string> includes;  // a review: the corpus's studies it includes
    Place includes_place;
    std::optional<long> participants;     // nullopt: unknown or not applicable
    bool participants_applicable = true;  // false: no participants (a model, a narrative review)
    std::vector<Population> populations;
    RiskOfBias risk_of_bias = RiskOfBias::Unknown;
    std::string risk_of_bias_reason;
    bool identification_certain = true;
    std::string identification_note;
    StudyRecord record;
};

struct Source {
    std::string id;
    SourceType type = SourceType::Article;
    std::string title;
    std::vector<std::string> authors;
    std::string site;
    std::string url;
    std::string published;  // "2019" or "2019-04-02" or empty
    std::string credentials;
    std::string commercial_interest;  // "none" when none
    std::string note;
    std::string markdown;  // the body as written
    std::string html;      // the body rendered, safe
    std::string text;      // display text of the whole body, normalised
    std::vector<Post> posts;
    std::vector<Assertion> assertions;
    std::optional<StudyInfo> study;  // set for type Study
    int level = 0;                   // a study's level; 0 for other sources
    Place place;

    bool has_interest() const { return !commercial_interest.empty() && commercial_interest != "none"; }
    std::string year() const { return published.substr(0, 4); }
};

struct SynonymGroup {
    std::vector<std::string> terms;  // canonical first, lower case
    Place place;
};

struct Corpus {
    std::vector<Topic> topics;
    std::vector<Claim> claims;
    std::vector<Source> sources;  // articles, threads, ... and studies
    std::vector<SynonymGroup> synonyms;

    const Topic* topic(std::string_view id) const;
    const Claim* claim(std::string_view id) const;
    const Source* source(std::string_view id) const;
    std::size_t assertion_count() const;
};

}  // namespace evidence
