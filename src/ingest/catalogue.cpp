// topics.yaml, claims/*.yaml and synonyms.yaml.
#include <algorithm>
#include <cctype>

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

void parse_claims(const std::string& path, const std::string& content, Corpus& corpus,
                  std::vector<Diagnostic>& errors) {
    YamlReader r(path, 1, errors);
    auto doc = r.parse(content);
    if (!doc || !top_list(r, *doc, "claims")) return;
    for (const auto& item : *doc) {
        if (!r.check_map(item, {"id", "statement", "type", "topics", "competes", "note"}, "a claim")) continue;
        Claim c;
        c.place = r.at(item);
        c.id = checked_id(r, item);
        c.statement = r.str(item, "statement", true);
        c.type = r.enumeration<ClaimType>(item, "type", true, parse_claim_type, "claim type", claim_type_values())
                     .value_or(ClaimType::Efficacy);
        c.topics = r.list(item, "topics", true);
        c.competes = r.list(item, "competes", false);
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
