#include "search/request.hpp"

#include "model/schema.hpp"
#include "search/query.hpp"

namespace evidence::search {

namespace {

// The values of one parameter, spaces around each trimmed, empty ones left out.
std::vector<std::string> split_values(const std::string& value, bool commas) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto end = commas ? value.find(',', start) : std::string::npos;
        std::string v = value.substr(start, end - start);
        const auto b = v.find_first_not_of(' '), e = v.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(v.substr(b, e - b + 1));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

}  // namespace

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
            if (!value.empty() && value != "relevance" && value != "strength" && value != "date")
                throw BadRequest("sort",
                                 "sort must be one of: relevance, strength, date, not '" + value.substr(0, 40) + "'");
            r.sort = value;
        } else if (name == "page") {
            r.page = int_param(name, value, 1, kMaxResultDepth);
        } else if (name == "size") {
            r.size = int_param(name, value, 1, kMaxPageSize);
        } else if (const auto* f = schema::field(name); f && f->kind == schema::FieldKind::Filter) {
            for (auto& v : split_values(value, schema::comma_list(*f))) {
                if (!schema::valid_value(*f, v))
                    throw BadRequest(name, "unknown " + name + " '" + v.substr(0, 60) + "' (expected " +
                                               schema::accepted_values(*f) + ")");
                r.filters[name].push_back(std::move(v));
            }
        } else {
            throw BadRequest(name, "unknown parameter '" + name.substr(0, 40) + "'");
        }
    }
    return r;
}

CompareRequest compare_request(const Params& params) {
    CompareRequest r;
    int given = 0;
    for (const auto& [name, value] : params) {
        if (name == "q") {
            auto sides = split_versus(value);
            if (!sides) throw BadRequest("q", "a comparison is written 'A vs B', not '" + value.substr(0, 80) + "'");
            // "a vs b vs c": every side, up to the most a comparison shows.
            r.sides = {sides->first};
            for (; sides; sides = split_versus(r.sides.back())) {
                r.sides.back() = sides->first;
                r.sides.push_back(sides->second);
            }
            if (r.sides.size() > kMaxCompareSides)
                throw BadRequest("q", "a comparison has 2 to " + std::to_string(kMaxCompareSides) + " sides, not " +
                                          std::to_string(r.sides.size()));
            r.by = CompareRequest::By::Text;
        } else if (name == "topics" || name == "claims") {
            r.sides = split_values(value, true);
            r.by = name == "topics" ? CompareRequest::By::Topics : CompareRequest::By::Claims;
            if (r.sides.size() < 2 || r.sides.size() > kMaxCompareSides)
                throw BadRequest(name,
                                 name + " takes 2 to " + std::to_string(kMaxCompareSides) + " ids separated by commas");
        } else {
            throw BadRequest(name, "unknown parameter '" + name.substr(0, 40) + "'");
        }
        ++given;
    }
    if (given != 1) throw BadRequest("q", "give one of: q=A vs B, topics=a,b or claims=a,b");
    return r;
}

}  // namespace evidence::search
