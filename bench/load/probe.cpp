// The in-process side of `make bench-load`: the work of GET /api/search
// without HTTP (parameters -> search -> the response's JSON text), on the
// same rotating queries, for a fixed time. Prints one RESULT line.
//
//   evidence_load_probe --db DIR --queries FILE [--seconds 10] [--threads 1] [--refresh 1] [--pause-us 0]
//
// --refresh 1 also calls Searcher::refresh() before each search, as the
// server once did to pick up a reindex. --pause-us N sleeps N µs after each
// query (not counted in its latency): the idle time a server has between
// the requests of one connection, which can cost the next query its warm
// caches (0.96-1.20x the latency of back-to-back queries on this VM).
//
//   evidence_load_probe --tcp-rtt N
//
// The floor under any HTTP server here: N round trips of 100 bytes over a
// loopback TCP connection (TCP_NODELAY) between two threads, no HTTP, no
// work. Prints one RESULT line.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "render/json.hpp"
#include "search/request.hpp"
#include "search/searcher.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i] == '+' ? ' ' : s[i];
        }
    }
    return out;
}

evidence::search::Params parse(const std::string& query) {
    evidence::search::Params p;
    std::size_t start = 0;
    while (start <= query.size()) {
        const auto end = std::min(query.find('&', start), query.size());
        const std::string pair = query.substr(start, end - start);
        const auto eq = pair.find('=');
        if (!pair.empty())
            p.emplace(decode(pair.substr(0, eq)), eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
        start = end + 1;
    }
    return p;
}

// Round trips of 100 bytes between this thread and an echo thread.
int tcp_rtt(int n) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 1) != 0 || ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("evidence_load_probe: loopback socket");
        return 3;
    }
    const int one = 1;
    auto exact = [](int fd, char* buf, std::size_t size, bool reading) {
        for (std::size_t done = 0; done < size;) {
            const auto r = reading ? ::read(fd, buf + done, size - done) : ::write(fd, buf + done, size - done);
            if (r <= 0) return false;
            done += static_cast<std::size_t>(r);
        }
        return true;
    };
    std::thread echo([&] {
        const int fd = ::accept(listener, nullptr, nullptr);
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        char buf[100];
        while (exact(fd, buf, sizeof buf, true) && exact(fd, buf, sizeof buf, false)) {
        }
        ::close(fd);
    });
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("evidence_load_probe: connect");
        ::shutdown(listener, SHUT_RDWR);  // wakes the echo thread's accept()
        echo.join();
        return 3;
    }
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char buf[100] = {};
    std::vector<double> lat;
    for (int i = 0; i < n; ++i) {
        const auto start = Clock::now();
        if (!exact(fd, buf, sizeof buf, false) || !exact(fd, buf, sizeof buf, true)) break;
        lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    ::close(fd);
    echo.join();
    ::close(listener);
    std::sort(lat.begin(), lat.end());
    if (lat.empty()) return 3;
    std::printf("RESULT requests=%zu p50_us=%.0f p99_us=%.0f\n", lat.size(), lat[lat.size() / 2],
                lat[std::min(lat.size() - 1, lat.size() * 99 / 100)]);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string db = "index", queries_file;
    double seconds = 10;
    int threads = 1;
    bool refresh = false;
    int pause_us = 0;
    if (argc == 3 && std::string(argv[1]) == "--tcp-rtt") return tcp_rtt(std::stoi(argv[2]));
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--db")
            db = argv[i + 1];
        else if (a == "--queries")
            queries_file = argv[i + 1];
        else if (a == "--seconds")
            seconds = std::stod(argv[i + 1]);
        else if (a == "--threads")
            threads = std::stoi(argv[i + 1]);
        else if (a == "--refresh")
            refresh = std::string(argv[i + 1]) == "1";
        else if (a == "--pause-us")
            pause_us = std::stoi(argv[i + 1]);
    }
    std::vector<evidence::search::Params> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') queries.push_back(parse(line));
    if (queries.empty()) {
        std::cerr << "usage: evidence_load_probe --db DIR --queries FILE [--seconds S] [--threads N] [--refresh 1] "
                     "[--pause-us N]\n";
        return 2;
    }
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::atomic<long> errors{0};
    std::atomic<std::size_t> bytes{0};
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto cpu_us = [] {
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
               static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    };
    const double cpu_start = cpu_us();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            evidence::search::Searcher searcher(db);  // one per thread, as in the server
            auto& lat = latencies[static_cast<std::size_t>(t)];
            for (std::size_t i = static_cast<std::size_t>(t); Clock::now() < deadline; ++i) {
                const auto start = Clock::now();
                try {
                    if (refresh) searcher.refresh();
                    const auto res = searcher.search(evidence::search::search_request(queries[i % queries.size()]));
                    bytes += evidence::render::search_json_text(res).size();
                } catch (const std::exception&) {
                    ++errors;
                }
                lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
                if (pause_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
            }
        });
    }
    for (auto& t : pool) t.join();
    const double cpu = cpu_us() - cpu_start;
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) {
        return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<std::size_t>(p / 100 * all.size()))];
    };
    std::printf("RESULT requests=%zu rps=%.0f p50_us=%.0f p99_us=%.0f cpu_us=%.0f errors=%ld avg_bytes=%zu\n",
                all.size(), static_cast<double>(all.size()) / seconds, pct(50), pct(99),
                all.empty() ? 0.0 : cpu / static_cast<double>(all.size()), errors.load(),
                all.empty() ? 0 : bytes.load() / all.size());
    return errors == 0 ? 0 : 1;
}
