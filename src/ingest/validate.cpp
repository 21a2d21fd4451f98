// Checks across files: unique ids, known references.
#include <unordered_map>

#include "ingest/corpus.hpp"

namespace evidence::ingest {

namespace {

template <typename T>
std::unordered_map<std::string, const T*> index_ids(const std::vector<T>& items, std::string_view what,
                                                    std::vector<Diagnostic>& errors) {
    std::unordered_map<std::string, const T*> ids;
    for (const auto& item : items) {
        if (item.id.empty()) continue;
        auto [it, fresh] = ids.emplace(item.id, &item);
        if (!fresh)
            errors.push_back({item.place, "duplicate " + std::string(what) + " id '" + item.id +
                                              "' (first defined at " + it->second->place.file + ":" +
                                              std::to_string(it->second->place.line) + ")"});
    }
    return ids;
}

}  // namespace

void validate(Corpus& corpus, std::vector<Diagnostic>& errors) {
    const auto topics = index_ids(corpus.topics, "topic", errors);
    const auto claims = index_ids(corpus.claims, "claim", errors);
    const auto sources = index_ids(corpus.sources, "source", errors);

    for (const auto& c : corpus.claims) {
        for (const auto& t : c.topics)
            if (!topics.count(t)) errors.push_back({c.place, "claim '" + c.id + "': unknown topic '" + t + "'"});
        for (const auto& other : c.competes) {
            if (!claims.count(other))
                errors.push_back({c.place, "claim '" + c.id + "': unknown competing claim '" + other + "'"});
            else if (other == c.id)
                errors.push_back({c.place, "claim '" + c.id + "' competes with itself"});
        }
    }

    for (const auto& s : corpus.sources) {
        if (s.study)
            for (const auto& inc : s.study->includes) {
                auto it = sources.find(inc);
                if (it == sources.end())
                    errors.push_back({s.study->includes_place, "includes unknown study '" + inc + "'"});
                else if (it->second->type != SourceType::Study)
                    errors.push_back({s.study->includes_place, "includes '" + inc + "', a source, not a study"});
                else if (inc == s.id)
                    errors.push_back({s.study->includes_place, "a review cannot include itself"});
            }
    }
    for (const auto& s : corpus.sources) {
        std::unordered_map<std::string, const Assertion*> seen;
        for (const auto& a : s.assertions) {
            if (!a.claim.empty() && !claims.count(a.claim))
                errors.push_back({a.place, "unknown claim '" + a.claim + "'"});
            for (const auto& c : a.cites) {
                if (c.study.empty()) continue;
                auto it = sources.find(c.study);
                if (it == sources.end())
                    errors.push_back({c.place, "unknown study '" + c.study + "'"});
                else if (it->second->type != SourceType::Study)
                    errors.push_back({c.place, "'" + c.study + "' is a source, not a study: cite studies only"});
            }
            if (a.claim.empty()) continue;
            auto [it, fresh] = seen.emplace(a.id, &a);
            if (!fresh)
                errors.push_back({a.place, "duplicate assertion: the same claim and text as line " +
                                               std::to_string(it->second->place.line)});
        }
    }
}

}  // namespace evidence::ingest
