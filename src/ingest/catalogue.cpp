// topics.yaml, claims/*.yaml and synonyms.yaml.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "ingest/corpus.hpp"
#include "ingest/text.hpp"
#include "ingest/yaml_reader.hpp"

namespace evidence::ingest {

namespace {

// The top of a catalogue file must be a list; reports and returns false otherwise.
bool top_list(YamlReader& r, const YAML::Node& doc, std::string_view what) {
    if (doc.IsNull()) return false;  // an empty file holds nothing
    if (!doc.IsSequence()) {
        r.error(doc, "expected a list of " + std::string(what));
        return false;
    }
    return true;
}

std::string checked_id(YamlReader& r, const YAML::Node& item) {
    std::string id = r.str(item, "id", true);
    if (!id.empty() && !valid_slug(id)) {
        r.error(item["id"], "id '" + id + "' is not a slug (lower-case letters, digits and single '-')");
    }
    return id;
}

}  // namespace

void parse_topics(const std::string& path, const std::string& content, Corpus& corpus,
                  std::vector<Diagnostic>& errors) {
    YamlReader r(path, 1, errors);
    auto doc = r.parse(content);
    if (!doc || !top_list(r, *doc, "topics")) return;
    for (const auto& item : *doc) {
        if (!r.check_map(item, {"id", "label", "kind", "description"}, "a topic")) continue;
        Topic t;
        t.place = r.at(item);
        t.id = checked_id(r, item);
        t.label = r.str(item, "label", true);
        t.kind = r.enumeration<TopicKind>(item, "kind", true, parse_topic_kind, "topic kind", topic_kind_values())
                     .value_or(TopicKind::Intervention);
        t.description = r.str(item, "description", false);
        corpus.topics.push_back(std::move(t));
    }
}

// A claim's phrasings (model.hpp) are sentences for matching: a few, each
// short, none empty or repeated.
constexpr std::size_t kMaxPhrasings = 12;
constexpr std::size_t kMaxPhrasingBytes = 300;

void check_phrasings(YamlReader& r, const YAML::Node& item, const std::vector<std::string>& phrasings) {
    const YAML::Node n = item["phrasings"];
    if (!n) return;
    if (phrasings.size() > kMaxPhrasings)
        r.error(n, "a claim has at most " + std::to_string(kMaxPhrasings) + " phrasings, not " +
                       std::to_string(phrasings.size()));
    // One phrasing may be written without a list.
    std::vector<YAML::Node> items;
    if (n.IsScalar())
        items.push_back(n);
    else if (n.IsSequence())
        for (const auto& p : n) items.push_back(p);
    std::set<std::string> seen;
    std::size_t i = 0;
    for (const auto& p : items) {
        ++i;
        if (!p.IsScalar()) continue;
        const std::string& text = p.Scalar();
        if (text.find_first_not_of(" \t") == std::string::npos)
            r.error(p, "a phrasing is empty");
        else if (text.size() > kMaxPhrasingBytes)
            r.error(p, "a phrasing is one sentence of at most " + std::to_string(kMaxPhrasingBytes) + " bytes, not " +
                           std::to_string(text.size()));
        else if (!seen.insert(text).second)
            r.error(p, "phrasing " + std::to_string(i) + " repeats an earlier one");
    }
}

void parse_claims(const std::string& path, const std::string& content, Corpus& corpus,
                  std::vector<Diagnostic>& errors) {
    YamlReader r(path, 1, errors);
    auto doc = r.parse(content);
    if (!doc || !top_list(r, *doc, "claims")) return;
    for (const auto& item : *doc) {
        if (!r.check_map(item, {"id", "statement", "type", "topics", "competes", "phrasings", "note"}, "a claim"))
            continue;
        Claim c;
        c.place = r.at(item);
        c.id = checked_id(r, item);
        c.statement = r.str(item, "statement", true);
        c.type = r.enumeration<ClaimType>(item, "type", true, parse_claim_type, "claim type", claim_type_values())
                     .value_or(ClaimType::Efficacy);
        c.topics = r.list(item, "topics", true);
        c.competes = r.list(item, "competes", false);
        c.phrasings = r.list(item, "phrasings", false);
        check_phrasings(r, item, c.phrasings);
        c.note = r.str(item, "note", false);
        corpus.claims.push_back(std::move(c));
    }
}

void parse_synonyms(const std::string& path, const std::string& content, Corpus& corpus,
                    std::vector<Diagnostic>& errors) {
    YamlReader r(path, 1, errors);
    auto doc = r.parse(content);
    if (!doc || !top_list(r, *doc, "synonym groups")) return;
    for (const auto& item : *doc) {
        if (!item.IsSequence()) {
            r.error(item, "a synonym group must be a list of words, such as [itb, it band]");
            continue;
        }
        SynonymGroup g;
        g.place = r.at(item);
        for (const auto& t : item) {
            std::string term = lower_ascii(normalise(t.IsScalar() ? t.Scalar() : ""));
            if (term.empty())
                r.error(t, "a synonym must be a word or phrase");
            else
                g.terms.push_back(std::move(term));
        }
        if (g.terms.size() < 2)
            r.error(item, "a synonym group needs at least two words");
        else
            corpus.synonyms.push_back(std::move(g));
    }
}

}  // namespace evidence::ingest
