// `evidence serve --watch`: the corpus folder watched with Linux inotify;
// once a change has settled, the corpus is read again and the live index
// updated incrementally (index/incremental.cpp), which the server's
// searchers pick up within their refresh interval. While the corpus has
// errors the last good index keeps serving and status() lists the errors
// with file:line, for /api/health and the UI's banner.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "ingest/corpus.hpp"

namespace evidence::cli {

struct WatchOptions {
    std::filesystem::path corpus;
    std::filesystem::path db;
    // Quiet time after the last change before reindexing: an editor's save
    // is several events (write, rename, attributes).
    std::chrono::milliseconds settle{150};
};

class CorpusWatcher {
public:
    explicit CorpusWatcher(WatchOptions opts);
    ~CorpusWatcher();
    CorpusWatcher(const CorpusWatcher&) = delete;
    CorpusWatcher& operator=(const CorpusWatcher&) = delete;

    // Starts watching (throws std::runtime_error when inotify cannot be set up).
    void start();
    void stop();
    // Reads the corpus and updates the index now; what start() does at first.
    void reindex();
    // {"watching", "state": "ok"|"errors"|"failed", "errors": [{file, line, message}],
    //  "indexed_at", "seconds", "sources_rewritten", "runs"}
    nlohmann::json status() const;

private:
    void loop();
    void add_watches();

    WatchOptions opts_;
    ingest::ParseCache parsed_;      // source files as last parsed: only changed ones are parsed again
    std::string parse_cache_state_;  // what reading evidence index's cache file found (said at the first update)
    // The loop's: the folder of each watch, and the files events named since
    // the last reindex (all_changed_: some event named no file, or events
    // were lost, or the watch has just started: every file is read again).
    std::map<int, std::filesystem::path> folders_;
    std::set<std::string> changed_;
    bool all_changed_ = true;
    int fd_ = -1;
    int wake_[2] = {-1, -1};
    std::thread thread_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    nlohmann::json status_;
};

}  // namespace evidence::cli
