// The Searcher of a search or compare run: the --db folder, or the shards
// given with --shard (paths or tcp://host:port of xapian-tcpsrv).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "search/searcher.hpp"

namespace evidence::cli {

inline std::unique_ptr<search::Searcher> open_searcher(const CommonOptions& common,
                                                       const std::vector<std::string>& shards) {
    if (shards.empty()) return std::make_unique<search::Searcher>(std::filesystem::path(common.db));
    std::vector<search::Shard> list;
    for (const auto& s : shards) list.push_back(search::parse_shard(s));
    return std::make_unique<search::Searcher>(std::move(list));
}

// A snippet for a terminal: marks as [brackets], entities decoded.
inline std::string plain_snippet(const std::string& html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        auto take = [&](std::string_view from, std::string_view to) {
            if (html.compare(i, from.size(), from) != 0) return false;
            out += to;
            i += from.size();
            return true;
        };
        if (take("<mark>", "[") || take("</mark>", "]") || take("&lt;", "<") || take("&gt;", ">") ||
            take("&amp;", "&") || take("&quot;", "\"") || take("&#39;", "'"))
            continue;
        out += html[i++];
    }
    return out;
}

}  // namespace evidence::cli
