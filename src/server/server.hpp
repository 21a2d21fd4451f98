// HTTP: routes, parameter validation, error mapping, static web/.
// Status codes exist only here.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/request_head.hpp"

namespace evidence::server {

struct ServerOptions {
    std::filesystem::path db = "index";
    // Search these databases as one instead of db (`serve --shard`): paths
    // or tcp://host:port of xapian-tcpsrv, as search::parse_shard reads them.
    std::vector<std::string> shards;
    std::filesystem::path web = "web";
    std::string host = "127.0.0.1";
    int port = 8080;         // 0: any free port (tests)
    int threads = 16;        // requests answered at once (open connections hold none)
    bool access_log = true;  // method, path and status to stderr; never the query string
    // The only routes that take a request body (bounded, with a
    // Content-Length); any other request with a body is answered without
    // reading it and its connection closed.
    std::vector<BodyRoute> bodies;
    // Slow and idle clients (README, "Limits"): a request must arrive whole
    // within request_timeout_ms of its first byte; a keep-alive connection
    // waits idle_timeout_ms for the next one.
    int request_timeout_ms = 10000;
    int idle_timeout_ms = 5000;
    // The corpus as `serve --watch` last read it (cli/watch.hpp), shown by
    // /api/health as "corpus"; none when not watching.
    std::function<nlohmann::json()> corpus_status;
    // The web UI's public address ("https://evidence.example.org"), as
    // `serve --public-url` gives it, checked: the base of the claim pages'
    // URLs in a ClaimReview export. Empty: unknown, and no URL is written.
    std::string public_url;
};

class Server {
public:
    explicit Server(ServerOptions opts);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds; returns the port, or throws std::runtime_error.
    int bind();
    // Serves until stop(); call after bind().
    void run();
    void stop();
    bool running() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace evidence::server
