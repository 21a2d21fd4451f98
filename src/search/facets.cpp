#include "search/facets.hpp"

#include <algorithm>
#include <cstdint>

#include "model/facet_codes.hpp"
#include "model/schema.hpp"
#include "search/errors.hpp"
#include "search/open_index.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

namespace {

// Calls `fn` with each value of a multi facet's list (joined by kMultiSep).
template <typename Fn>
void each_listed(std::string_view list, Fn&& fn) {
    for (;;) {
        const auto end = list.find(sc::kMultiSep);
        fn(list.substr(0, end));
        if (end == std::string_view::npos) return;
        list.remove_prefix(end + 1);
    }
}

// Where a value stands in a facet whose values have a natural order: the
// order of the facet table's closed set (schema::value_list).
int fixed_rank(std::string_view facet, const std::string& value) {
    const sc::Field* f = sc::field(facet);
    if (!f || f->values == sc::Values::Level) return -1;
    const auto order = sc::value_list(*f);
    if (order.empty()) return -1;
    const auto pos = std::find(order.begin(), order.end(), value);
    return static_cast<int>(pos - order.begin());
}

void sort_facet(std::string_view name, std::vector<FacetValue>& values) {
    std::sort(values.begin(), values.end(), [&](const FacetValue& a, const FacetValue& b) {
        if (name == "level") return a.value < b.value;  // 1 (strongest) first
        if (name == "year") return a.value > b.value;   // newest first
        const int ra = fixed_rank(name, a.value), rb = fixed_rank(name, b.value);
        if (ra >= 0 || rb >= 0) return ra < rb;
        if (a.count != b.count) return a.count > b.count;
        return a.label < b.label;
    });
}

// Raw slot values and their counts -> the facet's values, labelled and sorted.
template <typename Each>
std::vector<FacetValue> facet_values(OpenIndex& index, const sc::Field& f, Each&& each) {
    std::map<std::string, std::size_t> counts;
    each([&](const std::string& value, std::size_t n) {
        if (f.multi)
            each_listed(value, [&](std::string_view one) { counts[std::string(one)] += n; });
        else
            counts[value] += n;
    });
    std::vector<FacetValue> out;
    for (const auto& [value, count] : counts) out.push_back({value, index.label(f.name, value), count});
    sort_facet(f.name, out);
    return out;
}

std::vector<const sc::Field*> facet_fields() {
    std::vector<const sc::Field*> out;
    for (const auto& f : sc::fields())
        if (f.facet && f.slot >= 0) out.push_back(&f);
    return out;
}

std::vector<bool> multi_flags(const std::vector<const sc::Field*>& facets) {
    std::vector<bool> out;
    for (const auto* f : facets) out.push_back(f->multi);
    return out;
}

// A length as Xapian's remote protocol writes it (1.4's net/length.h): one
// byte below 255; else 0xff, then what exceeds 255 in groups of 7 bits,
// least significant first, the last with its top bit set.
bool read_length(const char*& p, const char* end, std::uint64_t& out) {
    if (p == end) return false;
    out = static_cast<unsigned char>(*p++);
    if (out != 0xff) return true;
    std::uint64_t n = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (p == end || shift > 56) return false;
        const auto b = static_cast<unsigned char>(*p++);
        n |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (b & 0x80) break;
    }
    out = n + 255;
    return true;
}

}  // namespace

void ShardCountSpy::merge_results(const std::string& serialised) {
    const char* p = serialised.data();
    const char* const end = p + serialised.size();
    auto bad = [] { throw Xapian::SerialisationError("a shard's facet counts are not ValueCountMatchSpy's results"); };
    std::uint64_t total = 0, items = 0;
    if (!read_length(p, end, total) || !read_length(p, end, items) || items > serialised.size()) bad();
    received_.reserve(received_.size() + items);
    for (; items > 0; --items) {
        std::uint64_t size = 0, count = 0;
        if (!read_length(p, end, size) || size > static_cast<std::uint64_t>(end - p)) bad();
        std::string value(p, size);
        p += size;
        if (!read_length(p, end, count)) bad();
        received_.emplace_back(std::move(value), static_cast<Xapian::doccount>(count));
    }
    if (p != end) bad();
}

