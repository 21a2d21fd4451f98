#include "cli/commands.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/exit.hpp"
#include "cli/history.hpp"
#include "cli/open_searcher.hpp"
#include "cli/progress.hpp"
#include "cli/watch.hpp"
#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "ingest/pubmed.hpp"
#include "model/schema.hpp"
#include "render/export.hpp"
#include "render/json.hpp"
#include "render/report.hpp"
#include "search/request.hpp"
#include "search/searcher.hpp"
#include "server/server.hpp"

namespace evidence::cli {

namespace fs = std::filesystem;

namespace {

// Loads and validates; prints every error, and the skipped files.
bool load(const CommonOptions& common, ingest::LoadResult& out, ingest::ParseCache* cache = nullptr) {
    ProgressLine bar;
    out = ingest::load_corpus(
        common.corpus,
        [&](std::size_t done, std::size_t total, std::string_view) { bar.update("reading", done, total); }, cache);
    bar.clear();
    for (const auto& d : out.skipped) std::cerr << d.str() << '\n';
    for (const auto& d : out.errors) std::cerr << d.str() << '\n';
    return out.errors.empty();
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int run_check(const CommonOptions& common) {
    ingest::LoadResult r;
    const bool ok = load(common, r);
    const auto& c = r.corpus;
    std::size_t studies = 0;
    for (const auto& s : c.sources) studies += s.type == SourceType::Study;
    std::cerr << (ok ? "ok: " : "") << plural(r.files, "file", "files") << ", "
              << plural(c.topics.size(), "topic", "topics") << ", " << plural(c.claims.size(), "claim", "claims")
              << ", " << plural(c.sources.size() - studies, "source", "sources") << ", "
              << plural(studies, "study", "studies") << ", " << plural(c.assertion_count(), "assertion", "assertions")
              << "; " << plural(r.errors.size(), "error", "errors") << '\n';
    return ok ? kOk : kInvalid;
}

int run_index(const CommonOptions& common, const IndexCommandOptions& io) {
    const auto start = std::chrono::steady_clock::now();
    // What the source files parsed to in the last run (ingest/parse_cache.cpp):
    // only the files changed since are parsed. --full parses them all.
    const fs::path cache_file = fs::path(common.db) / ingest::kParseCacheFile;
    ingest::ParseCache cache;
    const std::string cache_state = io.full ? "not read (--full)" : ingest::read_parse_cache(cache_file, cache);
    ingest::LoadResult r;
    if (!load(common, r, &cache)) {
        // The files still parsed as they did: the run after the fix parses only what changed.
        std::error_code ec;
        if (fs::is_directory(common.db, ec)) {
            try {
                ingest::write_parse_cache(cache_file, cache);
            } catch (const std::runtime_error&) {
            }
        }
        std::cerr << plural(r.errors.size(), "error", "errors") << "; the index in " << common.db
                  << " was not changed\n";
        return kInvalid;
    }
    index::IndexOptions opts;
    opts.db = common.db;
    opts.full = io.full;
    opts.shards = io.shards;
    std::string history = "history: not read (--no-history)";
    if (io.history) {
        HistoryResult h = read_history(common.corpus, common.db);
        opts.history = std::move(h.metadata);
        history = "history: " + h.summary;
    } else {
        opts.history[std::string(schema::kHistoryKey)] =
            nlohmann::json{{"source", "none"}, {"message", "No history: the index was built with --no-history."}}
                .dump();
    }
    ProgressLine bar;
    opts.progress = [&](std::size_t done, std::size_t total) { bar.update("indexing", done, total); };
    index::IndexStats st;
    try {
        st = index::build_index(r.corpus, opts);
    } catch (const index::IndexError& e) {
        bar.clear();
        std::cerr << "error: " << e.what() << "\nthe index in " << common.db << " was not changed\n";
        return kFailed;
    }
    bar.clear();
    std::string cache_note;
    try {
        ingest::write_parse_cache(cache_file, cache);
    } catch (const std::runtime_error& e) {
        cache_note = " (not kept: " + std::string(e.what()) + ")";
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    char time[32];
    std::snprintf(time, sizeof time, "%.2f", secs);
    std::cerr << "indexed " << plural(st.topics, "topic", "topics") << ", " << plural(st.claims, "claim", "claims")
              << ", " << plural(st.sources, "source", "sources") << ", " << plural(st.studies, "study", "studies")
              << ", " << plural(st.assertions, "assertion", "assertions") << " (" << st.documents << " documents) in "
              << time << " s; " << plural(r.skipped.size(), "file", "files") << " skipped; 0 errors\n";
    if (st.incremental)
        std::cerr << "updated the live index: " << plural(st.sources_rewritten, "source", "sources") << " rewritten, "
                  << st.written << " documents written, " << st.removed << " removed\n";
    else
        std::cerr << "full build (" << st.full_reason << ")\n";
    std::cerr << "source files: " << cache.parsed << " parsed, " << cache.reused
              << " unchanged since the last run; cache " << cache_state << cache_note << '\n';
    std::cerr << history << '\n';
    std::cerr << "live: " << st.database << '\n';
    return kOk;
}

// run_search: cli/search.cpp.

namespace {
server::Server* g_server = nullptr;
void on_signal(int) {
    if (g_server) g_server->stop();
}
}  // namespace

int run_serve(const CommonOptions& common, const ServeOptions& o) {
    server::ServerOptions opts;
    opts.db = common.db;
    opts.shards = o.shards;
    opts.web = o.web;
    opts.host = o.host;
    opts.port = o.port;
    opts.threads = o.threads;
    if (!read_public_url(o.public_url, opts.public_url)) return kUsage;
    std::unique_ptr<CorpusWatcher> watcher;
    if (o.watch && !o.shards.empty()) {
        std::cerr << "error: --watch updates the index in --db; it cannot be combined with --shard\n";
        return kUsage;
    }
    if (o.watch) {
        watcher = std::make_unique<CorpusWatcher>(WatchOptions{common.corpus, common.db});
        watcher->reindex();  // an index to serve, or the errors to show
        opts.corpus_status = [w = watcher.get()] { return w->status(); };
    }
    try {
        open_searcher(common, o.shards);  // fail early and clearly when there is no index
    } catch (const search::BadRequest& e) {
        std::cerr << "error: --shard: " << e.what() << '\n';
        return kUsage;
    } catch (const search::Unavailable& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
    server::Server srv(opts);
    int port = 0;
    try {
        port = srv.bind();
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return kFailed;
    }
    if (watcher) {
        try {
            watcher->start();
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << '\n';
            return kFailed;
        }
        std::cerr << "watching " << common.corpus << " for changes\n";
    }
    g_server = &srv;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::string what = common.db;
    if (!o.shards.empty()) {
        what = o.shards.front();
        for (std::size_t i = 1; i < o.shards.size(); ++i) what += " " + o.shards[i];
    }
    std::cerr << "serving " << what << " on http://" << o.host << ":" << port << "/\n";
    srv.run();
    g_server = nullptr;
    return kOk;
}

int run_import_pubmed(const ImportOptions& o) {
    ingest::PubmedResult r = ingest::parse_pubmed_file(o.file);
    for (const auto& e : r.errors) std::cerr << e << '\n';
    if (o.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& rec : r.records) out.push_back(ingest::to_json(rec));
        std::cout << render::dump(out, 2) << '\n';
        return r.errors.empty() ? kOk : kInvalid;
    }
    std::error_code ec;
    fs::create_directories(o.out, ec);
    for (std::size_t i = 0; i < r.records.size(); ++i) {
        const auto& rec = r.records[i];
        const std::string id = ingest::study_id(rec);
        const fs::path xml = fs::path(o.out) / (id + ".xml");
        const fs::path yaml = fs::path(o.out) / (id + ".yaml");
        if (fs::exists(xml, ec) || fs::exists(yaml, ec)) {
            std::cerr << yaml.string() << ": exists; not overwritten\n";
            continue;
        }
        std::ofstream(xml) << ingest::single_record_xml(o.file, rec);
        std::ofstream(yaml) << ingest::study_yaml_stub(rec, id, id + ".xml");
        std::cerr << "wrote " << xml.string() << " and " << yaml.string() << '\n';
    }
    return r.errors.empty() ? kOk : kInvalid;
}

int run_report(const CommonOptions& common, const std::string& out) {
    ingest::LoadResult r;
    if (!load(common, r)) {
        std::cerr << plural(r.errors.size(), "error", "errors") << "; fix them before reporting\n";
        return kInvalid;
    }
    const std::string md = render::coverage_report(r.corpus);
    if (out.empty()) {
        std::cout << md;
        return kOk;
    }
    std::ofstream f(out, std::ios::trunc);
    f << md;
    if (!f) {
        std::cerr << out << ": cannot write\n";
        return kFailed;
    }
    std::cerr << "wrote " << out << '\n';
    return kOk;
}

}  // namespace evidence::cli
