// Dated claim history (cli/history.cpp) and the Atom feed of changes: a
// fixture corpus committed to a fresh git repository in four versions (one
// of them unreadable), indexed by the real binary; each claim's changes, their
// dates and the certainty moves are checked, the certainties against an index
// built from each version's own files, and the feeds against RFC 4287.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>

#include "atom_check.hpp"
#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "search/compare.hpp"
#include "search/history.hpp"
#include "search/pages.hpp"
#include "server/server.hpp"
#include "test_server_live.hpp"
#include "test_util.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::trunc | std::ios::binary);
    out << text;
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_text(p);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write(p, text);
}

// A commit of everything under `repo`, at a fixed date (author and committer).
void commit(const fs::path& repo, const std::string& date, const std::string& subject) {
    const std::string env = "GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date +
                            " GIT_AUTHOR_NAME='A. Annotator' GIT_AUTHOR_EMAIL=a@example.org"
                            " GIT_COMMITTER_NAME='A. Annotator' GIT_COMMITTER_EMAIL=a@example.org ";
    REQUIRE(run_command("cd " + quoted(repo) + " && git add -A && " + env + "git commit -q -m '" + subject + "'") == 0);
}

// The index of one version's own files, for the certainty that version had.
json page_at(const fs::path& repo, const std::string& rev, const std::string& claim, const fs::path& scratch) {
    const fs::path dir = scratch / ("v-" + rev);
    fs::create_directories(dir / "corpus");
    REQUIRE(run_command("git -C " + quoted(repo) + " archive " + rev + ":corpus | tar -x -C " +
                        quoted(dir / "corpus")) == 0);
    build_index_of((dir / "corpus").string(), dir / "db");
    evidence::search::Searcher s(dir / "db");
    const auto page = evidence::search::claim_page(s, claim);
    return {{"rating", to_string(page.evidence.certainty.rating)},
            {"direction", to_string(page.evidence.certainty.direction)}};
}

int index_with_binary(const fs::path& corpus, const fs::path& db, const fs::path& log) {
    return run_command(std::string(EVIDENCE_BINARY) + " index --corpus " + quoted(corpus) + " --db " + quoted(db) +
                       " 2> " + quoted(log));
}

// A server on an index that was built elsewhere (by the binary).
struct ServerOn {
    std::unique_ptr<evidence::server::Server> srv;
    std::thread thread;
    int port = 0;
    explicit ServerOn(const fs::path& db, const std::string& public_url = "") {
        evidence::server::ServerOptions so;
        so.db = db;
        so.public_url = public_url;
        so.web = EVIDENCE_SOURCE_DIR "/web";
        so.port = 0;
        so.threads = 4;
        srv = std::make_unique<evidence::server::Server>(so);
        port = srv->bind();
        thread = std::thread([this] { srv->run(); });
        while (!srv->running()) std::this_thread::yield();
    }
    ~ServerOn() {
        srv->stop();
        thread.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(30, 0);
        return c;
    }
};

// The fixture corpus in a git repository, in four versions.
struct History {
    TempDir tmp;
    fs::path repo, corpus, db;
    History() : repo(tmp.path / "repo"), corpus(repo / "corpus"), db(tmp.path / "db") {
        fs::create_directories(repo);
        fs::copy(kFixtureCorpus, corpus, fs::copy_options::recursive);
        REQUIRE(run_command("git -C " + quoted(repo) + " init -q -b main") == 0);
        write(repo / "README", "not the corpus\n");
        commit(repo, "2024-01-02T10:00:00Z", "Fixture corpus");
        // 2: the trial's finding read the other way.
        replace_in(corpus / "studies/example-trial-2001.yaml", "    stance: supports", "    stance: opposes");
        commit(repo, "2024-02-03T11:00:00Z", "Trial finding opposes");
        // A commit outside the corpus is not a version of it.
        write(repo / "README", "still not the corpus\n");
        commit(repo, "2024-02-20T09:00:00Z", "Outside the corpus");
        // 3: a quote not in the text: this version cannot be read.
        replace_in(corpus / "sources/article.md", "quote: \"You cannot roll the band loose\"",
                   "quote: \"You can roll the band loose\"");
        commit(repo, "2024-03-04T12:00:00Z", "Broken quote");
        // 4: fixed by removing the statement; a claim added.
        std::string article = read_text(corpus / "sources/article.md");
        const auto from = article.find("  - claim: foam-rolling-resolves");
        const auto to = article.find("---", from);
        REQUIRE(from != std::string::npos);
        article.erase(from, to - from);
        write(corpus / "sources/article.md", article);
        std::ofstream(corpus / "claims/claims.yaml", std::ios::app)
            << "- id: ice-relief\n  statement: Ice relieves lateral knee pain.\n  type: efficacy\n"
               "  topics: [foam-rolling]\n";
        commit(repo, "2024-04-05T13:00:00Z", "Statement removed; claim added");
    }
};

