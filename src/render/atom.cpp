#include "render/atom.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "model/text.hpp"
#include "render/json.hpp"

namespace evidence::render {

using nlohmann::json;

namespace {

// SHA-1 (FIPS 180-4), only for name-based UUIDs: not for anything secret.
std::array<std::uint8_t, 20> sha1(std::string_view data) {
    std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    std::string m(data);
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    m += static_cast<char>(0x80);
    while (m.size() % 64 != 56) m += '\0';
    for (int i = 7; i >= 0; --i) m += static_cast<char>((bits >> (i * 8)) & 0xFF);
    auto rol = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    for (std::size_t off = 0; off < m.size(); off += 64) {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = static_cast<std::uint32_t>(static_cast<unsigned char>(m[off + 4 * i])) << 24 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(m[off + 4 * i + 1])) << 16 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(m[off + 4 * i + 2])) << 8 |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(m[off + 4 * i + 3]));
        for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20)
                f = (b & c) | (~b & d), k = 0x5A827999;
            else if (i < 40)
                f = b ^ c ^ d, k = 0x6ED9EBA1;
            else if (i < 60)
                f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
            else
                f = b ^ c ^ d, k = 0xCA62C1D6;
            const std::uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d, d = c, c = rol(b, 30), b = a, a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
    }
    std::array<std::uint8_t, 20> out{};
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(h[i] >> (24 - 8 * j));
    return out;
}

// HTML's escaping (model/text), without the control characters that are
// not XML 1.0 characters.
std::string xml_escape(std::string_view s) {
    std::string kept;
    kept.reserve(s.size());
    for (const char ch : s)
        if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\n' || ch == '\t') kept += ch;
    return html_escape(kept);
}

std::string percent_encode(std::string_view s) {
    std::string out;
    for (const unsigned char ch : s) {
        if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out += static_cast<char>(ch);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", ch);
            out += buf;
        }
    }
    return out;
}

std::string rating_words(const json& r) {
    const std::string rating = r.value("rating", "");
    const std::string direction = r.value("direction", "");
    return direction.empty() || direction == "none" ? rating : rating + " (" + direction + ")";
}

std::string statement_list(const json& list) {
    std::string out;
    for (const auto& st : list) {
        if (!out.empty()) out += "; ";
        out += st.value("source_title", st.value("source", "")) + ", " + st.value("stance", "") + ", level " +
               std::to_string(st.value("level", 0)) + ": \u201c" + st.value("text", "") + "\u201d";
    }
    return out;
}

std::string count(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void text_element(std::string& out, const char* indent, const char* name, std::string_view text) {
    out += indent;
    out += "<";
    out += name;
    out += ">" + xml_escape(text) + "</" + name + ">\n";
}

}  // namespace

std::string uuid5_urn(std::string_view name) {
    // The URL namespace of RFC 9562 (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
    static constexpr std::uint8_t kNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
    std::string input(reinterpret_cast<const char*>(kNamespace), 16);
    input += name;
    auto h = sha1(input);
    h[6] = static_cast<std::uint8_t>((h[6] & 0x0F) | 0x50);
    h[8] = static_cast<std::uint8_t>((h[8] & 0x3F) | 0x80);
    std::string out = "urn:uuid:";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", h[i]);
        out += buf;
    }
    return out;
}

std::string change_words(const json& c) {
    std::string out;
    auto sentence = [&](const std::string& s) {
        if (!out.empty()) out += ' ';
        out += s;
    };
    const std::string kind = c.value("kind", "");
    if (kind == "first") sentence("First in the history.");
    if (kind == "added") sentence("Claim added to the catalogue.");
    if (c.contains("statement") && c["statement"].is_object())
        sentence("Claim reworded from \u201c" + c["statement"].value("from", "") + "\u201d to \u201c" +
                 c["statement"].value("to", "") + "\u201d.");
    if (c.contains("certainty") && c["certainty"].is_object()) {
        const json& cert = c["certainty"];
        if (cert.contains("from") && cert["from"].is_object())
            sentence("Certainty moved from " + rating_words(cert["from"]) + " to " + rating_words(cert["to"]) + ".");
        else
            sentence("Certainty " + rating_words(cert["to"]) + ".");
    }
    if (c.contains("added") && !c["added"].empty())
        sentence(count(c["added"].size(), "statement", "statements") + " added: " + statement_list(c["added"]) + ".");
    if (c.contains("removed") && !c["removed"].empty())
        sentence(count(c["removed"].size(), "statement", "statements") + " removed: " + statement_list(c["removed"]) +
                 ".");
    if (c.contains("changed"))
        for (const auto& ch : c["changed"]) {
            const json& from = ch.contains("from") ? ch["from"] : json::object();
            const json& to = ch.contains("to") ? ch["to"] : json::object();
            sentence(ch.value("source_title", ch.value("source", "")) + ": a statement read as " +
                     from.value("stance", "") + ", level " + std::to_string(from.value("level", 0)) + ", now " +
                     to.value("stance", "") + ", level " + std::to_string(to.value("level", 0)) + ".");
        }
    return out;
}

std::string changes_atom(const search::ChangesFeed& feed, const std::string& public_url) {
    // Relative to the feed's own address, /api/changes.atom, or under the public address.
    const std::string api = public_url.empty() ? "" : public_url + "/api/";
    const std::string ui = public_url.empty() ? "../" : public_url + "/";
    const bool topic = !feed.topic.empty();
    std::string updated;
    for (const auto& e : feed.entries) {
        const std::string d = e.contains("change") ? e["change"].value("date", "") : "";
        if (d > updated) updated = d;  // RFC 3339 in UTC ("…Z") orders as text
    }
    if (updated.empty()) updated = feed.status.value("updated", "1970-01-01T00:00:00Z");

    std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
    text_element(out, "  ", "id", uuid5_urn(topic ? "evidence:changes:topic:" + feed.topic : "evidence:changes"));
    text_element(
        out, "  ", "title",
        topic ? "Evidence: changes to the evidence on " + feed.topic_label : "Evidence: changes to the evidence");
    text_element(out, "  ", "subtitle", feed.status.value("message", ""));
    text_element(out, "  ", "updated", updated);
    out += "  <author><name>Evidence</name></author>\n";
    out += "  <generator>Evidence</generator>\n";
    const std::string self = api + (topic ? "changes.atom?topic=" + percent_encode(feed.topic) : "changes.atom");
    const std::string page = ui + (topic ? "#/topic/" + percent_encode(feed.topic) : "#/claims");
    out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(self) + "\"/>\n";
    out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + xml_escape(page) + "\"/>\n";
    for (const auto& e : feed.entries) {
        const json& claim = e.contains("claim") ? e["claim"] : json::object();
        const json& change = e.contains("change") ? e["change"] : json::object();
        const std::string id = claim.value("id", "");
        out += "  <entry>\n";
        text_element(out, "    ", "id", uuid5_urn("evidence:change:" + id + "@" + change.value("commit", "")));
        text_element(out, "    ", "title", claim.value("statement", id));
        text_element(out, "    ", "updated", change.value("date", updated));
        out += "    <author><name>" + xml_escape(change.value("author", "Evidence")) + "</name></author>\n";
        out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" +
               xml_escape(ui + "#/claim/" + percent_encode(id)) + "\"/>\n";
        for (const auto& t : claim.value("topics", std::vector<std::string>{}))
            out += "    <category term=\"" + xml_escape(t) + "\"/>\n";
        out += "    <summary type=\"text\">" + xml_escape(change_words(change)) + "</summary>\n";
        out += "  </entry>\n";
    }
    out += "</feed>\n";
    return out;
}

}  // namespace evidence::render
