// Markdown to safe HTML and plain text (cmark), as a source body is rendered;
// a body is capped at kMaxMarkdownBytes before it gets here.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/markdown.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > evidence::ingest::kMaxMarkdownBytes) return 0;
    const std::string_view md(reinterpret_cast<const char*>(data), size);
    const auto r = evidence::ingest::render_markdown(md, 3);
    // Every offset of the text maps to a line at or after the first.
    for (std::size_t off = 0; off < r.text.size(); off += 97)
        if (r.line_at(off) < 3) __builtin_trap();
    return 0;
}
