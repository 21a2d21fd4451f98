// The studies behind a search as citations: RIS, BibTeX and CSL-JSON, from
// the PubMed record each study's page holds (page.study.record).
#include <algorithm>
#include <cctype>

#include "model/stored.hpp"
#include "render/export.hpp"

namespace evidence::render {

namespace key = evidence::stored::key;

using nlohmann::json;

namespace {

// One line of text: line breaks and tabs become spaces, ends trimmed.
std::string one_line(std::string s) {
    for (auto& c : s)
        if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    const auto b = s.find_first_not_of(' ');
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

const json& record(const json& study) { return json_at(json_at(json_at(study, "page"), "study"), "record"); }

// The record's field, or the study summary's when the record lacks it.
std::string field(const json& study, const char* key, const char* fallback = nullptr) {
    std::string v = one_line(json_text(record(study), key));
    if (v.empty() && fallback) v = one_line(json_text(study, fallback));
    return v;
}

bool is_book(const json& study) { return json_text(record(study), "kind") == "book"; }
bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

std::pair<std::string, std::string> page_range(std::string_view pages) {
    const std::string p = one_line(std::string(pages));
    const auto dash = p.find('-');
    if (dash == std::string::npos) return {p, ""};
    std::string first = one_line(p.substr(0, dash)), last = one_line(p.substr(dash + 1));
    // MEDLINE writes "1085-91" for 1085-1091.
    if (all_digits(first) && all_digits(last) && last.size() < first.size())
        last = first.substr(0, first.size() - last.size()) + last;
    return {first, last};
}

// ---- RIS ----

std::string to_ris(const std::vector<json>& studies, const Cautions& cautions) {
    std::string out;
    auto tag = [&out](const char* t, const std::string& value) {
        const std::string v = one_line(value);
        if (!v.empty()) out += std::string(t) + "  - " + v + "\r\n";
    };
    for (const auto& st : studies) {
        out += std::string("TY  - ") + (is_book(st) ? "BOOK" : "JOUR") + "\r\n";
        tag("ID", json_text(st, "id"));
        tag("TI", field(st, "title", "title"));
        for (const auto& a : json_at(record(st), "authors")) {
            const std::string literal = json_text(a, "literal"), family = json_text(a, "family"),
                              given = json_text(a, "given");
            tag("AU", !literal.empty() ? literal : given.empty() ? family : family + ", " + given);
        }
        tag("PY", field(st, "year", "year"));
        tag("T2", field(st, "journal"));
        tag("VL", field(st, "volume"));
        tag("IS", field(st, "issue"));
        const auto [sp, ep] = page_range(field(st, "pages"));
        tag("SP", sp);
        tag("EP", ep);
        tag("DO", field(st, "doi"));
        if (!field(st, "pmid").empty()) tag("AN", "PMID:" + field(st, "pmid"));
        tag("UR", json_text(st, "url"));
        if (json_at(record(st), "retracted") == true) tag("N1", "Retracted");
        for (const auto& n : json_at(record(st), "notices"))
            if (n.is_string()) tag("N1", n.get<std::string>());
        // A note the writer sees in a reference manager, never printed in a bibliography.
        if (auto it = cautions.find(json_text(st, "id")); it != cautions.end())
            for (const auto& why : it->second) tag("N1", "Caution: " + why);
        tag("DB", "Evidence");
        out += "ER  - \r\n";
    }
    return out;
}

// ---- BibTeX ----

std::string bibtex_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '\\':
                out += "\\textbackslash{}";
                break;
            // BibTeX balances braces without regard to backslashes.
            case '{':
                out += "\\textbraceleft{}";
                break;
            case '}':
                out += "\\textbraceright{}";
                break;
            case '&':
                out += "\\&";
                break;
            case '%':
                out += "\\%";
                break;
            case '$':
                out += "\\$";
                break;
            case '#':
                out += "\\#";
                break;
            case '_':
                out += "\\_";
                break;
            case '~':
                out += "\\textasciitilde{}";
                break;
            case '^':
                out += "\\textasciicircum{}";
                break;
            case '\r':
            case '\n':
            case '\t':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

namespace {

// Capitals a bibliography style must not lower-case: words with a capital
// past their first letter (ITBS, MRI, McConnell) go in braces.
std::string protect_case(const std::string& escaped) {
    std::string out, word;
    auto flush = [&] {
        bool inner_cap = false;
        for (std::size_t i = 1; i < word.size(); ++i)
            if (std::isupper(static_cast<unsigned char>(word[i]))) inner_cap = true;
        const bool plain = word.find_first_of("\\{}") == std::string::npos;
        out += inner_cap && plain ? "{" + word + "}" : word;
        word.clear();
    };
    for (char c : escaped) {
        if (c == ' ' || c == ':' || c == ',' || c == ';' || c == '(' || c == ')' || c == '/') {
            flush();
            out += c;
        } else {
            word += c;
        }
    }
    flush();
    return out;
}

std::string bibtex_name(const json& a) {
    const std::string literal = one_line(json_text(a, "literal"));
    // A collective name in braces: one name, never split at " and " or commas.
    if (!literal.empty()) return "{" + bibtex_escape(literal) + "}";
    std::string family = bibtex_escape(one_line(json_text(a, "family")));
    const std::string given = bibtex_escape(one_line(json_text(a, "given")));
    if (family.find(',') != std::string::npos || family.find(" and ") != std::string::npos) family = "{" + family + "}";
    return given.empty() ? family : family + ", " + given;
}

// DOIs and URLs are kept as written (styles print them verbatim), less braces.
std::string verbatim(std::string s) {
    std::string out;
    for (char c : one_line(std::move(s)))
        if (c != '{' && c != '}' && c != '\\') out += c;
    return out;
}

}  // namespace

std::string to_bibtex(const std::vector<json>& studies, const Cautions& left_out) {
    std::string out;
    if (!left_out.empty()) {
        // Text of an @comment: one line, braces and @ dropped so that no
        // parser reads an entry in it.
        auto plain = [](const std::string& text) {
            std::string o;
            for (char c : one_line(text))
                if (c != '{' && c != '}' && c != '@') o += c;
            return o;
        };
        out +=
            "@comment{Left out of this file: studies the results cite only for a claim the study has no finding on, "
            "or by a statement its own finding contradicts.";
        for (const auto& [id, whys] : left_out) {
            out += "\n  " + plain(id) + ":";
            for (std::size_t i = 0; i < whys.size(); ++i) out += (i ? "; " : " ") + plain(whys[i]);
        }
        out += "}\n\n";
    }
    for (const auto& st : studies) {
        std::string fields;
        auto add = [&fields](const char* name, const std::string& value) {
            if (!value.empty()) fields += std::string("  ") + name + " = {" + value + "},\n";
        };
        std::string authors;
        for (const auto& a : json_at(record(st), "authors")) {
            const std::string n = bibtex_name(a);
            if (n.empty()) continue;
            authors += (authors.empty() ? "" : " and ") + n;
        }
        add("author", authors);
        add("title", protect_case(bibtex_escape(field(st, "title", "title"))));
        add(is_book(st) ? "publisher" : "journal", bibtex_escape(field(st, "journal")));
        add("year", bibtex_escape(field(st, "year", "year")));
        add("volume", bibtex_escape(field(st, "volume")));
        add("number", bibtex_escape(field(st, "issue")));
        const auto [sp, ep] = page_range(field(st, "pages"));
        add("pages", bibtex_escape(ep.empty() ? sp : sp + "--" + ep));
        add("doi", verbatim(field(st, "doi")));
        add("pmid", bibtex_escape(field(st, "pmid")));
        add("url", verbatim(json_text(st, "url")));
        if (json_at(record(st), "retracted") == true) add("note", "Retracted");
        out += std::string("@") + (is_book(st) ? "book" : "article") + "{" + json_text(st, "id") + ",\n" + fields +
               "}\n\n";
    }
    return out;
}

// ---- CSL-JSON ----

json to_csl_json(const std::vector<json>& studies) {
    json out = json::array();
    for (const auto& st : studies) {
        json item = {{"id", json_text(st, "id")}, {"type", is_book(st) ? "book" : "article-journal"}};
        auto add = [&item](const char* name, const std::string& value) {
            if (!value.empty()) item[name] = value;
        };
        add("title", field(st, "title", "title"));
        json authors = json::array();
        for (const auto& a : json_at(record(st), "authors")) {
            const std::string literal = one_line(json_text(a, "literal"));
            if (!literal.empty()) {
                authors.push_back({{"literal", literal}});
                continue;
            }
            json name = {{"family", one_line(json_text(a, "family"))}};
            if (!json_text(a, "given").empty()) name[key::kGiven] = one_line(json_text(a, "given"));
            authors.push_back(std::move(name));
        }
        if (!authors.empty()) item[key::kAuthor] = authors;
        add("container-title", field(st, "journal"));
        const std::string year = field(st, "year", "year");
        if (all_digits(year) && year.size() <= 4)
            item["issued"] = {{"date-parts", json::array({json::array({std::stoi(year)})})}};
        add("volume", field(st, "volume"));
        add("issue", field(st, "issue"));
        const auto [sp, ep] = page_range(field(st, "pages"));
        add("page", ep.empty() ? sp : sp + "-" + ep);
        add("DOI", field(st, "doi"));
        add("PMID", field(st, "pmid"));
        add("PMCID", field(st, "pmcid"));
        add("URL", one_line(json_text(st, "url")));
        if (json_at(record(st), "retracted") == true) item[key::kNote] = "Retracted";
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace evidence::render
