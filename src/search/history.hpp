// The dated history of claims, as `evidence index` stored it in the index
// (read from the corpus's git history: cli/history.hpp), for the claim page
// and the Atom feeds of changes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/searcher.hpp"

namespace evidence::search {

// Where the history comes from: {"source": "git", "message", "first", "head",
// ...} or {"source": "none", "message": why there is none}.
nlohmann::json history_status(Searcher& s);

// A claim's history: {source, message, last_changed (RFC 3339 or null),
// changes: [...] newest first}.
nlohmann::json claim_history(Searcher& s, const std::string& claim);

struct ChangesFeed {
    nlohmann::json status;                // history_status
    std::string topic, topic_label;       // "" for the feed of every topic
    std::vector<nlohmann::json> entries;  // newest first: {claim: {id, statement, topics}, change}
};
// The newest changes, of every claim or of one topic's. Throws NotFound for
// an unknown topic.
ChangesFeed changes_feed(Searcher& s, const std::string& topic);

}  // namespace evidence::search
