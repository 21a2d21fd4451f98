#include "server/params.hpp"

#include <algorithm>

#include "model/schema.hpp"
#include "model/text.hpp"
#include "server/http.hpp"

namespace evidence::server {

namespace {

std::string shown(std::string_view s) {
    std::string out(s.substr(0, 60));
    if (s.size() > 60) out += "…";
    return out;
}

}  // namespace

bool valid_slug(std::string_view s) {
    if (s.empty() || s.size() > 200 || s.front() == '-' || s.back() == '-') return false;
    char prev = 0;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && prev != '-');
        if (!ok) return false;
        prev = c;
    }
    return true;
}

void check_params(const Params& params, const Accepts& accepts) {
    if (params.size() > kMaxParams)
        throw HttpError(400, "bad_parameter", "more than " + std::to_string(kMaxParams) + " parameters");
    for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
        const std::string& name = it->first;
        if (!valid_utf8(name)) throw HttpError(400, "bad_parameter", "a parameter name is not valid UTF-8");
        const bool single = std::find(accepts.single.begin(), accepts.single.end(), name) != accepts.single.end();
        const schema::Field* f = schema::field(name);
        const bool multi = std::find(accepts.multi.begin(), accepts.multi.end(), name) != accepts.multi.end();
        const bool filter = accepts.search_filters && f && f->kind == schema::FieldKind::Filter;
        if (!single && !multi && !filter) {
            std::string known;
            for (auto n : accepts.single) known += (known.empty() ? "" : ", ") + std::string(n);
            for (auto n : accepts.multi) known += (known.empty() ? "" : ", ") + std::string(n);
            if (accepts.search_filters) known += std::string(known.empty() ? "" : ", ") + "the search filters";
            throw HttpError(400, "bad_parameter",
                            "unknown parameter '" + shown(name) + "'" +
                                (known.empty() ? ": this endpoint takes none" : "; this endpoint takes " + known),
                            shown(name));
        }
        if (single && params.count(name) > 1)
            throw HttpError(400, "bad_parameter", "parameter '" + name + "' is given more than once", name);
    }
    for (const auto& [name, value] : params) {
        if (value.size() > kMaxValueBytes)
            throw HttpError(400, "bad_parameter", name + " is longer than " + std::to_string(kMaxValueBytes) + " bytes",
                            name);
        if (!valid_utf8(value)) throw HttpError(400, "bad_parameter", name + " is not valid UTF-8", name);
        for (char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F)
                throw HttpError(400, "bad_parameter", name + " holds a control character", name);
        }
    }
}

std::string param(const Params& params, const std::string& name, const std::string& fallback) {
    auto it = params.find(name);
    return it == params.end() ? fallback : it->second;
}

std::vector<std::string> list_param(const Params& params, const std::string& name) {
    std::vector<std::string> out;
    auto [lo, hi] = params.equal_range(name);
    for (auto it = lo; it != hi; ++it) {
        const std::string& v = it->second;
        std::size_t start = 0;
        for (;;) {
            const auto end = v.find(',', start);
            std::string one = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
            const auto b = one.find_first_not_of(" \t");
            const auto e = one.find_last_not_of(" \t");
            if (b != std::string::npos) out.push_back(one.substr(b, e - b + 1));
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return out;
}

std::string path_id(const httplib::Request& req, std::string_view what) {
    std::string id = req.matches.size() > 1 ? req.matches[1].str() : "";
    if (!valid_utf8(id)) throw HttpError(404, "not_found", "no " + std::string(what) + " with that id");
    if (!valid_slug(id))
        throw HttpError(404, "not_found", "no " + std::string(what) + " '" + shown(id) + "' (ids are slugs)");
    return id;
}

}  // namespace evidence::server
