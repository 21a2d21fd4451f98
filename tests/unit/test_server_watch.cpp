// `evidence serve --watch`, run as a user runs it: an edit saved in the
// corpus is answered by the running server within a second; a broken file
// keeps the last good index serving while /api/health lists the error with
// its file and line; fixing it clears the error.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "test_search_fixture.hpp"
#include "test_server_live.hpp"

using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// `evidence serve --watch` in a child process; its standard error in a file.
class WatchServer {
public:
    WatchServer(const fs::path& corpus, const fs::path& db, const fs::path& log) {
        std::fflush(nullptr);
        pid_ = ::fork();
        if (pid_ == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(fd, STDERR_FILENO);
            ::dup2(fd, STDOUT_FILENO);
            ::execl(EVIDENCE_BINARY, EVIDENCE_BINARY, "serve", "--watch", "--corpus", corpus.c_str(), "--db",
                    db.c_str(), "--port", "0", "--web", EVIDENCE_SOURCE_DIR "/web", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const std::regex serving(R"(on http://127\.0\.0\.1:(\d+)/)");
        for (int i = 0; i < 600 && port_ == 0; ++i) {
            std::smatch m;
            const std::string text = read_text(log);
            if (std::regex_search(text, m, serving) && text.find("watching") != std::string::npos)
                port_ = std::stoi(m[1]);
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~WatchServer() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

json get_json(int port, const std::string& target) {
    const RawResponse r = raw_request(port, get_request(target));
    REQUIRE(r.status == 200);
    return json::parse(r.body);
}

// Polls until `pred` holds or `limit` passes; the time it took.
template <typename P>
double wait_for(P pred, std::chrono::milliseconds limit) {
    const auto start = Clock::now();
    while (!pred() && Clock::now() - start < limit) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_text(p);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    // As editors save: a new file renamed over the old one.
    const fs::path tmp = p.parent_path() / ("." + p.filename().string() + ".tmp");
    std::ofstream(tmp, std::ios::trunc) << text;
    fs::rename(tmp, p);
}

}  // namespace

TEST_CASE("serve --watch: a saved edit is served within a second and errors keep the last good index",
          "[server][watch]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    const WatchServer srv(corpus, tmp.path / "db", tmp.path / "serve.log");
    INFO(read_text(tmp.path / "serve.log"));
    REQUIRE(srv.port() > 0);
    const int port = srv.port();
    auto total = [&](const std::string& q) { return get_json(port, "/api/search?q=" + q)["total"].get<int>(); };
    CHECK(total("zanzibar") == 0);
    const json health = get_json(port, "/api/health");
    CHECK(health["corpus"]["state"] == "ok");
    CHECK(health["corpus"]["errors"].empty());

    // An edit: a new word in a source's body.
    replace_in(corpus / "sources/article.md", "whatever the videos say", "whatever the zanzibar videos say");
    const double took = wait_for([&] { return total("zanzibar") == 1; }, std::chrono::milliseconds(5000));
    CHECK(total("zanzibar") == 1);
    CHECK(took < 1.0);
    WARN("edit served after " << took << " s");

    // A broken file: a quote the body does not hold. The last good index serves on.
    replace_in(corpus / "sources/article.md", "quote: \"You cannot roll the band loose\"",
               "quote: \"You cannot roll the band away\"");
    json errors;
    wait_for(
        [&] {
            errors = get_json(port, "/api/health")["corpus"];
            return errors["state"] == "errors";
        },
        std::chrono::milliseconds(5000));
    REQUIRE(errors["state"] == "errors");
    REQUIRE(errors["errors"].size() >= 1);
    const json& e = errors["errors"][0];
    CHECK(e["file"].get<std::string>().find("sources/article.md") != std::string::npos);
    CHECK(e["line"].get<int>() > 0);
    CHECK(e["message"].get<std::string>().find("roll the band away") != std::string::npos);
    CHECK(total("zanzibar") == 1);  // still served

    // Fixed: the errors go.
    replace_in(corpus / "sources/article.md", "quote: \"You cannot roll the band away\"",
               "quote: \"You cannot roll the band loose\"");
    wait_for([&] { return get_json(port, "/api/health")["corpus"]["state"] == "ok"; }, std::chrono::milliseconds(5000));
    CHECK(get_json(port, "/api/health")["corpus"]["errors"].empty());
}

TEST_CASE("serve --watch: starts from what evidence index parsed, parsing only the files changed since",
          "[server][watch]") {
    TempDir tmp;
    const fs::path corpus = tmp.path / "corpus";
    search_test::lay_overlay(EVIDENCE_SOURCE_DIR "/tests/fixtures/corpus",
                             EVIDENCE_SOURCE_DIR "/tests/fixtures/search-overlay", corpus);
    const fs::path db = tmp.path / "db";
    REQUIRE(run_command(std::string(EVIDENCE_BINARY) + " index --no-history --corpus " + corpus.string() + " --db " +
                        db.string() + " 2>/dev/null") == 0);
    REQUIRE(fs::exists(db / "parse-cache"));
    replace_in(corpus / "sources/article.md", "whatever the videos say", "whatever the quokka videos say");

    const fs::path log = tmp.path / "serve.log";
    const WatchServer srv(corpus, db, log);
    INFO(read_text(log));
    REQUIRE(srv.port() > 0);
    const int port = srv.port();
    auto total = [&](const std::string& q) { return get_json(port, "/api/search?q=" + q)["total"].get<int>(); };
    CHECK(read_text(log).find("source files: 1 parsed, 2 unchanged; cache 3 files") != std::string::npos);
    CHECK(total("quokka") == 1);
    CHECK(total("innervated") > 0);  // the unchanged files, from the cache file

    // Later edits as before, the other files kept in memory.
    replace_in(corpus / "sources/thread.md", "every day for six weeks", "every day for six wombat weeks");
    wait_for([&] { return total("wombat") == 1; }, std::chrono::milliseconds(5000));
    CHECK(total("wombat") == 1);
    CHECK(total("quokka") == 1);
}
