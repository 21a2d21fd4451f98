#include "cli/history.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "cli/git.hpp"
#include "index/corpus_view.hpp"
#include "ingest/corpus.hpp"
#include "model/schema.hpp"
#include "model/stored.hpp"
#include "search/compare.hpp"

namespace evidence::cli {

namespace fs = std::filesystem;
using nlohmann::json;
namespace sc = evidence::schema;

namespace {

// Bump when what the cache holds, or how a state is computed, changes.
constexpr int kCacheFormat = 1;
constexpr std::size_t kFeedEntries = 100;      // the feed of every topic
constexpr std::size_t kTopicFeedEntries = 50;  // each topic's feed
constexpr std::size_t kTextBytes = 300;        // a statement's words kept

struct Commit {
    std::string hash, date, author, subject;
};

std::string rfc3339(long long epoch) {
    const std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

RunResult git(const fs::path& dir, std::vector<std::string> args) {
    // No repository hook or file-system monitor runs on our behalf.
    std::vector<std::string> argv = {
        "git", "-C", dir.string(), "-c", "core.fsmonitor=false", "-c", "core.quotepath=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv);
}

std::string first_line(const std::string& s) {
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string cut(const std::string& s) {
    if (s.size() <= kTextBytes) return s;
    std::size_t end = kTextBytes;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end) + "…";
}

// Each claim of a readable corpus: its words, topics, certainty (rating and
// direction, computed as the claim page computes them) and its statements.
json corpus_state(const Corpus& corpus) {
    const index::CorpusView v(corpus);
    json claims = json::object();
    for (const auto& c : corpus.claims) {
        std::vector<json> assertions;
        json statements = json::object();
        for (const auto& e : v.evidence(c.id)) {
            assertions.push_back(index::assertion_json(v, *e.source, *e.assertion));
            const Assertion& a = *e.assertion;
            statements[a.id] = {{"source", e.source->id},
                                {"source_title", e.source->title},
                                {"source_type", to_string(e.source->type)},
                                {"stance", to_string(a.stance)},
                                {"level", a.level},
                                {"text", cut(a.quote.empty() ? a.finding : a.quote)}};
        }
        // The order the index lists them in for the claim page: strongest
        // level first, then corpus order.
        std::stable_sort(assertions.begin(), assertions.end(),
                         [](const json& a, const json& b) { return a.value("level", 0) < b.value("level", 0); });
        const search::ClaimEvidence ce = search::claim_evidence(stored::claim_summary(c), std::move(assertions));
        claims[c.id] = {{"statement", c.statement},
                        {"topics", c.topics},
                        {"rating", to_string(ce.certainty.rating)},
                        {"direction", to_string(ce.certainty.direction)},
                        {"statements", std::move(statements)}};
    }
    return claims;
}

json statement_ref(const std::string& id, const json& st) {
    json out = st;
    out["id"] = id;
    return out;
}

// The change of one claim between two states, or null when none.
json claim_change(const json* before, const json& after, bool first_version) {
    json ch = json::object();
    const json cert_to = {{"rating", after["rating"]}, {"direction", after["direction"]}};
    json added = json::array(), removed = json::array(), changed = json::array();
    if (!before) {
        ch["kind"] = first_version ? "first" : "added";
        ch["certainty"] = {{"from", nullptr}, {"to", cert_to}};
        for (const auto& [id, st] : after["statements"].items()) added.push_back(statement_ref(id, st));
    } else {
        ch["kind"] = "changed";
        if ((*before)["statement"] != after["statement"])
            ch["statement"] = {{"from", (*before)["statement"]}, {"to", after["statement"]}};
        const json cert_from = {{"rating", (*before)["rating"]}, {"direction", (*before)["direction"]}};
        if (cert_from != cert_to) ch["certainty"] = {{"from", cert_from}, {"to", cert_to}};
        const json& old_st = (*before)["statements"];
        for (const auto& [id, st] : after["statements"].items()) {
            if (!old_st.contains(id)) {
                added.push_back(statement_ref(id, st));
            } else if (old_st[id]["stance"] != st["stance"] || old_st[id]["level"] != st["level"]) {
                json c = statement_ref(id, st);
                c["from"] = {{"stance", old_st[id]["stance"]}, {"level", old_st[id]["level"]}};
                c["to"] = {{"stance", st["stance"]}, {"level", st["level"]}};
                changed.push_back(std::move(c));
            }
        }
        for (const auto& [id, st] : old_st.items())
            if (!after["statements"].contains(id)) removed.push_back(statement_ref(id, st));
        if (!ch.contains("statement") && !ch.contains("certainty") && added.empty() && removed.empty() &&
            changed.empty())
            return nullptr;
    }
    ch["added"] = std::move(added);
    ch["removed"] = std::move(removed);
    ch["changed"] = std::move(changed);
    return ch;
}

struct Cache {
    std::vector<std::string> done;  // commits read, oldest first
    json state;                     // claims of the last readable version, or null
    json changes = json::object();  // claim -> changes, oldest first
    json unreadable = json::array();
    json first = nullptr;  // the first readable version {commit, date}
};

fs::path cache_path(const fs::path& db) { return db / "history-cache.json"; }

Cache load_cache(const fs::path& db, const std::string& prefix) {
    Cache c;
    std::ifstream in(cache_path(db));
    if (!in) return c;
    const json j = json::parse(in, nullptr, false);
    if (!j.is_object() || j.value("format", 0) != kCacheFormat || j.value("schema", 0) != sc::kVersion ||
        j.value("prefix", "") != prefix)
        return c;
    c.done = j.value("done", std::vector<std::string>{});
    c.state = j.value("state", json());
    c.changes = j.value("changes", json::object());
    c.unreadable = j.value("unreadable", json::array());
    c.first = j.value("first", json());
    return c;
}

void save_cache(const fs::path& db, const std::string& prefix, const Cache& c) {
    std::error_code ec;
    fs::create_directories(db, ec);
    const json j = {
        {"format", kCacheFormat}, {"schema", sc::kVersion}, {"prefix", prefix},           {"done", c.done},
        {"state", c.state},       {"changes", c.changes},   {"unreadable", c.unreadable}, {"first", c.first}};
    const fs::path tmp = cache_path(db).string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << j.dump(-1, ' ', false, json::error_handler_t::replace);
        if (!out) return;  // a cache that cannot be written is only slower next time
    }
    fs::rename(tmp, cache_path(db), ec);
}

HistoryResult none(const std::string& message) {
    HistoryResult r;
    r.metadata[std::string(sc::kHistoryKey)] =
        json{{"source", "none"}, {"message", message}, {"updated", rfc3339(std::time(nullptr))}}.dump();
    r.summary = message;
    return r;
}

// The corpus at `commit`, read into `dir` (emptied first).
ingest::LoadResult read_version(const fs::path& top, const std::string& commit, const std::string& prefix,
                                const fs::path& dir, std::string& failure) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir / "tree", ec);
    const std::string tar = (dir / "version.tar").string();
    const std::string tree = prefix.empty() ? commit + "^{tree}" : commit + ":" + prefix;
    RunResult a = git(top, {"archive", "--format=tar", "-o", tar, tree});
    if (a.status != 0) {
        failure = "git archive: " + first_line(a.err);
        return {};
    }
    RunResult x = run_program({"tar", "-xf", tar, "-C", (dir / "tree").string()});
    if (x.status != 0) {
        failure = "tar: " + first_line(x.err);
        return {};
    }
    return ingest::load_corpus(dir / "tree");
}

}  // namespace

