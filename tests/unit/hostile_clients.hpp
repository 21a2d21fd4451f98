// Hostile clients, as a probe of the server met them: many ranges, endless
// headers, pipelined and smuggled requests, conflicting lengths, slow and
// idle connections, and 200 clients at once. The same checks run against
// `evidence serve` and against nginx in front of it (deploy/nginx/).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "test_server_live.hpp"

namespace hostile {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// The server under test: its port, whether nginx answers first, and the
// resident memory of the evidence process in KiB.
struct Target {
    int port = 0;
    bool proxied = false;
    std::function<long()> rss_kb;
};

inline long rss_kb_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// What a connection received until the server closed it or `limit_ms` passed.
struct Received {
    std::string bytes;
    bool closed = false;  // the server closed (or reset) the connection
    double ms = 0;        // until it closed, or the limit
    int responses() const {
        int n = 0;
        for (std::size_t at = 0; (at = bytes.find("HTTP/1.1 ", at)) != std::string::npos; at += 9) ++n;
        return n;
    }
    int status() const { return bytes.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(bytes.substr(9, 3)) : 0; }
};

inline Received receive(int fd, int limit_ms) {
    Received r;
    const auto start = Clock::now();
    char buf[16384];
    for (;;) {
        const int left = limit_ms - static_cast<int>(ms_since(start));
        if (left <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, left) <= 0) break;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            r.closed = true;
            break;
        }
        r.bytes.append(buf, static_cast<std::size_t>(n));
    }
    r.ms = ms_since(start);
    return r;
}

// One request on a connection of its own; the answer as the server sent it.
inline Received roundtrip(int port, const std::string& request, int limit_ms = 5000) {
    const int fd = connect_to(port);
    if (fd < 0) return {};
    send_all(fd, request);
    Received r = receive(fd, limit_ms);
    ::close(fd);
    return r;
}

inline std::string get(const std::string& target, const std::string& extra = "", bool close = true) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (close ? "Connection: close\r\n" : "") + extra +
           "\r\n";
}

inline std::string body_of(const Received& r) {
    const auto at = r.bytes.find("\r\n\r\n");
    return at == std::string::npos ? "" : r.bytes.substr(at + 4);
}

inline std::string header_of(const Received& r, const std::string& name) {
    RawResponse raw;
    raw.head = r.bytes.substr(0, r.bytes.find("\r\n\r\n"));
    return raw.header(name);
}

// 1. Ranges: one range of a static file (206), never on the API, never several.
inline void check_ranges(const Target& t) {
    const std::string favicon = read_text(EVIDENCE_SOURCE_DIR "/web/favicon.svg");
    REQUIRE(favicon.size() > 100);
    std::string many = "bytes=0-";
    for (int i = 0; i < 1000; ++i) many += ",0-";  // ~3 KB, within every header limit

    const Received full = roundtrip(t.port, get("/api/export?format=csv"));
    REQUIRE(full.status() == 200);
    const Received ranged = roundtrip(t.port, get("/api/export?format=csv", "Range: " + many + "\r\n"));
    CHECK(ranged.status() == 200);
    CHECK(header_of(ranged, "Content-Range").empty());
    CHECK(header_of(ranged, "Content-Type").find("multipart") == std::string::npos);
    CHECK(body_of(ranged) == body_of(full));
    for (const char* range : {"bytes=0-9", "bytes=5-", "bytes=-3"}) {
        INFO(range);
        const Received api = roundtrip(t.port, get("/api/health", std::string("Range: ") + range + "\r\n"));
        CHECK(api.status() == 200);
        CHECK(header_of(api, "Content-Range").empty());
        CHECK(body_of(api).rfind("{\"", 0) == 0);
    }
    const Received one = roundtrip(t.port, get("/favicon.svg", "Range: bytes=0-9\r\n"));
    CHECK(one.status() == 206);
    CHECK(header_of(one, "Content-Range") == "bytes 0-9/" + std::to_string(favicon.size()));
    CHECK(body_of(one) == favicon.substr(0, 10));
    const Received several = roundtrip(t.port, get("/favicon.svg", "Range: bytes=0-9,20-29\r\n"));
    CHECK(several.status() == 200);
    CHECK(body_of(several) == favicon);
    const Received lots = roundtrip(t.port, get("/favicon.svg", "Range: " + many + "\r\n"));
    CHECK(lots.status() == 200);
    CHECK(body_of(lots) == favicon);
    const Received past = roundtrip(t.port, get("/favicon.svg", "Range: bytes=100000-\r\n"));
    CHECK(past.status() == 416);
    CHECK(header_of(past, "Content-Range") == "bytes */" + std::to_string(favicon.size()));
}