json claim_history_of(const fs::path& db, const std::string& claim) {
    evidence::search::Searcher s(db);
    return evidence::search::claim_page(s, claim).history;
}

}  // namespace

TEST_CASE("claim history: dated changes from the corpus's git history", "[history]") {
    History h;
    const fs::path log = h.tmp.path / "index.log";
    REQUIRE(index_with_binary(h.corpus, h.db, log) == 0);
    const std::string out = read_text(log);
    INFO(out);
    CHECK(out.find("history: From the git history of corpus/: 4 versions, 2024-01-02 to 2024-04-05. 1 of them cannot "
                   "be read") != std::string::npos);

    // claim -> the changes expected, newest first: (date, kind, statements added, removed, changed).
    struct Expected {
        std::string date, kind;
        std::size_t added, removed, changed;
    };
    const std::map<std::string, std::vector<Expected>> expected = {
        {"hip-strength-resolves",
         {{"2024-02-03T11:00:00Z", "changed", 0, 0, 1}, {"2024-01-02T10:00:00Z", "first", 2, 0, 0}}},
        // The removal was made in the unreadable version and fixed in the
        // next: dated by the next readable one.
        {"foam-rolling-resolves",
         {{"2024-04-05T13:00:00Z", "changed", 0, 1, 0}, {"2024-01-02T10:00:00Z", "first", 2, 0, 0}}},
        {"band-compresses-fat", {{"2024-01-02T10:00:00Z", "first", 1, 0, 0}}},
        {"foam-rolling-relief", {{"2024-01-02T10:00:00Z", "first", 1, 0, 0}}},
        {"ice-relief", {{"2024-04-05T13:00:00Z", "added", 0, 0, 0}}},
    };
    for (const auto& [claim, changes] : expected) {
        INFO(claim);
        json hist = claim_history_of(h.db, claim);
        CHECK(hist["source"] == "git");
        REQUIRE(hist["changes"].size() == changes.size());
        CHECK(hist["last_changed"] == changes.front().date);
        for (std::size_t i = 0; i < changes.size(); ++i) {
            json& c = hist["changes"][i];
            INFO(c.dump());
            CHECK(c["date"] == changes[i].date);
            CHECK(c["kind"] == changes[i].kind);
            CHECK(c["added"].size() == changes[i].added);
            CHECK(c["removed"].size() == changes[i].removed);
            CHECK(c["changed"].size() == changes[i].changed);
            CHECK(c["author"] == "A. Annotator");
        }
    }
    // The changed statement names both readings.
    json hip = claim_history_of(h.db, "hip-strength-resolves");
    REQUIRE(hip["changes"][0]["changed"].size() == 1);
    json& changed = hip["changes"][0]["changed"][0];
    CHECK(changed["from"]["stance"] == "supports");
    CHECK(changed["to"]["stance"] == "opposes");
    CHECK(changed["source"] == "example-trial-2001");

    // Certainty moves, each side as the claim page of that version's own
    // index rates it (the same GRADE code, not an approximation).
    const fs::path scratch = h.tmp.path / "versions";
    // HEAD~4: the first version; HEAD~3: the trial opposes; HEAD~2 is outside
    // the corpus; HEAD~1 cannot be read; HEAD: the fix.
    const json hip_v1 = page_at(h.repo, "HEAD~4", "hip-strength-resolves", scratch);
    const json hip_v2 = page_at(h.repo, "HEAD~3", "hip-strength-resolves", scratch);
    REQUIRE(hip_v1 != hip_v2);  // the edit must move it, or this test shows nothing
    CHECK(hip["changes"][0]["certainty"]["from"] == hip_v1);
    CHECK(hip["changes"][0]["certainty"]["to"] == hip_v2);
    CHECK(hip["changes"][1]["certainty"]["from"].is_null());
    CHECK(hip["changes"][1]["certainty"]["to"] == hip_v1);
    json roll = claim_history_of(h.db, "foam-rolling-resolves");
    const json roll_v1 = page_at(h.repo, "HEAD~4", "foam-rolling-resolves", scratch);
    const json roll_now = page_at(h.repo, "HEAD", "foam-rolling-resolves", scratch);
    if (roll_v1 != roll_now) {
        CHECK(roll["changes"][0]["certainty"]["from"] == roll_v1);
        CHECK(roll["changes"][0]["certainty"]["to"] == roll_now);
    } else {
        CHECK_FALSE(roll["changes"][0].contains("certainty"));  // no move, none said
    }
    CHECK(roll["changes"][0]["removed"][0]["text"] == "You cannot roll the band loose");

    // The latest certainty of every claim is the live claim page's.
    {
        evidence::search::Searcher s(h.db);
        for (const auto& [claim, changes] : expected) {
            INFO(claim);
            auto page = evidence::search::claim_page(s, claim);
            // The newest change that names a certainty holds the current one.
            json latest;
            for (auto& c : page.history["changes"])
                if (c.contains("certainty")) {
                    latest = c["certainty"]["to"];
                    break;
                }
            REQUIRE(latest.is_object());
            CHECK(latest["rating"] == to_string(page.evidence.certainty.rating));
            CHECK(latest["direction"] == to_string(page.evidence.certainty.direction));
        }
        json status = evidence::search::history_status(s);
        CHECK(status["versions"] == 4);
        CHECK(status["versions_read"] == 3);
        REQUIRE(status["unreadable"].size() == 1);
        CHECK(status["unreadable"][0]["date"] == "2024-03-04T12:00:00Z");
        CHECK(status["unreadable"][0]["first_error"].get<std::string>().rfind("corpus/sources/article.md:", 0) == 0);
    }

    // A later run reads only the new version (from the cache in --db), and
    // gives what a run from scratch gives.
    replace_in(h.corpus / "studies/example-trial-2001.yaml", "    stance: opposes", "    stance: mixed");
    commit(h.repo, "2024-05-06T14:00:00Z", "Trial finding mixed");
    REQUIRE(index_with_binary(h.corpus, h.db, log) == 0);
    json cached = claim_history_of(h.db, "hip-strength-resolves");
    REQUIRE(cached["changes"].size() == 3);
    CHECK(cached["changes"][0]["date"] == "2024-05-06T14:00:00Z");
    CHECK(cached["changes"][0]["changed"][0]["to"]["stance"] == "mixed");
    const fs::path fresh_db = h.tmp.path / "fresh";
    REQUIRE(index_with_binary(h.corpus, fresh_db, log) == 0);
    for (const auto& [claim, changes] : expected) {
        INFO(claim);
        CHECK(claim_history_of(fresh_db, claim) == claim_history_of(h.db, claim));
    }
}

