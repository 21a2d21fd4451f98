// UTF-8 validation: the one rule for corpus files, queries and request
// parameters alike (RFC 3629: no overlong forms, no UTF-16 surrogates, nothing
// past U+10FFFF, no truncated sequence).
#pragma once

#include <cstddef>
#include <string_view>

namespace evidence {

// The byte offset of the first byte that does not start a valid UTF-8
// sequence (or of a sequence's start when it is cut short or malformed);
// npos when the whole text is valid.
std::size_t utf8_error_offset(std::string_view s);

inline bool valid_utf8(std::string_view s) { return utf8_error_offset(s) == std::string_view::npos; }

// The 1-based line of byte `offset` in `s` (newlines before it, plus one).
int line_of_offset(std::string_view s, std::size_t offset);

}  // namespace evidence
