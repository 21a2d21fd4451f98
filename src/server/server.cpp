#include "server/server.hpp"

#include <httplib.h>

#include <iostream>
#include <mutex>
#include <set>
#include <stdexcept>

#include "render/json.hpp"
#include "search/searcher.hpp"
#include "search/request.hpp"

namespace evidence::server {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr std::size_t kMaxPayload = 64 * 1024;

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(render::dump(body), kJson);
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& parameter = "") {
    send_json(res, status, render::error_json(code, message, parameter));
}

}  // namespace

struct Server::Impl {
    ServerOptions opts;
    httplib::Server http;
    std::mutex log_mutex;

    // One Searcher per worker thread: Xapian objects are never shared.
    search::Searcher& searcher() {
        thread_local std::unique_ptr<search::Searcher> s;
        thread_local std::filesystem::path for_db;
        if (!s || for_db != opts.db) {
            s = std::make_unique<search::Searcher>(opts.db);
            for_db = opts.db;
        } else {
            s->refresh();
        }
        return *s;
    }

    // Runs a handler body, mapping the library's expected failures to statuses.
    template <typename F>
    void guarded(httplib::Response& res, F&& f) {
        try {
            f();
        } catch (const search::BadRequest& e) {
            send_error(res, 400, "bad_parameter", e.what(), e.parameter);
        } catch (const search::Unavailable& e) {
            send_error(res, 503, "index_unavailable", e.what());
        }
    }

    void routes() {
        http.Get("/api/health", [this](const httplib::Request&, httplib::Response& res) {
            guarded(res, [&] {
                json stats = searcher().stats();
                send_json(res, 200, {{"status", "ok"}, {"index", stats}});
            });
        });
        http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
            guarded(res, [&] {
                const search::SearchRequest sr = search::search_request(req.params);
                send_json(res, 200, render::search_json(searcher().search(sr)));
            });
        });
    }

    void hardening() {
        http.set_tcp_nodelay(true);
        http.set_keep_alive_max_count(100);
        http.set_keep_alive_timeout(5);
        http.set_read_timeout(5, 0);
        http.set_write_timeout(5, 0);
        http.set_payload_max_length(kMaxPayload);
        const int threads = opts.threads;
        http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
        http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                  {"Content-Security-Policy",
                                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                   "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"},
                                  {"Referrer-Policy", "no-referrer"},
                                  {"X-Frame-Options", "DENY"}});
        // Bodies the server never reads: refuse them before they are read
        // (cpp-httplib 0.11 does not bound chunked bodies).
        http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
            if (req.has_header("Transfer-Encoding") || req.has_header("Content-Encoding")) {
                send_error(res, 400, "bad_request", "request bodies with Transfer-Encoding or Content-Encoding are refused");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });
        http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            // Never the exception's text: it may name files or internals.
            send_error(res, 500, "internal", "internal error");
        });
        http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return;
            if (res.status == 404)
                send_error(res, 404, "not_found", "no such page: " + req.path);
            else
                send_error(res, res.status, "http_" + std::to_string(res.status), "request failed");
        });
        if (opts.access_log) {
            http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
                std::lock_guard<std::mutex> lock(log_mutex);
                std::cerr << req.method << ' ' << req.path << ' ' << res.status << '\n';
            });
        }
    }
};

Server::Server(ServerOptions opts) : impl_(std::make_unique<Impl>()) {
    impl_->opts = std::move(opts);
    impl_->hardening();
    impl_->routes();
    std::error_code ec;
    if (std::filesystem::is_directory(impl_->opts.web, ec))
        impl_->http.set_mount_point("/", impl_->opts.web.string());
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
