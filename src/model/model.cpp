#include "model/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace evidence {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Diagnostic::str() const {
    if (place.file.empty()) return message;  // the message names its place itself
    std::string s = place.file;
    if (place.line > 0) s += ":" + std::to_string(place.line);
    return s + ": " + message;
}

namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Stance, 3> kStances{
    {{Stance::Supports, "supports"}, {Stance::Opposes, "opposes"}, {Stance::Mixed, "mixed"}}};
constexpr Names<Directness, 4> kDirectness{{{Directness::Direct, "direct"},
                                            {Directness::IndirectPopulation, "indirect-population"},
                                            {Directness::SurrogateOutcome, "surrogate-outcome"},
                                            {Directness::Mechanistic, "mechanistic"}}};
constexpr Names<ClaimType, 8> kClaimTypes{{{ClaimType::Efficacy, "efficacy"},
                                           {ClaimType::Prevention, "prevention"},
                                           {ClaimType::Cause, "cause"},
                                           {ClaimType::Mechanism, "mechanism"},
                                           {ClaimType::Anatomy, "anatomy"},
                                           {ClaimType::Diagnosis, "diagnosis"},
                                           {ClaimType::Prognosis, "prognosis"},
                                           {ClaimType::Harm, "harm"}}};
constexpr Names<SourceType, 7> kSourceTypes{{{SourceType::Article, "article"},
                                             {SourceType::ForumThread, "forum-thread"},
                                             {SourceType::Study, "study"},
                                             {SourceType::Review, "review"},
                                             {SourceType::Guideline, "guideline"},
                                             {SourceType::Video, "video"},
                                             {SourceType::Podcast, "podcast"}}};
constexpr Names<TopicKind, 3> kTopicKinds{
    {{TopicKind::Intervention, "intervention"}, {TopicKind::Cause, "cause"}, {TopicKind::Question, "question"}}};

constexpr Names<Design, 12> kDesigns{{{Design::ReviewOfRcts, "systematic-review-of-rcts"},
                                      {Design::ReviewOfObservational, "systematic-review-of-observational"},
                                      {Design::ReviewMixed, "systematic-review-mixed"},
                                      {Design::Rct, "rct"},
                                      {Design::ClusterRct, "cluster-rct"},
                                      {Design::Cohort, "cohort"},
                                      {Design::CaseControl, "case-control"},
                                      {Design::CrossSectional, "cross-sectional"},
                                      {Design::CaseSeries, "case-series"},
                                      {Design::Laboratory, "laboratory"},
                                      {Design::NarrativeReview, "narrative-review"},
                                      {Design::Unknown, "unknown"}}};
constexpr Names<RiskOfBias, 4> kRisks{{{RiskOfBias::Low, "low"},
                                       {RiskOfBias::SomeConcerns, "some-concerns"},
                                       {RiskOfBias::High, "high"},
                                       {RiskOfBias::Unknown, "unknown"}}};
constexpr Names<Population, 8> kPopulations{{{Population::Runners, "runners"},
                                             {Population::Cyclists, "cyclists"},
                                             {Population::MilitaryRecruits, "military-recruits"},
                                             {Population::PatientsWithItbs, "patients-with-itbs"},
                                             {Population::HealthyVolunteers, "healthy-volunteers"},
                                             {Population::Cadavers, "cadavers"},
                                             {Population::NotApplicable, "not-applicable"},
                                             {Population::Unknown, "unknown"}}};
