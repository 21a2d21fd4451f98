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
// 2: id slot, claim strength, synonym variant terms, retraction flags.
// 3: the document's JSON in a value slot, no termlist table, source bodies
//    without positions.
// 4: every facet value of a document packed in one slot.
constexpr int kVersion = 4;
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

// Which values a filter accepts: any, or a closed set that a request
// naming another value is refused for (model.hpp spells the sets).
enum class Values { Open, Kind, ClaimType, Stance, Level, Directness, SourceType, Interest, Year };

struct Field {
    std::string_view name;    // query prefix, URL parameter and facet name
    std::string_view prefix;  // Xapian term prefix
    FieldKind kind;
    int slot;                 // value slot for facet counting, -1 for none
    bool multi;               // several values per document, joined by kMultiSep in the slot
    Values values;
    bool facet;               // counted and returned in search responses
};

constexpr char kMultiSep = '\n';

// The table. Xapian conventions: Q unique id, S title, A author, X… ours.
inline constexpr Field kFields[] = {
    {"kind", "XKIND", FieldKind::Filter, 0, false, Values::Kind, true},
    {"topic", "XTOPIC", FieldKind::Filter, 1, true, Values::Open, true},
    {"claim", "XCLAIM", FieldKind::Filter, 2, true, Values::Open, true},
    {"claim_type", "XCTYPE", FieldKind::Filter, 3, false, Values::ClaimType, true},
    {"stance", "XSTANCE", FieldKind::Filter, 4, false, Values::Stance, true},
    {"level", "XLEVEL", FieldKind::Filter, 5, false, Values::Level, true},
    {"directness", "XDIRECT", FieldKind::Filter, 6, false, Values::Directness, true},
    {"type", "XTYPE", FieldKind::Filter, 7, false, Values::SourceType, true},
    {"year", "XYEAR", FieldKind::Filter, 8, false, Values::Year, true},
    {"interest", "XINTEREST", FieldKind::Filter, 9, false, Values::Interest, true},
    {"site", "XSITE", FieldKind::Filter, 10, false, Values::Open, true},
    {"source", "XSOURCE", FieldKind::Filter, -1, false, Values::Open, false},
    {"cites", "XCITES", FieldKind::Filter, -1, false, Values::Open, false},
    {"author", "A", FieldKind::Text, -1, false, Values::Open, false},
    {"title", "S", FieldKind::Text, -1, false, Values::Open, false},
};

// Value slots that are not facets.
constexpr int kSlotYearNumber = 20;  // sortable_serialise(year), for ranges and date sort
constexpr int kSlotStrength = 21;    // sortable_serialise(level), kNoLevel when none: strength sort.
                                     // A claim's is the strongest level of its evidence.
constexpr int kSlotText = 22;        // display text used to build snippets
constexpr int kSlotTitle = 23;       // title shown for the hit (a claim's statement)
constexpr int kSlotPage = 24;        // JSON of a source's page: rendered body, posts
constexpr int kSlotId = 25;          // the document's id (its kind is slot 0): hits without parsing JSON
// The document's JSON (what the API shows of it). Not the document data:
// glass zlib-compresses the record table one document at a time, which was
// 7% of a build's CPU; value streams are stored as they are.
constexpr int kSlotData = 26;
// Every facet value of the document in one value: the slots of the facet
// fields (facet && slot >= 0) in the order of kFields, joined by
// kFacetSep, each as its own slot holds it. A search reads one value a
// match to count every facet instead of one per facet, which was most of
// the time of a query matching many documents.
constexpr int kSlotFacets = 27;
constexpr char kFacetSep = '\x1e';
constexpr int kNoLevel = 8;

// Flags: boolean terms with no facet, for the reader's lookups.
constexpr std::string_view kTermRetracted = "XFLAGretracted";  // leans on a retracted study

std::span<const Field> fields();
const Field* field(std::string_view name);  // nullptr when unknown

// The term for a filter value: prefix + the value lower-cased. Terms are
// capped at Xapian's limit so a long site name cannot fail a build.
std::string filter_term(const Field& f, std::string_view value);

// Is `value` (as a request spells it, any case) one the field accepts?
// Always true for open fields; years are YYYY or a range YYYY..YYYY.
bool valid_value(const Field& f, std::string_view value);
// Whether a parameter of this filter may list several values joined by
// commas ("type=forum-thread,article"): true for ids and closed sets, none
// of which holds a comma. A site's name may ("Motive Training (Austin,
// TX)"): a site parameter is one value, repeated for several. Repeating a
// parameter works for every filter.
bool comma_list(const Field& f);
// "one of: a, b, c" for a closed field, for error messages; "" for open ones.
std::string accepted_values(const Field& f);

}  // namespace evidence::schema
