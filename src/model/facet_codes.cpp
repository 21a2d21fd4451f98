#include "model/facet_codes.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace evidence {

namespace {

constexpr std::uint32_t kBase = 47;
constexpr unsigned char kMore = 0x21;  // a digit with more to come
constexpr unsigned char kLast = 0x50;  // the last digit
// Four digits: 4,879,681 values a facet.
constexpr std::uint32_t kMaxCodes = kBase * kBase * kBase * kBase;

}  // namespace

void append_code(std::string& out, std::uint32_t n) {
    char digits[4];
    int k = 0;
    do {
        digits[k++] = static_cast<char>(n % kBase);
        n /= kBase;
    } while (n > 0 && k < 4);
    for (int i = k - 1; i >= 0; --i)
        out += static_cast<char>((i == 0 ? kLast : kMore) + static_cast<unsigned char>(digits[i]));
}

bool read_code(std::string_view& in, std::uint32_t& n) {
    n = 0;
    for (std::size_t i = 0; i < in.size() && i < 4; ++i) {
        const auto c = static_cast<unsigned char>(in[i]);
        if (c >= kMore && c < kMore + kBase) {
            n = n * kBase + (c - kMore);
        } else if (c >= kLast && c < kLast + kBase) {
            n = n * kBase + (c - kLast);
            in.remove_prefix(i + 1);
            return true;
        } else {
            return false;
        }
    }
    return false;
}

FacetCodes::FacetCodes(const FacetCodes& other) {
    const std::lock_guard<std::mutex> lock(other.mutex_);
    tables_ = other.tables_;
}

FacetCodes& FacetCodes::operator=(const FacetCodes& other) {
    if (this == &other) return *this;
    std::scoped_lock lock(mutex_, other.mutex_);
    tables_ = other.tables_;
    return *this;
}

bool FacetCodes::coded(const schema::Field& f) {
    return schema::in_facet_group(f) || schema::in_list_pairs(f) || schema::in_site_code(f);
}

std::string FacetCodes::serialise() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [facet, t] : tables_) j[facet] = t.values;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

FacetCodes FacetCodes::parse(std::string_view text) {
    FacetCodes out;
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string(kCodesKey) + ": not JSON: " + e.what());
    }
    if (!j.is_object()) throw std::runtime_error(std::string(kCodesKey) + ": not an object");
    for (const auto& [facet, values] : j.items()) {
        if (!values.is_array()) throw std::runtime_error(std::string(kCodesKey) + ": " + facet + ": not a list");
        Table& t = out.tables_[facet];
        for (const auto& v : values) {
            if (!v.is_string()) throw std::runtime_error(std::string(kCodesKey) + ": " + facet + ": not a string");
            if (!t.codes.emplace(v.get<std::string>(), static_cast<std::uint32_t>(t.values.size())).second)
                throw std::runtime_error(std::string(kCodesKey) + ": " + facet + ": '" + v.get<std::string>() +
                                         "' twice");
            t.values.push_back(v.get<std::string>());
        }
    }
    return out;
}

std::uint32_t FacetCodes::add(Table& t, std::string_view value) {
    if (const auto it = t.codes.find(std::string(value)); it != t.codes.end()) return it->second;
    if (t.values.size() >= kMaxCodes)
        throw std::runtime_error("more than " + std::to_string(kMaxCodes) + " values of one facet");
    const auto n = static_cast<std::uint32_t>(t.values.size());
    t.values.emplace_back(value);
    t.codes.emplace(t.values.back(), n);
    return n;
}

void FacetCodes::extend(const Corpus& corpus) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& f : schema::fields()) {
        if (!coded(f)) continue;
        Table& t = tables_[std::string(f.name)];
        for (const auto& v : schema::value_list(f)) add(t, v);
        if (&f == &schema::F::topic)
            for (const auto& topic : corpus.topics) add(t, topic.id);
        if (&f == &schema::F::claim)
            for (const auto& claim : corpus.claims) add(t, claim.id);
        if (&f == &schema::F::site) {
            std::set<std::string> sites;
            for (const auto& s : corpus.sources)
                if (!s.site.empty()) sites.insert(s.site);
            for (const auto& s : sites) add(t, s);
        }
    }
}

FacetCodes::Table& FacetCodes::table(const schema::Field& f) {
    auto it = tables_.find(f.name);
    if (it == tables_.end()) it = tables_.emplace(std::string(f.name), Table{}).first;
    return it->second;
}

void FacetCodes::append(std::string& out, const schema::Field& f, std::string_view value) {
    Batch(*this).append(out, f, value);
}

const std::string* FacetCodes::value(const schema::Field& f, std::uint32_t n) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = tables_.find(f.name);
    if (it == tables_.end() || n >= it->second.values.size()) return nullptr;
    return &it->second.values[n];
}

const std::vector<std::string>* FacetCodes::values(const schema::Field& f) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = tables_.find(f.name);
    return it == tables_.end() ? nullptr : &it->second.values;
}

std::size_t FacetCodes::size(const schema::Field& f) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = tables_.find(f.name);
    return it == tables_.end() ? 0 : it->second.values.size();
}

bool FacetCodes::merge_longer(const FacetCodes& other) {
    std::scoped_lock lock(mutex_, other.mutex_);
    for (const auto& [facet, theirs] : other.tables_) {
        Table& mine = tables_[facet];
        const std::size_t common = std::min(mine.values.size(), theirs.values.size());
        if (!std::equal(mine.values.begin(), mine.values.begin() + static_cast<std::ptrdiff_t>(common),
                        theirs.values.begin()))
            return false;
        if (theirs.values.size() > mine.values.size()) mine = theirs;
    }
    return true;
}

}  // namespace evidence
