// Internal to the server module: what cpp-httplib's hooks need to answer
// every request safely (server/hardening.cpp).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <vector>

#include "server/request_head.hpp"

namespace evidence::server {

// What cpp-httplib's hooks need to answer every request safely: limits,
// timeouts, security headers, refusal of request bodies and of methods other
// than GET and HEAD, JSON errors, and an exception handler that never leaks.
// Separate from the routes so a test can install it on a server of its own.

// The one request that carries a body: POST of a text/plain UTF-8 text of
// at most kMaxBodyBytes to /api/match. Every other request is refused a body.
inline constexpr const char* kBodyPath = "/api/match";
inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;

struct Hardening {
    int threads = 16;
    bool access_log = true;
    std::vector<BodyRoute> bodies;  // the only requests with a body let through (see request_head.hpp)
};
void harden(httplib::Server& http, const Hardening& h);

}  // namespace evidence::server