void FacetSpy::add(std::size_t facet, std::string_view value) {
    auto& counts = counts_[facet];
    auto it = counts.find(value);
    if (it == counts.end()) it = counts.emplace(std::string(value), 0).first;
    ++it->second;
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    const std::string packed = doc.get_value(sc::kSlotFacets);
    std::string_view rest = packed;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        const auto end = rest.find(sc::kFacetSep);
        if (only_ == kAll || only_ == i) {
            const std::string_view value = rest.substr(0, end);
            if (!value.empty()) {
                // A list's values, each once (the index wrote each once).
                if (multi_[i])
                    each_listed(value, [&](std::string_view one) { add(i, one); });
                else
                    add(i, value);
            }
            if (only_ == i) break;
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
}

FacetCounts::FacetCounts(bool remote) : remote_(remote), facets_(facet_fields()), packed_(multi_flags(facets_)) {
    if (!remote_) {
        raw_.push_back(&packed_);
        return;
    }
    auto add_spy = [&](int slot, SpyLayout layout) {
        remote_spies_.push_back(std::make_unique<ShardCountSpy>(static_cast<Xapian::valueno>(slot)));
        raw_.push_back(remote_spies_.back().get());
        layouts_.push_back(std::move(layout));
    };
    SpyLayout group, site;
    std::vector<std::size_t> pairs;
    for (std::size_t i = 0; i < facets_.size(); ++i) {
        const auto& f = *facets_[i];
        if (sc::in_facet_group(f)) {
            group.facets.push_back(i);
            group.multi.push_back(f.multi);
        } else if (sc::in_list_pairs(f)) {
            pairs.push_back(i);
        } else if (sc::in_site_code(f)) {
            site.facets.push_back(i);
            site.multi.push_back(false);
        } else {
            SpyLayout whole;
            whole.whole = i;
            add_spy(f.slot, whole);
        }
    }
    add_spy(sc::kSlotFacetGroup, group);
    for (int k = 0; k < sc::kListPairSlots; ++k) {
        SpyLayout at;
        at.facets = pairs;
        at.multi.assign(pairs.size(), k + 1 == sc::kListPairSlots);  // the last: the rest of each list
        add_spy(sc::kSlotListPairs + k, at);
    }
    add_spy(sc::kSlotSiteCode, site);
}

void FacetCounts::collect(OpenIndex& index, std::map<std::string, std::vector<FacetValue>>& out) const {
    if (!remote_) {
        for (std::size_t i = 0; i < facets_.size(); ++i)
            out[std::string(facets_[i]->name)] = facet_values(index, *facets_[i], [&](auto&& add) {
                for (const auto& [value, n] : packed_.counts(i)) add(value, n);
            });
        return;
    }
    if (!index.codes) throw Unavailable("the index's facet codes were not read");
    // A coded facet is counted by code (the table's values are distinct),
    // the year by its text; the values are looked up once each, at the end.
    std::vector<const std::vector<std::string>*> table(facets_.size(), nullptr);
    std::vector<std::vector<std::size_t>> by_code(facets_.size());
    std::vector<std::map<std::string, std::size_t>> by_text(facets_.size());
    for (std::size_t i = 0; i < facets_.size(); ++i)
        if (FacetCodes::coded(*facets_[i]) && (table[i] = index.codes->values(*facets_[i])))
            by_code[i].assign(table[i]->size(), 0);
    for (std::size_t s = 0; s < remote_spies_.size(); ++s) {
        const SpyLayout& layout = layouts_[s];
        auto add = [&](const std::string& value, std::size_t n) {
            if (layout.facets.empty()) {
                by_text[layout.whole][value] += n;
                return;
            }
            bool unknown = false;
            const bool read = each_code(value, layout.multi, [&](std::size_t part, std::uint32_t code) {
                auto& counts = by_code[layout.facets[part]];
                // A shard written after the table was read: a run is committing.
                if (code >= counts.size()) {
                    unknown = true;
                    return false;
                }
                counts[code] += n;
                return true;
            });
            if (unknown) throw Unavailable("the index changed during the search; try again");
            if (!read)
                throw Unavailable("a shard holds facet values this program cannot read: run `evidence index` again");
        };
        const ShardCountSpy& spy = *remote_spies_[s];
        for (const auto& [value, n] : spy.received()) add(value, n);                              // from remote shards
        for (auto v = spy.values_begin(); v != spy.values_end(); ++v) add(*v, v.get_termfreq());  // local ones
    }
    for (std::size_t i = 0; i < facets_.size(); ++i)
        out[std::string(facets_[i]->name)] = facet_values(index, *facets_[i], [&](auto&& add) {
            for (std::size_t code = 0; code < by_code[i].size(); ++code)
                if (by_code[i][code] > 0) add((*table[i])[code], by_code[i][code]);
            for (const auto& [value, n] : by_text[i]) add(value, n);
        });
}

void FacetCounts::disjunctive(OpenIndex& index, const Xapian::Query& query,
                              const std::map<std::string, std::vector<std::string>>& filters,
                              std::map<std::string, std::vector<FacetValue>>& out) const {
    for (std::size_t i = 0; i < facets_.size(); ++i) {
        const std::string name(facets_[i]->name);
        if (!filters.count(name)) continue;
        auto others = filters;
        others.erase(name);
        const Xapian::Query rest = index.qb.filters(others);
        const Xapian::Query q = rest.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, rest);
        FacetSpy one(multi_flags(facets_), i);
        Xapian::ValueCountMatchSpy remote_one(static_cast<Xapian::valueno>(facets_[i]->slot));
        Xapian::MatchSpy* spy = remote_ ? static_cast<Xapian::MatchSpy*>(&remote_one) : &one;
        index.run(q, "relevance", 0, 0, index.db.get_doccount(), {spy});
        out[name] = facet_values(index, *facets_[i], [&](auto&& add) {
            if (remote_)
                for (auto v = remote_one.values_begin(); v != remote_one.values_end(); ++v) add(*v, v.get_termfreq());
            else
                for (const auto& [value, n] : one.counts(i)) add(value, n);
        });
    }
}

}  // namespace evidence::search
