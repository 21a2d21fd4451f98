// The index schema: the one table of fields, term prefixes and value slots
// that the indexer writes and the searcher reads, so that a facet cannot
// exist on one side only. No Xapian types here: slots are plain numbers.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace evidence::schema {

// Bump when the layout of documents changes; stored in the database as
// metadata so a searcher refuses an index it cannot read.
// 2: id slot, claim strength, synonym variant terms, retraction flags.
// 3: the document's JSON in a value slot, no termlist table, source bodies
//    without positions.
// 4: every facet value of a document packed in one slot.
// 5: population and outcome facets; facets packed in the table's new order.
// 6: a claim's profile (statement, topics, its assertions' words) under
//    kProfilePrefix, for matching questions and sentences to claims.
// 7: dated claim history in metadata (kHistoryKey and the keys under it).
// 8: the synonym list in metadata (kSynonymsKey); kStatsKey counts the
//    documents of its own database (a shard's part).
// 9: the facets of small closed value sets also packed in kSlotFacetGroup,
//    counted by one spy over a remote shard.
// 10: topic and claim also by position in kSlotListPairs, counted by four
//    spies over a remote shard instead of a spy per list.
// 11: the values of kSlotFacetGroup and kSlotListPairs, and the site in
//    kSlotSiteCode, written as short codes (model/facet_codes.hpp) whose
//    table is in metadata (kCodesKey).
// 12: kSlotListPairs holds two slots, the first topic and claim, then the
//    rest of both lists (four before: first, second, third, the rest).
constexpr int kVersion = 12;

// The language of Xapian's stemmer, for indexing and for queries alike.
constexpr std::string_view kStemLanguage = "english";
constexpr std::string_view kVersionKey = "evidence:schema";
// Metadata keys holding JSON: topic labels, counts and build time.
constexpr std::string_view kTopicsKey = "evidence:topics";
constexpr std::string_view kStatsKey = "evidence:stats";
// The synonym list as [[key, synonym], …] (the synonym table's entries): a
// searcher of remote shards, whose synonym table Xapian 1.4 cannot read over
// the network, expands synonyms from it.
constexpr std::string_view kSynonymsKey = "evidence:synonyms";
// The claim history read from the corpus's git history (cli/history.hpp):
// kHistoryKey holds where it comes from ({status, reason, ...}); under it,
// kHistoryKey + ":claim:" + id a claim's dated changes, kHistoryKey +
// ":topic:" + id and kHistoryKey + ":feed" the newest changes for the feeds.
// The indexer writes them as given and removes the ones a run no longer gives.
constexpr std::string_view kHistoryKey = "evidence:history";
std::string history_claim_key(std::string_view claim);
std::string history_topic_key(std::string_view topic);
std::string history_feed_key();

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
enum class Values {
    Open,
    Kind,
    ClaimType,
    Stance,
    Level,
    Directness,
    SourceType,
    Interest,
    Year,
    Population,
    Outcome,
};

// One row of the facet table. Everything a filter or facet needs elsewhere
// is generated from these rows: the indexer's terms and slots, the query
// parser's prefixes, the CLI's filter options, the OpenAPI parameters and
// enums, the facet value order and labels (the UI takes them from the API).
// Adding a facet is adding a row.
struct Field {
    std::string_view name;    // query prefix, URL parameter, CLI option and facet name
    std::string_view prefix;  // Xapian term prefix
    FieldKind kind;
    int slot;    // value slot for facet counting, -1 for none
    bool multi;  // several values per document, joined by kMultiSep in the slot
    Values values;
    bool facet;              // counted and returned in search responses
    std::string_view label;  // the facet's heading; what a filter option filters by
};
constexpr char kMultiSep = '\n';

// The table, facets in the order a reader sees them. Xapian conventions: Q
// unique id, S title, A author, X… ours.
inline constexpr Field kFields[] = {
    {"kind", "XKIND", FieldKind::Filter, 0, false, Values::Kind, true, "Show"},
    {"topic", "XTOPIC", FieldKind::Filter, 1, true, Values::Open, true, "Topic"},
    {"stance", "XSTANCE", FieldKind::Filter, 4, false, Values::Stance, true, "Stance"},
    {"level", "XLEVEL", FieldKind::Filter, 5, false, Values::Level, true, "Evidence level"},
    {"type", "XTYPE", FieldKind::Filter, 7, false, Values::SourceType, true, "Source type"},
    {"interest", "XINTEREST", FieldKind::Filter, 9, false, Values::Interest, true, "Commercial interest"},
    {"claim_type", "XCTYPE", FieldKind::Filter, 3, false, Values::ClaimType, true, "Claim type"},
    {"directness", "XDIRECT", FieldKind::Filter, 6, false, Values::Directness, true, "Directness"},
    {"population", "XPOP", FieldKind::Filter, 11, true, Values::Population, true, "Population studied"},
    {"outcome", "XOUTCOME", FieldKind::Filter, 12, true, Values::Outcome, true, "Outcome measured"},
    {"claim", "XCLAIM", FieldKind::Filter, 2, true, Values::Open, true, "Claim"},
    {"site", "XSITE", FieldKind::Filter, 10, false, Values::Open, true, "Site"},
    {"year", "XYEAR", FieldKind::Filter, 8, false, Values::Year, true, "Year"},
    {"source", "XSOURCE", FieldKind::Filter, -1, false, Values::Open, false, "Source"},
    {"cites", "XCITES", FieldKind::Filter, -1, false, Values::Open, false, "Cited study"},
    {"author", "A", FieldKind::Text, -1, false, Values::Open, false, "Author"},
    {"title", "S", FieldKind::Text, -1, false, Values::Open, false, "Title"},
};

