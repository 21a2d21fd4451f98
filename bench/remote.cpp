#include "bench/remote.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
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

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The CPUs this process may run on (its affinity mask), by number.
std::vector<int> allowed_cpus() {
    std::vector<int> out;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int c = 0; c < CPU_SETSIZE; ++c)
            if (CPU_ISSET(c, &set)) out.push_back(c);
    return out;
}

constexpr std::size_t kTailListed = 10;  // the tail's queries listed one by one, at most

// The CPU time (ms) one fixed loop of integer work takes on each of `cpus`
// in turn, a thread pinned to it: equal on equal CPUs, whatever else runs
// (CPU time, not wall time), and more on a virtual CPU whose host core is
// shared or slowed. -1 where the thread could not be pinned.
constexpr std::size_t kProbeEvery = 25;
std::vector<double> probe_cpus(const std::vector<int>& cpus) {
    std::vector<double> out(cpus.size(), -1.0);
    for (std::size_t k = 0; k < cpus.size(); ++k) {
        std::thread t([&out, k, c = cpus[k]] {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(c, &set);
            if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) return;
            sched_yield();  // to be running on it
            const double start = thread_cpu_ms();
            volatile std::uint64_t x = 0;
            for (std::uint64_t i = 0; i < 100'000'000; ++i) x = x + i * 7;
            out[k] = thread_cpu_ms() - start;
        });
        t.join();
    }
    return out;
}

// CPU time (ms) run so far by the live processes of a process group, from
// /proc/PID/schedstat (nanoseconds on a CPU). A shard server is its own
// group: xapian-tcpsrv and the child it forks for each connection.
double group_cpu_ms(pid_t group) {
    double ns = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
        const std::string name = e.path().filename().string();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
        std::ifstream st(e.path() / "stat");
        std::string line;
        if (!std::getline(st, line)) continue;
        const auto close = line.rfind(')');  // the command name may hold spaces and parentheses
        if (close == std::string::npos || close + 2 > line.size()) continue;
        std::istringstream rest(line.substr(close + 2));
        std::string state;
        long ppid = 0, pgrp = 0;
        if (!(rest >> state >> ppid >> pgrp) || pgrp != group) continue;
        std::ifstream ss(e.path() / "schedstat");
        unsigned long long on_cpu = 0;
        if (ss >> on_cpu) ns += static_cast<double>(on_cpu);
    }
    return ns / 1e6;
}

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
    double cpu_ms() const { return pid_ > 0 ? group_cpu_ms(pid_) : 0.0; }

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
    r.passes = std::max(1, o.repeat);
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
    // One query, timed (wall and this thread's CPU), its answer kept in `out`.
    auto once = [&](search::Searcher& s, const BenchQuery& q, search::SearchResponse* out, double* cpu) {
        search::SearchRequest req;
        req.q = q.text;
        req.filters = q.filters;
        req.disjunctive_facets = false;  // as the main table counts
        const double c = thread_cpu_ms();
        const auto start = Clock::now();
        auto res = s.search(req);
        const double ms = ms_since(start);
        if (cpu) *cpu = thread_cpu_ms() - c;
        if (out) *out = std::move(res);
        return ms;
    };
    auto servers_cpu = [&] {
        std::vector<double> v;
        for (const auto& s : servers) v.push_back(s->cpu_ms());
        return v;
    };
    r.cpu_ids = allowed_cpus();
    // Every query once on each side before the timed pass, so that both are
    // timed warm: the one database has just answered the whole set in the
    // main table, the shards were just written and have answered none.
    for (const auto& q : qs) {
        once(local, q, nullptr, nullptr);
        once(remote, q, nullptr, nullptr);
    }
    for (int rep = 0; rep < r.passes; ++rep)
        for (std::size_t i = 0; i < qs.size(); ++i) {
            if (i % kProbeEvery == 0) r.cpu_probe_ms.push_back(probe_cpus(r.cpu_ids));
            search::SearchResponse a, b;
            double local_cpu = 0, remote_cpu = 0;
            // The servers' CPU is read outside the timed calls (a scan of /proc).
            auto shards_query = [&] {
                const std::vector<double> before = servers_cpu();
                const double ms = once(remote, qs[i], &b, &remote_cpu);
                std::vector<double> after = servers_cpu();
                for (std::size_t k = 0; k < after.size(); ++k) after[k] -= before[k];
                r.shard_cpu_ms.push_back(std::move(after));
                return ms;
            };
            // Alternate which goes first, so that neither always meets a warmer cache.
            if (i % 2 == 0) {
                r.local_ms.push_back(once(local, qs[i], &a, &local_cpu));
                r.remote_ms.push_back(shards_query());
            } else {
                r.remote_ms.push_back(shards_query());
                r.local_ms.push_back(once(local, qs[i], &a, &local_cpu));
            }
            r.local_cpu_ms.push_back(local_cpu);
            r.remote_cpu_ms.push_back(remote_cpu);
            std::string label = "'" + qs[i].text + "'";
            for (const auto& [k, v] : qs[i].filters) label += " " + k + ":" + v.at(0);
            r.labels.push_back(label);
            if (rep == 0) {
                std::map<std::string, std::map<std::string, std::size_t>> fa, fb;
                for (const auto& [name, values] : a.facets)
                    for (const auto& v : values) fa[name][v.value] = v.count;
                for (const auto& [name, values] : b.facets)
                    for (const auto& v : values) fb[name][v.value] = v.count;
                r.facets_differ += fa != fb;
            }
            if (rep == 0 && hits_of(a) != hits_of(b)) {
                ++r.differ;
                if (r.differing.size() < 3)
                    r.differing.push_back(label + "\n      one database: " + hits_of(a) +
                                          "\n      shards:       " + hits_of(b));
            }
        }
    r.cpu_probe_ms.push_back(probe_cpus(r.cpu_ids));
    r.ran = true;
    fs::remove_all(dir);
    return r;
}

