// sources/*.md: front matter (YAML), Markdown body, post lines, assertions
// with quotes located in the rendered text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/corpus.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string content(reinterpret_cast<const char*>(data), size);
    evidence::Corpus corpus;
    std::vector<evidence::Diagnostic> errors;
    evidence::ingest::parse_source("sources/fuzz.md", content, corpus, errors);
    for (const auto& e : errors) (void)e.str();
    // Cross-file checks on what was read.
    evidence::ingest::validate(corpus, errors);
    return 0;
}
