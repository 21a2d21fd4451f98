// The corpus of the search tests: tests/fixtures/corpus with
// tests/fixtures/search-overlay laid over it (new files added, topics.yaml and
// synonyms.yaml appended; see the overlay's README), indexed once per test
// process into a temporary folder. The base corpus is left as it is: other
// tests count its documents.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "search/searcher.hpp"
#include "test_util.hpp"

namespace search_test {

namespace fs = std::filesystem;

inline void lay_overlay(const fs::path& base, const fs::path& overlay, const fs::path& out) {
    fs::copy(base, out, fs::copy_options::recursive);
    for (const auto& e : fs::recursive_directory_iterator(overlay)) {
        if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
        const fs::path target = out / fs::relative(e.path(), overlay);
        fs::create_directories(target.parent_path());
        if (fs::exists(target)) {
            std::ofstream(target, std::ios::app) << "\n" << read_text(e.path());
        } else {
            fs::copy_file(e.path(), target);
        }
    }
}

struct Fixture {
    TempDir tmp;
    fs::path corpus_dir, db;
    evidence::Corpus corpus;
    Fixture() {
        corpus_dir = tmp.path / "corpus";
        db = tmp.path / "db";
        lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus", EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay",
                    corpus_dir);
        auto loaded = evidence::ingest::load_corpus(corpus_dir);
        for (const auto& e : loaded.errors) FAIL(e.str());
        corpus = std::move(loaded.corpus);
        evidence::index::IndexOptions opts;
        opts.db = db;
        evidence::index::build_index(corpus, opts);
    }
};

inline const Fixture& fixture() {
    static const auto f = std::make_unique<Fixture>();
    return *f;
}

inline evidence::search::Searcher& searcher() {
    static evidence::search::Searcher s(fixture().db);
    return s;
}

// The documents of the fixture, as "kind:id".
constexpr std::size_t kDocuments = 5 + 6 + 12;  // claims, sources and studies, assertions

inline std::set<std::string> ids_of(const evidence::search::SearchResponse& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.kind + ":" + h.id);
    return out;
}

// Every hit of a query (and filters), as "kind:id".
inline evidence::search::SearchResponse all_of(evidence::search::Searcher& s, const std::string& q,
                                               std::map<std::string, std::vector<std::string>> filters = {},
                                               const std::string& sort = "") {
    evidence::search::SearchRequest req;
    req.q = q;
    req.filters = std::move(filters);
    req.sort = sort;
    req.size = evidence::search::kMaxPageSize;
    return s.search(req);
}

inline std::size_t facet_count(const evidence::search::SearchResponse& r, const std::string& facet,
                               const std::string& value) {
    const auto it = r.facets.find(facet);
    if (it == r.facets.end()) return 0;
    for (const auto& v : it->second)
        if (v.value == value) return v.count;
    return 0;
}

}  // namespace search_test

namespace search_test {

// "assertion:<id>" of the assertion of `source` whose quote or finding holds `fragment`.
inline std::string aid(const std::string& source, const std::string& fragment) {
    for (const auto& s : fixture().corpus.sources)
        if (s.id == source)
            for (const auto& a : s.assertions)
                if (a.quote.find(fragment) != std::string::npos || a.finding.find(fragment) != std::string::npos)
                    return "assertion:" + a.id;
    FAIL("no assertion of " << source << " says '" << fragment << "'");
    return "";
}

}  // namespace search_test
