// Text normalisation and quote location: the one normalisation that quotes,
// prefixes, suffixes and bodies all go through (corpus/README.md, "Quotes").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evidence::ingest {

// Typographic quotes to plain ones, runs of whitespace to one space, trimmed.
std::string normalise(std::string_view s);

// True when s is valid UTF-8.
bool valid_utf8(std::string_view s);

// A slug: [a-z0-9] words joined by single '-'.
bool valid_slug(std::string_view s);

struct QuoteMatch {
    enum class Status { Found, NotFound, Ambiguous, ContextMismatch };
    Status status = Status::NotFound;
    std::size_t offset = 0;  // in the normalised text
    std::size_t count = 0;   // places the quote alone occurs
};

// Finds a normalised quote in normalised text; a prefix or suffix (normalised
// too) must directly precede or follow it and picks one place among several.
// Whitespace at the joins is ignored, since normalisation trims.
QuoteMatch locate_quote(std::string_view text, std::string_view quote, std::string_view prefix,
                        std::string_view suffix);

}  // namespace evidence::ingest
