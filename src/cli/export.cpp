// `evidence export`: the bytes of GET /api/export for a search given as options.
#include "render/export.hpp"

#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit.hpp"
#include "cli/open_searcher.hpp"
#include "search/request.hpp"

namespace evidence::cli {

bool read_public_url(const std::string& given, std::string& base) {
    if (given.empty()) return true;
    const auto checked = render::public_base_url(given);
    if (!checked) {
        std::cerr << "error: --public-url: '" << given
                  << "' is not an absolute http(s) URL without query or fragment\n";
        return false;
    }
    base = *checked;
    return true;
}

int run_export(const CommonOptions& common, const ExportOptions& o) {
    const auto format = render::parse_export_format(o.format);
    if (!format) {
        std::cerr << "error: --format: unknown format '" << o.format << "' (expected one of " << render::kExportFormats
                  << ")\n";
        return kUsage;
    }
    render::ExportContext ctx;
    if (!read_public_url(o.public_url, ctx.public_url)) return kUsage;
    search::Params params{{"q", o.query}};
    if (!o.sort.empty()) params.emplace("sort", o.sort);
    for (const auto& [name, values] : o.filters)
        for (const auto& v : values) params.emplace(name, v);
    render::ExportFile file;
    if (const int code = guarded([&] {
            auto searcher = open_searcher(common, o.shards);
            file = render::render_export(
                *format, render::gather_export(*searcher, search::search_request(params), *format), ctx);
            return kOk;
        });
        code != kOk)
        return code;
    // Nothing to write: say why, and write no file (an empty one would look like a result).
    if (!file.nothing.empty()) {
        std::cerr << "error: " << file.nothing << '\n';
        return kFailed;
    }
    if (o.out.empty()) {
        std::cout << file.body << std::flush;
        return std::cout ? kOk : kFailed;
    }
    std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
    out << file.body;
    out.flush();
    if (!out) {
        std::cerr << o.out << ": cannot write\n";
        return kFailed;
    }
    std::cerr << "wrote " << o.out << '\n';
    return kOk;
}

}  // namespace evidence::cli
