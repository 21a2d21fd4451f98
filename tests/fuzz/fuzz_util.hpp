// Shared by the fuzz harnesses: a temporary folder removed at exit, and the
// index of tests/fixtures/corpus built once per process for the query and
// export harnesses.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "index/indexer.hpp"
#include "ingest/corpus.hpp"

namespace fuzz {

namespace fs = std::filesystem;

// A fresh folder under the system's temporary folder, removed when the process exits.
inline const fs::path& temp_dir() {
    static const fs::path dir = [] {
        std::string tmpl = (fs::temp_directory_path() / "evidence-fuzz-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        std::atexit([] {
            std::error_code ec;
            fs::remove_all(temp_dir(), ec);
        });
        return fs::path(tmpl);
    }();
    return dir;
}

// The --db folder of the fixture corpus's index; aborts if the corpus does
// not load clean (then the harness would test nothing).
inline const fs::path& fixture_db() {
    static const fs::path db = [] {
        const fs::path corpus = fs::path(EVIDENCE_SOURCE_DIR) / "tests/fixtures/corpus";
        auto loaded = evidence::ingest::load_corpus(corpus);
        if (!loaded.errors.empty()) {
            for (const auto& e : loaded.errors) std::fprintf(stderr, "%s\n", e.str().c_str());
            std::abort();
        }
        evidence::index::IndexOptions opts;
        opts.db = temp_dir() / "db";
        opts.threads = 1;
        evidence::index::build_index(loaded.corpus, opts);
        return opts.db;
    }();
    return db;
}

// Splits the input into lines: the fields of a request.
inline std::string_view next_line(std::string_view& rest) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return line;
}

}  // namespace fuzz
