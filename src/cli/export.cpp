// `evidence export`: the bytes of GET /api/export for a search given as options.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "render/export.hpp"
#include "search/request.hpp"
#include "search/searcher.hpp"

namespace evidence::cli {

int run_export(const CommonOptions& common, const ExportOptions& o) {
    const auto format = render::parse_export_format(o.format);
    if (!format) {
        std::cerr << "error: --format: unknown format '" << o.format << "' (expected one of "
                  << render::kExportFormats << ")\n";
        return 2;
    }
    search::Params params{{"q", o.query}};
    if (!o.sort.empty()) params.emplace("sort", o.sort);
    for (const auto& [name, values] : o.filters)
        for (const auto& v : values) params.emplace(name, v);
    render::ExportFile file;
    try {
        search::Searcher searcher(common.db);
        file = render::render_export(*format, render::gather_export(searcher, search::search_request(params), *format));
    } catch (const search::BadRequest& e) {
        std::cerr << "error: --" << (e.parameter == "q" ? "query" : e.parameter) << ": " << e.what() << '\n';
        return 2;
    } catch (const search::Unavailable& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 3;
    }
    if (o.out.empty()) {
        std::cout << file.body << std::flush;
        return std::cout ? 0 : 3;
    }
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    out << file.body;
    out.flush();
    if (!out) {
        std::cerr << o.out << ": cannot write\n";
        return 3;
    }
    std::cerr << "wrote " << o.out << '\n';
    return 0;
}

}  // namespace evidence::cli
