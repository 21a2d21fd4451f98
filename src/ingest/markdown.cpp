#include "ingest/markdown.hpp"

#include <cmark.h>

#include <algorithm>
#include <iterator>
#include <memory>

#include "ingest/text.hpp"

namespace evidence::ingest {

namespace {

struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

bool is_text_block(cmark_node_type t) {
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK;
}

// The displayed text of one leaf block: inline text and code, breaks as spaces;
// raw HTML is not displayed in safe mode, so it is not text either.
std::string block_text(cmark_node* block) {
    if (cmark_node_get_type(block) == CMARK_NODE_CODE_BLOCK) {
        const char* lit = cmark_node_get_literal(block);
        return lit ? lit : "";
    }
    std::string out;
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(block));
    for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it.get());
        switch (cmark_node_get_type(n)) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE: {
                const char* lit = cmark_node_get_literal(n);
                if (lit) out += lit;
                break;
            }
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                out += ' ';
                break;
            default:
                break;
        }
    }
    return out;
}

}  // namespace

int Rendered::line_at(std::size_t offset) const {
    if (blocks.empty()) return 0;
    // The last block starting at or before offset (blocks are in text order).
    auto it = std::upper_bound(blocks.begin(), blocks.end(), offset,
                               [](std::size_t o, const Block& b) { return o < b.offset; });
    return it == blocks.begin() ? blocks.front().line : std::prev(it)->line;
}

Rendered render_markdown(std::string_view markdown, int first_line) {
    Rendered r;
    std::unique_ptr<cmark_node, NodeDeleter> doc(
        cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
    if (!doc) return r;
    char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT);
    if (html) {
        r.html = html;
        free(html);  // NOLINT: cmark allocates with malloc
    }
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc.get()));
    for (auto ev = cmark_iter_next(it.get()); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(it.get())) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* n = cmark_iter_get_node(it.get());
        if (!is_text_block(cmark_node_get_type(n))) continue;
        std::string t = normalise(block_text(n));
        if (t.empty()) continue;
        if (!r.text.empty()) r.text += ' ';
        r.blocks.push_back({r.text.size(), first_line + cmark_node_get_start_line(n) - 1});
        r.text += t;
    }
    return r;
}

}  // namespace evidence::ingest
