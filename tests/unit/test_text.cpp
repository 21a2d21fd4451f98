// Normalisation and quote location: tables of input and expected output.
#include <catch2/catch.hpp>

#include "ingest/text.hpp"

using namespace evidence;
using namespace evidence::ingest;

TEST_CASE("normalise: whitespace and typographic quotes", "[text]") {
    struct Row {
        std::string in, out;
    };
    const std::vector<Row> rows = {
        {"plain", "plain"},
        {"  two   spaces\tand\ttabs  ", "two spaces and tabs"},
        {"line\nbreaks\r\nand\n\nparagraphs", "line breaks and paragraphs"},
        {"\u201Cdouble\u201D and \u2018single\u2019", "\"double\" and 'single'"},
        {"it\u2019s a \u201Ejoke\u201F", "it's a \"joke\""},
        {"non\u00A0breaking\u202Fspace", "non breaking space"},
        {"caf\u00E9 stays", "caf\u00E9 stays"},  // other non-ASCII text is kept
        {"", ""},
        {" \n\t ", ""},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        CHECK(normalise(r.in) == r.out);
    }
}

TEST_CASE("valid_slug and valid_utf8", "[text]") {
    CHECK(valid_slug("foam-rolling"));
    CHECK(valid_slug("study-2006"));
    CHECK_FALSE(valid_slug("Foam-rolling"));
    CHECK_FALSE(valid_slug("foam--rolling"));
    CHECK_FALSE(valid_slug("-foam"));
    CHECK_FALSE(valid_slug("foam rolling"));
    CHECK_FALSE(valid_slug(""));
    CHECK(valid_utf8("caf\u00E9 \u201Cok\u201D"));
    CHECK_FALSE(valid_utf8("\xC3"));
    CHECK_FALSE(valid_utf8("\xFF\xFE"));
    CHECK_FALSE(valid_utf8("\xC0\xAF"));  // overlong
}

TEST_CASE("utf8_error_offset: one strict rule, with the offset of the first bad byte", "[text]") {
    constexpr auto npos = std::string_view::npos;
    struct Row {
        std::string_view what;
        std::string_view text;
        std::size_t offset;
    };
    const Row rows[] = {
        {"empty", "", npos},
        {"ASCII", "plain text\n", npos},
        {"two, three and four bytes", "caf\u00E9 \u201Cok\u201D \U0001F600", npos},
        {"the last code point", "\xF4\x8F\xBF\xBF", npos},
        {"U+FFFD itself is valid",
         "a\xEF\xBF\xBD"
         "b",
         npos},
        {"lone continuation byte",
         "ab\x80"
         "cd",
         2},
        {"truncated two-byte at the end", "abc\xC3", 3},
        {"truncated three-byte at the end", "x\xE2\x80", 1},
        {"truncated four-byte at the end", "\xF0\x9F\x98", 0},
        {"truncated sequence before ASCII", "a\xE2\x80z", 1},
        {"overlong two-byte C0", "a\xC0\xAF", 1},
        {"overlong two-byte C1", "\xC1\xBF", 0},
        {"overlong three-byte", "ab\xE0\x80\xAF", 2},
        {"overlong four-byte", "\xF0\x80\x80\xAF", 0},
        {"high surrogate", "ok \xED\xA0\x80", 3},
        {"low surrogate", "\xED\xBF\xBF", 0},
        {"past U+10FFFF", "\xF4\x90\x80\x80", 0},
        {"F5 and above", "\xF5\x80\x80\x80", 0},
        {"FF", "\xFF\xFE", 0},
        {"bad third byte", "\xE2\x82(", 0},
        {"valid then bad", "\u00E9\u00E9\xC3(", 4},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        CHECK(utf8_error_offset(r.text) == r.offset);
        CHECK(valid_utf8(r.text) == (r.offset == npos));
    }
    CHECK(line_of_offset("a\nb\nc", 0) == 1);
    CHECK(line_of_offset("a\nb\nc", 2) == 2);
    CHECK(line_of_offset("a\nb\nc", 4) == 3);
    CHECK(line_of_offset("a\nb\nc", 99) == 3);
}

TEST_CASE("locate_quote: found, missing, ambiguous, picked by context", "[text]") {
    using S = QuoteMatch::Status;
    const std::string text =
        "Roll it. You cannot roll the band loose. Rolling helps. You cannot roll the band loose, ok.";
    struct Row {
        std::string quote, prefix, suffix;
        S status;
        std::size_t offset, count;
    };
    const std::vector<Row> rows = {
        {"Rolling helps", "", "", S::Found, 41, 1},
        {"not in the text", "", "", S::NotFound, 0, 0},
        {"You cannot roll the band loose", "", "", S::Ambiguous, 0, 2},
        {"You cannot roll the band loose", "Roll it.", "", S::Found, 9, 2},
        {"You cannot roll the band loose", "helps.", "", S::Found, 56, 2},
        {"You cannot roll the band loose", "", ", ok", S::Found, 56, 2},
        {"You cannot roll the band loose", "", ".", S::Found, 9, 2},
        {"You cannot roll the band loose", "nowhere", "", S::ContextMismatch, 0, 2},
        {"", "", "", S::NotFound, 0, 0},
    };
    for (const auto& r : rows) {
        INFO(r.quote << " | " << r.prefix << " | " << r.suffix);
        const QuoteMatch m = locate_quote(text, r.quote, r.prefix, r.suffix);
        CHECK(m.status == r.status);
        CHECK(m.count == r.count);
        if (r.status == S::Found) CHECK(m.offset == r.offset);
    }
}