// 3. Header lines: at most 64 and 16 KiB in all (nginx refuses long lines itself, with 400).
inline void check_header_caps(const Target& t) {
    auto headers = [](int n, std::size_t size) {
        std::string h;
        for (int i = 0; i < n; ++i) h += "X-H" + std::to_string(i) + ": " + std::string(size, 'v') + "\r\n";
        return h;
    };
    struct Row {
        const char* what;
        std::string extra;
        int status;
        int proxied_status;
    };
    const std::vector<Row> rows = {
        {"50 short headers", headers(50, 10), 200, 200},     {"65 short headers", headers(65, 10), 431, 431},
        {"1000 short headers", headers(1000, 10), 431, 400}, {"one 9 KB header", headers(1, 9000), 431, 400},
        {"20 headers of 1 KB", headers(20, 1000), 431, 431},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const Received res = roundtrip(t.port, get("/api/health", r.extra));
        CHECK(res.status() == (t.proxied ? r.proxied_status : r.status));
        CHECK(res.closed);
    }
    // A client that sends header lines without end is answered and closed
    // after the limit, not read to its end (the probe sent 112 MB).
    const int fd = connect_to(t.port);
    REQUIRE(fd >= 0);
    send_all(fd, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    std::size_t sent = 0;
    const std::string chunk = headers(100, 40);
    while (sent < (8u << 20) && send_all(fd, chunk)) {
        sent += chunk.size();
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 20) > 0) break;  // answered
    }
    const Received res = receive(fd, 5000);
    ::close(fd);
    CHECK(sent < (1u << 20));
    CHECK((res.status() == 431 || (t.proxied && res.status() == 400)));
}

// 4. Pipelined requests are all answered, in order, at once.
inline void check_pipelining(const Target& t) {
    const int fd = connect_to(t.port);
    REQUIRE(fd >= 0);
    send_all(fd, get("/api/health", "", false) + get("/api/topics", "", false) + get("/favicon.svg", "", true));
    const Received r = receive(fd, 4000);
    ::close(fd);
    CHECK(r.responses() == 3);
    CHECK(r.closed);
    CHECK(r.ms < 2000);
    CHECK(r.bytes.find("\"topics\"") < r.bytes.find("<svg"));
}

