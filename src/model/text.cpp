#include "model/text.hpp"

#include <algorithm>

namespace evidence {

std::size_t utf8_error_offset(std::string_view s) {
    const std::size_t size = s.size();
    for (std::size_t i = 0; i < size;) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = 0;
        // The allowed range of the second byte (RFC 3629, table 3-7 of Unicode).
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) lo = 0xA0;  // overlong
            if (c == 0xED) hi = 0x9F;  // surrogates U+D800..U+DFFF
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) lo = 0x90;  // overlong
            if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
        } else {
            return i;  // a continuation byte, C0/C1 (overlong) or F5..FF
        }
        if (i + n > size) return i;
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if (c1 < lo || c1 > hi) return i;
        for (std::size_t k = 2; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
        i += n;
    }
    return std::string_view::npos;
}

int line_of_offset(std::string_view s, std::size_t offset) {
    offset = std::min(offset, s.size());
    return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

namespace {

// One code point at s[i] and its length in bytes; an invalid sequence is its
// first byte, read as that byte's value.
unsigned decode_at(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned c = b(0);
    len = 1;
    if (c < 0x80) return c;
    std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > s.size() || !valid_utf8(s.substr(i, n))) return c;
    unsigned cp = c & (0x3F >> (n - 1));
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (b(k) & 0x3F);
    len = n;
    return cp;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t space_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (is_ascii_space(s[i])) return 1;
    auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    if (at(0) == 0xC2 && at(1) == 0xA0) return 2;
    if (at(0) == 0xE2 && at(1) == 0x80 && ((at(2) >= 0x80 && at(2) <= 0x8A) || at(2) == 0xAF)) return 3;
    if (at(0) == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;
    if (at(0) == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;
    return 0;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = space_at(s, i); n != 0) {
            pending_space = !out.empty();
            i += n;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += s[i++];
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

namespace {

// Between two word characters, these join them into one word (kept as they
// are, U+2019 and U+201B as an apostrophe), as Xapian's TermGenerator joins them.
unsigned infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xB7 || ch == 0x5F4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201B) return '\'';
    return 0;
}

// Between two digits: decimal and thousands separators ("3.2", "1,000").
bool infix_digit(unsigned ch) {
    return ch == ',' || ch == '.' || ch == ';' || ch == 0x37E || ch == 0x589 || ch == 0x60D || ch == 0x7F8 ||
           ch == 0x2044 || ch == 0xFE10 || ch == 0xFE13 || ch == 0xFE14;
}

bool is_digit(unsigned ch) { return ch >= '0' && ch <= '9'; }

// Zero-width characters inside a word are skipped, not word breaks.
bool zero_width(unsigned ch) { return (ch >= 0x200B && ch <= 0x200D) || ch == 0x2060 || ch == 0xFEFF; }

}  // namespace

std::vector<Word> words_of(std::string_view text, const WordChars& chars) {
    std::vector<Word> out;
    Word w;
    bool in_word = false;
    unsigned prev = 0;  // the last code point of the current word
    for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
        const unsigned ch = decode_at(text, i, len);
        if (chars.is_wordchar(ch)) {
            if (!in_word) {
                w.offset = i;
                in_word = true;
            }
            append_utf8(w.text, chars.tolower(ch));
            w.length = i + len - w.offset;
            prev = ch;
            continue;
        }
        if (in_word) {
            if (zero_width(ch)) continue;
            std::size_t next_len = 0;
            const unsigned next = i + len < text.size() ? decode_at(text, i + len, next_len) : 0;
            const unsigned join = infix(ch);
            const bool digits = is_digit(prev) && is_digit(next) && infix_digit(ch);
            if ((join != 0 && next != 0 && chars.is_wordchar(next)) || digits) {
                append_utf8(w.text, digits ? ch : join);
                continue;
            }
            out.push_back(std::move(w));
            w = Word{};
            in_word = false;
        }
    }
    if (in_word) out.push_back(std::move(w));
    return out;
}

}  // namespace evidence
