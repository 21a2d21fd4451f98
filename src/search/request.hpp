// Request parameters (HTTP query or CLI options) -> SearchRequest, with every
// bad value named. Shared by the server and the CLI so both validate alike.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include "search/searcher.hpp"

namespace evidence::search {

using Params = std::multimap<std::string, std::string>;

// q, the facet filters (repeatable, or comma-separated), sort, page, size.
// Unknown parameter names are refused, so a typo does not silently widen a search.
SearchRequest search_request(const Params& params);

// A positive integer parameter within [lo, hi].
int int_param(const std::string& name, const std::string& value, int lo, int hi);

}  // namespace evidence::search
