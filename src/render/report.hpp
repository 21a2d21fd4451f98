// The coverage report for reviewers: claims x sources, each cell the stance
// and level of what the source says, and the claims too thinly sourced.
#pragma once

#include <string>

#include "model/model.hpp"

namespace evidence::render {

// Markdown. Cells: "+" supports, "−" opposes, "±" mixed, then the level.
std::string coverage_report(const Corpus& corpus);

}  // namespace evidence::render
