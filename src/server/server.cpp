#include "server/server.hpp"

#include <httplib.h>

#include <chrono>
#include <stdexcept>

#include "search/searcher.hpp"
#include "server/http.hpp"
#include "server/routes.hpp"

namespace evidence::server {

namespace {
constexpr auto kRefreshEvery = std::chrono::milliseconds(20);
}  // namespace

struct Server::Impl {
    ServerOptions opts;
    httplib::Server http;
    Context ctx;

    // One Searcher per worker thread: Xapian objects are never shared.
    // refresh() picks up a reindex (a reopen, or a new Database after the
    // stub was swapped); when that fails, as when the build it held was
    // removed, a new Searcher opens whatever is live now. It reads the stub
    // file and reopens, several system calls that cost as much as the
    // HTTP exchange on this machine (docs/BENCHMARKS.md, "Server"): a busy
    // worker checks every kRefreshEvery, not on every request. A worker is
    // then at most that far behind a swap, and the indexer keeps the
    // previous build for it.
    search::Searcher& searcher() {
        using Clock = std::chrono::steady_clock;
        thread_local std::unique_ptr<search::Searcher> s;
        thread_local std::filesystem::path for_db;
        thread_local Clock::time_point checked;
        const auto now = Clock::now();
        if (s && for_db == opts.db) {
            if (now - checked < kRefreshEvery) return *s;
            try {
                s->refresh();
                checked = now;
                return *s;
            } catch (const std::exception&) {
                s.reset();
            }
        }
        s.reset();
        s = std::make_unique<search::Searcher>(opts.db);  // throws Unavailable when there is no index
        for_db = opts.db;
        checked = now;
        return *s;
    }
};

Server::Server(ServerOptions opts) : impl_(std::make_unique<Impl>()) {
    impl_->opts = std::move(opts);
    harden(impl_->http, {impl_->opts.threads, impl_->opts.access_log});
    impl_->ctx.searcher = [impl = impl_.get()]() -> search::Searcher& { return impl->searcher(); };
    install_routes(impl_->http, impl_->ctx);
    install_static(impl_->http, impl_->opts.web);
}

Server::~Server() { stop(); }

int Server::bind() {
    if (impl_->opts.port == 0) {
        const int port = impl_->http.bind_to_any_port(impl_->opts.host);
        if (port < 0) throw std::runtime_error("cannot bind to " + impl_->opts.host);
        return port;
    }
    if (!impl_->http.bind_to_port(impl_->opts.host, impl_->opts.port))
        throw std::runtime_error("cannot bind to " + impl_->opts.host + ":" + std::to_string(impl_->opts.port) +
                                 " (in use?)");
    return impl_->opts.port;
}

void Server::run() { impl_->http.listen_after_bind(); }
void Server::stop() {
    if (impl_->http.is_running()) impl_->http.stop();
}
bool Server::running() const { return impl_->http.is_running(); }

}  // namespace evidence::server
