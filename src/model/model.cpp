#include "model/model.hpp"

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

constexpr Names<Stance, 3> kStances{{
    {Stance::Supports, "supports"}, {Stance::Opposes, "opposes"}, {Stance::Mixed, "mixed"}}};
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
constexpr Names<TopicKind, 3> kTopicKinds{{{TopicKind::Intervention, "intervention"},
                                           {TopicKind::Cause, "cause"},
                                           {TopicKind::Question, "question"}}};

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
std::string stance_values() { return all_names(kStances); }
std::string directness_values() { return all_names(kDirectness); }
std::string claim_type_values() { return all_names(kClaimTypes); }
std::string source_type_values() { return all_names(kSourceTypes); }
std::string topic_kind_values() { return all_names(kTopicKinds); }

bool valid_level(int level) { return level >= kStrongestLevel && level <= kWeakestLevel; }

std::string_view level_label(int level) {
    static constexpr std::array<std::string_view, 8> kLabels{
        "unknown",
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
