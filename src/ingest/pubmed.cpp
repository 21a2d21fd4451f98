#include "ingest/pubmed.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <pugixml.hpp>

#include "ingest/text.hpp"

namespace evidence::ingest {
namespace {

// Offsets to 1-based lines; built once per file since a PubMed export can
// hold thousands of records.
class LineIndex {
public:
    explicit LineIndex(std::string_view text) {
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') newlines_.push_back(i);
    }
    int line_of(std::ptrdiff_t offset) const {
        if (offset < 0) return 0;
        auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
        return static_cast<int>(it - newlines_.begin()) + 1;
    }

private:
    std::vector<std::size_t> newlines_;
};

bool is_blank(std::string_view s) { return std::all_of(s.begin(), s.end(), is_ascii_space); }

bool is_mathml(const char* name) { return std::strcmp(name, "math") == 0 || std::strncmp(name, "mml:", 4) == 0; }

// MathML arrives pretty-printed: the indentation between its elements is not
// text, while <mml:mtext> </mml:mtext> is a real space ("3He MRI"). A walk
// without recursion, whatever the depth of the elements.
void gather_text(pugi::xml_node top, std::string& out) {
    std::vector<bool> math;  // for each open element below `top`: inside MathML?
    pugi::xml_node parent = top;
    pugi::xml_node node = top.first_child();
    while (node) {
        const bool in_math = !math.empty() && math.back();
        const auto type = node.type();
        if (type == pugi::node_pcdata || type == pugi::node_cdata) {
            std::string_view value = node.value();
            const bool in_mtext =
                std::strcmp(parent.name(), "mml:mtext") == 0 || std::strcmp(parent.name(), "mtext") == 0;
            if (!in_math || in_mtext || !is_blank(value)) out += value;
        } else if (type == pugi::node_element && node.first_child()) {
            math.push_back(in_math || is_mathml(node.name()));
            parent = node;
            node = node.first_child();
            continue;
        }
        while (!node.next_sibling()) {
            if (parent == top) return;
            node = parent;
            parent = parent.parent();
            math.pop_back();
        }
        node = node.next_sibling();
    }
}

// pugixml writes the code point of a character reference as UTF-8 whatever
// it is: a surrogate (&#xD800;) or one past U+10FFFF would make invalid UTF-8
// of valid text, and &#0; would cut it. The offset of the first such
// reference, or npos.
std::size_t bad_char_ref(std::string_view xml) {
    for (std::size_t pos = xml.find("&#"); pos != std::string_view::npos; pos = xml.find("&#", pos + 2)) {
        std::size_t i = pos + 2;
        const bool hex = i < xml.size() && xml[i] == 'x';
        if (hex) ++i;
        std::uint32_t cp = 0;
        std::size_t digits = 0;
        for (; i < xml.size(); ++i, ++digits) {
            const char c = xml[i];
            int d = -1;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            if (d < 0) break;
            if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        if (digits == 0 || i >= xml.size() || xml[i] != ';') continue;  // not a reference
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return pos;
    }
    return std::string_view::npos;
}

// The first element nested more than `max` levels below `root`, or none.
pugi::xml_node too_deep(pugi::xml_node root, int max) {
    int depth = 0;
    pugi::xml_node node = root;
    for (;;) {
        if (pugi::xml_node child = node.first_child()) {
            node = child;
            if (++depth > max && node.type() == pugi::node_element) return node;
            continue;
        }
        while (node != root && !node.next_sibling()) {
            node = node.parent();
            --depth;
        }
        if (node == root) return {};
        node = node.next_sibling();
    }
}

// All descendant text: child_value() alone would stop at the first <i>.
std::string text_of(pugi::xml_node node) {
    std::string raw;
    gather_text(node, raw);
    return collapse_whitespace(raw);
}

std::string year_of(pugi::xml_node pub_date) {
    if (std::string y = text_of(pub_date.child("Year")); !y.empty()) return y;
    // MedlineDate is free text ("1979 Jan-Feb", "Winter 1998-1999"): the first
    // run of exactly four digits is the year.
    std::string md = text_of(pub_date.child("MedlineDate"));
    for (std::size_t i = 0; i < md.size();) {
        std::size_t j = i;
        while (j < md.size() && md[j] >= '0' && md[j] <= '9') ++j;
        if (j - i == 4) return md.substr(i, 4);
        i = (j == i) ? i + 1 : j;
    }
    return {};
}

std::string pages_of(pugi::xml_node pagination) {
    if (std::string p = text_of(pagination.child("MedlinePgn")); !p.empty()) return p;
    std::string start = text_of(pagination.child("StartPage"));
    std::string end = text_of(pagination.child("EndPage"));
    if (start.empty()) return end;
    return end.empty() ? start : start + "-" + end;
}

std::string article_id(pugi::xml_node id_list, const char* type) {
    for (pugi::xml_node id : id_list.children("ArticleId"))
        if (std::strcmp(id.attribute("IdType").value(), type) == 0) return text_of(id);
    return {};
}

std::string elocation_doi(pugi::xml_node parent) {
    for (pugi::xml_node e : parent.children("ELocationID"))
        if (std::strcmp(e.attribute("EIdType").value(), "doi") == 0 &&
            std::strcmp(e.attribute("ValidYN").value(), "N") != 0)
            return text_of(e);
    return {};
}

void add_authors(pugi::xml_node author_list, std::vector<PubmedAuthor>& out) {
    for (pugi::xml_node a : author_list.children("Author")) {
        // ValidYN="N" marks a name NLM has since corrected; its valid twin
        // is in the same list.
        if (std::strcmp(a.attribute("ValidYN").value(), "N") == 0) continue;
        PubmedAuthor author;
        author.literal = text_of(a.child("CollectiveName"));
        if (author.literal.empty()) {
            author.family = text_of(a.child("LastName"));
            author.given = text_of(a.child("ForeName"));
            if (author.given.empty()) author.given = text_of(a.child("Initials"));
        }
        if (!author.literal.empty() || !author.family.empty()) out.push_back(std::move(author));
    }
}

// Authors and editors of either kind of record: an AuthorList without Type
// lists authors.
void collect_people(pugi::xml_node parent, PubmedRecord& r) {
    for (pugi::xml_node list : parent.children("AuthorList")) {
        std::string_view type = list.attribute("Type").value();
        if (type == "editors")
            add_authors(list, r.editors);
        else if (type.empty() || type == "authors")
            add_authors(list, r.authors);
    }
}

void collect_abstract(pugi::xml_node abstract, PubmedRecord& r) {
    for (pugi::xml_node t : abstract.children("AbstractText"))
        r.abstract.push_back({collapse_whitespace(t.attribute("Label").value()), text_of(t)});
}

void collect_publication_types(pugi::xml_node parent, PubmedRecord& r) {
    // Books list PublicationType directly under BookDocument, articles inside
    // a PublicationTypeList.
    for (pugi::xml_node t : parent.children("PublicationType")) r.publication_types.push_back(text_of(t));
    for (pugi::xml_node t : parent.child("PublicationTypeList").children("PublicationType"))
        r.publication_types.push_back(text_of(t));
}

void collect_notices(pugi::xml_node list, PubmedRecord& r) {
    static constexpr std::pair<std::string_view, std::string_view> kNotices[] = {
        {"RetractionIn", "Retraction in"},
        {"ErratumIn", "Erratum in"},
        {"ExpressionOfConcernIn", "Expression of concern in"},
    };
    for (pugi::xml_node c : list.children("CommentsCorrections")) {
        std::string_view ref_type = c.attribute("RefType").value();
        for (const auto& [type, label] : kNotices) {
            if (ref_type != type) continue;
            std::string notice = std::string(label) + ": " + text_of(c.child("RefSource"));
            if (std::string pmid = text_of(c.child("PMID")); !pmid.empty()) notice += " (PMID " + pmid + ")";
            r.notices.push_back(std::move(notice));
            if (type == "RetractionIn") r.retracted = true;
        }
    }
    if (std::find(r.publication_types.begin(), r.publication_types.end(), "Retracted Publication") !=
        r.publication_types.end())
        r.retracted = true;
}

PubmedRecord parse_article(pugi::xml_node node) {
    PubmedRecord r;
    r.kind = "article";
    pugi::xml_node citation = node.child("MedlineCitation");
    pugi::xml_node article = citation.child("Article");
    pugi::xml_node journal = article.child("Journal");
    pugi::xml_node issue = journal.child("JournalIssue");
    // Only the record's own id list: each Reference in ReferenceList carries
    // an ArticleIdList too, with the ids of the works it cites.
    pugi::xml_node ids = node.child("PubmedData").child("ArticleIdList");

    r.pmid = text_of(citation.child("PMID"));
    r.title = text_of(article.child("ArticleTitle"));
    if (r.title.empty()) r.title = text_of(article.child("VernacularTitle"));
    r.journal = text_of(journal.child("Title"));
    if (r.journal.empty()) r.journal = text_of(journal.child("ISOAbbreviation"));
    if (r.journal.empty()) r.journal = text_of(citation.child("MedlineJournalInfo").child("MedlineTA"));
    r.year = year_of(issue.child("PubDate"));
    r.volume = text_of(issue.child("Volume"));
    r.issue = text_of(issue.child("Issue"));
    r.pages = pages_of(article.child("Pagination"));
    r.doi = article_id(ids, "doi");
    if (r.doi.empty()) r.doi = elocation_doi(article);
    r.pmcid = article_id(ids, "pmc");
    collect_people(article, r);
    collect_abstract(article.child("Abstract"), r);
    collect_publication_types(article, r);
    collect_notices(citation.child("CommentsCorrectionsList"), r);
    return r;
}

PubmedRecord parse_book(pugi::xml_node node) {
    PubmedRecord r;
    r.kind = "book";
    pugi::xml_node doc = node.child("BookDocument");
    pugi::xml_node book = doc.child("Book");
    pugi::xml_node data_ids = node.child("PubmedBookData").child("ArticleIdList");
    pugi::xml_node doc_ids = doc.child("ArticleIdList");

    r.pmid = text_of(doc.child("PMID"));
    // A chapter has its own ArticleTitle; a whole book only its BookTitle.
    r.title = text_of(doc.child("ArticleTitle"));
    if (r.title.empty()) r.title = text_of(doc.child("VernacularTitle"));
    r.journal = text_of(book.child("BookTitle"));
    if (r.title.empty()) r.title = r.journal;
    r.year = year_of(book.child("PubDate"));
    r.volume = text_of(book.child("Volume"));
    r.pages = pages_of(doc.child("Pagination"));
    r.doi = article_id(data_ids, "doi");
    if (r.doi.empty()) r.doi = article_id(doc_ids, "doi");
    if (r.doi.empty()) r.doi = elocation_doi(doc);
    r.pmcid = article_id(data_ids, "pmc");
    // A chapter's authors come first; the book's own list applies otherwise.
    collect_people(doc, r);
    std::vector<PubmedAuthor> chapter_authors = std::move(r.authors);
    r.authors.clear();
    collect_people(book, r);
    if (!chapter_authors.empty()) r.authors = std::move(chapter_authors);
    collect_abstract(doc.child("Abstract"), r);
    collect_publication_types(doc, r);
    collect_notices(doc.child("CommentsCorrectionsList"), r);
    return r;
}

std::string where(const std::string& path, int line) { return path + ":" + std::to_string(line) + ": "; }

// Crude ASCII folding of Latin-1 Supplement and Latin Extended-A letters
// (U+00C0..U+017F), enough for author names in ids. '*' marks a letter that
// folds to two, '_' one that is dropped.
constexpr std::string_view kFold =
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy**"
    "aaaaaa*ceeeeiiiidnooooo_ouuuuy*y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllll"
    "nnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(kFold.size() == 0x180 - 0xC0);

std::string_view fold(char32_t cp) {
    switch (cp) {
        case 0xC6:
        case 0xE6:
            return "ae";
        case 0xDE:
        case 0xFE:
            return "th";
        case 0xDF:
            return "ss";
        case 0x132:
        case 0x133:
            return "ij";
        case 0x152:
        case 0x153:
            return "oe";
        default:
            break;
    }
    if (cp < 0xC0 || cp >= 0x180 || kFold[cp - 0xC0] == '_') return {};
    return kFold.substr(cp - 0xC0, 1);
}

// Words of lower-case ASCII letters and digits joined by '-'. Spaces and
// hyphens separate words ("garcia-tabar"); other marks vanish ("obrien").
std::string slug(std::string_view s) {
    std::string out;
    bool pending_dash = false;
    auto put = [&](std::string_view part) {
        if (pending_dash && !out.empty()) out += '-';
        pending_dash = false;
        out += part;
    };
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                put(std::string(1, static_cast<char>(c)));
            else if (c == ' ' || c == '-' || c == '\t')
                pending_dash = true;
            continue;
        }
        // Two-byte UTF-8 covers every letter fold() knows; longer sequences
        // are skipped whole.
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (len == 2 && i + 1 < s.size()) {
            char32_t cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
            if (std::string_view f = fold(cp); !f.empty()) put(f);
        }
        i += len;
    }
    return out;
}

std::string yaml_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

bool plain_yaml_safe(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == '/';
    });
}

