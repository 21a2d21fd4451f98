// HTTP: routes, parameter validation, error mapping, static web/.
// Status codes exist only here.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace evidence::server {

struct ServerOptions {
    std::filesystem::path db = "index";
    std::filesystem::path web = "web";
    std::string host = "127.0.0.1";
    int port = 8080;        // 0: any free port (tests)
    int threads = 16;       // each keep-alive connection holds one
    bool access_log = true; // method, path and status to stderr; never the query string
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
