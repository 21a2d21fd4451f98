// Internal to the server module: the connections of cpp-httplib's server,
// held by the server instead of by its worker threads.
//
// cpp-httplib 0.11.4 gives each accepted connection a worker thread for as
// long as it is open: 16 clients sending a header byte a second, or 16 idle
// keep-alive connections, leave no thread for anyone else; its listen
// backlog is 5. Here its accept loop hands each socket to one event thread
// (epoll) that reads request heads and bodies without blocking, checks them
// (request_head.hpp), closes the connections that are too slow or idle too
// long, and passes only complete requests to the workers, which call
// cpp-httplib's own request processing on the bytes read. A connection goes
// back to the event thread between requests; slow and idle clients cost a
// socket and a small buffer, never a worker.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>

#include "server/request_head.hpp"

namespace evidence::server {

struct ConnectionLimits {
    HeadLimits head;
    // From a request's first byte (or the connection's start) to its last.
    std::chrono::milliseconds request_timeout{10000};
    // Between requests on a keep-alive connection; shorter when more than
    // half of max_connections are open.
    std::chrono::milliseconds idle_timeout{5000};
    std::chrono::milliseconds busy_idle_timeout{1000};
    std::chrono::milliseconds write_timeout{5000};
    // After a refusal or Connection: close, the rest of what the client sends
    // is read and dropped for this long (so the answer is not lost to a reset).
    std::chrono::milliseconds linger{2000};
    std::size_t max_connections = 1000;  // the oldest idle one is closed to admit one more
    std::size_t max_requests = 100;      // per connection
    int threads = 16;                    // requests answered at once
    int backlog = 1024;                  // the listen queue (the kernel caps it at net.core.somaxconn)
    bool access_log = false;             // log requests refused here, as cpp-httplib's logger logs the rest
};

class GatedServer : public httplib::Server {
public:
    explicit GatedServer(ConnectionLimits limits);
    ~GatedServer() override;
    GatedServer(const GatedServer&) = delete;
    GatedServer& operator=(const GatedServer&) = delete;

    // After bind: the listen queue of `limits.backlog`.
    void raise_backlog();
    // Around listen_after_bind(): start takes the accepted sockets, finish
    // ends the answers under way and closes every connection.
    void start();
    void finish();

private:
    bool process_and_close_socket(socket_t sock) override;
    struct Gate;
    std::unique_ptr<Gate> gate_;
};

}  // namespace evidence::server
