#include "model/schema.hpp"

#include <cctype>

#include "model/model.hpp"

namespace evidence::schema {

namespace {
// Xapian refuses terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;

bool year_or_empty(std::string_view y) {
    if (y.empty()) return true;
    if (y.size() != 4) return false;
    for (char c : y)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}
}  // namespace

std::string history_claim_key(std::string_view claim) {
    return std::string(kHistoryKey) + ":claim:" + std::string(claim);
}
std::string history_topic_key(std::string_view topic) {
    return std::string(kHistoryKey) + ":topic:" + std::string(topic);
}
std::string history_feed_key() { return std::string(kHistoryKey) + ":feed"; }

std::string id_term(std::string_view kind, std::string_view id) {
    std::string t = "Q";
    t += kind;
    t += ':';
    t += id;
    return t.substr(0, kMaxTermBytes);
}

std::span<const Field> fields() { return kFields; }

const Field* field(std::string_view name) {
    for (const auto& f : kFields)
        if (f.name == name) return &f;
    return nullptr;
}

std::string filter_term(const Field& f, std::string_view value) {
    std::string t(f.prefix);
    t += lower_ascii(value);
    if (t.size() > kMaxTermBytes) {
        // Cut on a UTF-8 boundary.
        std::size_t n = kMaxTermBytes;
        while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
        t.resize(n);
    }
    return t;
}

bool comma_list(const Field& f) { return f.name != "site"; }

bool valid_value(const Field& f, std::string_view value) {
    const std::string v = lower_ascii(value);
    switch (f.values) {
        case Values::Open:
            return true;
        case Values::Kind:
            return v == kKindClaim || v == kKindAssertion || v == kKindSource;
        case Values::ClaimType:
            return parse_claim_type(v).has_value();
        case Values::Stance:
            return parse_stance(v).has_value();
        case Values::Level:
            return v.size() == 1 && valid_level(v[0] - '0');
        case Values::Directness:
            return parse_directness(v).has_value();
        case Values::SourceType:
            return parse_source_type(v).has_value();
        case Values::Interest:
            return v == "yes" || v == "no" || v == "unknown";
        case Values::Population:
            return parse_population(v).has_value();
        case Values::Outcome:
            return parse_outcome(v).has_value();
        case Values::Year: {
            const auto dots = v.find("..");
            if (dots == std::string::npos) return v.size() == 4 && year_or_empty(v);
            const std::string_view from = std::string_view(v).substr(0, dots),
                                   to = std::string_view(v).substr(dots + 2);
            return (!from.empty() || !to.empty()) && year_or_empty(from) && year_or_empty(to);
        }
    }
    return false;
}

std::string accepted_values(const Field& f) {
    switch (f.values) {
        case Values::Open:
            return "";
        case Values::Kind:
            return "one of: claim, assertion, source";
        case Values::ClaimType:
            return "one of: " + claim_type_values();
        case Values::Stance:
            return "one of: " + stance_values();
        case Values::Level:
            return "a level from 1 (strongest) to 7";
        case Values::Directness:
            return "one of: " + directness_values();
        case Values::SourceType:
            return "one of: " + source_type_values();
        case Values::Interest:
            return "one of: yes, no, unknown";
        case Values::Year:
            return "a year such as 2019 or a range such as 2006..2017";
        case Values::Population:
            return "one of: " + population_values();
        case Values::Outcome:
            return "one of: " + outcome_values();
    }
    return "";
}

std::vector<std::string> value_list(const Field& f) {
    switch (f.values) {
        case Values::Open:
        case Values::Year:
            return {};
        case Values::Kind:
            return {std::string(kKindClaim), std::string(kKindAssertion), std::string(kKindSource)};
        case Values::ClaimType:
            return split_values(claim_type_values());
        case Values::Stance:
            return split_values(stance_values());
        case Values::Level:
            return {"1", "2", "3", "4", "5", "6", "7"};
        case Values::Directness:
            return split_values(directness_values());
        case Values::SourceType:
            return split_values(source_type_values());
        case Values::Interest:
            return {"yes", "no", "unknown"};
        case Values::Population:
            return split_values(population_values());
        case Values::Outcome:
            return split_values(outcome_values());
    }
    return {};
}

std::string value_label(const Field& f, std::string_view value) {
    const std::string v = lower_ascii(value);
    switch (f.values) {
        case Values::Open:
        case Values::Year:
            return "";
        case Values::Kind:
            return v == kKindClaim ? "Claims" : v == kKindAssertion ? "Statements" : v == kKindSource ? "Sources" : "";
        case Values::Level:
            return v.size() == 1 && valid_level(v[0] - '0') ? std::string(level_label(v[0] - '0')) : "";
        case Values::Interest:
            return v == "yes"       ? "Has a commercial interest"
                   : v == "no"      ? "No commercial interest"
                   : v == "unknown" ? "Not stated"
                                    : "";
        case Values::Directness:
            if (v == "direct") return "Direct";
            if (v == "indirect-population") return "Indirect: another population";
            if (v == "surrogate-outcome") return "Indirect: surrogate outcome";
            if (v == "mechanistic") return "Mechanistic only";
            return "";
        case Values::ClaimType:
        case Values::Stance:
        case Values::SourceType:
        case Values::Population:
        case Values::Outcome:
            return valid_value(f, v) ? plain_words(v) : "";
    }
    return "";
}

}  // namespace evidence::schema
