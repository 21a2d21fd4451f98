// Reindexing while the server answers: every request succeeds, and every
// worker serves the new index without a restart.
#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

#include "test_server_live.hpp"

using nlohmann::json;

TEST_CASE("server: reindexing under load fails no request and is picked up without a restart", "[server][reindex]") {
    LiveServer live(kFixtureCorpus, 16);
    std::atomic<bool> stop{false};
    std::atomic<long> ok{0}, failed{0};
    std::mutex m;
    std::vector<std::string> failures;
    const std::vector<std::string> paths = {"/api/search?q=rolling",
                                            "/api/search?q=hip&kind=assertion&sort=strength",
                                            "/api/health",
                                            "/api/claims",
                                            "/api/topics",
                                            "/api/search?q=band&size=5&page=1",
                                            "/api/export?format=csv&q=rolling"};
    std::vector<std::thread> clients;
    for (int t = 0; t < 6; ++t) {
        clients.emplace_back([&, t] {
            auto cli = live.client();  // one keep-alive connection per thread
            for (std::size_t i = static_cast<std::size_t>(t); !stop; ++i) {
                const std::string& p = paths[i % paths.size()];
                auto res = cli.Get(p.c_str());
                if (res && res->status == 200 && (p.find("export") != std::string::npos || json::accept(res->body))) {
                    ++ok;
                    continue;
                }
                ++failed;
                std::lock_guard<std::mutex> lock(m);
                failures.push_back(p + " -> " +
                                   (res ? std::to_string(res->status) + " " + res->body.substr(0, 200)
                                        : "no response: " + httplib::to_string(res.error())));
            }
        });
    }
    // Alternate two corpora so that each swap changes what is served; end
    // on the bundled one (331 assertions against the fixture's 6).
    const int swaps = 13;
    for (int i = 0; i < swaps; ++i) build_index_of(i % 2 == 0 ? kBundledCorpus : kFixtureCorpus, live.db);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop = true;
    for (auto& c : clients) c.join();
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failed == 0);
    CHECK(ok > 50);

    // Freshness: requests on many connections at once reach many workers,
    // and every one of them serves the last build.
    std::vector<std::thread> probes;
    std::atomic<int> fresh{0}, stale{0};
    for (int t = 0; t < 16; ++t) {
        probes.emplace_back([&] {
            auto cli = live.client();
            for (int i = 0; i < 5; ++i) {
                auto res = cli.Get("/api/health");
                if (res && res->status == 200 && json::parse(res->body)["index"]["assertions"] != 6)
                    ++fresh;
                else
                    ++stale;
            }
        });
    }
    for (auto& p : probes) p.join();
    CHECK(stale == 0);
    CHECK(fresh == 80);

    // The indexer keeps the live build and the one before it, no more.
    int builds = 0;
    for (const auto& e : std::filesystem::directory_iterator(live.db))
        if (e.path().filename().string().rfind("build-", 0) == 0) ++builds;
    CHECK(builds <= 2);
}