TEST_CASE("claim history: a corpus outside git indexes and says there is no history", "[history]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";  // a copy, as a release archive holds it
    fs::copy(kFixtureCorpus, corpus, fs::copy_options::recursive);
    const fs::path log = tmp.path / "index.log";
    REQUIRE(index_with_binary(corpus, tmp.path / "db", log) == 0);
    CHECK(read_text(log).find("history: No history: " + corpus.string() + " is not in a git repository") !=
          std::string::npos);
    json hist = claim_history_of(tmp.path / "db", "hip-strength-resolves");
    CHECK(hist["source"] == "none");
    CHECK(hist["last_changed"].is_null());
    CHECK(hist["changes"].empty());
    CHECK(hist["message"].get<std::string>().find("not in a git repository") != std::string::npos);

    // --no-history says so too.
    REQUIRE(run_command(std::string(EVIDENCE_BINARY) + " index --no-history --corpus " + quoted(corpus) + " --db " +
                        quoted(tmp.path / "db2") + " 2> " + quoted(log)) == 0);
    CHECK(claim_history_of(tmp.path / "db2", "hip-strength-resolves")["message"] ==
          "No history: the index was built with --no-history.");

    // The feed is still a valid feed, with no entry.
    ServerOn srv(tmp.path / "db");
    auto cli = srv.client();
    auto res = cli.Get("/api/changes.atom");
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto problems = atom_check::problems(res->body);
    for (const auto& p : problems) UNSCOPED_INFO(p);
    CHECK(problems.empty());
    CHECK(res->body.find("<entry>") == std::string::npos);
}

