// Internal to the server module: the request head read and checked before
// cpp-httplib sees it. cpp-httplib 0.11.4 has no limit on the number of
// header lines, accepts conflicting Content-Length headers, assembles any
// number of ranges in memory and answers Range on every route; the
// connection layer (connections.hpp) hands it only heads that passed here,
// rewritten where a header must not reach it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::server {

// A route allowed a request body: bounded, with a Content-Length (never
// chunked). Every other request with a body is answered without reading it,
// and its connection closed.
struct BodyRoute {
    std::string method;  // "POST"
    std::string path;    // exact path, without the query
    std::size_t max_bytes = 0;
};

struct HeadLimits {
    std::size_t max_request_line = 8192;  // longer: 414
    std::size_t max_head = 16 * 1024;     // request line and header lines together; longer: 431
    std::size_t max_header_line = 8192;   // one header line; longer: 431
    std::size_t max_headers = 64;         // header lines; more: 431
    std::vector<BodyRoute> bodies;
};

struct RequestHead {
    enum class State { Incomplete, Ready, Refused };
    State state = State::Incomplete;
    std::size_t length = 0;  // bytes of the buffer the head takes, blank line included
    std::size_t body = 0;    // bytes of body that follow and belong to this request
    bool close = false;      // close the connection after the answer
    bool expect_continue = false;
    std::string head;  // what cpp-httplib is given: Range and Expect removed where not honoured
    // When Refused: the answer.
    int status = 0;
    std::string code;
    std::string message;
};

// Looks at the start of a connection's buffer. Incomplete: wait for more
// bytes (never more than the limits allow); Ready: `length` bytes of head and
// `body` bytes of body form the request; Refused: answer and close.
RequestHead read_request_head(std::string_view buffer, const HeadLimits& limits);

// For the access log of a refused request: the method and the path (the
// target without its query, at most 300 bytes, not decoded) of the request
// line at the start of `buffer`, each "-" where the line does not have it.
struct RequestLine {
    std::string method = "-";
    std::string path = "-";
};
RequestLine request_line_of(std::string_view buffer);

}  // namespace evidence::server
