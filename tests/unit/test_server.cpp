// The real server on a free loopback port, called with a real client and
// with raw requests: every endpoint, and the bad requests it must refuse.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

#include "server/hardening.hpp"
#include "server/http.hpp"
#include "test_server_live.hpp"

using namespace evidence;
using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void check_common_headers(const httplib::Headers& headers) {
    auto value = [&](const std::string& k) {
        auto it = headers.find(k);
        return it == headers.end() ? std::string() : it->second;
    };
    CHECK(value("X-Content-Type-Options") == "nosniff");
    CHECK(value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
    CHECK(value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(headers.find("EXCEPTION_WHAT") == headers.end());
}

}  // namespace

TEST_CASE("server: health and search answer JSON", "[server]") {
    LiveServer live;
    auto cli = live.client();

    auto health = cli.Get("/api/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("Content-Type") == kJson);
    check_common_headers(health->headers);
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
    // The stance facet is counted without its own filter: supports is still listed.
    std::map<std::string, int> stance;
    for (const auto& v : s["facets"]["stance"]) stance[v["value"]] = v["count"];
    CHECK(stance["opposes"] == 2);
    CHECK(stance["supports"] > 0);
    CHECK(s["sort"] == "relevance");
}

TEST_CASE("server: every endpoint answers with its status and content type", "[server]") {
    LiveServer live(kBundledCorpus);
    auto cli = live.client();
    struct Row {
        std::string path;
        int status;
        std::string type;
        std::string attachment;  // the file name of Content-Disposition, when one
    };
    const std::vector<Row> rows = {
        {"/api/health", 200, kJson, ""},
        {"/api/search", 200, kJson, ""},
        {"/api/search?q=foam%20rolling&stance=supports&level=6&sort=strength&page=1&size=5", 200, kJson, ""},
        {"/api/search?q=iliotibail", 200, kJson, ""},
        {"/api/search?q=foam%20rolling%20vs%20hip%20strengthening", 200, kJson, ""},
        {"/api/search?topic=foam-rolling,hip-strengthening&kind=assertion", 200, kJson, ""},
        {"/api/search?q=zzzzqqq", 200, kJson, ""},
        {"/api/claims", 200, kJson, ""},
        {"/api/claims?topic=foam-rolling&claim_type=efficacy", 200, kJson, ""},
        {"/api/claims/hip-strengthening-resolves-itbs", 200, kJson, ""},
        {"/api/topics", 200, kJson, ""},
        {"/api/topics/foam-rolling", 200, kJson, ""},
        {"/api/compare?topics=foam-rolling,hip-strengthening", 200, kJson, ""},
        {"/api/compare?claims=foam-rolling-temporary-relief,hip-strengthening-resolves-itbs", 200, kJson, ""},
        {"/api/compare?q=foam%20rolling%20vs%20hip%20strengthening", 200, kJson, ""},
        {"/api/sources/forum-reverse-it-band", 200, kJson, ""},
        {"/api/sources/fairclough-2006", 200, kJson, ""},
        {"/api/studies/fairclough-2006", 200, kJson, ""},
        {"/api/export?format=csv", 200, "text/csv; charset=utf-8; header=present", "evidence-all-assertions.csv"},
        {"/api/export?format=csv&topic=foam-rolling&stance=opposes", 200, "text/csv; charset=utf-8; header=present",
         "evidence-foam-rolling-opposes-assertions.csv"},
        {"/api/export?format=ris&q=hip", 200, "application/x-research-info-systems; charset=utf-8",
         "evidence-hip-studies.ris"},
        {"/api/export?format=bibtex", 200, "application/x-bibtex; charset=utf-8", "evidence-all-studies.bib"},
        {"/api/export?format=csl-json&type=study", 200, "application/vnd.citationstyles.csl+json; charset=utf-8",
         "evidence-study-studies.json"},
        {"/api/export?format=claimreview&topic=foam-rolling", 200, "application/ld+json; charset=utf-8",
         "evidence-foam-rolling-claimreview.jsonld"},
        {"/api/openapi.json", 200, kJson, ""},
        {"/", 200, "text/html; charset=utf-8", ""},
        {"/index.html", 200, "text/html; charset=utf-8", ""},
        {"/js/app.js", 200, "text/javascript; charset=utf-8", ""},
        {"/favicon.svg", 200, "image/svg+xml", ""},
    };
    for (const auto& r : rows) {
        INFO(r.path);
        auto res = cli.Get(r.path.c_str());
        REQUIRE(res);
        CHECK(res->status == r.status);
        CHECK(res->get_header_value("Content-Type") == r.type);
        check_common_headers(res->headers);
        CHECK_FALSE(res->body.empty());
        if (r.attachment.empty())
            CHECK_FALSE(res->has_header("Content-Disposition"));
        else
            CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"" + r.attachment + "\"");
        if (r.type.find("json") != std::string::npos) CHECK_NOTHROW(json::parse(res->body));

        auto head = cli.Head(r.path.c_str());
        REQUIRE(head);
        CHECK(head->status == r.status);
        CHECK(head->get_header_value("Content-Type") == r.type);
        CHECK(head->body.empty());
    }
}

TEST_CASE("server: a source lists its assertions in document order, with anchors", "[server]") {
    LiveServer live(kBundledCorpus);
    auto res = live.client().Get("/api/sources/forum-reverse-it-band");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json s = json::parse(res->body);
    CHECK(s["id"] == "forum-reverse-it-band");
    CHECK(s["type"] == "forum-thread");
    CHECK_FALSE(s["page"]["posts"].empty());
    REQUIRE_FALSE(s["assertions"].empty());
    CHECK(s["assertions_total"] == s["assertions"].size());
    int previous = 0;
    for (const auto& a : s["assertions"]) {
        CHECK(a["source"]["id"] == "forum-reverse-it-band");
        CHECK(a["line"].get<int>() >= previous);
        previous = a["line"];
        REQUIRE(a["anchor"].is_object());
        CHECK(a["anchor"]["selector"]["type"] == "TextQuoteSelector");
        CHECK(a["anchor"]["selector"]["exact"] == a["quote"]);
        if (a["post"] == "") {
            CHECK(a["anchor"]["post"].is_null());
            continue;
        }
        CHECK(a["anchor"]["post"] == a["post"]);
        bool found = false;  // the post it is anchored to exists
        for (const auto& p : s["page"]["posts"])
            if (p["id"] == a["post"]) found = true;
        CHECK(found);
    }
}

TEST_CASE("server: bad requests are 4xx with a JSON error and the security headers", "[server]") {
    LiveServer live(kBundledCorpus);
    struct Row {
        std::string request;  // raw HTTP
        int status;
        std::string code;  // error.code, when the body is JSON
    };
    auto get = [](const std::string& target) { return get_request(target); };
    const std::string long_q(1200, 'a');
    const std::vector<Row> rows = {
        // parameters of /api/search
        {get("/api/search?size=0"), 400, "bad_parameter"},
        {get("/api/search?size=1000"), 400, "bad_parameter"},
        {get("/api/search?size=ten"), 400, "bad_parameter"},
        {get("/api/search?page=0"), 400, "bad_parameter"},
        {get("/api/search?page=-1"), 400, "bad_parameter"},
        {get("/api/search?page=abc"), 400, "bad_parameter"},
        {get("/api/search?page=99999999999"), 400, "bad_parameter"},
        {get("/api/search?q=foam&page=500"), 400, "bad_parameter"},  // past the last page
        {get("/api/search?sort=random"), 400, "bad_parameter"},
        {get("/api/search?level=9"), 400, "bad_parameter"},
        {get("/api/search?level=0"), 400, "bad_parameter"},
        {get("/api/search?stance=agrees"), 400, "bad_parameter"},
        {get("/api/search?kind=banana"), 400, "bad_parameter"},
        {get("/api/search?interest=maybe"), 400, "bad_parameter"},
        {get("/api/search?year=20x6"), 400, "bad_parameter"},
        {get("/api/search?colour=red"), 400, "bad_parameter"},
        {get("/api/search?q=%FF%FE"), 400, "bad_parameter"},     // not UTF-8
        {get("/api/search?q=%C0%AF"), 400, "bad_parameter"},     // overlong UTF-8
        {get("/api/search?q=%E2%80"), 400, "bad_parameter"},     // truncated UTF-8
        {get("/api/search?q=%ED%A0%80"), 400, "bad_parameter"},  // a UTF-16 surrogate
        {get("/api/search?q=a%00b"), 400, "bad_parameter"},      // NUL
        {get("/api/search?q=" + long_q), 400, "bad_parameter"},
        {get("/api/search?q=a&q=b"), 400, "bad_parameter"},
        {get("/api/search?%FF=1"), 400, "bad_parameter"},
        // unknown ids
        {get("/api/claims/no-such-claim"), 404, "not_found"},
        {get("/api/claims/Bad_ID"), 404, "not_found"},
        {get("/api/claims/a%2Fb"), 404, "not_found"},
        {get("/api/topics/nope"), 404, "not_found"},
        {get("/api/sources/nope"), 404, "not_found"},
        {get("/api/sources/%C3%A9"), 404, "not_found"},
        {get("/api/studies/nope"), 404, "not_found"},
        {get("/api/studies/forum-reverse-it-band"), 404, "not_found"},  // a source, not a study
        {get("/api/nothing"), 404, "not_found"},
        {get("/api"), 404, "not_found"},
        // other endpoints' parameters
        {get("/api/health?verbose=1"), 400, "bad_parameter"},
        {get("/api/claims?stance=supports"), 400, "bad_parameter"},
        {get("/api/compare"), 400, "bad_parameter"},
        {get("/api/compare?topics=foam-rolling"), 400, "bad_parameter"},
        {get("/api/compare?topics=foam-rolling,no-such-topic"), 400, "bad_parameter"},
        {get("/api/compare?q=foam%20rolling"), 400, "bad_parameter"},
        {get("/api/compare?q=a%20vs%20b&topics=foam-rolling,ice"), 400, "bad_parameter"},
        {get("/api/export"), 400, "bad_parameter"},
        {get("/api/export?format=pdf"), 400, "bad_parameter"},
        {get("/api/export?format=csv&kind=claim"), 400, "bad_parameter"},
        {get("/api/export?format=csv&page=2"), 400, "bad_parameter"},
        {get("/api/export?format=csv&format=ris"), 400, "bad_parameter"},
        // methods and bodies
        {get_request("/api/search", "POST"), 405, "method_not_allowed"},
        {get_request("/api/search", "PUT"), 405, "method_not_allowed"},
        {get_request("/api/claims/x", "DELETE"), 405, "method_not_allowed"},
        {get_request("/api/search", "OPTIONS"), 405, "method_not_allowed"},
        {get_request("/", "PATCH"), 405, "method_not_allowed"},
        {get_request("/api/search", "FOO"), 400, "bad_request"},
        {get_request("/api/search", "POST", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\n\r\n", 400,
         "bad_request"},
        {get_request("/api/search", "GET", "Content-Encoding: gzip\r\nContent-Length: 4\r\n") + "abcd", 400,
         "bad_request"},
        {get_request("/api/search", "GET", "Content-Length: 5\r\n") + "hello", 400, "bad_request"},
        {get_request("/api/search", "POST", "Content-Length: 100000\r\n"), 405, "method_not_allowed"},
        // static files: traversal, encodings, hidden and absolute paths
        {get("/../etc/passwd"), 400, "bad_path"},
        {get("/js/../../etc/passwd"), 400, "bad_path"},
        {get("/%2e%2e/etc/passwd"), 400, "bad_path"},
        {get("/%2E%2E%2Fetc%2Fpasswd"), 400, "bad_path"},
        {get("/js%2f..%2f..%2fetc%2fpasswd"), 400, "bad_path"},
        {get("/..%5c..%5cetc%5cpasswd"), 400, "bad_path"},
        {get("/%252e%252e/etc/passwd"), 400, "bad_path"},
        {get("/%u002e%u002e/etc/passwd"), 400, "bad_path"},
        {get("//etc/passwd"), 400, "bad_path"},
        {get("/.git/config"), 400, "bad_path"},
        {get("/index.html%00.js"), 400, "bad_path"},
        {get("http://example.com/etc/passwd"), 400, "bad_path"},
        {get("/nope.html"), 404, "not_found"},
        {get("/js/"), 404, "not_found"},
        {get("/" + std::string(9000, 'a')), 414, "uri_too_long"},
    };
    REQUIRE(rows.size() >= 30);
    for (const auto& r : rows) {
        INFO(r.request.substr(0, r.request.find("\r\n")).substr(0, 100));
        const RawResponse res = raw_request(live.port, r.request);
        CHECK(res.status == r.status);
        CHECK(res.header("X-Content-Type-Options") == "nosniff");
        CHECK_FALSE(res.header("Content-Security-Policy").empty());
        CHECK_FALSE(res.has_header("EXCEPTION_WHAT"));
        CHECK(res.header("Content-Type") == kJson);
        if (r.status == 405) CHECK(res.header("Allow") == "GET, HEAD");
        json j;
        REQUIRE_NOTHROW(j = json::parse(res.body));
        CHECK(j["error"]["code"] == r.code);
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
        // The message never shows where the server keeps its files.
        CHECK(res.body.find(live.tmp.path.string()) == std::string::npos);
    }
    // HEAD of an unknown id: the status, no body.
    const RawResponse head = raw_request(live.port, get_request("/api/claims/nope", "HEAD"));
    CHECK(head.status == 404);
    CHECK(head.body.empty());
    // The server still answers after all of that.
    auto ok = live.client().Get("/api/health");
    REQUIRE(ok);
    CHECK(ok->status == 200);
}

TEST_CASE("server: an unexpected exception is a 500 that names nothing", "[server]") {
    httplib::Server http;
    evidence::server::harden(http, {8, false, {}});
    http.Get("/boom", [](const httplib::Request&, httplib::Response&) {
        throw std::runtime_error("/secret/path/to/index: corrupt");
    });
    http.Get("/int", [](const httplib::Request&, httplib::Response&) { throw 42; });
    const int port = http.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread t([&] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::yield();
    for (const char* path : {"/boom", "/int"}) {
        INFO(path);
        const RawResponse res = raw_request(port, get_request(path));
        CHECK(res.status == 500);
        CHECK_FALSE(res.has_header("EXCEPTION_WHAT"));
        CHECK(res.header("X-Content-Type-Options") == "nosniff");
        CHECK(res.body.find("secret") == std::string::npos);
        CHECK(json::parse(res.body)["error"]["code"] == "internal");
    }
    http.stop();
    t.join();
}

TEST_CASE("server: no index is a 503 until one is built, then served without a restart", "[server]") {
    TempDir tmp;
    evidence::server::ServerOptions so;
    so.db = tmp.path / "db";
    so.web = tmp.path / "no-web";
    so.port = 0;
    so.access_log = false;
    evidence::server::Server srv(so);
    const int port = srv.bind();
    std::thread t([&] { srv.run(); });
    while (!srv.running()) std::this_thread::yield();
    httplib::Client cli("127.0.0.1", port);
    auto res = cli.Get("/api/search?q=foam");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(json::parse(res->body)["error"]["code"] == "index_unavailable");
    CHECK(res->body.find(tmp.path.string()) == std::string::npos);
    auto page = cli.Get("/");
    REQUIRE(page);
    CHECK(page->status == 404);  // no web folder

    build_index_of(kFixtureCorpus, so.db);
    res = cli.Get("/api/health");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body)["index"]["assertions"] == 6);
    srv.stop();
    t.join();
}

TEST_CASE("server: the access log has method, path, status and time, never the query", "[server]") {
    TempDir tmp;
    const auto log_path = tmp.path / "access.log";
    // The log goes to standard error: point it at a file while the server
    // runs, and back however the block ends.
    struct Redirect {
        int saved = ::dup(STDERR_FILENO);
        explicit Redirect(const std::filesystem::path& to) {
            const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (saved < 0 || fd < 0) throw std::runtime_error("cannot redirect standard error");
            ::dup2(fd, STDERR_FILENO);
            ::close(fd);
        }
        ~Redirect() {
            ::dup2(saved, STDERR_FILENO);
            ::close(saved);
        }
    };
    std::string timing;
    {
        const Redirect redirect(log_path);
        const LiveServer live(kFixtureCorpus, 16, true);  // stopped before standard error is restored
        auto cli = live.client();
        auto res = cli.Get("/api/search?q=secretword%20rolling");
        if (res) timing = res->get_header_value("Server-Timing");
        cli.Get("/api/claims/no-such-claim");
        cli.Get("/api/health?x=secretword");
        cli.Get("/index.html?secretword");
        cli.Get("/api/search%0aGET%20/forged%20200");
        // Refused before cpp-httplib reads them: logged all the same.
        raw_request(live.port,
                    "GET /api/search?q=secretword" + std::string(9000, 'x') + " HTTP/1.1\r\nHost: a\r\n\r\n");
        std::string many = "GET /api/topics?secretword HTTP/1.1\r\nHost: a\r\n";
        for (int i = 0; i < 80; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
        raw_request(live.port, many + "\r\n");
        raw_request(live.port, "GET /api/claims%0aPOST%20/forged HTTP/1.1\nHost: a\r\n\r\n");
        raw_request(live.port, "\x01\x02 junk\r\n\r\n");
    }

    CHECK(std::regex_match(timing, std::regex(R"(app;dur=\d+\.\d{3})")));
    const std::string log = read_text(log_path);
    INFO(log);
    CHECK(log.find("secretword") == std::string::npos);
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/search 200 \d+\.\d{3}ms\n)")));
    // Each request on a connection of its own: a line is written after its
    // answer is sent, so the next request's line may come first.
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/claims/no-such-claim 404 \d+\.\d{3}ms\n)")));
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/health 400 \d+\.\d{3}ms\n)")));
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /index.html 200\n)")));  // a static file: no server time
    CHECK(log.find("\nGET /forged") == std::string::npos);  // a decoded newline cannot start a line
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/search 414\n)")));                // request line too long
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/topics 431\n)")));                // too many header lines
    CHECK(std::regex_search(log, std::regex(R"((^|\n)GET /api/claims\?POST /forged 400\n)")));  // bare LF
    CHECK(std::regex_search(log, std::regex(R"((^|\n)- - 400\n)")));  // no request line at all
    CHECK(log.find("\nPOST /forged") == std::string::npos);
}
