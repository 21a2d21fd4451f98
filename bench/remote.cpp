#include "bench/remote.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <thread>

#include "bench/report.hpp"
#include "index/indexer.hpp"
#include "model/db_layout.hpp"
#include "search/searcher.hpp"

namespace evidence::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string find_tcpsrv() {
    for (const char* dir : {"/usr/bin", "/usr/local/bin"}) {
        const fs::path p = fs::path(dir) / "xapian-tcpsrv";
        if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
    return "";
}

// One xapian-tcpsrv on 127.0.0.1 serving one shard, on a port it is given
// by trying (a port taken by someone else: the next). Stopped on destruction.
class TcpServer {
public:
    TcpServer(const std::string& binary, const fs::path& db, unsigned first_port) {
        for (unsigned port = first_port; port < first_port + 50; ++port) {
            if (start(binary, db, port)) return;
        }
        throw std::runtime_error("xapian-tcpsrv did not start on any port from " + std::to_string(first_port));
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;
    std::string spec() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

private:
    bool start(const std::string& binary, const fs::path& db, unsigned port) {
        const std::string p = std::to_string(port);
        std::fflush(nullptr);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setpgid(0, 0);  // xapian-tcpsrv signals its whole group on SIGTERM
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            ::execl(binary.c_str(), binary.c_str(), "--interface", "127.0.0.1", "--port", p.c_str(), db.c_str(),
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        port_ = port;
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: the port is taken
                pid_ = -1;
                return false;
            }
            try {
                Xapian::Remote::open("127.0.0.1", port_, 2000, 2000).get_doccount();
                return true;
            } catch (const Xapian::Error&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        stop();
        return false;
    }
    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
        }
    }
    unsigned port_ = 0;
    pid_t pid_ = -1;
};

std::string hits_of(const search::SearchResponse& r) {
    std::string out = std::to_string(r.total);
    for (const auto& h : r.hits) out += " " + h.kind + ":" + h.id;
    return out;
}

}  // namespace

RemoteResult measure_remote(const Corpus& corpus, const fs::path& single_db, const fs::path& dir,
                            const std::vector<BenchQuery>& qs, const RemoteOptions& o) {
    RemoteResult r;
    r.shards = o.shards;
    const std::string tcpsrv = find_tcpsrv();
    if (tcpsrv.empty()) {
        r.skipped = "xapian-tcpsrv is not installed (Debian: xapian-tools)";
        return r;
    }
    fs::remove_all(dir);
    index::IndexOptions io;
    io.db = dir;
    io.shards = o.shards;
    if (o.threads) io.threads = o.threads;
    if (o.flush) io.flush_every = o.flush;
    const auto t = Clock::now();
    index::build_index(corpus, io);
    r.build_s = ms_since(t) / 1000.0;

    // Ports from a base that depends on the process, so that two runs at once
    // rarely try the same ones (a taken port is skipped anyway).
    const unsigned base = 20000 + static_cast<unsigned>(::getpid() % 20000);
    std::vector<std::unique_ptr<TcpServer>> servers;
    std::vector<search::Shard> specs;
    for (unsigned k = 0; k < o.shards; ++k) {
        servers.push_back(
            std::make_unique<TcpServer>(tcpsrv, db_layout::stub_path(db_layout::shard_path(dir, k)), base + 100 * k));
        specs.push_back(search::parse_shard(servers.back()->spec()));
    }
    search::Searcher local(single_db), remote(specs);
    auto once = [&](search::Searcher& s, const BenchQuery& q, search::SearchResponse* out) {
        search::SearchRequest req;
        req.q = q.text;
        req.filters = q.filters;
        req.disjunctive_facets = false;  // as the main table counts
        const auto start = Clock::now();
        auto res = s.search(req);
        const double ms = ms_since(start);
        if (out) *out = std::move(res);
        return ms;
    };
    for (std::size_t i = 0; i < qs.size(); i += 10) {  // warm both a little
        once(local, qs[i], nullptr);
        once(remote, qs[i], nullptr);
    }
    for (int rep = 0; rep < std::max(1, o.repeat); ++rep)
        for (std::size_t i = 0; i < qs.size(); ++i) {
            search::SearchResponse a, b;
            // Alternate which goes first, so that neither always meets a warmer cache.
            if (i % 2 == 0) {
                r.local_ms.push_back(once(local, qs[i], &a));
                r.remote_ms.push_back(once(remote, qs[i], &b));
            } else {
                r.remote_ms.push_back(once(remote, qs[i], &b));
                r.local_ms.push_back(once(local, qs[i], &a));
            }
            if (rep == 0 && hits_of(a) != hits_of(b)) {
                ++r.differ;
                if (r.differing.size() < 3) {
                    std::string f;
                    for (const auto& [k, v] : qs[i].filters) f += " " + k + ":" + v.at(0);
                    r.differing.push_back("'" + qs[i].text + "'" + f + "\n      one database: " + hits_of(a) +
                                          "\n      shards:       " + hits_of(b));
                }
            }
        }
    r.ran = true;
    fs::remove_all(dir);
    return r;
}

void print_remote(std::ostream& out, std::size_t sources, const RemoteResult& r, const std::vector<double>& fts_ms) {
    char buf[1024];
    if (!r.ran) {
        out << "  shards over xapian-tcpsrv (" << sources << " sources): skipped: " << r.skipped << "\n";
        return;
    }
    const double l50 = percentile(r.local_ms, 50), l95 = percentile(r.local_ms, 95), l99 = percentile(r.local_ms, 99);
    const double s50 = percentile(r.remote_ms, 50), s95 = percentile(r.remote_ms, 95),
                 s99 = percentile(r.remote_ms, 99);
    std::snprintf(buf, sizeof buf,
                  "  %u shards, each served by xapian-tcpsrv on 127.0.0.1 (index --shards %u built in %.1f s), "
                  "interleaved query by query with one local database, %zu queries:\n"
                  "                                   p50 (ms)   p95 (ms)   p99 (ms)\n"
                  "    one local database             %8.2f   %8.2f   %8.2f\n"
                  "    %u remote shards                %8.2f   %8.2f   %8.2f\n"
                  "    SQLite FTS5 (the table above)  %8.2f   %8.2f   %8.2f\n"
                  "    shards / one database: p50 %.2fx  p95 %.2fx  p99 %.2fx (target p99 <= 0.65x: %s); "
                  "answers differing (total or top 10): %zu\n",
                  r.shards, r.shards, r.build_s, r.local_ms.size(), l50, l95, l99, r.shards, s50, s95, s99,
                  percentile(fts_ms, 50), percentile(fts_ms, 95), percentile(fts_ms, 99), l50 > 0 ? s50 / l50 : 0.0,
                  l95 > 0 ? s95 / l95 : 0.0, l99 > 0 ? s99 / l99 : 0.0, l99 > 0 && s99 / l99 <= 0.65 ? "met" : "MISSED",
                  r.differ);
    out << buf;
    for (const auto& d : r.differing) out << "    differs: " << d << "\n";
}

}  // namespace evidence::bench