// Names, prefixes and slots are unique: checked when this header compiles.
constexpr bool fields_unique() {
    constexpr std::size_t n = sizeof(kFields) / sizeof(kFields[0]);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            if (kFields[i].name == kFields[j].name || kFields[i].prefix == kFields[j].prefix) return false;
            if (kFields[i].slot >= 0 && kFields[i].slot == kFields[j].slot) return false;
        }
    return true;
}
static_assert(fields_unique(), "schema::kFields: a name, prefix or slot is used twice");

// A row by name at compile time: a name that is not in the table does not
// compile (the throw is not a constant expression).
constexpr const Field& row(std::string_view name) {
    for (const auto& f : kFields)
        if (f.name == name) return f;
    throw "no such field in schema::kFields";
}

// Typed constants for the rows, so that code names a field without a string
// a typo could break.
namespace F {
inline constexpr const Field& kind = row("kind");
inline constexpr const Field& topic = row("topic");
inline constexpr const Field& stance = row("stance");
inline constexpr const Field& level = row("level");
inline constexpr const Field& type = row("type");
inline constexpr const Field& interest = row("interest");
inline constexpr const Field& claim_type = row("claim_type");
inline constexpr const Field& directness = row("directness");
inline constexpr const Field& population = row("population");
inline constexpr const Field& outcome = row("outcome");
inline constexpr const Field& claim = row("claim");
inline constexpr const Field& site = row("site");
inline constexpr const Field& year = row("year");
inline constexpr const Field& source = row("source");
inline constexpr const Field& cites = row("cites");
}  // namespace F

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
// The same for the facets whose values are a small closed set (in_facet_group:
// kind, stance, level, type and the like, a few hundred combinations over a
// corpus), in the order of kFields, each value as its short code
// (model/facet_codes.hpp: a part per facet, no separator). A remote server
// runs only Xapian's own spies, which count one slot each: this slot lets
// one ValueCountMatchSpy count those nine facets, so a remote shard reads
// one value a match for them instead of nine. The facets of open sets (topic,
// claim, site) and the year keep their own spies: packed, their
// combinations would number in the hundreds of thousands at a large corpus.
constexpr int kSlotFacetGroup = 28;
inline constexpr bool in_facet_group(const Field& f) {
    return f.facet && f.slot >= 0 && f.values != Values::Open && f.values != Values::Year;
}
// The open facets with several values a document (in_list_pairs: topic and
// claim), by position, for the spies of a remote shard: slot
// kSlotListPairs + k holds the code of the k-th value of each such facet, in
// the order of kFields (a single part each, model/facet_codes.hpp); the last
// slot holds the codes of the rest of each list (a list part each). A
// document without a k-th value of any of them has no value in that slot.
// Counted as whole lists, a source's claims made 56,172 distinct values at
// 100k synthetic sources, which a server's spy looks up a match and sends
// whole, and the searcher merges; by position they make about 300 in the
// first slot, and a remote search at 100k took about 0.75x the time. Two
// slots (the first pair, then the rest of both lists) cost a server's spies
// about 10% less than four (first, second, third, rest) on the 50k bench
// index, whole and halved, though the rest slot holds more distinct values
// (24,238 at 50k, against 4,616, 3,884 and 4,529; docs/BENCHMARKS.md).
constexpr int kSlotListPairs = 29;
constexpr int kListPairSlots = 2;
inline constexpr bool in_list_pairs(const Field& f) { return f.facet && f.slot >= 0 && f.multi && !in_facet_group(f); }
// The site's code (model/facet_codes.hpp), for the spy of a remote shard:
// the site's own slot holds its text, longer than a string's inline buffer.
constexpr int kSlotSiteCode = 33;
static_assert(kSlotListPairs + kListPairSlots <= kSlotSiteCode,
              "schema: the slots by position overlap the site's code");
inline constexpr bool in_site_code(const Field& f) {
    return f.facet && f.slot >= 0 && !f.multi && f.values == Values::Open;
}
constexpr int kNoLevel = 8;

// A claim's profile: its statement, its topics' labels and the words of the
// assertions annotated on it, indexed (stemmed) under this prefix in the
// claim's document only. Questions and sentences are matched to claims on
// these terms (search/profile.cpp).
constexpr std::string_view kProfilePrefix = "XPR";
// Assertions whose words join a claim's profile, the first in corpus order:
// enough to learn a claim's vocabulary, bounded for a large corpus.
constexpr std::size_t kMaxProfileAssertions = 60;

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
// The values of a closed field in their natural order (the facet order and
// the OpenAPI enum); empty for open fields and years.
std::vector<std::string> value_list(const Field& f);
// A value's label for a reader ("Has a commercial interest", "Patients with
// ITBS"); "" when the field has no fixed labels (topics, claims, sites).
std::string value_label(const Field& f, std::string_view value);
// The OpenAPI pattern of a year filter: 2019, 2006..2017, 2017.. or ..2017.
constexpr std::string_view kYearPattern = "^([0-9]{4}|[0-9]{4}\\.\\.([0-9]{4})?|\\.\\.[0-9]{4})$";

}  // namespace evidence::schema
