// An incremental run of `evidence index`: the live build copied into the new
// build's directory, and there only the documents whose inputs changed
// rewritten (layout.hpp says how a change is found and why document ids
// keep the corpus order). The copy is swapped in like a full build, so a
// reader sees the old index or the new one, and a killed run leaves the old
// one serving.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "index/documents.hpp"
#include "index/indexer.hpp"
#include "index/layout.hpp"

namespace evidence::index {

// The metadata every build carries: schema version, topics, synonym list,
// layout, the claim history (IndexOptions::history; stale history keys
// removed), and the counts of the documents it holds: those place() puts in
// shard `output` of `outputs` (1, 0 for an index in one database).
void write_metadata(Xapian::WritableDatabase& w, const Corpus& corpus, const Layout& layout,
                    const std::map<std::string, std::string>& history, unsigned outputs, unsigned output);

// Copies the builds at `live` (one, or one per shard, all from one run) to
// `out` and updates them to the corpus of `v`.
// Returns false, with the reason in `why`, when only a full build can do it
// (another schema, a changed synonym list, no room left between blocks);
// `out` may then hold a partial copy for the caller to remove. Fills the
// document counts of `stats`. Xapian errors propagate.
bool update_build(const CorpusView& v, const std::vector<std::filesystem::path>& live,
                  const std::vector<std::filesystem::path>& out, const std::map<std::string, std::string>& history,
                  IndexStats& stats, std::string& why);

}  // namespace evidence::index
