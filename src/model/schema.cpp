#include "model/schema.hpp"

#include <cctype>

namespace evidence::schema {

namespace {
// Xapian refuses terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;
}  // namespace

std::string id_term(std::string_view kind, std::string_view id) {
    std::string t = "Q";
    t += kind;
    t += ':';
    t += id;
    return t.substr(0, kMaxTermBytes);
}

std::span<const Field> fields() { return kFields; }

const Field* field(std::string_view name) {
    for (const auto& f : kFields)
        if (f.name == name) return &f;
    return nullptr;
}

std::string filter_term(const Field& f, std::string_view value) {
    std::string t(f.prefix);
    for (char c : value) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t.size() > kMaxTermBytes) {
        // Cut on a UTF-8 boundary.
        std::size_t n = kMaxTermBytes;
        while (n > 0 && (static_cast<unsigned char>(t[n]) & 0xC0) == 0x80) --n;
        t.resize(n);
    }
    return t;
}

}  // namespace evidence::schema