std::string citation_line(const PubmedRecord& r) {
    std::string s = r.journal;
    std::string when = r.year;
    if (!r.volume.empty()) when += (when.empty() ? "" : ";") + r.volume;
    if (!r.issue.empty()) when += "(" + r.issue + ")";
    if (!r.pages.empty()) when += ":" + r.pages;
    if (!when.empty()) s += (s.empty() ? "" : ". ") + when;
    return s;
}

std::string person(const PubmedAuthor& a) {
    if (!a.literal.empty()) return a.literal;
    return a.given.empty() ? a.family : a.family + ", " + a.given;
}

}  // namespace

PubmedResult parse_pubmed(std::string_view xml, const std::string& path) {
    PubmedResult result;
    if (xml.size() > kMaxPubmedBytes) {
        result.errors.push_back(where(path, 1) + "file is larger than " + std::to_string(kMaxPubmedBytes) + " bytes");
        return result;
    }
    LineIndex lines(xml);
    if (const std::size_t bad = utf8_error_offset(xml); bad != std::string_view::npos) {
        result.errors.push_back(where(path, lines.line_of(static_cast<std::ptrdiff_t>(bad))) +
                                utf8_error_message(xml, bad));
        return result;
    }
    if (const std::size_t bad = bad_char_ref(xml); bad != std::string_view::npos) {
        const std::size_t end = xml.find(';', bad);
        result.errors.push_back(where(path, lines.line_of(static_cast<std::ptrdiff_t>(bad))) + "character reference " +
                                std::string(xml.substr(bad, std::min<std::size_t>(end - bad + 1, 20))) +
                                " is not a Unicode character");
        return result;
    }
    pugi::xml_document doc;
    // parse_ws_pcdata keeps the space in "<i>in</i> <i>vivo</i>". The text
    // is checked UTF-8 above, whatever the declaration says.
    pugi::xml_parse_result parsed =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
    if (!parsed) {
        result.errors.push_back(where(path, lines.line_of(parsed.offset)) + "malformed XML: " + parsed.description());
        return result;
    }
    if (pugi::xml_node deep = too_deep(doc, kMaxPubmedDepth)) {
        result.errors.push_back(where(path, lines.line_of(deep.offset_debug())) + "elements nested deeper than " +
                                std::to_string(kMaxPubmedDepth) + " levels (<" + deep.name() + ">)");
        return result;
    }
    pugi::xml_node root = doc.document_element();
    int root_line = lines.line_of(root.offset_debug());
    // pugixml accepts several top-level elements; XML does not.
    for (pugi::xml_node extra = root.next_sibling(); extra; extra = extra.next_sibling()) {
        if (extra.type() != pugi::node_element) continue;
        result.errors.push_back(where(path, lines.line_of(extra.offset_debug())) +
                                "malformed XML: a second root element <" + extra.name() + ">");
        return result;
    }
    if (std::strcmp(root.name(), "PubmedArticleSet") != 0) {
        result.errors.push_back(where(path, root_line) + "root element is <" + root.name() +
                                ">, expected <PubmedArticleSet>");
        return result;
    }
    bool any = false;
    for (pugi::xml_node node : root.children()) {
        if (node.type() != pugi::node_element) continue;
        std::string_view name = node.name();
        bool book = name == "PubmedBookArticle";
        if (!book && name != "PubmedArticle") continue;  // e.g. DeleteCitation
        any = true;
        PubmedRecord r = book ? parse_book(node) : parse_article(node);
        r.offset = node.offset_debug();
        r.line = lines.line_of(r.offset);
        // A record without a PMID is kept: a corpus record is written by hand
        // from verified facts only, and a PMID that was not verified stays out.
        if (r.title.empty()) {
            result.errors.push_back(where(path, r.line) + std::string(name) +
                                    (r.pmid.empty() ? std::string() : " PMID " + r.pmid) + " has no title");
        } else {
            result.records.push_back(std::move(r));
        }
    }
    if (!any)
        result.errors.push_back(where(path, root_line) +
                                "PubmedArticleSet holds no PubmedArticle or PubmedBookArticle");
    return result;
}

