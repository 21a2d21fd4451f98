// The search module's expected failures. Xapian's own exceptions stop at the
// module edge and come out as one of these.
#pragma once

#include <stdexcept>
#include <string>

namespace evidence::search {

// A request the client got wrong: names the parameter (-> HTTP 400).
struct BadRequest : std::runtime_error {
    BadRequest(std::string param, const std::string& message)
        : std::runtime_error(message), parameter(std::move(param)) {}
    std::string parameter;
};

// The index is missing, unreadable or of another schema version, or a
// remote shard does not answer (-> 503).
struct Unavailable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// An id that is not in the index (-> 404).
struct NotFound : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace evidence::search
