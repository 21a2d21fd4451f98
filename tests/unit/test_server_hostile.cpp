// Hostile clients against `evidence serve` (a child process, as deployed),
// then against nginx in front of it with the project's configuration
// (deploy/nginx/evidence.conf): the same checks, both ways.
#include <catch2/catch.hpp>

#include "serve_process.hpp"
#include "server/connections.hpp"
#include "server/hardening.hpp"
#include "server/http.hpp"
#include "server/server.hpp"

using namespace hostile;

namespace {

// One server for the checks of a test case, started once.
const Target& direct() {
    static ServeProcess serve;
    static const Target t = serve.target();
    return t;
}

const Target& proxied() {
    static ServeProcess serve;
    static NginxProcess nginx(serve.port);
    static const Target t{nginx.port, true, [pid = serve.child->pid()] { return rss_kb_of(pid); }};
    return t;
}

bool have_nginx() { return ::access("/usr/sbin/nginx", X_OK) == 0; }

}  // namespace

TEST_CASE("hostile: ranges only for one range of a static file", "[server][hostile]") { check_ranges(direct()); }
TEST_CASE("hostile: header lines are capped with 431", "[server][hostile]") { check_header_caps(direct()); }
TEST_CASE("hostile: pipelined requests are all answered", "[server][hostile]") { check_pipelining(direct()); }
TEST_CASE("hostile: a refused request's body is never read as a request", "[server][hostile]") {
    check_smuggling(direct());
}
TEST_CASE("hostile: conflicting lengths and bad framing are 400", "[server][hostile]") { check_framing(direct()); }
TEST_CASE("hostile: Connection: close and refusals close at once", "[server][hostile]") { check_close(direct()); }
TEST_CASE("hostile: 64 slow and 64 idle clients leave a request answered within 1 s", "[server][hostile]") {
    check_availability(direct());
}
TEST_CASE("hostile: 200 clients at once, no request over 2 s", "[server][hostile]") { check_load(direct()); }

TEST_CASE("hostile through nginx: the same checks", "[server][hostile][nginx]") {
    if (!have_nginx()) FAIL("nginx is not installed (scripts/install-deps.sh installs it)");
    const Target& t = proxied();
    SECTION("ranges") { check_ranges(t); }
    SECTION("header caps") { check_header_caps(t); }
    SECTION("pipelining") { check_pipelining(t); }
    SECTION("smuggling") { check_smuggling(t); }
    SECTION("framing") { check_framing(t); }
    SECTION("close") { check_close(t); }
    SECTION("64 slow and 64 idle clients") { check_availability(t); }
    SECTION("200 clients") { check_load(t); }
}

TEST_CASE("hostile: slow heads and idle connections are closed after their timeouts", "[server][hostile]") {
    TempDir tmp;
    build_index_of(kFixtureCorpus, tmp.path / "db");
    evidence::server::ServerOptions so;
    so.db = tmp.path / "db";
    so.web = EVIDENCE_SOURCE_DIR "/web";
    so.port = 0;
    so.access_log = false;
    so.request_timeout_ms = 1000;
    so.idle_timeout_ms = 1000;
    evidence::server::Server srv(so);
    const int port = srv.bind();
    std::thread run([&] { srv.run(); });
    while (!srv.running()) std::this_thread::yield();

    const int silent = connect_to(port), slow = connect_to(port), idle = connect_to(port);
    REQUIRE(silent >= 0);
    send_all(slow, "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    send_all(idle, get("/api/health", "", false));
    const auto start = Clock::now();
    bool slow_closed = false;
    while (!slow_closed && ms_since(start) < 4000) {  // a byte every 100 ms, as a slowloris does
        slow_closed = !send_all(slow, "a") || receive(slow, 100).closed;
    }
    const double slow_ms = ms_since(start);
    const Received silent_r = receive(silent, 3000), idle_r = receive(idle, 3000);
    CHECK(slow_closed);
    CHECK(slow_ms > 900);
    CHECK(slow_ms < 3000);
    CHECK(silent_r.closed);
    CHECK(silent_r.bytes.empty());
    CHECK(idle_r.status() == 200);
    CHECK(idle_r.closed);
    for (int fd : {silent, slow, idle}) ::close(fd);
    srv.stop();
    run.join();
}

TEST_CASE("hostile: a route allowed a body reads it whole, bounded - others never", "[server][hostile]") {
    // The allow-list of ServerOptions::bodies, on a server of its own.
    evidence::server::ConnectionLimits limits;
    limits.head.bodies = {{"POST", "/echo", 64}};
    limits.threads = 2;
    evidence::server::GatedServer http(limits);
    evidence::server::harden(http, {8, false, limits.head.bodies});
    http.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
        res.set_content(std::to_string(req.body.size()) + ":" + req.body, "text/plain");
    });
    http.Get("/ping", [](const httplib::Request&, httplib::Response& res) { res.set_content("pong", "text/plain"); });
    const int port = http.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    http.raise_backlog();
    http.start();
    std::thread run([&] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::yield();

    const std::string post = "POST /echo HTTP/1.1\r\nHost: x\r\n";
    {  // the body in a later packet, then a pipelined request: both answered
        const int fd = connect_to(port);
        send_all(fd, post + "Content-Length: 5\r\n\r\nhel");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        send_all(fd, "lo" + get("/ping"));
        const Received r = receive(fd, 3000);
        ::close(fd);
        CHECK(r.responses() == 2);
        CHECK(r.bytes.find("5:hello") != std::string::npos);
        CHECK(r.bytes.find("pong") != std::string::npos);
    }
    {  // Expect: 100-continue is answered before the body is sent
        const int fd = connect_to(port);
        send_all(fd, post + "Content-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
        const Received cont = receive(fd, 1000);
        CHECK(cont.bytes.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
        send_all(fd, "ok");
        const Received r = receive(fd, 3000);
        ::close(fd);
        CHECK(r.status() == 200);
        CHECK(body_of(r) == "2:ok");
    }
    struct Row {
        const char* what;
        std::string request;
        int status;
    };
    const std::vector<Row> refused = {
        {"over the route's limit", post + "Content-Length: 65\r\n\r\n" + std::string(65, 'a'), 413},
        {"chunked", post + "Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 400},
        {"another route", "POST /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab", 405},
    };
    for (const auto& r : refused) {
        INFO(r.what);
        const Received res = roundtrip(port, r.request + get("/ping"), 3000);
        CHECK(res.status() == r.status);
        CHECK(res.responses() == 1);
        CHECK(res.closed);
    }
    http.stop();
    run.join();
    http.finish();
}
