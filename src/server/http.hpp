// Internal to the server module: how responses and client errors are sent
// (server/http.cpp). HTTP status codes exist only in src/server/.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace evidence::server {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";

// A request the server refuses: a status, a stable code and a message that
// names what was wrong (never an internal detail).
struct HttpError : std::runtime_error {
    HttpError(int st, std::string c, const std::string& message, std::string param = "")
        : std::runtime_error(message), status(st), code(std::move(c)), parameter(std::move(param)) {}
    int status;
    std::string code;
    std::string parameter;
};

void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// A body already serialised (exports, the OpenAPI document).
void send_body(httplib::Response& res, int status, std::string body, const char* content_type);
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& parameter = "");

// Sent on every response: JSON, static files and errors alike.
const httplib::Headers& security_headers();

// A whole HTTP answer with the JSON error and the security headers, for
// requests refused before cpp-httplib reads them; the connection closes.
std::string refusal(int status, const std::string& code, const std::string& message);

// One line of the access log on standard error: method, path (at most 300
// bytes, control characters replaced so no line can be forged), status and,
// when given, the server's time in milliseconds. One write(2) a line.
void write_access_line(std::string_view method, std::string_view path, int status, std::string_view ms = {});

}  // namespace evidence::server
