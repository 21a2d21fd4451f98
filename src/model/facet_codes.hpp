// Short codes for facet values, for the spies of a remote shard.
//
// xapian-tcpsrv runs only Xapian's ValueCountMatchSpy: for every match, one
// value of one slot copied and looked up in a map of strings. The facets
// counted over a remote shard are therefore packed into a few slots
// (schema::kSlotFacetGroup, kSlotListPairs, kSlotSiteCode), and each value
// in them is written as a code of one to four bytes instead of its text:
// the values stay within a std::string's inline buffer (no allocation a
// copy), compare in a byte or two, and travel back short. On a copy of the
// 100k-source bench index, over one xapian-tcpsrv, the seven spies took
// 0.66x the time with codes (docs/BENCHMARKS.md).
//
// A code is a number in base 47, most significant digit first: every digit
// but the last is a byte in [0x21, 0x4f], the last in [0x50, 0x7e], so a
// code ends itself and holds neither separator of the packed slots. In a
// slot each facet is one part: a single-valued facet's part is its code, or
// kNoCode when the document has no value; a multi-valued facet's part is
// its codes followed by kNoCode.
//
// The table, value by code, is the index's (metadata kCodesKey), the same in
// every shard. A full build starts it anew; an incremental run extends the
// live one, so that the documents it does not rewrite keep their meaning.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"
#include "model/schema.hpp"

namespace evidence {

constexpr char kNoCode = ' ';
constexpr std::string_view kCodesKey = "evidence:codes";

// Appends code `n`; reads one from the front of `in` (false when `in` does
// not start with a whole code).
void append_code(std::string& out, std::uint32_t n);
bool read_code(std::string_view& in, std::uint32_t& n);

// Calls fn(part, code) for each code of a coded slot's value, in order;
// `multi[i]` says whether part i is a list. False when `value` is not such a
// slot's value, or when `fn` returns false (reading stops there).
template <typename Fn>
bool each_code(std::string_view value, const std::vector<bool>& multi, Fn&& fn) {
    for (std::size_t i = 0; i < multi.size(); ++i) {
        for (;;) {
            if (value.empty()) return false;
            if (value.front() == kNoCode) {
                value.remove_prefix(1);
                break;
            }
            std::uint32_t n = 0;
            if (!read_code(value, n) || !fn(i, n)) return false;
            if (!multi[i]) break;
        }
    }
    return value.empty();
}

class FacetCodes {
public:
    FacetCodes() = default;
    FacetCodes(const FacetCodes& other);
    FacetCodes& operator=(const FacetCodes& other);

    // The facets whose values are coded: those of the packed remote slots.
    static bool coded(const schema::Field& f);

    // The table as metadata: {"facet": [value by code, ...], ...}.
    std::string serialise() const;
    // Throws std::runtime_error when `text` is not serialise()'s.
    static FacetCodes parse(std::string_view text);

    // Codes for the values a corpus can give, in a fixed order (each closed
    // set's order, then the corpus's topics, claims and sites), after those
    // the table already has: a build's codes do not depend on which of its
    // threads meets a value first.
    void extend(const Corpus& corpus);

    // The code of `value` of facet `f` (coded(f)), appended to `out`; a value
    // not in the table yet gets the next code. Safe from several threads.
    void append(std::string& out, const schema::Field& f, std::string_view value);
    // The same for the values of one document, under one lock.
    class Batch {
    public:
        explicit Batch(FacetCodes& codes) : codes_(codes), lock_(codes.mutex_) {}
        void append(std::string& out, const schema::Field& f, std::string_view value) {
            append_code(out, codes_.add(codes_.table(f), value));
        }

    private:
        FacetCodes& codes_;
        std::lock_guard<std::mutex> lock_;
    };
    // The value of code `n` of facet `f`, or nullptr. The pointer holds
    // until a value is added (the searcher's table is read-only once read).
    const std::string* value(const schema::Field& f, std::uint32_t n) const;
    // Every value of facet `f`, by code (nullptr when it has none); the
    // pointer holds as value()'s does.
    const std::vector<std::string>* values(const schema::Field& f) const;
    std::size_t size(const schema::Field& f) const;

    // The longest of two tables that one extends (shards written by runs
    // a commit apart): false when they disagree.
    bool merge_longer(const FacetCodes& other);

private:
    struct Table {
        std::vector<std::string> values;
        std::unordered_map<std::string, std::uint32_t> codes;
    };
    std::uint32_t add(Table& t, std::string_view value);
    Table& table(const schema::Field& f);
    mutable std::mutex mutex_;
    std::map<std::string, Table, std::less<>> tables_;
};

}  // namespace evidence
