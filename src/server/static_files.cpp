// The web UI's files from web/: GET and HEAD only (the pre-routing handler
// refuses the rest), a fixed set of types, and nothing outside the folder:
// dot segments, encoded separators, absolute and hidden paths are refused
// before the file system is asked, and a symlink leading out is not followed.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "server/http.hpp"
#include "server/routes.hpp"

namespace evidence::server {

namespace fs = std::filesystem;

namespace {

const std::map<std::string, const char*>& content_types() {
    static const std::map<std::string, const char*> m = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", kJsonType},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".woff2", "font/woff2"},
    };
    return m;
}

std::string lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Encodings that decode to a separator, a dot or NUL, in the raw target:
// a name never needs them, and a path that does is probing.
bool encoded_probe(const std::string& target) {
    const std::string t = lower(target.substr(0, target.find('?')));
    for (const char* bad : {"%2f", "%5c", "%2e", "%00", "%u", "%25"})
        if (t.find(bad) != std::string::npos) return true;
    return t.find('\\') != std::string::npos;
}

// The path's segments, or an error message when it is not a plain relative path.
std::string split(const std::string& path, std::vector<std::string>& segments) {
    if (path.empty() || path[0] != '/') return "the path must start with /";
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const std::string seg = path.substr(start, end - start);
        if (seg.empty()) {
            if (end == path.size()) break;  // a trailing slash
            return "empty path segment";
        }
        if (seg == "." || seg == "..") return "dot segments are refused";
        if (seg[0] == '.') return "hidden files are not served";
        for (char c : seg)
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
                  c == '_'))
                return "unexpected character in the path";
        segments.push_back(seg);
        start = end + 1;
    }
    return "";
}

// One range of `size` bytes ("bytes=a-b", "a-", "-n"): the first and last
// byte, or false when no byte of the file is in it. Several ranges never
// reach here: request_head.cpp removes the header.
bool byte_range(const std::string& value, std::size_t size, std::size_t& first, std::size_t& last) {
    if (value.rfind("bytes=", 0) != 0 || size == 0) return false;
    const std::string spec = value.substr(6);
    const auto dash = spec.find('-');
    if (dash == std::string::npos) return false;
    const std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
    try {
        if (a.empty()) {  // the last n bytes
            const std::size_t n = std::stoull(b);
            if (n == 0) return false;
            first = n >= size ? 0 : size - n;
            last = size - 1;
            return true;
        }
        first = std::stoull(a);
        last = b.empty() ? size - 1 : std::min<std::size_t>(std::stoull(b), size - 1);
        return first < size && first <= last;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

void install_static(httplib::Server& http, const fs::path& web) {
    std::error_code ec;
    const fs::path root = fs::canonical(web, ec);
    const bool have_root = !ec && fs::is_directory(root, ec);
    http.Get(".*", [root, have_root](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/api" || req.path.rfind("/api/", 0) == 0) {
            send_error(res, 404, "not_found",
                       "no such endpoint: " + req.path.substr(0, 200) + " (see /api/openapi.json)");
            return;
        }
        std::vector<std::string> segments;
        std::string why =
            encoded_probe(req.target) ? "encoded separators, dots and NUL are refused" : split(req.path, segments);
        if (!why.empty()) {
            send_error(res, 400, "bad_path", why);
            return;
        }
        if (!have_root) {
            send_error(res, 404, "not_found", "no web UI is served here; the JSON API is under /api/");
            return;
        }
        fs::path file = root;
        for (const auto& s : segments) file /= s;
        std::error_code e;
        if (fs::is_directory(file, e)) file /= "index.html";
        const fs::path real = fs::canonical(file, e);
        const auto type = content_types().find(lower(file.extension().string()));
        const bool inside = !e && real.string().rfind(root.string() + "/", 0) == 0;
        if (!inside || type == content_types().end() || !fs::is_regular_file(real, e)) {
            send_error(res, 404, "not_found", "no such page: " + req.path.substr(0, 200));
            return;
        }
        std::ifstream in(real, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        if (!in) {
            send_error(res, 404, "not_found", "no such page: " + req.path.substr(0, 200));
            return;
        }
        res.set_header("Cache-Control", "no-cache");
        res.set_header("Accept-Ranges", "bytes");
        std::string bytes = body.str();
        const std::string range = req.get_header_value("Range");
        if (range.empty()) return send_body(res, 200, std::move(bytes), type->second);
        std::size_t first = 0, last = 0;
        const std::size_t size = bytes.size();
        if (!byte_range(range, size, first, last)) {
            send_error(res, 416, "range_not_satisfiable",
                       "the range is outside the file (" + std::to_string(size) + " bytes)");
            res.set_header("Content-Range", "bytes */" + std::to_string(size));
            return;
        }
        res.set_header("Content-Range",
                       "bytes " + std::to_string(first) + '-' + std::to_string(last) + '/' + std::to_string(size));
        send_body(res, 206, bytes.substr(first, last - first + 1), type->second);
    });
}

}  // namespace evidence::server
