// The rules of RFC 4287 a feed must meet, checked on its XML (pugixml), one
// message per breach: required elements (atom:id, atom:title, atom:updated
// on the feed and on each entry), atom:author on the feed or on every entry,
// each author with one atom:name, one alternate link per type and hreflang,
// every link with an href, an alternate link or atom:content on every entry,
// dates in RFC 3339, ids as absolute IRIs and unique, text constructs typed
// text, html or xhtml. The feed must use the Atom namespace as its default.
#pragma once

#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace atom_check {

inline constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";

inline bool rfc3339(const std::string& s) {
    // RFC 3339 section 5.6 (RFC 4287 section 3.3: upper-case T and Z).
    static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$)");
    std::smatch m;
    if (!std::regex_match(s, m, re)) return false;
    const int year = std::stoi(m[1]), month = std::stoi(m[2]), day = std::stoi(m[3]);
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
    if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) return false;
    if (std::stoi(m[4]) > 23 || std::stoi(m[5]) > 59 || std::stoi(m[6]) > 60) return false;
    if (m[9].matched && (std::stoi(m[9]) > 23 || std::stoi(m[10]) > 59)) return false;
    return true;
}

// An absolute IRI (RFC 3987): a scheme, a colon, and no white space.
inline bool absolute_iri(const std::string& s) {
    static const std::regex re(R"(^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`]+$)");
    return std::regex_match(s, re);
}

inline std::size_t count(pugi::xml_node n, const char* name) {
    std::size_t k = 0;
    for (auto c = n.child(name); c; c = c.next_sibling(name)) ++k;
    return k;
}

// The checks shared by the feed and its entries.
inline void check_common(pugi::xml_node n, const std::string& where, std::vector<std::string>& out) {
    for (const char* name : {"id", "title", "updated"})
        if (count(n, name) != 1)
            out.push_back(where + ": 1 atom:" + name + " required, found " + std::to_string(count(n, name)));
    if (auto id = n.child("id")) {
        const std::string v = id.child_value();
        if (!absolute_iri(v)) out.push_back(where + ": atom:id '" + v + "' is not an absolute IRI");
    }
    if (auto u = n.child("updated")) {
        const std::string v = u.child_value();
        if (!rfc3339(v)) out.push_back(where + ": atom:updated '" + v + "' is not an RFC 3339 date-time");
    }
    if (auto p = n.child("published")) {
        const std::string v = p.child_value();
        if (!rfc3339(v)) out.push_back(where + ": atom:published '" + v + "' is not an RFC 3339 date-time");
    }
    for (const char* name : {"title", "subtitle", "summary", "rights"})
        for (auto t = n.child(name); t; t = t.next_sibling(name)) {
            const std::string type = t.attribute("type") ? t.attribute("type").value() : "text";
            if (type != "text" && type != "html" && type != "xhtml")
                out.push_back(where + ": atom:" + name + " type '" + type + "' is not text, html or xhtml");
        }
    for (const char* name : {"author", "contributor"})
        for (auto a = n.child(name); a; a = a.next_sibling(name))
            if (count(a, "name") != 1) out.push_back(where + ": atom:" + name + " needs exactly 1 atom:name");
    std::map<std::pair<std::string, std::string>, int> alternates;
    for (auto l = n.child("link"); l; l = l.next_sibling("link")) {
        if (!l.attribute("href") || std::string(l.attribute("href").value()).empty())
            out.push_back(where + ": atom:link without href");
        const std::string rel = l.attribute("rel") ? l.attribute("rel").value() : "alternate";
        if (rel == "alternate") ++alternates[{l.attribute("type").value(), l.attribute("hreflang").value()}];
    }
    for (const auto& [key, k] : alternates)
        if (k > 1)
            out.push_back(where + ": " + std::to_string(k) + " alternate links with type '" + key.first +
                          "' and hreflang '" + key.second + "' (at most 1)");
}

inline std::vector<std::string> problems(const std::string& xml) {
    std::vector<std::string> out;
    pugi::xml_document doc;
    const auto parsed = doc.load_string(xml.c_str());
    if (!parsed) {
        out.push_back(std::string("not well-formed XML: ") + parsed.description());
        return out;
    }
    const auto feed = doc.document_element();
    if (std::string(feed.name()) != "feed" || std::string(feed.attribute("xmlns").value()) != kAtomNs) {
        out.push_back("the root element must be atom:feed (xmlns=\"" + std::string(kAtomNs) + "\")");
        return out;
    }
    check_common(feed, "feed", out);
    const bool feed_author = count(feed, "author") > 0;
    std::set<std::string> ids;
    int n = 0;
    for (auto e = feed.child("entry"); e; e = e.next_sibling("entry")) {
        const std::string where = "entry " + std::to_string(++n);
        check_common(e, where, out);
        if (!feed_author && count(e, "author") == 0)
            out.push_back(where + ": no atom:author, and the feed has none (RFC 4287 4.1.1)");
        bool alternate = false;
        for (auto l = e.child("link"); l; l = l.next_sibling("link"))
            alternate = alternate || !l.attribute("rel") || std::string(l.attribute("rel").value()) == "alternate";
        if (!alternate && !e.child("content")) out.push_back(where + ": needs an alternate link or atom:content");
        const std::string id = e.child_value("id");
        if (!id.empty() && !ids.insert(id).second)
            out.push_back(where + ": entry ids must be unique: " + id + " twice");
    }
    if (n == 0 && !feed_author) out.push_back("feed: no atom:author");
    return out;
}

}  // namespace atom_check
