// Request parameters (HTTP query or CLI options) -> requests, with every
// bad value named. Shared by the server and the CLI so both validate alike.
#pragma once

#include <map>
#include <string>

#include "search/compare.hpp"
#include "search/searcher.hpp"

namespace evidence::search {

using Params = std::multimap<std::string, std::string>;

// q, the facet filters (repeatable, or comma-separated), sort, page, size.
// Unknown parameter names are refused, so a typo does not silently widen a
// search; so are values outside a facet's closed set (stance=agrees).
SearchRequest search_request(const Params& params);

// /api/compare: topics=a,b | claims=a,b | q=a vs b (exactly one of them).
CompareRequest compare_request(const Params& params);

// A positive integer parameter within [lo, hi].
int int_param(const std::string& name, const std::string& value, int lo, int hi);

}  // namespace evidence::search
