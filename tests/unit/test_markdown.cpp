// Markdown rendering: safe HTML, display text, and the line of each block.
#include <catch2/catch.hpp>

#include "ingest/markdown.hpp"

using namespace evidence::ingest;

TEST_CASE("render_markdown: display text drops markup, keeps words", "[markdown]") {
    struct Row {
        std::string md, text;
    };
    const std::vector<Row> rows = {
        {"Plain *emphasis* and **strong**.", "Plain emphasis and strong."},
        {"# Heading\n\nA paragraph\nthat wraps.", "Heading A paragraph that wraps."},
        {"- one\n- two", "one two"},
        {"A [link](http://example.org) here.", "A link here."},
        {"Code `x = 1` inline.", "Code x = 1 inline."},
        {"Raw <b>html</b> is not text.", "Raw html is not text."},
        {"1\\. not a list", "1. not a list"},
        {"\u201CCurly\u201D quotes", "\"Curly\" quotes"},
    };
    for (const auto& r : rows) {
        INFO(r.md);
        CHECK(render_markdown(r.md, 1).text == r.text);
    }
}

TEST_CASE("render_markdown: HTML is safe", "[markdown]") {
    const Rendered r =
        render_markdown("Hi <script>alert(1)</script>\n\n<iframe src=x></iframe>\n\n[x](javascript:alert(1))", 1);
    CHECK(r.html.find("<script") == std::string::npos);
    CHECK(r.html.find("<iframe") == std::string::npos);
    CHECK(r.html.find("javascript:") == std::string::npos);
    CHECK(r.html.find("raw HTML omitted") != std::string::npos);
}

TEST_CASE("render_markdown: block lines are file lines", "[markdown]") {
    const Rendered r = render_markdown("First paragraph.\n\nSecond\nparagraph.\n\n\n# Third", 10);
    REQUIRE(r.blocks.size() == 3);
    CHECK(r.blocks[0].line == 10);
    CHECK(r.blocks[1].line == 12);
    CHECK(r.blocks[2].line == 16);
    CHECK(r.line_at(r.text.find("Second")) == 12);
    CHECK(r.line_at(r.text.find("paragraph.", 20)) == 12);
    CHECK(r.line_at(r.text.find("Third")) == 16);
}