PubmedResult parse_pubmed_file(const std::string& path) {
    auto fail = [&](int err) {
        PubmedResult r;
        r.errors.push_back(path + ": cannot read: " + std::strerror(err));
        return r;
    };
    struct Close {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Close> f(std::fopen(path.c_str(), "rb"));
    if (!f) return fail(errno);
    std::string data;
    char buf[65536];
    std::size_t n = 0;
    // One byte past the cap is enough for parse_pubmed to refuse the file.
    while (data.size() <= kMaxPubmedBytes && (n = std::fread(buf, 1, sizeof buf, f.get())) > 0) data.append(buf, n);
    // A directory opens fine on Linux and fails only here, with EISDIR.
    if (std::ferror(f.get())) return fail(errno);
    return parse_pubmed(data, path);
}

int default_level(const std::vector<std::string>& publication_types) {
    static constexpr std::pair<std::string_view, int> kLevels[] = {
        {"Meta-Analysis", 1},       {"Systematic Review", 1}, {"Randomized Controlled Trial", 2},
        {"Observational Study", 3}, {"Case Reports", 4},
    };
    int best = 0;
    for (const std::string& t : publication_types)
        for (const auto& [name, level] : kLevels)
            if (t == name && (best == 0 || level < best)) best = level;
    return best;
}

nlohmann::json to_json(const PubmedRecord& r) {
    nlohmann::json authors = nlohmann::json::array();
    for (const PubmedAuthor& a : r.authors) {
        if (!a.literal.empty())
            authors.push_back({{"literal", a.literal}});
        else
            authors.push_back({{"family", a.family}, {"given", a.given}});
    }
    nlohmann::json abstract = nlohmann::json::array();
    for (const AbstractPart& p : r.abstract) abstract.push_back({{"label", p.label}, {"text", p.text}});
    return {
        {"pmid", r.pmid},
        {"doi", r.doi},
        {"title", r.title},
        {"journal", r.journal},
        {"year", r.year},
        {"volume", r.volume},
        {"issue", r.issue},
        {"pages", r.pages},
        {"kind", r.kind},
        {"authors", std::move(authors)},
        {"abstract", std::move(abstract)},
        {"publication_types", r.publication_types},
        {"retracted", r.retracted},
    };
}

std::string study_id(const PubmedRecord& r) {
    std::string name;
    if (!r.authors.empty()) {
        const PubmedAuthor& first = r.authors.front();
        name = slug(first.literal.empty() ? first.family : first.literal);
    }
    if (name.empty()) {
        // A whole book has no authors, only editors: its title names it
        // better ("genereviews-1993") than an editor would.
        std::string words = slug(r.title) + "-";
        for (std::size_t pos = 0, dash; (dash = words.find('-', pos)) != std::string::npos; pos = dash + 1) {
            std::string word = words.substr(pos, dash - pos);
            if (word != "a" && word != "an" && word != "the") {
                name = word;
                break;
            }
        }
    }
    if (name.empty()) return "pmid-" + slug(r.pmid);
    std::string year = slug(r.year);
    return year.empty() ? name : name + "-" + year;
}

std::string study_yaml_stub(const PubmedRecord& r, const std::string& id, const std::string& xml_file) {
    std::string y;
    y += "# PMID " + r.pmid + (r.kind == "book" ? " (book)" : "") + ": " + r.title + "\n";
    if (!r.authors.empty()) {
        std::string names;
        std::size_t shown = std::min<std::size_t>(r.authors.size(), 3);
        for (std::size_t i = 0; i < shown; ++i) names += (i ? "; " : "") + person(r.authors[i]);
        if (r.authors.size() > shown) names += "; et al.";
        y += "# " + names + "\n";
    }
    if (std::string c = citation_line(r); !c.empty()) y += "# " + c + "\n";
    if (!r.doi.empty()) y += "# doi: " + r.doi + "\n";
    if (!r.publication_types.empty()) {
        std::string types;
        for (const std::string& t : r.publication_types) types += (types.empty() ? "" : "; ") + t;
        y += "# Publication types: " + types + "\n";
    }
    if (r.retracted) y += "# RETRACTED\n";
    for (const std::string& n : r.notices) y += "# " + n + "\n";

    y += "id: " + (plain_yaml_safe(id) ? id : yaml_quote(id)) + "\n";
    y += "record: " + (plain_yaml_safe(xml_file) ? xml_file : yaml_quote(xml_file)) + "\n";
    y += "design: \"\"\n";
    if (int level = default_level(r.publication_types); level != 0)
        y += "level: " + std::to_string(level) + "  # from the publication types; the design may override it\n";
    else
        y += "level: \"\"  # 1..7: the publication types give no default\n";
    y += "sample_size: \"\"\n";
    y += "population: \"\"\n";
    // The structured annotation (corpus/README.md): unknown until read.
    y += "design_type: unknown\n";
    y += "participants: unknown\n";
    y += "populations: [unknown]\n";
    y += "risk_of_bias: unknown\n";
    y += "risk_of_bias_reason: Not assessed yet.\n";
    y += "identification: \"\"  # certain | uncertain\n";
    y += "findings: []\n";
    y += "#  - claim: claim-id\n";
    y += "#    stance: supports  # supports | opposes | mixed\n";
    y += "#    directness: direct  # direct | indirect-population | surrogate-outcome | mechanistic\n";
    y += "#    outcome: unknown  # pain, function, injury-incidence, ... (corpus/README.md)\n";
    y += "#    finding: In our own words, what the study found on this claim.\n";
    return y;
}

}  // namespace evidence::ingest
