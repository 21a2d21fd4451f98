#include "search/history.hpp"

#include "model/schema.hpp"
#include "model/stored.hpp"

namespace evidence::search {

namespace key = evidence::stored::key;

using nlohmann::json;
namespace sc = evidence::schema;

namespace {

json parse_or(const std::string& text, json fallback) {
    if (text.empty()) return fallback;
    json j = json::parse(text, nullptr, false);
    return j.is_discarded() ? fallback : j;
}

}  // namespace

json history_status(Searcher& s) {
    json status = parse_or(s.metadata(std::string(sc::kHistoryKey)), json::object());
    if (!status.is_object() || !status.contains(key::kSource))
        status = {{"source", "none"},
                  {"message", "No history: this index was built without reading the corpus's history."}};
    return status;
}

json claim_history(Searcher& s, const std::string& claim) {
    const json status = history_status(s);
    json out = {{"source", status.value(key::kSource, "none")},
                {"message", status.value("message", "")},
                {"last_changed", nullptr},
                {"changes", json::array()}};
    if (out[key::kSource] != "git") return out;
    json changes = parse_or(s.metadata(sc::history_claim_key(claim)), json::array());
    if (!changes.is_array()) changes = json::array();
    if (!changes.empty()) out["last_changed"] = changes.front().value("date", "");
    out["changes"] = std::move(changes);
    return out;
}

ChangesFeed changes_feed(Searcher& s, const std::string& topic) {
    ChangesFeed feed;
    if (!topic.empty()) {
        for (const auto& t : s.topics())
            if (t.value(key::kId, "") == topic) feed.topic_label = t.value("label", topic);
        if (feed.topic_label.empty()) throw NotFound("no topic '" + topic.substr(0, 80) + "'");
        feed.topic = topic;
    }
    feed.status = history_status(s);
    const std::string key = topic.empty() ? sc::history_feed_key() : sc::history_topic_key(topic);
    json entries = parse_or(s.metadata(key), json::array());
    if (entries.is_array())
        for (auto& e : entries) feed.entries.push_back(std::move(e));
    return feed;
}

}  // namespace evidence::search
