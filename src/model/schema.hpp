// The index schema: the one table of fields, term prefixes and value slots
// that the indexer writes and the searcher reads, so that a facet cannot
// exist on one side only. No Xapian types here: slots are plain numbers.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace evidence::schema {

// Bump when the layout of documents changes; stored in the database as
// metadata so a searcher refuses an index it cannot read.
constexpr int kVersion = 1;
constexpr std::string_view kVersionKey = "evidence:schema";
// Metadata keys holding JSON: topic labels, counts and build time.
constexpr std::string_view kTopicsKey = "evidence:topics";
constexpr std::string_view kStatsKey = "evidence:stats";

// The kinds of document in the index (the `kind` facet).
constexpr std::string_view kKindClaim = "claim";
constexpr std::string_view kKindAssertion = "assertion";
constexpr std::string_view kKindSource = "source";

// Unique id term of a document: "Q" + kind + ":" + id.
std::string id_term(std::string_view kind, std::string_view id);

enum class FieldKind {
    Filter,  // boolean terms, a facet counted from a value slot
    Text,    // free text under a prefix (author:, title:)
};

struct Field {
    std::string_view name;    // query prefix, URL parameter and facet name
    std::string_view prefix;  // Xapian term prefix
    FieldKind kind;
    int slot;                 // value slot for facet counting, -1 for none
    bool multi;               // several values per document, joined by kMultiSep in the slot
};

constexpr char kMultiSep = '\n';

// The table. Xapian conventions: Q unique id, S title, A author, X… ours.
inline constexpr Field kFields[] = {
    {"kind", "XKIND", FieldKind::Filter, 0, false},
    {"topic", "XTOPIC", FieldKind::Filter, 1, true},
    {"claim", "XCLAIM", FieldKind::Filter, 2, false},
    {"claim_type", "XCTYPE", FieldKind::Filter, 3, false},
    {"stance", "XSTANCE", FieldKind::Filter, 4, false},
    {"level", "XLEVEL", FieldKind::Filter, 5, false},
    {"directness", "XDIRECT", FieldKind::Filter, 6, false},
    {"type", "XTYPE", FieldKind::Filter, 7, false},
    {"year", "XYEAR", FieldKind::Filter, 8, false},
    {"interest", "XINTEREST", FieldKind::Filter, 9, false},
    {"site", "XSITE", FieldKind::Filter, 10, false},
    {"source", "XSOURCE", FieldKind::Filter, -1, false},
    {"cites", "XCITES", FieldKind::Filter, -1, false},
    {"author", "A", FieldKind::Text, -1, false},
    {"title", "S", FieldKind::Text, -1, false},
};

// Value slots that are not facets.
constexpr int kSlotYearNumber = 20;  // sortable_serialise(year), for ranges and date sort
constexpr int kSlotStrength = 21;    // sortable_serialise(level), 8 when none: strength sort
constexpr int kSlotText = 22;        // display text used to build snippets
constexpr int kSlotTitle = 23;       // title shown for the hit
constexpr int kSlotPage = 24;        // JSON of a source's page: rendered body, posts
constexpr int kNoLevel = 8;

std::span<const Field> fields();
const Field* field(std::string_view name);  // nullptr when unknown

// The term for a filter value: prefix + the value lower-cased. Terms are
// capped at Xapian's limit so a long site name cannot fail a build.
std::string filter_term(const Field& f, std::string_view value);

}  // namespace evidence::schema
