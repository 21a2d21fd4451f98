// The synthetic corpus written as a corpus folder (topics.yaml,
// claims/claims.yaml, synonyms.yaml, one sources/<id>.md a source), for the
// benchmarks that go through files: `evidence index` and `serve --watch`
// (bench/watch/run.sh). Every source is written as an article whose body is
// its text in one paragraph, with its quoted assertions (a study's findings,
// which quote nothing, and citations are left out), so the folder passes
// `evidence check`.
#pragma once

#include <filesystem>

#include "model/model.hpp"

namespace evidence::bench {

// Returns the number of sources written. Throws std::runtime_error naming
// the file it cannot write.
std::size_t write_corpus(const Corpus& c, const std::filesystem::path& dir);

}  // namespace evidence::bench
