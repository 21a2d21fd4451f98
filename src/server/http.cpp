// How responses and client errors are sent (server/http.hpp).
#include "server/http.hpp"

#include <unistd.h>

#include "render/json.hpp"

namespace evidence::server {

namespace {

const char* reason(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 408:
            return "Request Timeout";
        case 413:
            return "Payload Too Large";
        case 414:
            return "URI Too Long";
        case 431:
            return "Request Header Fields Too Large";
        default:
            return "Error";
    }
}

}  // namespace

// Sent on every response: JSON, static files and errors alike.
const httplib::Headers& security_headers() {
    static const httplib::Headers h = {
        {"X-Content-Type-Options", "nosniff"},
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
    };
    return h;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    send_body(res, status, render::dump(body), kJsonType);
}

void send_body(httplib::Response& res, int status, std::string body, const char* content_type) {
    // set_content() of cpp-httplib 0.11 copies; a response can be megabytes.
    res.status = status;
    res.body = std::move(body);
    res.headers.erase("Content-Type");
    res.set_header("Content-Type", content_type);
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& parameter) {
    send_json(res, status, render::error_json(code, message, parameter));
}

void write_access_line(std::string_view method, std::string_view path, int status, std::string_view ms) {
    std::string line;
    line.append(method).append(1, ' ').append(path.substr(0, 300)).append(1, ' ').append(std::to_string(status));
    for (auto& c : line)
        if ((c >= 0 && c < 0x20) || c == 0x7f) c = '?';  // no forged log lines
    if (!ms.empty()) line.append(1, ' ').append(ms).append("ms");
    line += '\n';
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, line.data(), line.size());
}

std::string refusal(int status, const std::string& code, const std::string& message) {
    const std::string body = render::dump(render::error_json(code, message, ""));
    std::string out = "HTTP/1.1 " + std::to_string(status) + ' ' + reason(status) + "\r\n";
    for (const auto& [k, v] : security_headers()) out += k + ": " + v + "\r\n";
    out += std::string("Content-Type: ") + kJsonType + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
    return out;
}

}  // namespace evidence::server