// 4. A refused request's body, arriving after its head, is never read as a request.
inline void check_smuggling(const Target& t) {
    const std::string smuggled = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const std::string len = "Content-Length: " + std::to_string(smuggled.size()) + "\r\n";
    struct Row {
        const char* what;
        std::string head;
    };
    const std::vector<Row> rows = {
        {"POST to a GET route", "POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\n" + len + "\r\n"},
        {"GET with a body", "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + len + "\r\n"},
        {"DELETE with a body", "DELETE /api/claims/x HTTP/1.1\r\nHost: 127.0.0.1\r\n" + len + "\r\n"},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const int fd = connect_to(t.port);
        REQUIRE(fd >= 0);
        send_all(fd, r.head);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the body in a later packet
        send_all(fd, smuggled);
        const Received res = receive(fd, 2500);
        ::close(fd);
        CHECK(res.status() >= 400);
        CHECK(res.responses() == 1);
        CHECK(res.bytes.find("\"status\":\"ok\"") == std::string::npos);
    }
}

// 4. Conflicting or malformed lengths and framing are refused with 400.
inline void check_framing(const Target& t) {
    struct Row {
        const char* what;
        std::string request;
        bool direct_only;  // nginx reads these one way and passes them on rewritten
    };
    const std::string post = "POST /api/search HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    const std::vector<Row> rows = {
        {"two Content-Length", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", false},
        {"a list of lengths", post + "Content-Length: 5, 6\r\n\r\nhello!", false},
        {"GET with two lengths",
         "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 2\r\n\r\nab", false},
        {"a length that is no number", post + "Content-Length: 5x\r\n\r\nhello", false},
        {"chunked and a length", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false},
        {"a space before the colon", "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello", true},
        {"a folded header line", "GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n", true},
        {"a bare LF", "GET /api/health HTTP/1.1\nHost: x\r\n\r\n", true},
    };
    for (const auto& r : rows) {
        if (t.proxied && r.direct_only) continue;
        INFO(r.what);
        const Received res = roundtrip(t.port, r.request, 3000);
        CHECK(res.status() == 400);
        CHECK(res.closed);
    }
    // The same length twice is one length (nginx refuses any repeated header).
    CHECK(roundtrip(t.port, get("/api/health", "Content-Length: 0\r\nContent-Length: 0\r\n")).status() ==
          (t.proxied ? 400 : 200));
}

// 2. Connection: close and refusals close the connection at once (cpp-httplib
// 0.11 kept it, and its worker, for the 5 s read timeout).
inline void check_close(const Target& t) {
    struct Row {
        const char* what;
        std::string request;
        int status;
    };
    const std::vector<Row> rows = {
        {"Connection: close", get("/api/health"), 200},
        {"a refused method", "PUT /api/health HTTP/1.1\r\nHost: x\r\n\r\n", 405},
        {"a refused body", "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", 405},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const Received res = roundtrip(t.port, r.request, 4000);
        CHECK(res.status() == r.status);
        // nginx keeps the client's connection when the server refuses: only
        // the server's own connection is closed.
        if (t.proxied && r.status != 200) continue;
        CHECK(res.closed);
        CHECK(res.ms < 1500);
    }
}

// 2. With 64 clients sending a header byte a second and 64 idle connections
// open, a normal request is answered within 1 s, and memory stays flat.
inline void check_availability(const Target& t) {
    const long rss_before = t.rss_kb();
    std::vector<int> slow, idle;
    for (int i = 0; i < 64; ++i) {
        const int s = connect_to(t.port), d = connect_to(t.port);
        REQUIRE(s >= 0);
        REQUIRE(d >= 0);
        send_all(s, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
        slow.push_back(s);
        idle.push_back(d);
    }
    double worst = 0;
    int answered = 0;
    for (int round = 0; round < 3; ++round) {
        const auto tick = Clock::now();
        for (int s : slow) send_all(s, "a");
        const auto start = Clock::now();
        const Received r = roundtrip(t.port, get("/api/health"), 5000);
        worst = std::max(worst, ms_since(start));
        if (r.status() == 200) ++answered;
        const double left = 1000 - ms_since(tick);
        if (left > 0) std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(left)));
    }
    const long rss_after = t.rss_kb();
    for (int fd : slow) ::close(fd);
    for (int fd : idle) ::close(fd);
    INFO("worst " << worst << " ms; memory " << rss_before << " -> " << rss_after << " KiB");
    CHECK(answered == 3);
    CHECK(worst < 1000);
    CHECK(rss_after - rss_before < 32 * 1024);
}

// 4. 200 clients at once, each opening 5 connections one after another: every
// request answered, none after more than 2 s (with a listen backlog of 5, some
// waited for the SYN to be sent again, 1 s or 3 s later).
inline void check_load(const Target& t) {
    constexpr int kClients = 200, kEach = 5;
    std::atomic<int> ready{0}, ok{0}, slow{0};
    std::atomic<bool> go{false};
    std::vector<double> worst(kClients, 0);
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c)
        clients.emplace_back([&, c] {
            ++ready;
            while (!go) std::this_thread::yield();
            for (int i = 0; i < kEach; ++i) {
                const auto start = Clock::now();
                const Received r = roundtrip(t.port, get("/api/health"), 10000);
                const double ms = ms_since(start);
                worst[static_cast<std::size_t>(c)] = std::max(worst[static_cast<std::size_t>(c)], ms);
                if (r.status() == 200) ++ok;
                if (ms > 2000) ++slow;
            }
        });
    while (ready < kClients) std::this_thread::yield();
    go = true;
    for (auto& th : clients) th.join();
    INFO("slowest request: " << *std::max_element(worst.begin(), worst.end()) << " ms");
    CHECK(ok == kClients * kEach);
    CHECK(slow == 0);
}

}  // namespace hostile
