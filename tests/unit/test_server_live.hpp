// The real server on a free loopback port, for the server tests: an index
// built from a corpus folder into a temporary --db, and raw requests for
// the bytes a client library would not send.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "server/server.hpp"
#include "test_util.hpp"

inline const std::string kFixtureCorpus = EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus";
inline const std::string kBundledCorpus = EVIDENCE_SOURCE_DIR "/corpus";

inline void build_index_of(const std::string& corpus, const std::filesystem::path& db) {
    const auto loaded = evidence::ingest::load_corpus(corpus);
    if (!loaded.errors.empty()) throw std::runtime_error("corpus " + corpus + " has errors");
    evidence::index::IndexOptions opts;
    opts.db = db;
    evidence::index::build_index(loaded.corpus, opts);
}

struct LiveServer {
    TempDir tmp;
    std::filesystem::path db;
    std::unique_ptr<evidence::server::Server> srv;
    std::thread thread;
    int port = 0;

    explicit LiveServer(const std::string& corpus = kFixtureCorpus, int threads = 16, bool access_log = false,
                        const std::string& public_url = "")
        : db(tmp.path / "db") {
        build_index_of(corpus, db);
        evidence::server::ServerOptions so;
        so.db = db;
        so.web = EVIDENCE_SOURCE_DIR "/web";
        so.port = 0;
        so.threads = threads;
        so.access_log = access_log;
        so.public_url = public_url;
        srv = std::make_unique<evidence::server::Server>(so);
        port = srv->bind();
        thread = std::thread([this] { srv->run(); });
        while (!srv->running()) std::this_thread::yield();
    }
    ~LiveServer() {
        srv->stop();
        thread.join();
    }
    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(30, 0);
        return c;
    }
};

// A loopback connection to `port`, or -1.
inline int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline bool send_all(int fd, const std::string& s) {
    std::size_t sent = 0;
    while (sent < s.size()) {
        const ssize_t n = ::send(fd, s.data() + sent, s.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

// A response read off a raw socket.
struct RawResponse {
    int status = 0;
    std::string head;  // status line and headers
    std::string body;
    bool has_header(const std::string& name) const { return find_header(name) != std::string::npos; }
    std::string header(const std::string& name) const {
        const auto at = find_header(name);
        if (at == std::string::npos) return "";
        const auto start = head.find_first_not_of(' ', at + name.size() + 3);
        return head.substr(start, head.find("\r\n", start) - start);
    }

private:
    // Where "\r\nName:" starts in the head, any case.
    std::size_t find_header(const std::string& name) const {
        std::string lower_head = head, n = "\r\n" + name + ":";
        for (auto& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return lower_head.find(n);
    }
};

// Sends `request` as it is and reads until the server closes or 5 s pass.
inline RawResponse raw_request(int port, const std::string& request) {
    RawResponse r;
    const int fd = connect_to(port);
    if (fd < 0) return r;
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    send_all(fd, request);
    std::string all;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        all.append(buf, static_cast<std::size_t>(n));
        // Stop at the end of one response with a Content-Length.
        const auto end = all.find("\r\n\r\n");
        if (end != std::string::npos) {
            RawResponse probe;
            probe.head = all.substr(0, end);
            const std::string len = probe.header("Content-Length");
            if (!len.empty() && all.size() >= end + 4 + std::stoul(len)) break;
        }
    }
    ::close(fd);
    const auto end = all.find("\r\n\r\n");
    r.head = all.substr(0, end);
    if (end != std::string::npos) r.body = all.substr(end + 4);
    if (all.rfind("HTTP/1.1 ", 0) == 0 && all.size() >= 12) r.status = std::stoi(all.substr(9, 3));
    return r;
}

inline std::string get_request(const std::string& target, const std::string& method = "GET",
                               const std::string& extra = "") {
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n";
}
