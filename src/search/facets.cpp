#include "search/facets.hpp"

#include "model/schema.hpp"

namespace evidence::search {

namespace sc = evidence::schema;

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    const std::string packed = doc.get_value(sc::kSlotFacets);
    std::string_view rest = packed;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        const auto end = rest.find(sc::kFacetSep);
        if (only_ == kAll || only_ == i) {
            const std::string_view value = rest.substr(0, end);
            if (!value.empty()) {
                auto& counts = counts_[i];
                auto it = counts.find(value);
                if (it == counts.end()) it = counts.emplace(std::string(value), 0).first;
                ++it->second;
            }
            if (only_ == i) break;
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
}

}  // namespace evidence::search
