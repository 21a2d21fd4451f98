// The Xapian documents of claims, assertions and sources: their terms,
// filter terms, facet values and sort keys, and the stored JSON the search
// returns as it is (built by model/stored.hpp).
//
// Every function here is safe to call from several threads at once with one
// shared CorpusView (parallel builds): the view is read-only after
// construction and the Xapian objects are the caller's.
#pragma once

#include <xapian.h>

#include "index/corpus_view.hpp"
#include "model/model.hpp"

namespace evidence::index {

Xapian::Document claim_document(const CorpusView& v, const Claim& c, Xapian::TermGenerator& tg);
Xapian::Document assertion_document(const CorpusView& v, const Source& s, const Assertion& a,
                                    Xapian::TermGenerator& tg);
Xapian::Document source_document(const CorpusView& v, const Source& s, Xapian::TermGenerator& tg);

}  // namespace evidence::index
