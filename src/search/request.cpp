#include "search/request.hpp"

#include "model/schema.hpp"

namespace evidence::search {

int int_param(const std::string& name, const std::string& value, int lo, int hi) {
    if (value.empty() || value.size() > 9 || value.find_first_not_of("0123456789") != std::string::npos)
        throw BadRequest(name, name + " must be a whole number, not '" + value.substr(0, 40) + "'");
    const int n = std::stoi(value);
    if (n < lo || n > hi)
        throw BadRequest(name, name + " must be from " + std::to_string(lo) + " to " + std::to_string(hi));
    return n;
}

SearchRequest search_request(const Params& params) {
    SearchRequest r;
    for (const auto& [name, value] : params) {
        if (name == "q") {
            r.q = value;
        } else if (name == "sort") {
            r.sort = value.empty() ? "relevance" : value;
        } else if (name == "page") {
            r.page = int_param(name, value, 1, 100000);
        } else if (name == "size") {
            r.size = int_param(name, value, 1, kMaxPageSize);
        } else if (const auto* f = schema::field(name); f && f->kind == schema::FieldKind::Filter) {
            std::size_t start = 0;
            for (;;) {
                const auto end = value.find(',', start);
                std::string v = value.substr(start, end - start);
                if (!v.empty()) r.filters[name].push_back(std::move(v));
                if (end == std::string::npos) break;
                start = end + 1;
            }
        } else {
            throw BadRequest(name, "unknown parameter '" + name.substr(0, 40) + "'");
        }
    }
    return r;
}

}  // namespace evidence::search
