// Hostile corpus files: each is refused (or read) with its whole message at
// its line, without a crash, whatever its size or depth. The large inputs are
// generated here rather than committed. (How long each takes is measured
// outside the tests: README.md, "Limits of the corpus files".)
#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "ingest/corpus.hpp"
#include "ingest/markdown.hpp"
#include "ingest/pubmed.hpp"
#include "ingest/yaml_reader.hpp"
#include "test_util.hpp"

using namespace evidence;
using namespace evidence::ingest;

namespace {

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

const std::string kFront =
    "---\nid: s\ntype: forum-thread\ntitle: T\ncommercial_interest: none\n---\n";  // body starts at line 7

std::string pubmed_with_title(const std::string& title) {
    return "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID>\n"
           "<Article><ArticleTitle>" +
           title + "</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n";
}

struct Row {
    const char* what;
    std::function<std::string()> make;  // the file's content
    enum Kind { Source, Claims, Topics, Synonyms, Study, Pubmed } kind;
    std::vector<std::string> expected;  // every message, whole
};

std::vector<std::string> read_as(Row::Kind kind, const std::string& content, std::size_t* records = nullptr) {
    Corpus c;
    std::vector<Diagnostic> errors;
    switch (kind) {
        case Row::Source:
            parse_source("s.md", content, c, errors);
            break;
        case Row::Claims:
            parse_claims("c.yaml", content, c, errors);
            break;
        case Row::Topics:
            parse_topics("t.yaml", content, c, errors);
            break;
        case Row::Synonyms:
            parse_synonyms("y.yaml", content, c, errors);
            break;
        case Row::Study: {
            TempDir dir;
            parse_study("st.yaml", content, dir.path, c, errors);
            break;
        }
        case Row::Pubmed: {
            const PubmedResult r = parse_pubmed(content, "p.xml");
            if (records) *records = r.records.size();
            return r.errors;
        }
    }
    if (records) *records = c.sources.empty() ? c.claims.size() : c.sources.front().posts.size();
    std::vector<std::string> out;
    for (const auto& d : errors) out.push_back(d.str());
    return out;
}

}  // namespace

