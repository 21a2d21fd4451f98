// Request parameters: which an endpoint takes, and the checks every value
// passes before the library sees it. Failures are HttpError (400 or 404).
#pragma once

#include <httplib.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::server {

using Params = std::multimap<std::string, std::string>;

struct Accepts {
    std::vector<std::string_view> single;  // names taken at most once
    std::vector<std::string_view> multi;   // names that may repeat (or take a comma-separated list)
    bool search_filters = false;           // plus the facet filters of /api/search (repeatable)
};

inline constexpr std::size_t kMaxValueBytes = 1000;
inline constexpr std::size_t kMaxParams = 64;

// Refuses with 400, naming the parameter: a name the endpoint does not take,
// a single-valued name given twice, a value longer than kMaxValueBytes, not
// UTF-8, or holding a control character other than tab and line breaks.
void check_params(const Params& params, const Accepts& accepts);

// The value of a single-valued parameter, or `fallback` when absent.
std::string param(const Params& params, const std::string& name, const std::string& fallback = "");
// The values of a parameter, repeated or comma-separated, empty ones dropped.
std::vector<std::string> list_param(const Params& params, const std::string& name);

// The {id} of /api/<what>s/{id}: a slug as the corpus writes ids, or 404.
std::string path_id(const httplib::Request& req, std::string_view what);

bool valid_slug(std::string_view s);

}  // namespace evidence::server
