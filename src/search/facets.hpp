// Facet counting: every facet of every match read from the one value that
// packs them, and the disjunctive counts of the facets a request filters on
// (each counted with every filter but its own, as a shop's filter list or
// Elasticsearch's post_filter counts), so that a second value of a facet
// shows what choosing it as well would add.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "search/searcher.hpp"

namespace evidence::schema {
struct Field;
}

namespace evidence::search {

class OpenIndex;

// Counts the values of the facets of every match from the one value that
// packs them (schema::kSlotFacets): each value with the number of matches
// that have it. A multi facet's list (its values joined, each once) is
// split as it is read, so its table holds single values (a claim), not
// every distinct list the matches have (7,172 claim lists at 10k synthetic
// sources, more the larger the corpus). One value read and one virtual call
// a match instead of one each per facet. With `only`, just that facet (its
// index among the packed facets). Local databases only: a remote server runs
// only the spies Xapian registers.
class FacetSpy : public Xapian::MatchSpy {
public:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Counts = std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>>;
    static constexpr std::size_t kAll = static_cast<std::size_t>(-1);

    // `multi`: for each packed facet, whether its values are lists.
    explicit FacetSpy(std::vector<bool> multi, std::size_t only = kAll)
        : counts_(multi.size()), multi_(std::move(multi)), only_(only) {}

    void operator()(const Xapian::Document& doc, double) override;

    const Counts& counts(std::size_t facet) const { return counts_[facet]; }

private:
    void add(std::size_t facet, std::string_view value);

    std::vector<Counts> counts_;
    std::vector<bool> multi_;
    std::size_t only_;
};

// Xapian's ValueCountMatchSpy as a remote shard runs it (name() and
// serialise() are its own), keeping what each shard sends, value and count,
// as it comes rather than merging it into the spy's map of strings: that
// merge was a fifth of the searcher's CPU over two shards at 50k sources,
// and FacetCounts::collect sums by facet code instead. A local database
// searched along with remote shards counts through the spy's own
// operator(), into its map (values_begin()).
class ShardCountSpy : public Xapian::ValueCountMatchSpy {
public:
    explicit ShardCountSpy(Xapian::valueno slot) : Xapian::ValueCountMatchSpy(slot) {}
    // Reads what ValueCountMatchSpy::serialise_results writes in Xapian
    // 1.4's remote protocol (a server speaking another is refused when the
    // connection opens); Xapian::SerialisationError when it is not that.
    void merge_results(const std::string& serialised) override;
    const std::vector<std::pair<std::string, Xapian::doccount>>& received() const { return received_; }

private:
    std::vector<std::pair<std::string, Xapian::doccount>> received_;
};

// The facets of one search: spies added to its Enquire count every facet
// over every match (locally from the one packed value, FacetSpy; over a
// remote shard with Xapian's own spy, the only kind xapian-tcpsrv can run:
// one for the facets packed in schema::kSlotFacetGroup, one for each slot of
// schema::kSlotListPairs (topic and claim by position), one for the site's
// code and one for the year; the codes are read with the index's table,
// model/facet_codes.hpp), then the values are labelled and sorted.
class FacetCounts {
public:
    explicit FacetCounts(bool remote);
    FacetCounts(const FacetCounts&) = delete;
    FacetCounts& operator=(const FacetCounts&) = delete;

    // The spies to add to the search's Enquire.
    const std::vector<Xapian::MatchSpy*>& spies() const { return raw_; }
    // After the search ran: every facet's values with their counts.
    void collect(OpenIndex& index, std::map<std::string, std::vector<FacetValue>>& out) const;
    // Disjunctive counts: a facet the request filters on is counted with
    // every other filter but without its own, one more match each, so its
    // other values show what choosing them as well (OR) would add. `query`
    // is the search's query without the filters.
    void disjunctive(OpenIndex& index, const Xapian::Query& query,
                     const std::map<std::string, std::vector<std::string>>& filters,
                     std::map<std::string, std::vector<FacetValue>>& out) const;

private:
    bool remote_;
    std::vector<const schema::Field*> facets_;
    FacetSpy packed_;
    // Over a remote shard: a spy for the grouped facets
    // (schema::kSlotFacetGroup), one for each slot of schema::kSlotListPairs,
    // one for the site's code (schema::kSlotSiteCode) and one for the year.
    // A spy's values are coded parts (model/facet_codes.hpp), one per facet
    // (an index into facets_), each a list or not; or, with no parts, the
    // values of facet `whole` as they are.
    struct SpyLayout {
        std::vector<std::size_t> facets;
        std::vector<bool> multi;
        std::size_t whole = 0;
    };
    std::vector<std::unique_ptr<ShardCountSpy>> remote_spies_;
    std::vector<SpyLayout> layouts_;
    std::vector<Xapian::MatchSpy*> raw_;
};

}  // namespace evidence::search
