// What cpp-httplib's hooks need to answer every request safely
// (server/hardening.hpp): limits, timeouts, headers and the error mapping.
#include "server/hardening.hpp"

#include <algorithm>
#include <iostream>

#include "model/model.hpp"
#include "server/http.hpp"

namespace evidence::server {

namespace {

constexpr std::size_t kMaxPayload = kMaxBodyBytes;

std::string error_code(int status) {
    switch (status) {
        case 400:
            return "bad_request";
        case 404:
            return "not_found";
        case 405:
            return "method_not_allowed";
        case 408:
            return "request_timeout";
        case 413:
            return "payload_too_large";
        case 414:
            return "uri_too_long";
        case 431:
            return "headers_too_large";
        case 503:
            return "unavailable";
        default:
            return "http_" + std::to_string(status);
    }
}

std::string error_message(int status, const httplib::Request& req) {
    switch (status) {
        case 404:
            return "no such page: " + req.path.substr(0, 200);
        case 405:
            return "only GET and HEAD are allowed";
        case 413:
            return "the request is too large";
        case 414:
            return "the address is too long";
        default:
            return "the request cannot be answered";
    }
}

}  // namespace

void harden(httplib::Server& http, const Hardening& h) {
    http.set_tcp_nodelay(true);  // or every keep-alive response waits for a delayed ACK
    http.set_keep_alive_max_count(100);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_payload_max_length(kMaxPayload);
    const auto threads = static_cast<std::size_t>(std::max(8, h.threads));
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_default_headers(security_headers());

    // Refused before any body is read: the API and the web UI take none
    // (cpp-httplib 0.11 does not bound chunked bodies), and only GET and HEAD.
    http.set_pre_routing_handler([bodies = h.bodies](const httplib::Request& req, httplib::Response& res) {
        if (req.has_header("Transfer-Encoding") || req.has_header("Content-Encoding")) {
            send_error(res, 400, "bad_request",
                       "request bodies with Transfer-Encoding or Content-Encoding are refused");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.path == kBodyPath && req.method != "POST") {
            send_error(res, 405, "method_not_allowed", "POST a text/plain body to /api/match");
            res.set_header("Allow", "POST");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        const bool body_route = std::any_of(bodies.begin(), bodies.end(), [&](const BodyRoute& r) {
            return r.method == req.method && r.path == req.path;
        });
        if (body_route && req.path == kBodyPath) {
            // POST /api/match: its length was checked with the head
            // (request_head.cpp); its type and emptiness before it is read.
            auto refuse = [&](int status, const std::string& code, const std::string& message) {
                send_error(res, status, code, message);
                res.set_header("Connection", "close");
                return httplib::Server::HandlerResponse::Handled;
            };
            const std::string given = lower_ascii(req.get_header_value("Content-Type"));
            std::string type = given.substr(0, given.find(';'));
            type.erase(type.find_last_not_of(" \t") + 1);
            if (type != "text/plain" ||
                (given.find("charset=") != std::string::npos && given.find("charset=utf-8") == std::string::npos))
                return refuse(415, "unsupported_media_type", "the body must be text/plain; charset=utf-8");
            const std::string length = req.get_header_value("Content-Length");
            if (length.empty()) return refuse(411, "length_required", "the body needs a Content-Length");
            if (length.find_first_not_of('0') == std::string::npos)
                return refuse(400, "bad_request", "the body is empty: POST the text to match");
        }
        if (body_route) return httplib::Server::HandlerResponse::Unhandled;
        if (req.method != "GET" && req.method != "HEAD") {
            send_error(res, 405, "method_not_allowed", "only GET and HEAD are allowed");
            res.set_header("Allow", "GET, HEAD");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        const std::string length = req.get_header_value("Content-Length");
        if (!length.empty() && length.find_first_not_of('0') != std::string::npos) {
            send_error(res, 400, "bad_request", "GET and HEAD requests take no body");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& ep) {
        // The operator sees what happened; the client never does (it may
        // name files or internals), nor in an EXCEPTION_WHAT header.
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            std::cerr << "error: " << req.method << ' ' << req.path << ": " << e.what() << '\n';
        } catch (...) {
            std::cerr << "error: " << req.method << ' ' << req.path << ": unknown exception\n";
        }
        res.headers.clear();
        for (const auto& [k, v] : security_headers()) res.set_header(k, v);
        send_error(res, 500, "internal", "internal error");
    });
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;  // a handler's own JSON error
        send_error(res, res.status, error_code(res.status), error_message(res.status, req));
        if (res.status == 405) res.set_header("Allow", "GET, HEAD");
    });
    if (h.access_log) {
        // Method, path, status and, for the API, the time the server worked
        // on it in milliseconds (its Server-Timing): never the query string,
        // which holds what people search for. One write(2) a line: whole
        // lines from many threads, no lock, no stream flush per token.
        http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            const std::string timing = res.get_header_value("Server-Timing");
            const auto at = timing.find("dur=");
            write_access_line(req.method, req.path, res.status,
                              at == std::string::npos ? std::string_view() : std::string_view(timing).substr(at + 4));
        });
    }
}

}  // namespace evidence::server