namespace {

// Where the tail's time goes: over the slowest 5% of queries on one
// database, the mean wall and CPU time a query of each side, and the least
// wall time the shards' measured work allows, since a query over shards
// waits for its largest shard and then merges (largest shard + searcher),
// and all its CPU time shares the machine's CPUs.
void print_remote_cpu(std::ostream& out, const RemoteResult& r) {
    const std::size_t n = r.local_ms.size();
    if (n == 0 || r.shard_cpu_ms.size() != n || r.local_cpu_ms.size() != n) return;
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return r.local_ms[a] > r.local_ms[b]; });
    const std::size_t tail = std::max<std::size_t>(1, n / 20);
    const double cpus = std::max(1u, std::thread::hardware_concurrency());
    double lw = 0, lc = 0, rw = 0, rc = 0, largest = 0, all_shards = 0, floor_each = 0, floor_here = 0;
    for (std::size_t j = 0; j < tail; ++j) {
        const std::size_t i = order[j];
        const auto& sh = r.shard_cpu_ms[i];
        const double top = sh.empty() ? 0.0 : *std::max_element(sh.begin(), sh.end());
        const double sum = std::accumulate(sh.begin(), sh.end(), 0.0);
        lw += r.local_ms[i];
        lc += r.local_cpu_ms[i];
        rw += r.remote_ms[i];
        rc += r.remote_cpu_ms[i];
        largest += top;
        all_shards += sum;
        floor_each += top + r.remote_cpu_ms[i];
        floor_here += std::max(top + r.remote_cpu_ms[i], (sum + r.remote_cpu_ms[i]) / cpus);
    }
    const double k = static_cast<double>(tail);
    char buf[1536];
    std::snprintf(buf, sizeof buf,
                  "    where the tail's time goes (the %zu queries slowest on one database, mean ms a query):\n"
                  "      one local database: wall %.2f, CPU %.2f\n"
                  "      %zu remote shards: wall %.2f; searcher CPU %.2f, shard servers' CPU %.2f (largest shard "
                  "%.2f)\n"
                  "      CPU over shards (servers + searcher) / over one database: %.2fx; least wall this work allows, "
                  "largest shard + "
                  "searcher: %.2f (%.2fx one database's wall); on these %.0f CPUs: %.2f (%.2fx)\n",
                  tail, lw / k, lc / k, r.shard_cpu_ms.empty() ? std::size_t{0} : r.shard_cpu_ms[0].size(), rw / k,
                  rc / k, all_shards / k, largest / k, lc > 0 ? (all_shards + rc) / lc : 0.0, floor_each / k,
                  lw > 0 ? floor_each / lw : 0.0, cpus, floor_here / k, lw > 0 ? floor_here / lw : 0.0);
    out << buf;
    // Which queries the tail is made of: the slowest ones, at most kTailListed.
    if (r.labels.size() != n) return;
    const std::size_t listed = std::min(tail, kTailListed);
    if (listed < tail) out << "      the slowest " << listed << " of them:\n";
    for (std::size_t j = 0; j < listed; ++j) {
        const std::size_t i = order[j];
        std::string shards;
        for (const double ms : r.shard_cpu_ms[i])
            shards += (shards.empty() ? "" : " + ") + std::to_string(std::lround(ms));
        std::snprintf(
            buf, sizeof buf, "        %-44s one database %4.0f ms (CPU %4.0f); shards %4.0f ms (servers' CPU %s)\n",
            r.labels[i].substr(0, 44).c_str(), r.local_ms[i], r.local_cpu_ms[i], r.remote_ms[i], shards.c_str());
        out << buf;
    }
}

