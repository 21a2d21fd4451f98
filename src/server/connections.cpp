#include "server/connections.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http.hpp"

namespace evidence::server {

namespace {

using Clock = std::chrono::steady_clock;

struct Conn {
    enum class Phase { Idle, Head, Body, Draining };
    int fd = -1;
    std::string buf;
    Phase phase = Phase::Idle;
    Clock::time_point deadline;
    Clock::time_point idle_since;
    std::size_t served = 0;
    std::size_t drained = 0;
    RequestHead head;
};
using ConnPtr = std::unique_ptr<Conn>;

void close_fd(int fd) {
    if (fd >= 0) ::close(fd);
}

// One request's bytes (head and body) for cpp-httplib to read, and the
// socket to write its answer to. It never reads the socket: what is not this
// request's stays in the connection's buffer for the next one.
class RequestStream : public httplib::Stream {
public:
    RequestStream(int fd, std::string request, std::chrono::milliseconds write_timeout)
        : fd_(fd), in_(std::move(request)), write_timeout_(write_timeout) {}

    bool is_readable() const override { return pos_ < in_.size(); }
    bool is_writable() const override {
        pollfd p{fd_, POLLOUT, 0};
        return ::poll(&p, 1, static_cast<int>(write_timeout_.count())) > 0 && (p.revents & POLLOUT);
    }
    ssize_t read(char* ptr, size_t size) override {
        const std::size_t n = std::min(size, in_.size() - pos_);
        std::copy_n(in_.data() + pos_, n, ptr);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, size_t size) override {
        std::size_t sent = 0;
        while (sent < size) {
            const ssize_t n = ::send(fd_, ptr + sent, size - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && is_writable()) continue;
            return -1;  // the client is gone, or read nothing for write_timeout
        }
        watch(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
    // cpp-httplib answers 500 to a socket number past FD_SETSIZE, for its
    // select(); this stream never selects.
    socket_t socket() const override { return fd_ < FD_SETSIZE ? fd_ : INVALID_SOCKET; }

    // The answer told the client that the connection closes (a handler's
    // refusal sets Connection: close; cpp-httplib 0.11 would keep reading).
    bool answer_closes() const {
        std::string h = head_.substr(0, head_.find("\r\n\r\n") + 2);
        for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return h.find("\r\nconnection: close\r\n") != std::string::npos;
    }

private:
    void watch(const char* ptr, std::size_t size) {
        if (head_done_) return;
        head_.append(ptr, std::min<std::size_t>(size, 16384));
        head_done_ = head_.find("\r\n\r\n") != std::string::npos || head_.size() >= 16384;
    }
    void address(bool local, std::string& ip, int& port) const {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        auto* sa = reinterpret_cast<sockaddr*>(&a);
        if ((local ? ::getsockname(fd_, sa, &len) : ::getpeername(fd_, sa, &len)) != 0) return;
        char text[INET6_ADDRSTRLEN] = "";
        if (a.ss_family == AF_INET) {
            const auto* in = reinterpret_cast<sockaddr_in*>(&a);
            ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
            port = ntohs(in->sin_port);
        } else if (a.ss_family == AF_INET6) {
            const auto* in6 = reinterpret_cast<sockaddr_in6*>(&a);
            ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
            port = ntohs(in6->sin6_port);
        }
        ip = text;
    }

    int fd_;
    std::string in_;
    std::size_t pos_ = 0;
    std::chrono::milliseconds write_timeout_;
    std::string head_;
    bool head_done_ = false;
};

// cpp-httplib's accept loop runs each task at once: handing a socket over
// takes microseconds, so its accept loop never waits for a worker.
class Inline : public httplib::TaskQueue {
public:
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override {}
};

void send_all(int fd, const std::string& bytes, std::chrono::milliseconds timeout) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        pollfd p{fd, POLLOUT, 0};
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return;
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return;
    }
}

}  // namespace

using Serve = std::function<bool(httplib::Stream&, bool close, bool& closed)>;

struct GatedServer::Gate {
    Gate(ConnectionLimits l, Serve s) : lim(std::move(l)), serve(std::move(s)) {}

    const ConnectionLimits lim;
    const Serve serve;
    int ep = -1;
    int wake = -1;
    std::thread events;
    std::vector<std::thread> workers;
    std::mutex mutex;
    std::condition_variable work;
    bool stopping = false;
    bool started = false;
    std::deque<ConnPtr> jobs;               // complete requests, for the workers
    std::vector<ConnPtr> incoming;          // new and returned connections, for the event thread
    std::unordered_map<int, ConnPtr> open;  // the event thread's
    std::atomic<std::size_t> total{0};

