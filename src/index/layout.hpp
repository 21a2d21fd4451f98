// Where each document sits in the index, and what it was built from, so that
// `evidence index` can rewrite only what changed (index/incremental.cpp).
//
// Document ids follow the corpus order: the claims from 1, then each source
// as a block (its document, then its assertions'), with kGap free ids
// between blocks. Xapian breaks ties in ranking and sorting by document id,
// so an index updated in place answers exactly as a fresh build only if its
// ids are in the same relative order; the gaps let a new source be put
// between its neighbours, and an edited one grow, without renumbering.
//
// Each block records a fingerprint of everything its documents are built
// from: the source's own fields, and what its assertions read from other
// files (the claim's statement, type and topics, the topics' labels, each
// cited study's title, level, retraction and whether it bears on the claim).
// A source whose fingerprint is unchanged is not rewritten. A claim's
// document reads the evidence on it from the whole corpus: its fingerprint
// is the claim's own fields, its topics' labels, the claims competing with
// it, and each assertion on it with its source's fingerprint. The layout
// also records a hash of each claim's document (document_hash): a claim
// whose inputs changed is built again, and rewritten only when its
// document did change. A change of the synonym list rebuilds everything.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/documents.hpp"
#include "model/model.hpp"

namespace evidence::index {

// Free document ids between two sources' blocks: room for a new source of
// up to kGap documents, or for an edited one to grow by as many. Small
// enough that the id deltas in posting lists stay one byte for frequent terms.
constexpr Xapian::docid kGap = 32;

// The metadata key holding the layout.
constexpr std::string_view kLayoutKey = "evidence:layout";
// The metadata key naming the run that last wrote a database: the shards of
// an index are updated one after the other, and a run killed between two
// leaves them from different runs (the next run then rebuilds them).
constexpr std::string_view kRunKey = "evidence:run";

struct Block {
    std::string id;           // source id
    Xapian::docid start = 0;  // the source's document; its assertions follow
    Xapian::docid count = 0;  // documents in the block
    std::uint64_t hash = 0;   // fingerprint of its inputs
};

struct Layout {
    std::uint64_t global = 0;           // synonyms, schema and layout versions
    Xapian::docid claims_reserved = 0;  // ids 1..claims_reserved belong to claims
    Xapian::docid claims = 0;           // claims written, from id 1
    std::vector<Block> sources;         // in corpus order, starts increasing
    struct ClaimHashes {
        std::uint64_t inputs = 0;    // claim_fingerprint
        std::uint64_t document = 0;  // document_hash of its document
    };
    std::vector<ClaimHashes> claim_hashes;  // claim i's (document id i + 1)

    std::string serialise() const;
    static std::optional<Layout> parse(const std::string& text);
};

// Where the document of (single-index) id `id` goes in an index split into
// `n` shards (`evidence index --shards n`): shard (id-1) % n, at id
// (id-1) / n + 1 there. Xapian numbers the documents of n databases searched
// as one the same way (shard k's document j is (j-1)*n + k + 1), so the
// shards searched as one give every document its single-index id back, and
// ties rank and sort exactly as in the single index. n = 1: the id itself.
struct Place {
    unsigned shard = 0;
    Xapian::docid id = 0;
};
inline Place place(Xapian::docid id, unsigned n) { return {static_cast<unsigned>((id - 1) % n), (id - 1) / n + 1}; }

inline Xapian::docid documents_of(const Source& s) { return static_cast<Xapian::docid>(1 + s.assertions.size()); }

// What every document depends on: the synonym list (its variants are
// indexed as terms), the schema version, this file's format.
std::uint64_t global_fingerprint(const Corpus& c);
std::uint64_t source_fingerprint(const CorpusView& v, const Source& s);
// `blocks`: the sources' blocks of the same corpus, in its order (their hashes).
std::uint64_t claim_fingerprint(const CorpusView& v, const Claim& c, const std::vector<Block>& blocks);
// Everything a document holds (terms with positions, values, data), hashed.
std::uint64_t document_hash(const Xapian::Document& doc);

// The layout of a fresh build: dense claims, then blocks kGap apart; the
// claims' input fingerprints (their document hashes are the writer's).
Layout fresh_layout(const CorpusView& v);

}  // namespace evidence::index
