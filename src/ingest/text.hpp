// Text normalisation and quote location: the one normalisation that quotes,
// prefixes, suffixes and bodies all go through (corpus/README.md, "Quotes").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"
#include "model/text.hpp"

namespace evidence::ingest {

// Typographic quotes to plain ones, runs of whitespace to one space, trimmed.
std::string normalise(std::string_view s);

// Reports the first invalid UTF-8 byte of `content` at its line ("not valid
// UTF-8: byte 0xFF at column 7"); `first_line` is the file line of the
// content's first line. False when one was reported.
std::string utf8_error_message(std::string_view content, std::size_t offset);
bool check_utf8(const std::string& path, std::string_view content, int first_line, std::vector<Diagnostic>& errors);

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