HistoryResult read_history(const fs::path& corpus, const fs::path& db) {
    const RunResult where = git(corpus, {"rev-parse", "--show-prefix", "--show-toplevel"});
    if (where.status == 127) return none("No history: git is not installed, so the corpus's history cannot be read.");
    if (where.status != 0 && where.err.find("not a git repository") == std::string::npos)
        return none("No history: git cannot read the repository of " + corpus.string() + ": " + first_line(where.err));
    if (where.status != 0)
        return none("No history: " + corpus.string() +
                    " is not in a git repository (a copy without its .git folder, such as a release archive).");
    // The corpus's path in the repository, and the top folder (archives are
    // made from there: from a subfolder, git archive keeps only that subfolder).
    std::istringstream where_lines(where.out);
    std::string prefix, top;
    std::getline(where_lines, prefix);
    std::getline(where_lines, top);
    const RunResult log =
        git(corpus, {"log", "--first-parent", "--reverse", "--format=%H%x1f%ct%x1f%an%x1f%s", "--", "."});
    if (log.status != 0) return none("No history: git log failed: " + first_line(log.err));
    std::vector<Commit> commits;
    std::istringstream lines(log.out);
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> f;
        std::size_t at = 0;
        for (std::size_t sep; (sep = line.find('\x1f', at)) != std::string::npos; at = sep + 1)
            f.push_back(line.substr(at, sep - at));
        f.push_back(line.substr(at));
        if (f.size() < 4) continue;
        commits.push_back({f[0], rfc3339(std::atoll(f[1].c_str())), f[2], f[3]});
    }
    if (commits.empty())
        return none("No history: no commit of the git repository holds " + (prefix.empty() ? "the corpus" : prefix) +
                    " yet.");
    const bool shallow = first_line(git(corpus, {"rev-parse", "--is-shallow-repository"}).out) == "true";

    Cache cache = load_cache(db, prefix);
    std::size_t from = cache.done.size();
    if (from > commits.size() || !std::equal(cache.done.begin(), cache.done.end(), commits.begin(),
                                             [](const std::string& h, const Commit& c) { return h == c.hash; })) {
        cache = Cache{};
        from = 0;
    }
    const fs::path work = fs::absolute(db) / (".history-" + std::to_string(::getpid()));
    for (std::size_t i = from; i < commits.size(); ++i) {
        const Commit& c = commits[i];
        std::string failure;
        ingest::LoadResult r = read_version(top, c.hash, prefix, work, failure);
        if (!failure.empty()) {
            // Not the corpus's fault: nothing cached, tried again next run.
            std::error_code ec;
            fs::remove_all(work, ec);
            return none("No history: the version " + c.hash.substr(0, 12) + " cannot be read: " + failure);
        }
        cache.done.push_back(c.hash);
        if (!r.errors.empty()) {
            std::string why = r.errors.front().str();
            // The place inside the scratch folder, as a path of the corpus.
            const std::string tree = (work / "tree").string() + "/";
            if (why.rfind(tree, 0) == 0) why = prefix + why.substr(tree.size());
            cache.unreadable.push_back({{"commit", c.hash.substr(0, 12)},
                                        {"date", c.date},
                                        {"errors", r.errors.size()},
                                        {"first_error", why}});
            continue;
        }
        const json state = corpus_state(r.corpus);
        const bool first_version = cache.state.is_null();
        if (first_version) cache.first = {{"commit", c.hash.substr(0, 12)}, {"date", c.date}};
        for (const auto& [id, after] : state.items()) {
            const json* before = !first_version && cache.state.contains(id) ? &cache.state[id] : nullptr;
            json ch = claim_change(before, after, first_version);
            if (ch.is_null()) continue;
            ch["commit"] = c.hash.substr(0, 12);
            ch["date"] = c.date;
            ch["author"] = c.author;
            ch["subject"] = c.subject;
            cache.changes[id].push_back(std::move(ch));
        }
        cache.state = state;
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    save_cache(db, prefix, cache);

    HistoryResult out;
    const std::size_t read = commits.size() - cache.unreadable.size();
    std::string message = "From the git history of " + (prefix.empty() ? std::string("the corpus") : prefix) + ": " +
                          std::to_string(commits.size()) + " version" + (commits.size() == 1 ? "" : "s") + ", " +
                          commits.front().date.substr(0, 10) + " to " + commits.back().date.substr(0, 10) + ".";
    if (!cache.unreadable.empty())
        message += " " + std::to_string(cache.unreadable.size()) + " of them cannot be read by this version of " +
                   "Evidence (the corpus had errors, or an older format) and are left out; changes are dated by " +
                   "the next readable version.";
    if (shallow) message += " The clone is shallow: earlier history is not in it.";
    if (cache.state.is_null())
        message += " No version of the corpus in the history can be read, so no claim has a history yet.";

    // Every change, newest first, for the feeds; and each claim's own list.
    std::vector<std::pair<std::size_t, json>> feed;  // (commit order, entry)
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < commits.size(); ++i) order[commits[i].hash.substr(0, 12)] = i;
    std::string updated;
    if (cache.state.is_object())
        for (const auto& [id, changes] : cache.changes.items()) {
            if (!cache.state.contains(id)) continue;  // a claim no longer in the catalogue
            const json& st = cache.state[id];
            json newest_first = json::array();
            for (auto it = changes.rbegin(); it != changes.rend(); ++it) newest_first.push_back(*it);
            for (const auto& ch : changes) {
                feed.emplace_back(
                    order[ch.value("commit", "")],
                    json{{"claim", {{"id", id}, {"statement", st["statement"]}, {"topics", st["topics"]}}},
                         {"change", ch}});
                updated = std::max(updated, ch.value("date", ""));
            }
            out.metadata[sc::history_claim_key(id)] = newest_first.dump(-1, ' ', false, json::error_handler_t::replace);
        }
    std::stable_sort(feed.begin(), feed.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first > b.first;
        return a.second["claim"].value("id", "") < b.second["claim"].value("id", "");
    });
    json all = json::array();
    std::map<std::string, json> by_topic;
    for (const auto& [n, entry] : feed) {
        if (all.size() < kFeedEntries) all.push_back(entry);
        for (const auto& t : entry["claim"]["topics"]) {
            json& list = by_topic[t.get<std::string>()];
            if (list.is_null()) list = json::array();
            if (list.size() < kTopicFeedEntries) list.push_back(entry);
        }
    }
    out.metadata[sc::history_feed_key()] = all.dump(-1, ' ', false, json::error_handler_t::replace);
    for (const auto& [t, list] : by_topic)
        out.metadata[sc::history_topic_key(t)] = list.dump(-1, ' ', false, json::error_handler_t::replace);
    json status = {{"source", "git"},
                   {"message", message},
                   {"versions", commits.size()},
                   {"versions_read", read},
                   {"unreadable", cache.unreadable},
                   {"first", cache.first},
                   {"head", {{"commit", commits.back().hash.substr(0, 12)}, {"date", commits.back().date}}},
                   {"shallow", shallow},
                   {"updated", updated.empty() ? commits.back().date : updated}};
    out.metadata[std::string(sc::kHistoryKey)] = status.dump(-1, ' ', false, json::error_handler_t::replace);
    out.summary = message;
    return out;
}

}  // namespace evidence::cli
