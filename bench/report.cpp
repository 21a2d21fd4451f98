#include "bench/report.hpp"

#include <sqlite3.h>
#include <sys/utsname.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <thread>

namespace evidence::bench {

namespace {

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

// 1234567 -> "1,234,567"
std::string grouped(std::size_t n) {
    const std::string d = std::to_string(n);
    std::string s;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (i > 0 && (d.size() - i) % 3 == 0) s += ',';
        s += d[i];
    }
    return s;
}

void row(std::ostream& out, const std::string& name, const std::string& x, const std::string& s,
         const std::string& ratio) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-30s %14s %14s %14s\n", name.c_str(), x.c_str(), s.c_str(), ratio.c_str());
    out << buf;
}

void row(std::ostream& out, const std::string& name, double x, double s, const char* f = "%.1f") {
    row(out, name, fmt(f, x), fmt(f, s), x > 0 ? fmt("%.2f", s / x) : "-");
}

std::vector<double> of_shape(const SizeResult& r, const std::vector<double>& ms, const std::string& shape) {
    std::vector<double> out;
    for (std::size_t i = 0; i < ms.size(); ++i)
        if (r.shapes[i % r.shapes.size()] == shape) out.push_back(ms[i]);
    return out;
}

const char* verdict(bool ok) { return ok ? "met" : "MISSED"; }

}  // namespace

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

std::string passes_text(int passes) { return std::to_string(passes) + (passes == 1 ? " pass" : " passes"); }

void compare(const BenchQuery& q, const search::SearchResponse& x, const FtsResult& s, Agreement& a) {
    (void)q;
    const double diff = std::abs(static_cast<double>(x.total) - static_cast<double>(s.total));
    if (diff == 0) ++a.totals_equal;
    if (diff <= 0.02 * static_cast<double>(std::max(x.total, s.total))) ++a.totals_close;
    if (diff != 0) return;
    ++a.compared;
    bool all = true;
    for (const auto& [name, values] : s.facets) {
        std::map<std::string, std::size_t> xv;
        if (const auto it = x.facets.find(name); it != x.facets.end())
            for (const auto& v : it->second) xv[v.value] += v.count;
        std::map<std::string, std::size_t> sv = values;
        if (name == "site") {  // SQLite groups sites case-insensitively; compare alike
            auto fold = [](const std::map<std::string, std::size_t>& m) {
                std::map<std::string, std::size_t> o;
                for (const auto& [k, n] : m) {
                    std::string l = k;
                    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    o[l] += n;
                }
                return o;
            };
            xv = fold(xv);
            sv = fold(sv);
        }
        if (xv != sv) {
            ++a.facet_mismatches[name];
            all = false;
        }
    }
    if (all) ++a.facets_equal;
}

void print_machine(std::ostream& out) {
    std::string cpu = "?";
    std::ifstream ci("/proc/cpuinfo");
    for (std::string line; std::getline(ci, line);)
        if (line.rfind("model name", 0) == 0) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    double mem_gb = 0;
    std::ifstream mi("/proc/meminfo");
    for (std::string line; std::getline(mi, line);)
        if (line.rfind("MemTotal:", 0) == 0) mem_gb = std::stod(line.substr(9)) / 1048576.0;
    utsname u{};
    uname(&u);
    out << "machine: " << std::thread::hardware_concurrency() << " CPUs (" << cpu << "), " << fmt("%.1f", mem_gb)
        << " GB RAM, " << u.sysname << " " << u.release << "; Xapian " << Xapian::version_string() << ", SQLite "
        << sqlite3_libversion() << "\n";
}

