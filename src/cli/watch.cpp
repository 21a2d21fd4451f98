#include "cli/watch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <ctime>
#include <iostream>
#include <stdexcept>

#include "cli/history.hpp"
#include "index/indexer.hpp"
#include "ingest/corpus.hpp"
#include "model/db_layout.hpp"

namespace evidence::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

CorpusWatcher::CorpusWatcher(WatchOptions opts) : opts_(std::move(opts)) {
    parsed_.objects = true;  // loaded again at each change, never written to a file
    // What `evidence index` left (ingest/parse_cache.cpp): the first load
    // parses only the files changed since.
    parse_cache_state_ = ingest::read_parse_cache(opts_.db / ingest::kParseCacheFile, parsed_);
    status_ = {{"watching", opts_.corpus.string()}, {"state", "starting"}, {"errors", json::array()}, {"runs", 0}};
}

CorpusWatcher::~CorpusWatcher() { stop(); }

void CorpusWatcher::add_watches() {
    // The corpus folder and its subfolders (claims/, sources/, studies/);
    // a subfolder created later is watched from the next change on.
    const int wd = inotify_add_watch(fd_, opts_.corpus.c_str(), kEvents);
    if (wd < 0) throw std::runtime_error(opts_.corpus.string() + ": cannot watch (inotify)");
    folders_[wd] = opts_.corpus;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(opts_.corpus, ec))
        if (e.is_directory(ec) && e.path().filename().string()[0] != '.')
            if (const int sub = inotify_add_watch(fd_, e.path().c_str(), kEvents); sub >= 0) folders_[sub] = e.path();
}

void CorpusWatcher::start() {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("inotify is not available");
    if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe");
    add_watches();
    all_changed_ = true;  // what changed between the first reindex and the watches
    thread_ = std::thread([this] { loop(); });
}

void CorpusWatcher::stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    const char c = 'x';
    [[maybe_unused]] const auto n = ::write(wake_[1], &c, 1);
    thread_.join();
    ::close(fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void CorpusWatcher::reindex() {
    const auto start = std::chrono::steady_clock::now();
    // Only the source files that events named are read again.
    if (all_changed_)
        parsed_.changed.reset();
    else
        parsed_.changed = std::move(changed_);
    changed_.clear();
    all_changed_ = false;
    ingest::LoadResult r = ingest::load_corpus(opts_.corpus, {}, &parsed_);
    json errors = json::array();
    for (const auto& d : r.errors)
        errors.push_back({{"file", d.place.file}, {"line", d.place.line}, {"message", d.message}, {"text", d.str()}});
    json st;
    st["state"] = "ok";
    if (!r.errors.empty()) {
        st["state"] = "errors";
        std::cerr << "watch: " << r.errors.size() << " error(s); the last good index keeps serving\n";
        for (const auto& d : r.errors) std::cerr << d.str() << '\n';
    } else {
        try {
            index::IndexOptions io;
            io.db = opts_.db;
            io.shards = db_layout::shard_count(opts_.db);  // a sharded --db stays sharded
            io.history = read_history(opts_.corpus, opts_.db).metadata;
            const index::IndexStats s = index::build_index(r.corpus, io);
            st["sources_rewritten"] = s.sources_rewritten;
            st["incremental"] = s.incremental;
        } catch (const index::IndexError& e) {
            st["state"] = "failed";
            errors.push_back({{"file", opts_.db.string()}, {"line", 0}, {"message", e.what()}, {"text", e.what()}});
            std::cerr << "watch: " << e.what() << '\n';
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    st["errors"] = std::move(errors);
    st["seconds"] = secs;
    st["checked_at"] = utc_now();
    std::lock_guard<std::mutex> lock(mutex_);
    if (st["state"] == "ok")
        st["indexed_at"] = st["checked_at"];
    else if (status_.contains("indexed_at"))
        st["indexed_at"] = status_["indexed_at"];
    st["watching"] = opts_.corpus.string();
    st["runs"] = status_.value("runs", 0) + 1;
    if (st["state"] == "ok")
        std::cerr << "watch: index updated in " << secs << " s (" << st.value("sources_rewritten", 0)
                  << " sources rewritten; source files: " << parsed_.parsed << " parsed, " << parsed_.reused
                  << " unchanged" << (parse_cache_state_.empty() ? "" : "; cache " + parse_cache_state_) << ")\n";
    parse_cache_state_.clear();
    status_ = std::move(st);
}

json CorpusWatcher::status() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
}

void CorpusWatcher::loop() {
    std::array<char, 64 * 1024> buf{};
    bool pending = false;
    while (!stop_) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        // Waiting for a change: no timeout; a change pending: until it settles.
        const int ready = ::poll(fds, 2, pending ? static_cast<int>(opts_.settle.count()) : -1);
        if (stop_) break;
        if (ready < 0) continue;
        if (ready == 0) {  // quiet for `settle`: reindex
            pending = false;
            try {
                add_watches();  // folders created since
                reindex();
            } catch (const std::exception& e) {
                std::cerr << "watch: " << e.what() << '\n';
            }
            continue;
        }
        if (fds[0].revents & POLLIN) {
            ssize_t n = 0;
            while ((n = ::read(fd_, buf.data(), buf.size())) > 0) {
                for (ssize_t at = 0; at < n;) {
                    const auto* ev = reinterpret_cast<const inotify_event*>(buf.data() + at);
                    at += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
                    // Editors' swap and backup files are not the corpus.
                    const std::string name = ev->len ? ev->name : "";
                    if (!name.empty() && (name[0] == '.' || name.back() == '~')) continue;
                    pending = true;
                    const auto folder = folders_.find(ev->wd);
                    if (name.empty() || folder == folders_.end() ||
                        (ev->mask & (IN_Q_OVERFLOW | IN_ISDIR | IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF)))
                        all_changed_ = true;
                    else
                        changed_.insert((folder->second / name).string());
                }
            }
        }
    }
}

}  // namespace evidence::cli