    void start() {
        std::lock_guard lock(mutex);
        if (started) return;
        ep = ::epoll_create1(EPOLL_CLOEXEC);
        wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (ep < 0 || wake < 0) throw std::runtime_error("cannot create the connection event loop");
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = wake;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev);
        started = true;
        stopping = false;
        events = std::thread([this] { loop(); });
        for (int i = 0; i < std::max(1, lim.threads); ++i) workers.emplace_back([this] { work_loop(); });
    }

    void finish() {
        {
            std::lock_guard lock(mutex);
            if (!started) return;
            stopping = true;
        }
        work.notify_all();
        nudge();
        events.join();
        for (auto& w : workers) w.join();
        workers.clear();
        std::lock_guard lock(mutex);
        for (auto& [fd, c] : open) close_fd(fd);
        for (auto& c : incoming) close_fd(c->fd);
        for (auto& c : jobs) close_fd(c->fd);
        open.clear();
        incoming.clear();
        jobs.clear();
        total = 0;
        close_fd(ep);
        close_fd(wake);
        ep = wake = -1;
        started = false;
    }

    void nudge() const {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(wake, &one, sizeof one);
    }

    // From cpp-httplib's accept loop.
    void add(int fd) {
        const int flags = ::fcntl(fd, F_GETFL, 0);
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Conn>();
        c->fd = fd;
        c->deadline = Clock::now() + lim.request_timeout;  // the first request, from the connection's start
        c->idle_since = Clock::now();
        {
            std::lock_guard lock(mutex);
            if (!started || stopping) {
                close_fd(fd);
                return;
            }
            ++total;
            incoming.push_back(std::move(c));
        }
        nudge();
    }

    void give_back(ConnPtr c) {
        {
            std::lock_guard lock(mutex);
            incoming.push_back(std::move(c));
        }
        nudge();
    }

    void drop(int fd) {
        close_fd(fd);
        --total;
    }

    // ---- the event thread ----