TEST_CASE("hostile files: each refused with its message and line", "[ingest][hostile]") {
    const std::string max_yaml = std::to_string(kMaxYamlBytes);
    const std::string max_md = std::to_string(kMaxMarkdownBytes);
    const std::string max_xml = std::to_string(kMaxPubmedBytes);
    const std::vector<Row> rows = {
        {"a malformed post line of 40,000 characters",
         [] { return kFront + "Intro\n::: post " + std::string(40000, 'a') + "\n"; },
         Row::Source,
         {"s.md:8: malformed post line; expected ::: post ANCHOR \"handle\""}},
        {"a post line with a handle of 40,000 characters and a bad anchor",
         [] { return kFront + "::: post Bad \"" + std::string(40000, 'h') + "\"\n"; },
         Row::Source,
         {"s.md:7: malformed post line; expected ::: post ANCHOR \"handle\""}},
        {"90,000 posts, the last a duplicate",
         [] {
             std::string s = kFront;
             for (int i = 0; i < 90000; ++i) s += "::: post p" + std::to_string(i) + " \"h\"\n";
             return s + "::: post p5 \"h\"\n";
         },
         Row::Source,
         {"s.md:90007: duplicate post 'p5' (first at line 12)"}},
        {"a source over the Markdown cap",
         [] { return kFront + std::string(kMaxMarkdownBytes, 'x'); },
         Row::Source,
         {"s.md:1: file is larger than " + max_md + " bytes"}},
        {"invalid UTF-8 in a source's body",
         [] { return kFront + "One\nTwo\ncaf\xC3\n"; },
         Row::Source,
         {"s.md:9: not valid UTF-8: byte 0xC3 at column 4"}},
        {"a surrogate in a source's front matter",
         [] { return "---\nid: s\ntitle: \xED\xA0\x80\n---\n"; },
         Row::Source,
         {"s.md:3: not valid UTF-8: byte 0xED at column 8"}},
        {"front matter nested 100,000 deep",
         [] { return "---\nid: s\ntitle: " + repeat("[", 100000) + "\n---\n"; },
         Row::Source,
         {"s.md:3: lists and mappings nested deeper than 64 levels"}},
        {"claims YAML over the cap",
         [] { return "- id: a\n  note: " + std::string(kMaxYamlBytes, 'x') + "\n"; },
         Row::Claims,
         {"c.yaml:1: YAML larger than " + max_yaml + " bytes"}},
        {"claims YAML with an overlong byte on line 3",
         [] { return "- id: a\n  type: efficacy\n  statement: x\xC0\xAF\n"; },
         Row::Claims,
         {"c.yaml:3: not valid UTF-8: byte 0xC0 at column 15"}},
        {"claims YAML 100,000 flow lists deep",
         [] { return "- id: a\n  topics: " + repeat("[", 100000) + "\n"; },
         Row::Claims,
         {"c.yaml:2: lists and mappings nested deeper than 64 levels"}},
        {"claims YAML 100,000 block lists deep, on one line",
         [] { return repeat("- ", 100000) + "x\n"; },
         Row::Claims,
         {"c.yaml:1: lists and mappings nested deeper than 64 levels"}},
        {"topics YAML mappings 100,000 deep",
         [] { return repeat("{a: ", 100000) + "\n"; },
         Row::Topics,
         {"t.yaml:1: lists and mappings nested deeper than 64 levels"}},
        {"synonyms YAML expanding aliases",
         [] { return "- &w [a, b]\n- *w\n"; },
         Row::Synonyms,
         {"y.yaml:2: aliases (*name) are not allowed in corpus files; write the value out"}},
        {"a study naming a record outside its folder",
         [] {
             return "id: st\nrecord: ../../etc/passwd\ndesign: x\nlevel: 2\ndesign_type: rct\nparticipants: 10\n"
                    "populations: [runners]\nrisk_of_bias: unknown\nrisk_of_bias_reason: Not assessed.\n";
         },
         Row::Study,
         {"st.yaml:2: record '../../etc/passwd' must be the name of a file in the studies folder"}},
        {"a PubMed title with 50,000 nested elements",
         [] { return pubmed_with_title(repeat("<i>", 50000) + "x" + repeat("</i>", 50000)); },
         Row::Pubmed,
         {"p.xml:4: elements nested deeper than 100 levels (<i>)"}},
        {"a PubMed record with invalid UTF-8 on line 4",
         [] { return pubmed_with_title("Caf\xE9 au lait"); },
         Row::Pubmed,
         {"p.xml:4: not valid UTF-8: byte 0xE9 at column 27"}},
        {"a PubMed title with a character reference to a surrogate",
         [] { return pubmed_with_title("A &#x26; B &#xD800; C"); },
         Row::Pubmed,
         {"p.xml:4: character reference &#xD800; is not a Unicode character"}},
        {"a PubMed title with a character reference past U+10FFFF",
         [] { return pubmed_with_title("&#1114112;"); },
         Row::Pubmed,
         {"p.xml:4: character reference &#1114112; is not a Unicode character"}},
        {"a PubMed file over the cap",
         [] { return pubmed_with_title(std::string(kMaxPubmedBytes, 'x')); },
         Row::Pubmed,
         {"p.xml:1: file is larger than " + max_xml + " bytes"}},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        CHECK(read_as(row.kind, row.make()) == row.expected);
    }
}

TEST_CASE("hostile files: what is within the limits is read", "[ingest][hostile]") {
    std::size_t n = 0;
    // A valid post line of 40,000 characters is a post.
    CHECK(read_as(Row::Source, kFront + "::: post p1 \"" + std::string(40000, 'h') + "\"\nText.\n", &n).empty());
    CHECK(n == 1);
    // 90,000 posts (1.8 MB), all read.
    std::string many = kFront;
    for (int i = 0; i < 90000; ++i) many += "::: post p" + std::to_string(i) + " \"h\"\n";
    REQUIRE(many.size() <= kMaxMarkdownBytes);
    CHECK(read_as(Row::Source, many, &n).empty());
    CHECK(n == 90000);
    // Nesting up to the limit is YAML like any other (here: not a claim).
    CHECK(read_as(Row::Claims, repeat("[", 63) + repeat("]", 63) + "\n") ==
          std::vector<std::string>{"c.yaml:1: a claim must be a mapping of fields"});
    // Brackets in quoted scalars and comments are text, not nesting.
    CHECK(read_as(Row::Claims,
                  "- id: a\n  statement: \"" + repeat("[{", 100) + "\\\" " + repeat("[", 100) +
                      "\"\n  type: efficacy\n  note: '" + repeat("{", 100) + "'\n  topics: [t] # " + repeat("[", 100) +
                      "\n",
                  &n)
              .empty());
    CHECK(n == 1);
    // A PubMed title nested 90 deep is still text.
    CHECK(read_as(Row::Pubmed, pubmed_with_title(repeat("<i>", 90) + "Deep" + repeat("</i>", 90)), &n).empty());
    CHECK(n == 1);
}