TEST_CASE("changes feed: valid Atom, per topic, stable ids, 404 for an unknown topic", "[history][atom]") {
    History h;
    const fs::path log = h.tmp.path / "index.log";
    REQUIRE(index_with_binary(h.corpus, h.db, log) == 0);
    ServerOn srv(h.db);
    auto cli = srv.client();

    struct Case {
        std::string target;
        std::size_t entries;
        std::string newest;  // the feed's updated
    };
    // Entries: the first version's 4 claims, then hip (v2), foam-rolling-resolves and ice-relief (v4).
    const std::vector<Case> cases = {
        {"/api/changes.atom", 7, "2024-04-05T13:00:00Z"},
        {"/api/changes.atom?topic=foam-rolling", 4, "2024-04-05T13:00:00Z"},
        {"/api/changes.atom?topic=hip-strengthening", 2, "2024-02-03T11:00:00Z"},
        {"/api/changes.atom?topic=mechanism", 1, "2024-01-02T10:00:00Z"},
    };
    std::set<std::string> all_ids;
    for (const auto& c : cases) {
        INFO(c.target);
        auto res = cli.Get(c.target.c_str());
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/atom+xml");
        const auto problems = atom_check::problems(res->body);
        for (const auto& p : problems) UNSCOPED_INFO(p);
        CHECK(problems.empty());
        pugi::xml_document doc;
        REQUIRE(doc.load_string(res->body.c_str()));
        const auto feed = doc.child("feed");
        CHECK(std::string(feed.child_value("updated")) == c.newest);
        std::size_t n = 0;
        for (auto e = feed.child("entry"); e; e = e.next_sibling("entry")) {
            ++n;
            const std::string href = e.find_child_by_attribute("link", "rel", "alternate").attribute("href").value();
            // Relative to /api/changes.atom: the claim's page of the web UI.
            CHECK(std::regex_match(href, std::regex(R"(\.\./#/claim/[a-z0-9-]+)")));
            if (c.target == "/api/changes.atom") all_ids.insert(e.child_value("id"));
        }
        CHECK(n == c.entries);
        // The same bytes again: ids and dates come from the history, never from the clock.
        auto again = cli.Get(c.target.c_str());
        REQUIRE(again);
        CHECK(again->body == res->body);
    }
    CHECK(all_ids.size() == 7);

    // The newest entry of the topic feed names the move in words.
    auto hip = cli.Get("/api/changes.atom?topic=hip-strengthening");
    REQUIRE(hip);
    CHECK(hip->body.find("a statement read as supports, level 2, now opposes, level 2.") != std::string::npos);
    CHECK(hip->body.find("Certainty moved from ") != std::string::npos);

    for (const char* bad : {"/api/changes.atom?topic=no-such-topic", "/api/changes.atom?topic=Foam%20rolling"}) {
        INFO(bad);
        auto res = cli.Get(bad);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
        const json body = json::parse(res->body);
        CHECK(body["error"]["code"] == "not_found");
    }
    // With a public address configured, the links are absolute under it.
    {
        ServerOn pub(h.db, "https://evidence.example.org/");
        auto pc = pub.client();
        auto res = pc.Get("/api/changes.atom?topic=hip-strengthening");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(atom_check::problems(res->body).empty());
        CHECK(res->body.find(R"(href="https://evidence.example.org/api/changes.atom?topic=hip-strengthening")") !=
              std::string::npos);
        CHECK(res->body.find(R"(href="https://evidence.example.org/#/claim/hip-strength-resolves")") !=
              std::string::npos);
        CHECK(res->body.find("href=\"../") == std::string::npos);
    }

    auto twice = cli.Get("/api/changes.atom?topic=mechanism&topic=foam-rolling");
    REQUIRE(twice);
    CHECK(twice->status == 400);
}

TEST_CASE("atom check: each RFC 4287 rule it checks fails a feed that breaks it", "[history][atom]") {
    const std::string good =
        R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <title>T</title>
  <updated>2024-01-02T10:00:00Z</updated>
  <author><name>A</name></author>
  <link rel="alternate" type="text/html" href="../#/claims"/>
  <entry>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <title>E</title>
    <updated>2024-01-02T10:00:00+01:00</updated>
    <link rel="alternate" type="text/html" href="../#/claim/x"/>
    <summary type="text">S</summary>
  </entry>
</feed>)";
    REQUIRE(atom_check::problems(good).empty());
    struct Breakage {
        std::string from, to, rule;
    };
    const std::vector<Breakage> table = {
        {"<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>", "", "feed: 1 atom:id"},
        {"<title>T</title>", "", "feed: 1 atom:title"},
        {"<updated>2024-01-02T10:00:00Z</updated>", "", "feed: 1 atom:updated"},
        {"<updated>2024-01-02T10:00:00Z</updated>", "<updated>2024-01-02 10:00</updated>", "RFC 3339"},
        {"<updated>2024-01-02T10:00:00+01:00</updated>", "<updated>2024-13-02T10:00:00Z</updated>", "RFC 3339"},
        {"<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>", "<id>claim-x</id>", "absolute IRI"},
        {"<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>", "", "entry 1: 1 atom:id"},
        {"<title>E</title>", "", "entry 1: 1 atom:title"},
        {"<author><name>A</name></author>", "", "atom:author"},
        {"<author><name>A</name></author>", "<author></author>", "atom:name"},
        {R"(<link rel="alternate" type="text/html" href="../#/claim/x"/>)",
         R"(<link rel="alternate" type="text/html" href="../#/claim/x"/><link rel="alternate" type="text/html" href="../#/claim/y"/>)",
         "alternate"},
        {R"(<link rel="alternate" type="text/html" href="../#/claim/x"/>)", "", "alternate link or atom:content"},
        {R"(<link rel="alternate" type="text/html" href="../#/claims"/>)",
         R"(<link rel="alternate" type="text/html"/>)", "href"},
        {R"(<summary type="text">)", R"(<summary type="markdown">)", "type"},
        {"xmlns=\"http://www.w3.org/2005/Atom\"", "", "atom:feed"},
    };
    for (const auto& b : table) {
        std::string feed = good;
        const auto at = feed.find(b.from);
        REQUIRE(at != std::string::npos);
        feed.replace(at, b.from.size(), b.to);
        INFO(b.rule << "\n" << feed);
        const auto problems = atom_check::problems(feed);
        REQUIRE_FALSE(problems.empty());
        bool named = false;
        for (const auto& p : problems) named = named || p.find(b.rule) != std::string::npos;
        for (const auto& p : problems) UNSCOPED_INFO(p);
        CHECK(named);
    }
    // Two entries with one id.
    std::string twice = good;
    const auto entry_at = twice.find("  <entry>");
    const auto entry_end = twice.find("</entry>") + std::string("</entry>\n").size();
    twice.insert(entry_end, twice.substr(entry_at, entry_end - entry_at));
    bool named = false;
    for (const auto& p : atom_check::problems(twice)) named = named || p.find("unique") != std::string::npos;
    CHECK(named);
}
