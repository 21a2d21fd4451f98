// PubMed XML (PubmedArticleSet, as efetch and the PubMed site export it) to
// bibliographic records, for studies/*.xml and `evidence import pubmed`.
// Expected failures come back as "path:line: message" strings, never as
// exceptions: pugixml stays inside this module.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::ingest {

// A PubMed export of a few thousand records; pugixml holds about 1.5 bytes
// of memory per byte of XML (README.md, "Limits of the corpus files").
constexpr std::size_t kMaxPubmedBytes = 64 * 1024 * 1024;
// PubMed records nest about ten levels, MathML in a title a few more.
constexpr int kMaxPubmedDepth = 100;

struct PubmedAuthor {
    std::string family, given;
    std::string literal;  // CollectiveName: a group, not a person
};

struct AbstractPart {
    std::string label, text;  // label "" for an unstructured abstract
};

struct PubmedRecord {
    std::string pmid, doi, pmcid, title, journal, year, volume, issue, pages;
    std::string kind;  // "article" | "book"
    std::vector<PubmedAuthor> authors;
    // A book's AuthorList Type="editors": kept apart so that editors are
    // never cited as the authors of a work they edited.
    std::vector<PubmedAuthor> editors;
    std::vector<AbstractPart> abstract;
    std::vector<std::string> publication_types;
    bool retracted = false;
    // Retraction, erratum and expression-of-concern notices, e.g.
    // "Retraction in: J Foo. 2020;1:2 (PMID 123)".
    std::vector<std::string> notices;
    int line = 0;  // 1-based line of the record's element in the file
    // Byte offset of the record's element (pugixml offset_debug()): unlike
    // the line, it tells apart records that share one line.
    std::ptrdiff_t offset = -1;
};

struct PubmedResult {
    std::vector<PubmedRecord> records;
    std::vector<std::string> errors;  // "path:line: message"
};

// Records that lack a title are reported and left out (a hand-written
// corpus record may lack a PMID that could not be verified); the others
// are still returned, so one bad record does not hide the rest.
PubmedResult parse_pubmed(std::string_view xml, const std::string& path);
// An unreadable file gives one error "path: cannot read: reason".
PubmedResult parse_pubmed_file(const std::string& path);

// The default evidence level from PubMed publication types: 1 Meta-Analysis
// or Systematic Review, 2 Randomized Controlled Trial, 3 Observational Study,
// 4 Case Reports; the strongest present wins; 0 when none applies.
int default_level(const std::vector<std::string>& publication_types);

// The `evidence import pubmed --json` object of one record (PRODUCT.md):
// pmid, doi, title, journal, year, volume, issue, pages, kind, authors,
// abstract, publication_types, retracted. Missing text fields are "".
nlohmann::json to_json(const PubmedRecord& record);

// A default study id: the first author's family name as an ASCII slug, "-",
// the year ("fairclough-2006"). Falls back to a collective name, then to the
// title's first word, then to "pmid-<pmid>".
std::string study_id(const PubmedRecord& record);

// A studies/<id>.yaml skeleton (corpus/README.md) for the annotator: design,
// sample size, population and identification left as "", the level filled
// from the publication types when they give one, the record's facts in
// comments.
std::string study_yaml_stub(const PubmedRecord& record, const std::string& id, const std::string& xml_file);

}  // namespace evidence::ingest

namespace evidence::ingest {
// The record of `path` at `record.line`, alone in a PubmedArticleSet.
std::string single_record_xml(const std::string& path, const PubmedRecord& record);
}  // namespace evidence::ingest
