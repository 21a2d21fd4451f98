#include "server/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "search/searcher.hpp"
#include "server/connections.hpp"
#include "server/hardening.hpp"
#include "server/http.hpp"
#include "server/routes.hpp"

namespace evidence::server {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRefreshEvery = std::chrono::milliseconds(100);

// The Searchers of the API, each lent to one request at a time (Xapian
// objects are never used by two threads at once). The one returned last is
// lent first: its blocks are the warmest. There are as many as requests
// searching at once, not one a worker thread: a keep-alive connection moves
// to another worker when it is reopened, and would meet a cold Database.
// Searches are not queued for the cores: the kernel shares them better
// (docs/BENCHMARKS.md, "Server": at 32 connections on 2 cores, at most 2 or
// 6 searching at once gave 25% and 8% fewer requests a second).
//
// A lent Searcher is refreshed first when kRefreshEvery has passed since it
// was last: a reopen, or a new Database after the stub was swapped. That
// reads two files (40-50 µs of CPU here), as much as the HTTP exchange on
// this machine: not on every request, and with 32 Searchers busy, not 50
// times a second each. A Searcher is then at most that far behind a swap,
// and the indexer keeps the previous build for it. When the refresh fails,
// as when the build it held was removed, a new Searcher opens whatever is
// live now.
class SearcherPool {
public:
    SearcherPool(std::filesystem::path db, const std::vector<std::string>& shards) : db_(std::move(db)) {
        for (const auto& s : shards) shards_.push_back(search::parse_shard(s));
    }

    void with(const std::function<void(search::Searcher&)>& f) {
        Slot slot = take();
        struct Give {
            SearcherPool& pool;
            Slot& slot;
            ~Give() {
                if (slot.searcher) pool.give(std::move(slot));
            }
        } give{*this, slot};
        ready(slot);
        f(*slot.searcher);
    }

private:
    struct Slot {
        std::unique_ptr<search::Searcher> searcher;
        Clock::time_point checked;
    };

    Slot take() {
        std::lock_guard lock(mutex_);
        if (idle_.empty()) return {};
        Slot slot = std::move(idle_.back());
        idle_.pop_back();
        return slot;
    }

    // From a destructor: never throws (without memory, the Searcher is dropped).
    void give(Slot slot) noexcept {
        try {
            std::lock_guard lock(mutex_);
            idle_.push_back(std::move(slot));
        } catch (...) {
        }
    }

    // Outside the lock: opening and refreshing read files.
    void ready(Slot& slot) {
        const auto now = Clock::now();
        if (slot.searcher) {
            if (now - slot.checked < kRefreshEvery) return;
            try {
                slot.searcher->refresh();
                slot.checked = now;
                return;
            } catch (const std::exception&) {
                slot.searcher.reset();
            }
        }
        // Throws Unavailable when there is no index (or a shard does not answer).
        slot.searcher =
            shards_.empty() ? std::make_unique<search::Searcher>(db_) : std::make_unique<search::Searcher>(shards_);
        slot.checked = now;
    }

    const std::filesystem::path db_;
    std::vector<search::Shard> shards_;
    std::mutex mutex_;
    std::vector<Slot> idle_;
};

// POST /api/match takes a text (routes.cpp): the one body route of the API.
ServerOptions with_api_bodies(ServerOptions o) {
    const bool listed = std::any_of(o.bodies.begin(), o.bodies.end(),
                                    [](const BodyRoute& r) { return r.method == "POST" && r.path == kBodyPath; });
    if (!listed) o.bodies.push_back({"POST", kBodyPath, kMaxBodyBytes});
    return o;
}

ConnectionLimits limits_of(const ServerOptions& o) {
    ConnectionLimits l;
    l.head.bodies = o.bodies;
    l.threads = std::max(8, o.threads);
    l.request_timeout = std::chrono::milliseconds(o.request_timeout_ms);
    l.idle_timeout = std::chrono::milliseconds(o.idle_timeout_ms);
    l.access_log = o.access_log;
    return l;
}

}  // namespace

struct Server::Impl {
    explicit Impl(ServerOptions o) : opts(std::move(o)), pool(opts.db, opts.shards), http(limits_of(opts)) {}
    ServerOptions opts;
    SearcherPool pool;
    GatedServer http;
    Context ctx;
};

Server::Server(ServerOptions opts) : impl_(std::make_unique<Impl>(with_api_bodies(std::move(opts)))) {
    harden(impl_->http, {impl_->opts.threads, impl_->opts.access_log, impl_->opts.bodies});
    impl_->ctx.with_searcher = [pool = &impl_->pool](const std::function<void(search::Searcher&)>& f) {
        pool->with(f);
    };
    impl_->ctx.corpus_status = impl_->opts.corpus_status;
    if (!impl_->opts.public_url.empty()) {
        const auto base = render::public_base_url(impl_->opts.public_url);
        if (!base) throw std::invalid_argument("public_url: not an absolute http(s) URL without query or fragment");
        impl_->ctx.export_context.public_url = *base;
    }
    install_routes(impl_->http, impl_->ctx);
    install_static(impl_->http, impl_->opts.web);
}

Server::~Server() { stop(); }

int Server::bind() {
    if (impl_->opts.port == 0) {
        const int port = impl_->http.bind_to_any_port(impl_->opts.host);
        if (port < 0) throw std::runtime_error("cannot bind to " + impl_->opts.host);
        impl_->http.raise_backlog();
        return port;
    }
    if (!impl_->http.bind_to_port(impl_->opts.host, impl_->opts.port))
        throw std::runtime_error("cannot bind to " + impl_->opts.host + ":" + std::to_string(impl_->opts.port) +
                                 " (in use?)");
    impl_->http.raise_backlog();
    return impl_->opts.port;
}

void Server::run() {
    impl_->http.start();
    impl_->http.listen_after_bind();
    impl_->http.finish();
}
// Only stops the accept loop (it may run from a signal handler): run()
// closes the connections when it returns.
void Server::stop() {
    if (impl_->http.is_running()) impl_->http.stop();
}
bool Server::running() const { return impl_->http.is_running(); }

}  // namespace evidence::server