constexpr Names<Outcome, 12> kOutcomes{{{Outcome::Pain, "pain"},
                                        {Outcome::Function, "function"},
                                        {Outcome::ReturnToSport, "return-to-sport"},
                                        {Outcome::Recurrence, "recurrence"},
                                        {Outcome::Recovery, "recovery"},
                                        {Outcome::InjuryIncidence, "injury-incidence"},
                                        {Outcome::TissueMechanics, "tissue-mechanics"},
                                        {Outcome::Anatomy, "anatomy"},
                                        {Outcome::Imaging, "imaging"},
                                        {Outcome::Strength, "strength"},
                                        {Outcome::Kinematics, "kinematics"},
                                        {Outcome::Unknown, "unknown"}}};

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E e) {
    for (const auto& [value, name] : names)
        if (value == e) return name;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse_name(const Names<E, N>& names, std::string_view s) {
    for (const auto& [value, name] : names)
        if (name == s) return value;
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string all_names(const Names<E, N>& names) {
    std::string out;
    for (const auto& [value, name] : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

}  // namespace

std::string_view to_string(Stance e) { return name_of(kStances, e); }
std::string_view to_string(Directness e) { return name_of(kDirectness, e); }
std::string_view to_string(ClaimType e) { return name_of(kClaimTypes, e); }
std::string_view to_string(SourceType e) { return name_of(kSourceTypes, e); }
std::string_view to_string(TopicKind e) { return name_of(kTopicKinds, e); }
std::optional<Stance> parse_stance(std::string_view s) { return parse_name(kStances, s); }
std::optional<Directness> parse_directness(std::string_view s) { return parse_name(kDirectness, s); }
std::optional<ClaimType> parse_claim_type(std::string_view s) { return parse_name(kClaimTypes, s); }
std::optional<SourceType> parse_source_type(std::string_view s) { return parse_name(kSourceTypes, s); }
std::optional<TopicKind> parse_topic_kind(std::string_view s) { return parse_name(kTopicKinds, s); }
std::vector<std::string> split_values(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto end = list.find(", ", start);
        out.push_back(list.substr(start, end - start));
        if (end == std::string::npos) return out;
        start = end + 2;
    }
}

std::string stance_values() { return all_names(kStances); }
std::string directness_values() { return all_names(kDirectness); }
std::string claim_type_values() { return all_names(kClaimTypes); }
std::string source_type_values() { return all_names(kSourceTypes); }
std::string topic_kind_values() { return all_names(kTopicKinds); }
std::string_view to_string(Design e) { return name_of(kDesigns, e); }
std::string_view to_string(RiskOfBias e) { return name_of(kRisks, e); }
std::string_view to_string(Population e) { return name_of(kPopulations, e); }
std::string_view to_string(Outcome e) { return name_of(kOutcomes, e); }
std::optional<Design> parse_design(std::string_view s) { return parse_name(kDesigns, s); }
std::optional<RiskOfBias> parse_risk_of_bias(std::string_view s) { return parse_name(kRisks, s); }
std::optional<Population> parse_population(std::string_view s) { return parse_name(kPopulations, s); }
std::optional<Outcome> parse_outcome(std::string_view s) { return parse_name(kOutcomes, s); }
std::string design_values() { return all_names(kDesigns); }
std::string risk_of_bias_values() { return all_names(kRisks); }
std::string population_values() { return all_names(kPopulations); }
std::string outcome_values() { return all_names(kOutcomes); }

std::string plain_words(std::string_view spelling) {
    std::string out;
    std::size_t i = 0;
    while (i < spelling.size()) {
        std::size_t j = spelling.find_first_of("-_", i);
        if (j == std::string_view::npos) j = spelling.size();
        std::string word(spelling.substr(i, j - i));
        if (word == "itbs" || word == "itb" || word == "rct" || word == "rcts")
            word = lower_ascii(word), std::transform(word.begin(), word.end(), word.begin(), [](char c) {
                return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            });
        if (!out.empty()) out += ' ';
        out += word;
        i = j + 1;
    }
    if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::string_view design_label(Design d) {
    switch (d) {
        case Design::ReviewOfRcts:
            return "systematic review of randomised trials";
        case Design::ReviewOfObservational:
            return "systematic review of observational studies";
        case Design::ReviewMixed:
            return "systematic review of randomised and observational studies";
        case Design::Rct:
            return "randomised trial";
        case Design::ClusterRct:
            return "cluster-randomised trial";
        case Design::Cohort:
            return "cohort study";
        case Design::CaseControl:
            return "case-control study";
        case Design::CrossSectional:
            return "cross-sectional study";
        case Design::CaseSeries:
            return "case series";
        case Design::Laboratory:
            return "laboratory or anatomical study";
        case Design::NarrativeReview:
            return "narrative review";
        case Design::Unknown:
            return "study of unrecorded design";
    }
    return "study";
}

DesignClass design_class(Design d) {
    switch (d) {
        case Design::ReviewOfRcts:
        case Design::Rct:
        case Design::ClusterRct:
            return DesignClass::Randomised;
        case Design::ReviewOfObservational:
        case Design::ReviewMixed:
        case Design::Cohort:
        case Design::CaseControl:
        case Design::CrossSectional:
            return DesignClass::Observational;
        default:
            return DesignClass::Other;
    }
}

bool is_review(Design d) {
    return d == Design::ReviewOfRcts || d == Design::ReviewOfObservational || d == Design::ReviewMixed;
}

bool valid_level(int level) { return level >= kStrongestLevel && level <= kWeakestLevel; }

std::string_view level_label(int level) {
    static constexpr std::array<std::string_view, 8> kLabels{"unknown",
                                                             "systematic review / meta-analysis",
                                                             "randomized controlled trial",
                                                             "cohort / controlled non-randomized study",
                                                             "case-control, cross-sectional, case series",
                                                             "laboratory / anatomical / biomechanical study",
                                                             "expert opinion",
                                                             "anecdote"};
    return valid_level(level) ? kLabels[static_cast<std::size_t>(level)] : kLabels[0];
}

std::string Author::display() const {
    if (!literal.empty()) return literal;
    if (given.empty()) return family;
    // "Fairclough J": family name and initials, as reference lists give them.
    std::string initials;
    bool start = true, copying = false;
    for (char c : given) {
        if (c == ' ' || c == '-' || c == '.') {
            start = true;
            continue;
        }
        // Copy a whole UTF-8 letter, not its first byte.
        const bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
        copying = start || (copying && continuation);
        if (copying) initials += c;
        start = false;
    }
    return family + " " + initials;
}

template <typename T>
static const T* find_by_id(const std::vector<T>& items, std::string_view id) {
    for (const auto& item : items)
        if (item.id == id) return &item;
    return nullptr;
}

const Topic* Corpus::topic(std::string_view id) const { return find_by_id(topics, id); }
const Claim* Corpus::claim(std::string_view id) const { return find_by_id(claims, id); }
const Source* Corpus::source(std::string_view id) const { return find_by_id(sources, id); }

std::size_t Corpus::assertion_count() const {
    std::size_t n = 0;
    for (const auto& s : sources) n += s.assertions.size();
    return n;
}

}  // namespace evidence