void print_size(std::ostream& out, const SizeResult& r) {
    out << "\n== " << grouped(r.sources) << " sources: " << grouped(r.documents) << " documents (" << r.claims
        << " claims, " << grouped(r.assertions) << " assertions), " << fmt("%.0f", r.text_mb)
        << " MB of text; corpus generated in " << fmt("%.1f", r.synth_s) << " s, " << fmt("%.0f", r.corpus_rss_mb)
        << " MB resident ==\n";
    row(out, "", "Xapian", "SQLite FTS5", "SQLite/Xapian");
    const double docs = static_cast<double>(r.documents);
    row(out, "build time (s)", r.x.build_s, r.s.build_s);
    row(out, "build CPU time (s, all threads)", r.x.build_cpu_s, r.s.build_cpu_s);
    row(out, "index throughput (docs/s)", docs / r.x.build_s, docs / r.s.build_s, "%.0f");
    row(out, "database size (MB)", r.x.db_mb, r.s.db_mb);
    row(out, "peak RSS while building (MB)", r.x.build_rss_mb, r.s.build_rss_mb, "%.0f");
    row(out, "query RSS growth (MB)", r.x.query_rss_mb, r.s.query_rss_mb, "%.0f");
    const double xm =
        std::accumulate(r.x.latency_ms.begin(), r.x.latency_ms.end(), 0.0) / static_cast<double>(r.x.latency_ms.size());
    const double sm =
        std::accumulate(r.s.latency_ms.begin(), r.s.latency_ms.end(), 0.0) / static_cast<double>(r.s.latency_ms.size());
    out << "  query latencies: " << r.queries << " queries x " << passes_text(r.passes) << " on each engine\n";
    row(out, "query p50 (ms)", percentile(r.x.latency_ms, 50), percentile(r.s.latency_ms, 50), "%.2f");
    row(out, "query p95 (ms)", percentile(r.x.latency_ms, 95), percentile(r.s.latency_ms, 95), "%.2f");
    row(out, "query p99 (ms)", percentile(r.x.latency_ms, 99), percentile(r.s.latency_ms, 99), "%.2f");
    row(out, "query mean (ms)", xm, sm, "%.2f");
    row(out, "query max (ms)", percentile(r.x.latency_ms, 100), percentile(r.s.latency_ms, 100), "%.2f");
    row(out, "query CPU p50 (ms)", percentile(r.x.cpu_ms, 50), percentile(r.s.cpu_ms, 50), "%.2f");
    row(out, "query CPU p95 (ms)", percentile(r.x.cpu_ms, 95), percentile(r.s.cpu_ms, 95), "%.2f");
    row(out, "query CPU p99 (ms)", percentile(r.x.cpu_ms, 99), percentile(r.s.cpu_ms, 99), "%.2f");
    out << "  p50 (ms) by query shape:\n";
    for (const char* shape : {"word", "word+filter", "and", "and+filter", "phrase", "phrase+filter"})
        row(out, std::string("  ") + shape, percentile(of_shape(r, r.x.latency_ms, shape), 50),
            percentile(of_shape(r, r.s.latency_ms, shape), 50), "%.2f");
    const auto& a = r.agreement;
    out << "  same matching: totals equal in " << a.totals_equal << "/" << r.queries
        << " queries (within 2%: " << a.totals_close << "); all 11 facets equal in " << a.facets_equal << "/"
        << a.compared << " of those";
    if (!a.facet_mismatches.empty()) {
        out << " (differing:";
        for (const auto& [f, n] : a.facet_mismatches) out << " " << f << " " << n;
        out << ")";
    }
    out << "\n";
    out << "  load average (1 min) " << fmt("%.1f", r.load_start) << " before the builds, " << fmt("%.1f", r.load_end)
        << " after the queries"
        << (r.load_start > 1.5 || r.load_end > 1.5 ? ": other work shared the CPUs, wall times are inflated" : "")
        << "\n";
    if (!r.peak_reset) out << "  note: VmHWM could not be reset; peak RSS figures are cumulative\n";
    const double tput = (docs / r.x.build_s) / (docs / r.s.build_s);
    const double p50 = percentile(r.s.latency_ms, 50) / percentile(r.x.latency_ms, 50);
    const double p95 = percentile(r.s.latency_ms, 95) / percentile(r.x.latency_ms, 95);
    const double p99 = percentile(r.s.latency_ms, 99) / percentile(r.x.latency_ms, 99);
    out << "  targets: throughput >= 1/3 of FTS5: " << fmt("%.2f", tput) << " " << verdict(tput >= 1.0 / 3)
        << "; p50 >= 2x faster: " << fmt("%.2fx", p50) << " " << verdict(p50 >= 2)
        << "; p95 >= 4x: " << fmt("%.2fx", p95) << " " << verdict(p95 >= 4) << "; p99 >= 4x: " << fmt("%.2fx", p99)
        << " " << verdict(p99 >= 4) << (r.sources == 100000 ? "" : "  (the targets are set at 100k sources)") << "\n";
}

void print_summary(std::ostream& out, const std::vector<SizeResult>& all) {
    const SizeResult* at100k = nullptr;
    const SizeResult* at300k = nullptr;
    for (const auto& r : all) {
        if (r.sources == 100000) at100k = &r;
        if (r.sources == 300000) at300k = &r;
    }
    if (at100k && at300k) {
        const double g = percentile(at300k->x.latency_ms, 99) / percentile(at100k->x.latency_ms, 99);
        out << "\nscaling: Xapian p99 at 300k / p99 at 100k = " << fmt("%.2f", g) << " (target <= 4) "
            << verdict(g <= 4) << "; SQLite FTS5: "
            << fmt("%.2f", percentile(at300k->s.latency_ms, 99) / percentile(at100k->s.latency_ms, 99)) << "\n";
    }
}

}  // namespace evidence::bench
