#include "server/request_head.hpp"

#include <algorithm>

namespace evidence::server {

namespace {

bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == (y | 0x20) || x == y; });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// A token of a comma-separated header value, case-insensitively.
bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        const auto comma = value.find(',');
        if (iequals(trim(value.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

// One range of bytes, as static files serve it: "bytes=a-b", "bytes=a-",
// "bytes=-n". Anything else (several ranges, other units) is ignored: the
// whole file is sent, as RFC 9110 allows.
bool single_byte_range(std::string_view v) {
    v = trim(v);
    if (v.size() > 64 || v.substr(0, 6) != "bytes=") return false;
    v.remove_prefix(6);
    const auto dash = v.find('-');
    if (dash == std::string_view::npos) return false;
    const auto first = v.substr(0, dash), last = v.substr(dash + 1);
    const auto digits = [](std::string_view d) {
        return d.size() <= 15 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return digits(first) && digits(last) && !(first.empty() && last.empty());
}

RequestHead refuse(int status, std::string code, std::string message) {
    RequestHead h;
    h.state = RequestHead::State::Refused;
    h.status = status;
    h.code = std::move(code);
    h.message = std::move(message);
    h.close = true;
    return h;
}

RequestHead bad(std::string message) { return refuse(400, "bad_request", std::move(message)); }

RequestHead too_large(const HeadLimits& limits) {
    return refuse(431, "headers_too_large",
                  "the request head is too large (at most " + std::to_string(limits.max_headers) + " header lines of " +
                      std::to_string(limits.max_header_line / 1024) + " KiB, " +
                      std::to_string(limits.max_head / 1024) + " KiB in all)");
}

}  // namespace

RequestLine request_line_of(std::string_view buffer) {
    while (buffer.substr(0, 2) == "\r\n") buffer.remove_prefix(2);
    const std::string_view line = buffer.substr(0, buffer.find_first_of("\r\n"));
    RequestLine r;
    const auto sp = line.find(' ');
    if (sp == std::string_view::npos) return r;
    const std::string_view method = line.substr(0, sp);
    if (method.empty() || method.size() > 32 || !std::all_of(method.begin(), method.end(), is_tchar)) return r;
    r.method = std::string(method);
    const std::string_view target = line.substr(sp + 1, line.find_first_of(" ?", sp + 1) - sp - 1);
    if (!target.empty()) r.path = std::string(target.substr(0, 300));
    return r;
}

RequestHead read_request_head(std::string_view buffer, const HeadLimits& limits) {
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    std::size_t start = 0;
    while (buffer.substr(start, 2) == "\r\n") start += 2;
    const std::string_view rest = buffer.substr(start);

    const auto end = rest.find("\r\n\r\n");
    const std::string_view scanned = rest.substr(0, end == std::string_view::npos ? rest.size() : end + 4);
    // A lone LF ends a line for some parsers and not for others: refused
    // rather than read one way here and another way behind a proxy.
    for (std::size_t i = 0; i < scanned.size(); ++i)
        if (scanned[i] == '\n' && (i == 0 || scanned[i - 1] != '\r'))
            return bad("a line of the request head ends in a bare LF");

    const auto line_end = rest.find("\r\n");
    if ((line_end == std::string_view::npos ? rest.size() : line_end) > limits.max_request_line)
        return refuse(
            414, "uri_too_long",
            "the request line is too long (at most " + std::to_string(limits.max_request_line / 1024) + " KiB)");
    if (end == std::string_view::npos) {
        if (rest.size() > limits.max_head) return too_large(limits);
        return {};
    }
    if (end + 4 > limits.max_head) return too_large(limits);

    // The request line: method SP target SP version.
    const std::string_view line = rest.substr(0, line_end);
    const auto sp1 = line.find(' ');
    const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return bad("malformed request line");
    const std::string_view method = line.substr(0, sp1);
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (method.empty() || !std::all_of(method.begin(), method.end(), is_tchar) || target.empty() ||
        (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return bad("malformed request line");
    const std::string_view path = target.substr(0, target.find('?'));

    RequestHead h;
    h.length = start + end + 4;
    h.head.reserve(end + 4);
    h.head.append(line).append("\r\n");
    std::size_t count = 0;
    bool chunked = false, has_length = false, range_ok = false;
    std::string_view length, range;
    std::size_t at = line_end + 2;
    while (at < end + 2) {
        const auto eol = rest.find("\r\n", at);
        const std::string_view field = rest.substr(at, eol - at);
        at = eol + 2;
        if (++count > limits.max_headers || field.size() > limits.max_header_line) return too_large(limits);
        if (field.front() == ' ' || field.front() == '\t') return bad("obsolete line folding in the request head");
        const auto colon = field.find(':');
        if (colon == std::string_view::npos || colon == 0 ||
            !std::all_of(field.begin(), field.begin() + static_cast<std::ptrdiff_t>(colon), is_tchar))
            return bad("malformed header line");
        const std::string_view name = field.substr(0, colon), value = trim(field.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            // Repeated or listed values must all be the same number (RFC 9112, 6.3).
            std::string_view list = value;
            while (true) {
                const auto comma = list.find(',');
                const std::string_view v = trim(list.substr(0, comma));
                if (v.empty() || v.size() > 15 ||
                    !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    return bad("invalid Content-Length");
                if (has_length && v != length) return bad("conflicting Content-Length headers");
                length = v;
                has_length = true;
                if (comma == std::string_view::npos) break;
                list.remove_prefix(comma + 1);
            }
        } else if (iequals(name, "Transfer-Encoding")) {
            chunked = true;
        } else if (iequals(name, "Range")) {
            range_ok = range.empty() && single_byte_range(value);
            range = value.empty() ? " " : value;
            continue;  // added back below when honoured
        } else if (iequals(name, "Expect")) {
            h.expect_continue = iequals(value, "100-continue");
            continue;  // answered here, never by cpp-httplib
        } else if (iequals(name, "Connection")) {
            if (has_token(value, "close")) h.close = true;
        }
        h.head.append(field).append("\r\n");
    }
    if (version == "HTTP/1.0") h.close = true;  // no keep-alive for HTTP/1.0
    // Ranges only where they make sense: one range of a static file.
    const bool api = path == "/api" || path.substr(0, 5) == "/api/";
    if (range_ok && !api && (method == "GET" || method == "HEAD"))
        h.head.append("Range: ").append(range).append("\r\n");
    h.head.append("\r\n");

    const std::size_t body = has_length ? std::stoull(std::string(length)) : 0;
    if (chunked || body > 0) {
        const auto route = std::find_if(limits.bodies.begin(), limits.bodies.end(),
                                        [&](const BodyRoute& r) { return r.method == method && r.path == path; });
        if (route != limits.bodies.end() && !chunked && has_length) {
            if (body > route->max_bytes)
                return refuse(
                    413, "payload_too_large",
                    "the request body is too large (at most " + std::to_string(route->max_bytes / 1024) + " KiB)");
            h.body = body;
        } else {
            // Answered without its body (cpp-httplib refuses it before reading
            // it), and the connection closed: the body is never read as the
            // next request.
            h.close = true;
            h.expect_continue = false;
        }
    } else {
        h.expect_continue = false;
    }
    h.state = RequestHead::State::Ready;
    return h;
}

}  // namespace evidence::server
