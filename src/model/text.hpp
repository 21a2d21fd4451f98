// The text helpers every module shares, each defined once: UTF-8 validation
// (the one rule for corpus files, queries and request parameters alike), the
// whitespace set, HTML escaping and the word splitter of indexing and query
// parsing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evidence {

// The byte offset of the first byte that does not start a valid UTF-8
// sequence (or of a sequence's start when it is cut short or malformed);
// npos when the whole text is valid.
std::size_t utf8_error_offset(std::string_view s);

inline bool valid_utf8(std::string_view s) { return utf8_error_offset(s) == std::string_view::npos; }

// The 1-based line of byte `offset` in `s` (newlines before it, plus one).
int line_of_offset(std::string_view s, std::size_t offset);

// Whitespace, the one set: ASCII space, tab, LF, CR, FF and VT, and the
// Unicode spaces publishers and editors use: no-break U+00A0, U+2000..U+200A
// (en, em, thin, hair ...), U+202F, U+205F and U+3000. The length in bytes of
// the whitespace character at s[i], 0 if there is none.
std::size_t space_at(std::string_view s, std::size_t i);
bool is_ascii_space(char c);
// Each run of whitespace as one ASCII space, none at either end.
std::string collapse_whitespace(std::string_view s);

// & < > " and ' as HTML entities: safe in text and in quoted attributes.
std::string html_escape(std::string_view s);

// The word splitter of indexing and query parsing (they must agree, or a
// synonym or phrase indexed one way is looked up another): runs of word
// characters, lower-cased, joined as Xapian's TermGenerator joins them: an
// apostrophe (' U+2019 U+201B, kept as ') or & inside a word ("runner's",
// "at&t"), a decimal or thousands separator between digits ("3.2"),
// zero-width characters skipped. (Xapian's rules for initials, "I.T.B.", and
// suffixes, "C++", are not followed: no claim or synonym has them.) What a word character is and its lower case are the
// search engine's (Xapian::Unicode in index/ and search/), so that the words are the ones its TermGenerator indexes. An
// invalid UTF-8 byte is read as the code point of its value, as Xapian's Utf8Iterator reads it.
struct Word {
    std::string text;                    // lower-cased, UTF-8
    std::size_t offset = 0, length = 0;  // its bytes in the text
};
struct WordChars {
    bool (*is_wordchar)(unsigned);
    unsigned (*tolower)(unsigned);
};
std::vector<Word> words_of(std::string_view text, const WordChars& chars);

}  // namespace evidence
