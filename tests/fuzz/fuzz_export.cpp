// The exports. The first byte picks what is fuzzed:
//  0: a search (parameter lines as in fuzz_query, with format=...) gathered and
//     rendered as `GET /api/export` does, over the index of tests/fixtures/corpus;
//  1: the rest parsed as JSON and handed to every format as assertions and
//     studies (the formats read stored JSON and must hold up to any shape);
//  2: the cell, escape and page-range helpers on the rest as text.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.hpp"
#include "render/export.hpp"
#include "search/request.hpp"
#include "search/searcher.hpp"

namespace {

namespace r = evidence::render;
namespace s = evidence::search;

void export_search(std::string_view rest) {
    static const auto searcher = std::make_unique<s::Searcher>(fuzz::fixture_db());
    s::Params params;
    std::string format = "csv";
    while (!rest.empty()) {
        const std::string_view line = fuzz::next_line(rest);
        const std::size_t eq = line.find('=');
        const std::string name(line.substr(0, eq));
        const std::string value = eq == std::string_view::npos ? std::string() : std::string(line.substr(eq + 1));
        if (name == "format")
            format = value;
        else
            params.emplace(name, value);
    }
    const auto f = r::parse_export_format(format);
    if (!f) return;
    try {
        (void)r::render_export(*f, r::gather_export(*searcher, s::search_request(params), *f));
    } catch (const s::BadRequest&) {
    }
}

void export_json(std::string_view text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return;
    std::vector<nlohmann::json> items;
    if (j.is_array())
        for (const auto& e : j) items.push_back(e);
    else
        items.push_back(j);
    // The formats must not throw on any shape; their output must serialise.
    (void)r::to_csv(items);
    (void)r::to_ris(items);
    (void)r::to_bibtex(items);
    (void)r::to_csl_json(items).dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0:
            export_search(rest);
            break;
        case 1:
            export_json(rest);
            break;
        default:
            (void)r::csv_cell(rest);
            (void)r::bibtex_escape(rest);
            (void)r::page_range(rest);
            break;
    }
    return 0;
}
