#include "ingest/text.hpp"

#include <array>

namespace evidence::ingest {

namespace {

struct Replacement {
    std::string_view from;
    char to;
};

// UTF-8 spellings of the typographic quotes and primes, mapped to ASCII.
// (The Unicode spaces are model/text.hpp's whitespace set.)
constexpr std::array<Replacement, 10> kReplacements{{
    {"\u2018", '\''},
    {"\u2019", '\''},
    {"\u201A", '\''},
    {"\u201B", '\''},
    {"\u2032", '\''},
    {"\u201C", '"'},
    {"\u201D", '"'},
    {"\u201E", '"'},
    {"\u201F", '"'},
    {"\u2033", '"'},
}};

}  // namespace

std::string normalise(std::string_view s) {
    std::string plain;
    plain.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Replacement* r = nullptr;
        if (static_cast<unsigned char>(s[i]) >= 0x80)
            for (const auto& candidate : kReplacements)
                if (s.compare(i, candidate.from.size(), candidate.from) == 0) r = &candidate;
        plain += r ? r->to : s[i];
        i += r ? r->from.size() : 1;
    }
    return collapse_whitespace(plain);
}

std::string utf8_error_message(std::string_view content, std::size_t offset) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(content[offset]);
    const std::size_t line_start = content.rfind('\n', offset == 0 ? 0 : offset - 1);
    const std::size_t column = line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
    return std::string("not valid UTF-8: byte 0x") + kHex[b >> 4] + kHex[b & 0xF] + " at column " +
           std::to_string(column);
}

bool check_utf8(const std::string& path, std::string_view content, int first_line, std::vector<Diagnostic>& errors) {
    const std::size_t bad = utf8_error_offset(content);
    if (bad == std::string_view::npos) return true;
    errors.push_back({{path, first_line - 1 + line_of_offset(content, bad)}, utf8_error_message(content, bad)});
    return false;
}

bool valid_slug(std::string_view s) {
    if (s.empty() || s.front() == '-' || s.back() == '-') return false;
    char prev = 0;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && prev == '-')) return false;
        prev = c;
    }
    return true;
}

namespace {

// Does `part` end exactly at `end` in text, allowing one space at the join?
bool ends_at(std::string_view text, std::size_t end, std::string_view part) {
    if (end > 0 && text[end - 1] == ' ') --end;
    return end >= part.size() && text.compare(end - part.size(), part.size(), part) == 0;
}

bool starts_at(std::string_view text, std::size_t start, std::string_view part) {
    if (start < text.size() && text[start] == ' ') ++start;
    return text.compare(start, part.size(), part) == 0;
}

}  // namespace

QuoteMatch locate_quote(std::string_view text, std::string_view quote, std::string_view prefix,
                        std::string_view suffix) {
    QuoteMatch m;
    if (quote.empty()) return m;
    std::size_t picked = 0, picked_count = 0;
    for (std::size_t pos = text.find(quote); pos != std::string_view::npos; pos = text.find(quote, pos + 1)) {
        ++m.count;
        const bool pre = prefix.empty() || ends_at(text, pos, prefix);
        const bool suf = suffix.empty() || starts_at(text, pos + quote.size(), suffix);
        if (pre && suf) {
            if (picked_count == 0) picked = pos;
            ++picked_count;
        }
    }
    if (m.count == 0) return m;
    if (picked_count == 1) {
        m.status = QuoteMatch::Status::Found;
        m.offset = picked;
    } else if (picked_count > 1) {
        m.status = QuoteMatch::Status::Ambiguous;
    } else {
        m.status = QuoteMatch::Status::ContextMismatch;
    }
    return m;
}

}  // namespace evidence::ingest
