// Markdown to safe HTML for display and to plain text for indexing and
// quote matching (cmark, safe mode: raw HTML is never passed through).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::ingest {

// cmark has inputs that take quadratic time: a source body is capped.
constexpr std::size_t kMaxMarkdownBytes = 2 * 1024 * 1024;

struct Rendered {
    struct Block {
        std::size_t offset;  // where the block's text starts in `text`
        int line;            // its first line in the file
    };
    std::string html;
    std::string text;  // display text, normalised (see text.hpp)
    std::vector<Block> blocks;

    // The file line of the block holding text offset `offset`.
    int line_at(std::size_t offset) const;
};

// `first_line` is the file line of the first line of `markdown`, so that
// block lines come out as file lines.
Rendered render_markdown(std::string_view markdown, int first_line);

}  // namespace evidence::ingest