    void loop() {
        std::vector<epoll_event> evs(128);
        auto swept = Clock::now();
        for (;;) {
            const int n = ::epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), 100);
            {
                std::lock_guard lock(mutex);
                if (stopping) return;
            }
            for (int i = 0; i < n; ++i) {
                const int fd = evs[static_cast<std::size_t>(i)].data.fd;
                if (fd == wake) {
                    std::uint64_t v;
                    [[maybe_unused]] const auto r = ::read(wake, &v, sizeof v);
                    take_incoming();
                } else if (auto it = open.find(fd); it != open.end()) {
                    readable(it);
                }
            }
            const auto now = Clock::now();
            if (now - swept >= std::chrono::milliseconds(100)) {
                sweep(now);
                swept = now;
            }
        }
    }

    void take_incoming() {
        std::vector<ConnPtr> batch;
        {
            std::lock_guard lock(mutex);
            batch.swap(incoming);
        }
        for (auto& c : batch) {
            if (total > lim.max_connections && c->served == 0 && !evict_idle()) {
                drop(c->fd);  // full of requests under way: the newest waits no longer
                continue;
            }
            epoll_event ev{};
            ev.events = EPOLLIN;
            ev.data.fd = c->fd;
            if (::epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
                drop(c->fd);
                continue;
            }
            const int fd = c->fd;
            auto [it, fresh] = open.emplace(fd, std::move(c));
            (void)fresh;
            advance(it);  // a pipelined request may be complete already
        }
    }

    // The connection waiting longest for a next request, closed to admit one.
    bool evict_idle() {
        auto oldest = open.end();
        for (auto it = open.begin(); it != open.end(); ++it)
            if (it->second->phase == Conn::Phase::Idle &&
                (oldest == open.end() || it->second->idle_since < oldest->second->idle_since))
                oldest = it;
        if (oldest == open.end()) return false;
        close_conn(oldest);
        return true;
    }

    void close_conn(std::unordered_map<int, ConnPtr>::iterator it) {
        ::epoll_ctl(ep, EPOLL_CTL_DEL, it->first, nullptr);
        drop(it->first);
        open.erase(it);
    }

    void readable(std::unordered_map<int, ConnPtr>::iterator it) {
        Conn& c = *it->second;
        char tmp[16384];
        const ssize_t n = ::recv(c.fd, tmp, sizeof tmp, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        if (n <= 0) {
            close_conn(it);
            return;
        }
        if (c.phase == Conn::Phase::Draining) {
            c.drained += static_cast<std::size_t>(n);
            if (c.drained > (1u << 20)) close_conn(it);
            return;
        }
        c.buf.append(tmp, static_cast<std::size_t>(n));
        advance(it);
    }

    void advance(std::unordered_map<int, ConnPtr>::iterator it) {
        Conn& c = *it->second;
        if (c.phase == Conn::Phase::Draining || c.buf.empty()) return;
        if (c.phase == Conn::Phase::Idle) {
            c.phase = Conn::Phase::Head;
            if (c.served > 0) c.deadline = Clock::now() + lim.request_timeout;
        }
        if (c.phase == Conn::Phase::Head) {
            c.head = read_request_head(c.buf, lim.head);
            if (c.head.state == RequestHead::State::Incomplete) return;
            if (c.head.state == RequestHead::State::Refused) return dispatch(it);
            c.phase = Conn::Phase::Body;
            if (c.head.expect_continue && c.buf.size() < c.head.length + c.head.body) {
                static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
                [[maybe_unused]] const auto s =
                    ::send(c.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            }
        }
        if (c.buf.size() >= c.head.length + c.head.body) dispatch(it);
    }

    void dispatch(std::unordered_map<int, ConnPtr>::iterator it) {
        ::epoll_ctl(ep, EPOLL_CTL_DEL, it->first, nullptr);
        ConnPtr c = std::move(it->second);
        open.erase(it);
        {
            std::lock_guard lock(mutex);
            jobs.push_back(std::move(c));
        }
        work.notify_one();
    }

    void sweep(Clock::time_point now) {
        const bool busy = total > lim.max_connections / 2;
        std::vector<int> late;
        for (const auto& [fd, c] : open) {
            auto deadline = c->deadline;
            if (busy && c->phase == Conn::Phase::Idle && c->served > 0)
                deadline = std::min(deadline, c->idle_since + lim.busy_idle_timeout);
            if (now >= deadline) late.push_back(fd);
        }
        // Too slow or idle too long: closed without an answer, as nginx does.
        for (int fd : late) close_conn(open.find(fd));
    }

    // ---- the workers ----

    void work_loop() {
        for (;;) {
            ConnPtr c;
            {
                std::unique_lock lock(mutex);
                work.wait(lock, [this] { return stopping || !jobs.empty(); });
                if (stopping) return;
                c = std::move(jobs.front());
                jobs.pop_front();
            }
            const int fd = c->fd;
            try {
                answer(std::move(c));
            } catch (...) {  // out of memory, say: the connection, not yet handed on, is closed
                drop(fd);
            }
        }
    }

    void answer(ConnPtr c) {
        const RequestHead& h = c->head;
        if (h.state == RequestHead::State::Refused) {
            send_all(c->fd, refusal(h.status, h.code, h.message), lim.write_timeout);
            if (lim.access_log) {
                // Decoded as cpp-httplib decodes the paths it logs.
                const RequestLine rl = request_line_of(c->buf);
                write_access_line(rl.method, rl.path == "-" ? rl.path : httplib::detail::decode_url(rl.path, false),
                                  h.status);
            }
            return linger(std::move(c));
        }
        std::string request = h.head;
        request.append(c->buf, h.length, h.body);
        c->buf.erase(0, h.length + h.body);
        ++c->served;
        bool stop_now = false;
        {
            std::lock_guard lock(mutex);
            stop_now = stopping;
        }
        const bool close = h.close || c->served >= lim.max_requests || stop_now;
        RequestStream stream(c->fd, std::move(request), lim.write_timeout);
        bool closed = false;
        const bool ok = serve(stream, close, closed);
        if (!ok || close || closed || stream.answer_closes()) return linger(std::move(c));
        c->phase = Conn::Phase::Idle;
        c->idle_since = Clock::now();
        c->deadline = c->idle_since + lim.idle_timeout;
        give_back(std::move(c));
    }

    // No more answers on this connection: what the client still sends (the
    // body of a refused request, pipelined requests) is read and dropped
    // until it closes, so that closing does not reset the connection before
    // the client has read the answer.
    void linger(ConnPtr c) {
        ::shutdown(c->fd, SHUT_WR);
        c->phase = Conn::Phase::Draining;
        c->buf.clear();
        c->buf.shrink_to_fit();
        c->deadline = Clock::now() + lim.linger;
        give_back(std::move(c));
    }
};

GatedServer::GatedServer(ConnectionLimits limits)
    : gate_(std::make_unique<Gate>(std::move(limits), [this](httplib::Stream& s, bool close, bool& closed) {
          // Ranges are answered by the static file handler alone (one range,
          // 206): cpp-httplib would cut any answer to the range, even a 200.
          return process_request(s, close, closed, [](httplib::Request& req) { req.ranges.clear(); });
      })) {}

GatedServer::~GatedServer() { gate_->finish(); }

void GatedServer::raise_backlog() {
    // listen() again on a listening socket sets its backlog (Linux).
    if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, gate_->lim.backlog);
}

void GatedServer::start() {
    new_task_queue = [] { return new Inline; };
    gate_->start();
}

void GatedServer::finish() { gate_->finish(); }

bool GatedServer::process_and_close_socket(socket_t sock) {
    gate_->add(sock);
    return true;
}

}  // namespace evidence::server
