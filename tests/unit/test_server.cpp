// The real server on a free loopback port, called with a real client.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "server/server.hpp"
#include "test_util.hpp"

using namespace evidence;
using nlohmann::json;

namespace {

// An index of the fixture corpus and a server on it, for one test case.
struct LiveServer {
    TempDir tmp;
    std::unique_ptr<server::Server> srv;
    std::thread thread;
    int port = 0;

    LiveServer() {
        const auto loaded = ingest::load_corpus(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus");
        index::IndexOptions opts;
        opts.db = tmp.path / "db";
        index::build_index(loaded.corpus, opts);
        server::ServerOptions so;
        so.db = opts.db;
        so.web = EVIDENCE_SOURCE_DIR "/web";
        so.port = 0;
        so.access_log = false;
        srv = std::make_unique<server::Server>(so);
        port = srv->bind();
        thread = std::thread([this] { srv->run(); });
        while (!srv->running()) std::this_thread::yield();
    }
    ~LiveServer() {
        srv->stop();
        thread.join();
    }
    httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
};

}  // namespace

TEST_CASE("server: health and search answer JSON", "[server]") {
    LiveServer live;
    auto cli = live.client();

    auto health = cli.Get("/api/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("Content-Type") == "application/json; charset=utf-8");
    CHECK(health->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK_FALSE(health->get_header_value("Content-Security-Policy").empty());
    const json h = json::parse(health->body);
    CHECK(h["status"] == "ok");
    CHECK(h["index"]["assertions"] == 6);

    auto search = cli.Get("/api/search?q=rolling&stance=opposes");
    REQUIRE(search);
    CHECK(search->status == 200);
    const json s = json::parse(search->body);
    CHECK(s["query"] == "rolling");
    CHECK(s["total"] == 2);
    for (const auto& r : s["results"]) CHECK(r["stance"] == "opposes");
    CHECK(s["facets"]["stance"].size() == 1);
}

TEST_CASE("server: client errors are 4xx with a JSON error", "[server]") {
    LiveServer live;
    auto cli = live.client();
    struct Row {
        std::string path;
        int status;
        std::string code;
    };
    const std::vector<Row> rows = {
        {"/api/search?size=0", 400, "bad_parameter"},
        {"/api/search?size=1000", 400, "bad_parameter"},
        {"/api/search?page=-1", 400, "bad_parameter"},
        {"/api/search?page=abc", 400, "bad_parameter"},
        {"/api/search?sort=random", 400, "bad_parameter"},
        {"/api/search?level=9", 400, "bad_parameter"},
        {"/api/search?colour=red", 400, "bad_parameter"},
        {"/api/search?q=%FF%FE", 400, "bad_parameter"},
        {"/api/search?q=" + std::string(1200, 'a'), 400, "bad_parameter"},
        {"/api/nothing", 404, "not_found"},
    };
    for (const auto& r : rows) {
        INFO(r.path.substr(0, 60));
        auto res = cli.Get(r.path.c_str());
        REQUIRE(res);
        CHECK(res->status == r.status);
        const json j = json::parse(res->body);
        CHECK(j["error"]["code"] == r.code);
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
    }
    // A chunked body is refused before it is read.
    httplib::Headers te{{"Transfer-Encoding", "chunked"}};
    auto res = cli.Post("/api/search", te, "5\r\nhello\r\n0\r\n\r\n", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 400);
}
