// PubMed XML: the parser, then everything `evidence import pubmed` derives
// from a record (JSON, study id, YAML stub, default level).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/pubmed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace in = evidence::ingest;
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const in::PubmedResult r = in::parse_pubmed(xml, "studies/fuzz.xml");
    for (const auto& rec : r.records) {
        // dump() throws on invalid UTF-8: the records must hold valid text.
        (void)in::to_json(rec).dump();
        const std::string id = in::study_id(rec);
        (void)in::study_yaml_stub(rec, id, id + ".xml");
        (void)in::default_level(rec.publication_types);
    }
    return 0;
}
