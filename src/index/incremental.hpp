// An incremental run of `evidence index`: the live build updated in place,
// only the documents whose inputs changed rewritten (layout.hpp says how a
// change is found and why document ids keep the corpus order), in one Xapian
// transaction: a reader sees the revision it opened until it reopens, the
// old index or the new one, and a run killed before the commit leaves the old
// one serving. No copy of the database: at 10k sources copying it took longer
// than the update (docs/BENCHMARKS.md, "Incremental indexing").
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
// layout, the run that wrote it (kRunKey), the facet codes (kCodesKey), the
// claim history (IndexOptions::history; stale history keys removed), and the counts of the
// documents it holds: those place() puts in shard `output` of `outputs` (1,
// 0 for an index in one database).
void write_metadata(Xapian::WritableDatabase& w, const CorpusView& view, const Layout& layout,
                    const std::map<std::string, std::string>& history, const std::string& run, unsigned outputs,
                    unsigned output);

// Updates the live builds at `live` (one, or one per shard, all last written
// by one run) in place to the corpus of `v`, as run `run`.
// Returns false, with the reason in `why`, when only a full build can do it
// (another schema, a changed synonym list, no room left between blocks,
// shards from different runs); the live builds are then as they were.
// Fills the document counts of `stats`. Xapian errors propagate, the live
// builds unchanged.
bool update_build(const CorpusView& v, const std::vector<std::filesystem::path>& live,
                  const std::map<std::string, std::string>& history, const std::string& run, IndexStats& stats,
                  std::string& why);

}  // namespace evidence::index