// With --repeat, each timed pass on its own: the p99 of both sides over the
// pass's queries and their ratio, then the median of the ratios (nearest
// rank: of an even count, the lower middle). A pass is one sweep of the
// query set, so a CPU the host slowed for a few minutes shows in one or two
// passes and not in the others, where the pooled p99 cannot tell.
void print_passes(std::ostream& out, const RemoteResult& r) {
    const std::size_t n = r.local_ms.size();
    if (r.passes < 2 || n == 0 || r.remote_ms.size() != n || n % static_cast<std::size_t>(r.passes) != 0) return;
    const std::size_t per = n / static_cast<std::size_t>(r.passes);
    std::string local = "      one database:", remote = "      shards:      ", ratio = "      shards / one:";
    std::vector<double> ratios;
    char buf[32];
    for (std::size_t p = 0; p < static_cast<std::size_t>(r.passes); ++p) {
        const auto from = static_cast<std::ptrdiff_t>(p * per), to = static_cast<std::ptrdiff_t>((p + 1) * per);
        const double l = percentile({r.local_ms.begin() + from, r.local_ms.begin() + to}, 99);
        const double s = percentile({r.remote_ms.begin() + from, r.remote_ms.begin() + to}, 99);
        ratios.push_back(l > 0 ? s / l : 0.0);
        std::snprintf(buf, sizeof buf, " %8.2f", l);
        local += buf;
        std::snprintf(buf, sizeof buf, " %8.2f", s);
        remote += buf;
        std::snprintf(buf, sizeof buf, " %7.2fx", ratios.back());
        ratio += buf;
    }
    out << "    p99 of each timed pass (" << per << " queries a pass, ms):\n" << local << "\n" << remote << "\n";
    std::snprintf(buf, sizeof buf, "; median %.2fx\n", percentile(ratios, 50));
    out << ratio << buf;
}

// How fast each CPU was through the run: the median and range of the probes
// on it, and the slowest probe against the fastest. Two servers on CPUs of
// unequal speed take unequal CPU time for equal halves of the work.
void print_cpu_probes(std::ostream& out, const RemoteResult& r) {
    if (r.cpu_probe_ms.empty()) return;
    const std::size_t cpus = r.cpu_ids.size();
    std::string line = "    speed of each CPU (CPU time of one fixed loop on it, ms; median and range over " +
                       std::to_string(r.cpu_probe_ms.size()) + " probes through the run):";
    double lo = 0, hi = 0;
    char buf[160];
    for (std::size_t c = 0; c < cpus; ++c) {
        std::vector<double> v;
        for (const auto& p : r.cpu_probe_ms)
            if (c < p.size() && p[c] >= 0) v.push_back(p[c]);
        if (v.empty()) continue;
        std::sort(v.begin(), v.end());
        std::snprintf(buf, sizeof buf, " cpu%d %.1f (%.1f-%.1f)", r.cpu_ids[c], v[v.size() / 2], v.front(), v.back());
        line += buf;
        lo = lo == 0 ? v.front() : std::min(lo, v.front());
        hi = std::max(hi, v.back());
    }
    std::snprintf(buf, sizeof buf, "; slowest / fastest %.2fx\n", lo > 0 ? hi / lo : 0.0);
    out << line << buf;
}

}  // namespace

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
                  "interleaved query by query with one local database, %zu timings (%zu queries x %s):\n"
                  "                                   p50 (ms)   p95 (ms)   p99 (ms)\n"
                  "    one local database             %8.2f   %8.2f   %8.2f\n"
                  "    %u remote shards                %8.2f   %8.2f   %8.2f\n",
                  r.shards, r.shards, r.build_s, r.local_ms.size(),
                  r.local_ms.size() / static_cast<std::size_t>(r.passes), passes_text(r.passes).c_str(), l50, l95, l99,
                  r.shards, s50, s95, s99);
    out << buf;
    if (fts_ms.empty()) {
        out << "    SQLite FTS5                    not run (--no-fts5)\n";
    } else {
        std::snprintf(buf, sizeof buf, "    SQLite FTS5 (the table above)  %8.2f   %8.2f   %8.2f\n",
                      percentile(fts_ms, 50), percentile(fts_ms, 95), percentile(fts_ms, 99));
        out << buf;
    }
    std::snprintf(buf, sizeof buf,
                  "    shards / one database: p50 %.2fx  p95 %.2fx  p99 %.2fx (target p99 <= 0.65x: %s); "
                  "answers differing (total or top 10): %zu, facet counts differing: %zu\n",
                  l50 > 0 ? s50 / l50 : 0.0, l95 > 0 ? s95 / l95 : 0.0, l99 > 0 ? s99 / l99 : 0.0,
                  l99 > 0 && s99 / l99 <= 0.65 ? "met" : "MISSED", r.differ, r.facets_differ);
    out << buf;
    for (const auto& d : r.differing) out << "    differs: " << d << "\n";
    print_passes(out, r);
    print_remote_cpu(out, r);
    print_cpu_probes(out, r);
}

}  // namespace evidence::bench
