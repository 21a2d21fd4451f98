// The query path against a real index (tests/fixtures/corpus): each input
// line is one request parameter "name=value", as the server and the CLI take
// them; a line "compare" runs the comparison instead of the search. A bad
// request must come back as BadRequest, nothing else.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_util.hpp"
#include "render/json.hpp"
#include "search/compare.hpp"
#include "search/request.hpp"
#include "search/searcher.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace s = evidence::search;
    static const auto searcher = std::make_unique<s::Searcher>(fuzz::fixture_db());
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    s::Params params;
    bool compare = false;
    while (!rest.empty()) {
        const std::string_view line = fuzz::next_line(rest);
        if (line == "compare") {
            compare = true;
            continue;
        }
        const std::size_t eq = line.find('=');
        params.emplace(std::string(line.substr(0, eq)),
                       eq == std::string_view::npos ? std::string() : std::string(line.substr(eq + 1)));
    }
    try {
        if (compare) {
            const s::Comparison c = s::compare(*searcher, s::compare_request(params));
            (void)evidence::render::dump(evidence::render::compare_json(c));
        } else {
            const s::SearchResponse r = searcher->search(s::search_request(params));
            (void)evidence::render::search_json_text(r);
        }
    } catch (const s::BadRequest&) {
    }
    return 0;
}
