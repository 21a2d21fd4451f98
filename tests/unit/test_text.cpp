// Normalisation and quote location: tables of input and expected output.
#include <catch2/catch.hpp>

#include "ingest/text.hpp"

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

TEST_CASE("locate_quote: found, missing, ambiguous, picked by context", "[text]") {
    using S = QuoteMatch::Status;
    const std::string text = "Roll it. You cannot roll the band loose. Rolling helps. You cannot roll the band loose, ok.";
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
