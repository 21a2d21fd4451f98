// The YAML readers: the first byte picks topics.yaml, claims/*.yaml,
// synonyms.yaml or studies/*.yaml (whose `record` may name the PubMed file
// "record.xml" that the harness puts beside it); the rest is the file.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "fuzz_util.hpp"
#include "ingest/corpus.hpp"

namespace {

const fuzz::fs::path& studies_dir() {
    static const fuzz::fs::path dir = [] {
        const auto d = fuzz::temp_dir() / "studies";
        fuzz::fs::create_directories(d);
        fuzz::fs::copy_file(
            fuzz::fs::path(EVIDENCE_SOURCE_DIR) / "tests/fixtures/corpus/studies/example-trial-2001.xml",
            d / "record.xml");
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
    evidence::Corpus corpus;
    std::vector<evidence::Diagnostic> errors;
    namespace in = evidence::ingest;
    switch (data[0] % 4) {
        case 0:
            in::parse_topics("topics.yaml", content, corpus, errors);
            break;
        case 1:
            in::parse_claims("claims/fuzz.yaml", content, corpus, errors);
            break;
        case 2:
            in::parse_synonyms("synonyms.yaml", content, corpus, errors);
            break;
        default:
            in::parse_study("studies/fuzz.yaml", content, studies_dir(), corpus, errors);
            break;
    }
    evidence::ingest::validate(corpus, errors);
    for (const auto& e : errors) (void)e.str();
    return 0;
}
